// The one SQL spelling of libs/domain's muteLapse (mutes.ts), for the api's lists and the notifier's scan: a mute is
// in force while nobody unmuted it, its end date has not passed, and its certificate (if any) is neither revoked,
// superseded by a successor, nor renewed (a renewal case from phase 2 on).
import { MUTE_LAPSING_RENEWAL_STATES } from '@certdesk/domain';

const LAPSING_STATES_SQL = `ARRAY[${MUTE_LAPSING_RENEWAL_STATES.map((s) => `'${s}'`).join(', ')}]::text[]`;

/**
 * A condition on the mute row `mute` (alias) at the instant `at` (a bound parameter such as `$1`, or `now()`): it
 * reads the certificate and its renewal cases itself, so it works for organisation-level mutes (no certificate) too.
 */
export function muteInForceSql(mute: string, at: string): string {
  return `((${mute}.unmuted_at IS NULL OR ${mute}.unmuted_at > ${at})
          AND ${mute}.until > ${at}
          AND (${mute}.certificate_id IS NULL OR NOT EXISTS (
                SELECT 1 FROM certificate mc
                 WHERE mc.id = ${mute}.certificate_id
                   AND (mc.state <> 'active'
                        OR EXISTS (SELECT 1 FROM renewal_case mr
                                    WHERE mr.certificate_id = mc.id AND mr.state = ANY(${LAPSING_STATES_SQL}))))))`;
}
