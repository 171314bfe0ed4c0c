import { brusselsDate, daysLeftBound, type ReadinessPolicy } from '@certdesk/domain';
import type { SqlParams } from '../../src/certificates/list/sql-params.js';

/**
 * readySql from the facts themselves, each looked up per certificate in its own table (membership,
 * person_eid_certificate, custody_attestation, deployment): the reference the kept facts are tested against
 * (readiness-kept.test.ts), as the api read readiness before they were kept (docs/decisions.md, section 7): the
 * kept facts are compared with the rule, not with a copy of the same SQL.
 */
export function readinessFromFactsSql(params: SqlParams, policy: ReadinessPolicy, now: Date): string {
  const today = params.add(brusselsDate(now));
  // Opened on or after the Brussels day `attestationValidityDays` before today; more days left than the lead time.
  const attestedFrom = params.add(daysLeftBound(now, -policy.attestationValidityDays - 1));
  const enoughFrom = params.add(daysLeftBound(now, policy.leadTimeDays));
  // `OFFSET 0` keeps Postgres from turning an EXISTS into a join (docs/performance.md).
  const eachRow = (subquery: string) => `${subquery} OFFSET 0`;
  return `(c.state = 'active'
    AND EXISTS (${eachRow(`SELECT 1 FROM membership m
                 WHERE m.person_id = c.manager_id AND m.organisation_id = c.organisation_id AND m.employed
                   AND (m.left_on IS NULL OR (m.left_on > ${today}::date
                        AND m.left_on > (c.not_after AT TIME ZONE 'Europe/Brussels')::date))`)})
    AND EXISTS (${eachRow('SELECT 1 FROM person_eid_certificate e WHERE e.person_id = c.manager_id AND e.not_after >= c.not_after')})
    AND NOT c.keystore_unknown
    AND EXISTS (${eachRow(`SELECT 1 FROM membership m
                 WHERE m.person_id = c.password_custodian_id AND m.organisation_id = c.organisation_id AND m.employed`)})
    AND (SELECT a.outcome = 'opened' AND a.checked_at >= ${attestedFrom}::timestamptz
           FROM custody_attestation a WHERE a.certificate_id = c.id AND a.person_id = c.password_custodian_id
          ORDER BY a.checked_at DESC, a.recorded_at DESC LIMIT 1) IS TRUE
    AND NOT EXISTS (${eachRow(`SELECT 1 FROM deployment d
                     WHERE d.certificate_id = c.id AND btrim(coalesce(d.contact_email, '')) = ''`)})
    AND c.not_after >= ${enoughFrom}::timestamptz)`;
}
