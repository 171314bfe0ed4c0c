import { daysLeftBound, isUrgent, URGENT_REMINDER_DAYS } from '@certdesk/domain';
import type { SqlParams } from '../certificates/list/sql-params.js';
import type { WarningSeverity } from './warning.dto.js';
import type { WarningCode } from './warnings-sql.js';

/** Critical whatever the dates: a manager gone, the platform's limit passed. */
const ALWAYS_CRITICAL: readonly WarningCode[] = [
  'MANAGER_LEFT',
  'PRODUCTION_LIMIT_EXCEEDED',
  // Messages encrypted for the published ETK cannot be read with the keystore in use.
  'ETK_KEYSTORE_MISMATCH',
];
/** Critical once the certificate is urgent (libs/domain isUrgent), a warning before. */
const CRITICAL_WHEN_URGENT: readonly WarningCode[] = ['RENEWABLE_NO_RENEWAL'];

/** How grave one warning is; `daysLeft` is its certificate's (libs/domain daysLeft), when it has one. */
export function warningSeverity(code: WarningCode, daysLeft: number | null): WarningSeverity {
  if (ALWAYS_CRITICAL.includes(code)) return 'critical';
  if (CRITICAL_WHEN_URGENT.includes(code) && daysLeft !== null && isUrgent(daysLeft)) return 'critical';
  return 'warning';
}

/**
 * warningSeverity as SQL over a warning row `w` (warnings-sql.ts), 0 for critical and 1 for a warning, so it sorts.
 * The certificates warned about are in force, so "urgent" is notAfter before the bound of URGENT_REMINDER_DAYS.
 */
export function severityRankSql(params: SqlParams, now: Date, alias = 'w'): string {
  return `CASE WHEN ${alias}.code = ANY(${params.add(ALWAYS_CRITICAL)}::text[])
                 OR (${alias}.code = ANY(${params.add(CRITICAL_WHEN_URGENT)}::text[])
                     AND ${alias}.not_after < ${params.add(daysLeftBound(now, URGENT_REMINDER_DAYS))}::timestamptz)
               THEN 0 ELSE 1 END`;
}

export const SEVERITY_OF_RANK: readonly WarningSeverity[] = ['critical', 'warning'];
