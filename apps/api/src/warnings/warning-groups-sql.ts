import type { SqlParams } from '../certificates/list/sql-params.js';
import {
  gradedWarningKeysSql,
  warningDetailsSql,
  warningKeysSql,
  warningKeysUnionSql,
} from './ranked-warnings-sql.js';
import {
  mutedFilterSql,
  type WarningMuteFilter,
  type WarningMuteJson,
  warningMuteSql,
} from './warning-mute-sql.js';
import { severityRankSql } from './warning-severity.js';
import type { WarningCode, WarningRow } from './warnings-sql.js';

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
 * The warnings of the organisations in scope, grouped by organisation and code, one page of groups with a page of each
 * group's warnings: set-based, one statement, so an installation with thousands of organisations pages through its
 * groups without the api holding them all. `total` counts every group. The groups are counted over the warnings'
 * ranking columns alone (ranked-warnings-sql.ts warningKeysSql, index only), aggregated as they are read; the
 * page's warnings are read again for the page's organisations alone, with the certificates' own columns and the
 * mutes' details.
 */
export function warningGroupsSql(
  params: SqlParams,
  organisationIds: string[] | null,
  now: Date,
  codes: readonly WarningCode[] | undefined,
  page: WarningGroupsPage,
): string {
  const { ctes, branches } = warningKeysSql(params, organisationIds, now, codes, null);
  // The page's warnings again, read for its organisations alone (by their indexes) rather than kept from the count:
  // at national scale that kept every warning's row (490,000, far past work_mem) for a page of them.
  const pageRows = gradedWarningKeysSql(
    params,
    now,
    warningKeysSql(
      params,
      { sql: '(SELECT array_agg(DISTINCT p.organisation_id) FROM page p)::uuid[]' },
      now,
      codes,
      null,
    ).branches,
  );
  const at = `${params.add(now)}::timestamptz`;
  // Most severe first, then the soonest expiry; organisation warnings (no expiry) after the certificates'.
  const groupOrder = (p: string) =>
    `${p}severity_rank, ${p}first_not_after NULLS LAST, ${p}organisation_name, ${p}code, ${p}organisation_id`;
  const firstItem = params.add(page.itemsOffset);
  const kept = mutedFilterSql(page.muted, 'k', at);
  const muteFilter = kept ? `WHERE ${kept}` : '';
  return `
    ${ctes ? `${ctes},` : 'WITH'}
    groups AS (
      -- A group's severity is its soonest warning's: within a code it is constant or only falls as notAfter grows
      -- (warning-severity.ts), so it is graded once per group rather than once per warning.
      SELECT g.organisation_id, g.code, ${severityRankSql(params, now, 'g')} AS severity_rank, g.count,
             g.not_after AS first_not_after
        FROM (SELECT k.organisation_id, k.code, count(*)::int AS count, min(k.not_after) AS not_after
                FROM (${warningKeysUnionSql(branches)}) k ${muteFilter}
               GROUP BY k.organisation_id, k.code) g
    ),
    page AS (
      SELECT g.*, o.name AS organisation_name
        FROM groups g JOIN organisation o ON o.id = g.organisation_id
       ORDER BY ${groupOrder('')}
       LIMIT ${params.add(page.limit)} OFFSET ${params.add(page.offset)}
    ),
    numbered AS (
      SELECT w.*, ${warningMuteSql('w', at)} AS mute,
             row_number() OVER (PARTITION BY w.organisation_id, w.code
                                ORDER BY w.not_after NULLS LAST, w.identifier_type, w.identifier_value,
                                         w.application_id, w.detail, w.certificate_id) AS n
        FROM (
          SELECT ${warningDetailsSql('k', 'c')}
            FROM (SELECT k.* FROM (${pageRows}) k ${muteFilter}) k
            JOIN page p ON p.organisation_id = k.organisation_id AND p.code = k.code
            LEFT JOIN certificate c ON c.id = k.certificate_id
        ) w
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
