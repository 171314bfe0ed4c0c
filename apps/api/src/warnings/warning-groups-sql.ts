import { muteInForceSql } from '@certdesk/persistence';
import type { SqlParams } from '../certificates/list/sql-params.js';
import { severityRankSql } from './warning-severity.js';
import { type WarningCode, type WarningRow, warningRowsSql } from './warnings-sql.js';

export interface WarningGroupsPage {
  /** Groups (organisation, code) on this page, most severe first, then the soonest expiry. */
  limit: number;
  offset: number;
  /** Of each group, the warnings numbered itemsOffset + 1 to itemsOffset + items (soonest expiry first). */
  items: number;
  itemsOffset: number;
  /** Muted warnings (issue 13): listed and marked (include), left out (exclude), or alone (only). */
  muted: WarningMuteFilter;
}

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

/** One group of the page: null columns (and total alone) when the page is past the last group. */
export interface WarningGroupRow {
  total: number;
  organisation_id: string | null;
  organisation_name: string | null;
  code: WarningCode | null;
  severity_rank: number | null;
  count: number | null;
  /** The page's warnings of the group, as warnings-sql.ts rows (not_after as JSON text). */
  items: (Omit<WarningRow, 'not_after'> & {
    not_after: string | null;
    severity_rank: number;
    mute: WarningMuteJson | null;
  })[];
}

/**
 * The warnings of the organisations in scope (warnings-sql.ts), grouped by organisation and code, one page of groups
 * with a page of each group's warnings: set-based, one statement, so an installation with thousands of organisations
 * pages through its groups without the api holding them all. `total` counts every group.
 */
export function warningGroupsSql(
  params: SqlParams,
  organisationIds: string[] | null,
  now: Date,
  codes: readonly WarningCode[] | undefined,
  page: WarningGroupsPage,
): string {
  const rows = warningRowsSql(params, organisationIds, now);
  const codeFilter = codes?.length ? `WHERE w.code = ANY(${params.add(codes)}::text[])` : '';
  // Most severe first, then the soonest expiry; organisation warnings (no expiry) after the certificates'.
  const groupOrder = (p: string) =>
    `${p}severity_rank, ${p}first_not_after NULLS LAST, ${p}organisation_name, ${p}code, ${p}organisation_id`;
  const firstItem = params.add(page.itemsOffset);
  // A certificate's own mute of the code first, else the organisation's.
  const muteOf = `(
    SELECT json_build_object('id', m.id, 'reason', m.reason, 'endDate', to_char(m.end_date, 'YYYY-MM-DD'),
                             'organisationWide', m.certificate_id IS NULL)
      FROM mute m
     WHERE m.organisation_id = w.organisation_id AND m.warning_code = w.code
       AND (m.certificate_id = w.certificate_id OR m.certificate_id IS NULL)
       AND ${muteInForceSql('m', `${params.add(now)}::timestamptz`)}
     ORDER BY m.certificate_id NULLS LAST LIMIT 1)`;
  const muteFilter = { include: '', exclude: 'WHERE w.mute IS NULL', only: 'WHERE w.mute IS NOT NULL' }[
    page.muted
  ];
  return `
    WITH numbered AS (
      SELECT w.*, ${severityRankSql(params, now)} AS severity_rank,
             row_number() OVER (PARTITION BY w.organisation_id, w.code
                                ORDER BY w.not_after NULLS LAST, w.identifier_type, w.identifier_value,
                                         w.application_id, w.detail, w.certificate_id) AS n
        FROM (SELECT w.*, ${muteOf} AS mute FROM (${rows}) w ${codeFilter}) w ${muteFilter}
    ),
    groups AS (
      SELECT n.organisation_id, n.code, min(n.severity_rank) AS severity_rank, count(*)::int AS count,
             min(n.not_after) AS first_not_after
        FROM numbered n GROUP BY n.organisation_id, n.code
    ),
    page AS (
      SELECT g.*, o.name AS organisation_name
        FROM groups g JOIN organisation o ON o.id = g.organisation_id
       ORDER BY ${groupOrder('')}
       LIMIT ${params.add(page.limit)} OFFSET ${params.add(page.offset)}
    )
    SELECT (SELECT count(*)::int FROM groups) AS total, p.organisation_id, p.organisation_name, p.code,
           p.severity_rank, p.count,
           coalesce(json_agg(to_json(i) ORDER BY i.n) FILTER (WHERE i.n IS NOT NULL), '[]'::json) AS items
      FROM (SELECT 1) one
      LEFT JOIN page p ON TRUE
      LEFT JOIN numbered i
             ON i.organisation_id = p.organisation_id AND i.code = p.code
            AND i.n > ${firstItem}::int AND i.n <= ${firstItem}::int + ${params.add(page.items)}::int
     GROUP BY p.organisation_id, p.organisation_name, p.code, p.severity_rank, p.count, p.first_not_after
     ORDER BY ${groupOrder('p.')}`;
}
