import { muteInForceSql } from '@certdesk/persistence';

/** Muted warnings (issue 13): listed and marked (include), left out (exclude), or alone (only). */
export const WARNING_MUTE_FILTERS = ['include', 'exclude', 'only'] as const;
export type WarningMuteFilter = (typeof WARNING_MUTE_FILTERS)[number];

/** The mute a warning row is under, if any: its certificate's warning mute, or its organisation's for that code. */
export interface WarningMuteJson {
  id: string;
  reason: string;
  endDate: string;
  /** Set on the organisation's warning code rather than on this certificate. */
  organisationWide: boolean;
}

/**
 * `FROM mute ... WHERE ...`: the mutes in force at `at` (an SQL timestamptz) over warning row `w` (its
 * organisation_id, code, certificate_id): its certificate's own mute of the code, or its organisation's.
 */
export function warningMutesSql(w: string, at: string): string {
  return `
      FROM mute m
     WHERE m.organisation_id = ${w}.organisation_id AND m.warning_code = ${w}.code
       AND (m.certificate_id = ${w}.certificate_id OR m.certificate_id IS NULL)
       AND ${muteInForceSql('m', at)}`;
}

/** The mute warning row `w` is under, as WarningMuteJson (null when none): a certificate's own first. */
export function warningMuteSql(w: string, at: string): string {
  return `(
    SELECT json_build_object('id', m.id, 'reason', m.reason, 'endDate', to_char(m.end_date, 'YYYY-MM-DD'),
                             'organisationWide', m.certificate_id IS NULL)
    ${warningMutesSql(w, at)}
     ORDER BY m.certificate_id NULLS LAST LIMIT 1)`;
}

/** Whether warning row `w` is one `filter` keeps, as an SQL condition; null for `include` (every row). */
export function mutedFilterSql(filter: WarningMuteFilter, w: string, at: string): string | null {
  if (filter === 'include') return null;
  return `${filter === 'exclude' ? 'NOT ' : ''}EXISTS (SELECT 1 ${warningMutesSql(w, at)})`;
}
