import { muteInForceSql } from '@certdesk/persistence';
import type { SqlParams } from '../certificates/list/sql-params.js';
import { measuresInForceCtes, tallyEpochCtes } from '../overview/certificate-tallies-sql.js';
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
import { CERTIFICATE_CHECKS, WARNING_CODES, type WarningCode, type WarningRow } from './warnings-sql.js';

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
 * groups without the api holding them all. `total` counts every group. Every organisation's, with the muted warnings
 * listed or left out (the central administrators' page): the groups the certificate tallies count come from them
 * (talliedGroupsCtes). Otherwise every group is counted over the warnings' ranking columns alone
 * (ranked-warnings-sql.ts warningKeysSql, index only), aggregated as they are read. The page's warnings are read
 * again for the page's organisations alone, with the certificates' own columns and the mutes' details.
 */
export function warningGroupsSql(
  params: SqlParams,
  organisationIds: string[] | null,
  now: Date,
  codes: readonly WarningCode[] | undefined,
  page: WarningGroupsPage,
  /** How many of a code's first warnings talliedGroupsCtes reads (tests make it small); by default leadingRows. */
  reach?: number,
): string {
  const { ctes, total, countJoin, count } =
    organisationIds === null && page.muted !== 'only'
      ? talliedGroupsCtes(params, now, codes, page, reach ?? leadingRows(page))
      : countedGroupsCtes(params, organisationIds, now, codes, page.muted);
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
    ${ctes}
    -- The page's groups are among the first offset + limit by severity and first expiry, ties included: only those
    -- are joined to their organisation's name (the order's next key) and sorted in full, not every group.
    page_candidates AS (
      SELECT g.* FROM groups g
       ORDER BY g.severity_rank, g.first_not_after NULLS LAST
       FETCH FIRST (${params.add(page.offset + page.limit)}::int) ROWS WITH TIES
    ),
    page_groups AS (
      SELECT g.*, o.name AS organisation_name
        FROM page_candidates g JOIN organisation o ON o.id = g.organisation_id
       ORDER BY ${groupOrder('')}
       LIMIT ${params.add(page.limit)} OFFSET ${params.add(page.offset)}
    ),
    page AS (
      SELECT g.organisation_id, g.code, g.severity_rank, g.first_not_after, g.organisation_name, ${count} AS count
        FROM page_groups g ${countJoin}
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
    SELECT ${total} AS total, p.organisation_id, p.organisation_name, p.code,
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

/**
 * How many of a code's first warnings talliedGroupsCtes reads for a page: a few per group it needs (organisations'
 * warnings interleave in notAfter order), at least 256 (one read of the index).
 */
function leadingRows(page: WarningGroupsPage): number {
  return Math.max(4 * (page.offset + page.limit), 256);
}

/** The groups of a page's statement: `ctes` (WITH ..., ending with a comma) defining `groups`, and `total`'s SQL. */
interface GroupsCtes {
  ctes: string;
  total: string;
  /** How `page` finds a group's count: joined to the page's groups `g` (countJoin), an expression (count). */
  countJoin: string;
  count: string;
}

/**
 * `groups` (organisation_id, code, severity_rank, count, first_not_after) over group rows (organisation_id, code,
 * count, not_after: its first warning's).
 */
function groupsCte(params: SqlParams, now: Date, rows: string): string {
  // A group's severity is its soonest warning's: within a code it is constant or only falls as notAfter grows
  // (warning-severity.ts), so it is graded once per group rather than once per warning.
  return `
    groups AS (
      SELECT g.organisation_id, g.code, ${severityRankSql(params, now, 'g')} AS severity_rank, g.count,
             g.not_after AS first_not_after
        FROM (${rows}) g
    ),`;
}

/** Every group of the organisations in scope, counted over every warning's ranking columns (muted ones filtered). */
function countedGroupsCtes(
  params: SqlParams,
  organisationIds: string[] | null,
  now: Date,
  codes: readonly WarningCode[] | undefined,
  muted: WarningMuteFilter,
): GroupsCtes {
  const { ctes, branches } = warningKeysSql(params, organisationIds, now, codes, null);
  // Bound only when filtered: Postgres refuses a parameter that no condition mentions.
  const kept = muted === 'include' ? null : mutedFilterSql(muted, 'k', `${params.add(now)}::timestamptz`);
  const rows = `SELECT k.organisation_id, k.code, count(*)::int AS count, min(k.not_after) AS not_after
                FROM (${warningKeysUnionSql(branches)}) k ${kept ? `WHERE ${kept}` : ''}
               GROUP BY k.organisation_id, k.code`;
  return {
    ctes: `${ctes ? `${ctes},` : 'WITH'}${groupsCte(params, now, rows)}`,
    total: '(SELECT count(*)::int FROM groups)',
    countJoin: '',
    count: 'g.count',
  };
}

/**
 * Every organisation's groups without reading every warning: at national scale 37,000 groups of 490,000 warnings,
 * nearly all of the certificate checks the certificate tallies count (CERTIFICATE_CHECKS' `measure`). Their counts, and
 * how many organisations have each, come from measuresInForceCtes. Only the groups that can reach the page are listed:
 * a code's groups rank by their first warning's notAfter (its severity follows it), so its first `offset + limit`
 * groups are among the organisations of its first warnings in notAfter order (its partial index, as the ranked list
 * reads it). Of the first `reach` rows, whose last has notAfter B, every organisation with a warning before B shows
 * with its true first one; when there are `offset + limit` of them, no other group of the code can come before them.
 * When the first rows hold fewer (one organisation's warnings crowding the front), that code's groups are counted over
 * every warning, as countedGroupsCtes does: Postgres runs that branch only then. The other codes' (organisations' own
 * warnings, the ETK directory's) are counted in full: few rows. With the muted warnings left out (`exclude`), every
 * group that may hold a mute is set aside from all of that and counted alone over its unmuted warnings
 * (mutedGroupsCtes): mutes are few, and every other group is whole.
 */
function talliedGroupsCtes(
  params: SqlParams,
  now: Date,
  codes: readonly WarningCode[] | undefined,
  page: WarningGroupsPage,
  reachRows: number,
): GroupsCtes {
  const wanted = (code: WarningCode) => !codes?.length || codes.includes(code);
  const tallied = CERTIFICATE_CHECKS.filter((check) => wanted(check.code));
  const others = WARNING_CODES.filter(
    (code) => wanted(code) && !CERTIFICATE_CHECKS.some((check) => check.code === code),
  );
  const keys = others.length ? warningKeysSql(params, null, now, others, null) : null;
  // measures_in_force: warningKeysSql defines it for the production limit; else it is defined here when counted from.
  const ctes = keys?.ctes
    ? `${keys.ctes},`
    : tallied.length
      ? `WITH ${tallyEpochCtes(params, now) + measuresInForceCtes(params, null, now)}`
      : 'WITH';
  const needed = page.offset + page.limit;
  // Bound only when read: Postgres refuses a parameter that no condition mentions.
  const groupsNeeded = tallied.length ? `${params.add(needed)}::int` : '';
  const reach = tallied.length ? `${params.add(reachRows)}::int` : '';
  // Muted warnings left out: the groups with a mute are set aside from the tallies' and counted alone (mutedGroupsCtes).
  const muted = page.muted === 'exclude' ? mutedGroupsCtes(params, now, codes) : null;
  const unmutedGroup = (row: string, code: string) =>
    muted
      ? `AND NOT EXISTS (SELECT 1 FROM muted_groups mg WHERE mg.organisation_id = ${row}.organisation_id
                                                          AND mg.code = ${code})`
      : '';
  const codeCtes = tallied.map((check, i) => {
    const first = warningKeysSql(params, null, now, [check.code], reachRows).branches[0]!;
    const every = warningKeysSql(params, null, now, [check.code], null).branches[0]!;
    // Null when the code has fewer rows than `reach`: then every one was read.
    const reachedAll = `(SELECT b.not_after IS NULL FROM leading_bound_${i} b)`;
    const enough = `(${reachedAll} OR (SELECT count(*) FROM leading_seen_${i}) >= ${groupsNeeded})`;
    return `
    leading_rows_${i} AS MATERIALIZED (
      SELECT r.organisation_id, r.not_after FROM (${first}) r
    ),
    leading_bound_${i} AS MATERIALIZED (
      SELECT CASE WHEN count(*) < ${reach} THEN NULL ELSE max(r.not_after) END AS not_after FROM leading_rows_${i} r
    ),
    leading_seen_${i} AS MATERIALIZED (
      SELECT r.organisation_id, min(r.not_after) AS not_after FROM leading_rows_${i} r
       WHERE TRUE ${unmutedGroup('r', `'${check.code}'`)}
       GROUP BY r.organisation_id
      HAVING min(r.not_after) < coalesce((SELECT b.not_after FROM leading_bound_${i} b), 'infinity')
    ),
    leading_${i} AS (
      SELECT '${check.code}'::text AS code, s.organisation_id, s.not_after FROM leading_seen_${i} s WHERE ${enough}
      UNION ALL
      -- OFFSET 0 keeps the condition above the count, so that Postgres starts none of it (no parallel workers).
      SELECT * FROM (SELECT '${check.code}', k.organisation_id, min(k.not_after) FROM (${every}) k
                      WHERE TRUE ${unmutedGroup('k', `'${check.code}'`)}
                      GROUP BY k.organisation_id OFFSET 0) every_${i}
       WHERE NOT ${enough}
    ),`;
  });
  const talliedRows = tallied.map(
    (check, i) => `
        UNION ALL
        SELECT l.organisation_id, l.code, NULL::int, l.not_after FROM leading_${i} l`,
  );
  // The tallied groups: the organisations each measure counts, less the muted groups among them (counted alone).
  const talliedTotal = tallied.length
    ? `(SELECT ${tallied.map((check) => `count(*) FILTER (WHERE m.${check.measure} > 0)`).join(' + ')}
          FROM measures_in_force m)${
            muted
              ? ` - (SELECT ${tallied
                  .map(
                    (check) => `count(*) FILTER (WHERE mg.code = '${check.code}' AND m.${check.measure} > 0)`,
                  )
                  .join(' + ')}
                       FROM muted_groups mg JOIN measures_in_force m ON m.organisation_id = mg.organisation_id)`
              : ''
          }`
    : '0';
  return {
    ctes: `${ctes}
    ${muted ?? ''}
    ${codeCtes.join('')}
    other_groups AS MATERIALIZED (
      ${
        keys
          ? `SELECT k.organisation_id, k.code, count(*)::int AS count, min(k.not_after) AS not_after
               FROM (${warningKeysUnionSql(keys.branches)}) k WHERE TRUE ${unmutedGroup('k', 'k.code')}
              GROUP BY k.organisation_id, k.code`
          : 'SELECT NULL::uuid AS organisation_id, NULL::text AS code, 0 AS count, NULL::timestamptz AS not_after WHERE FALSE'
      }
      ${muted ? 'UNION ALL SELECT * FROM muted_exact' : ''}
    ),
    ${groupsCte(params, now, `SELECT o.organisation_id, o.code, o.count, o.not_after FROM other_groups o ${talliedRows.join('')}`)}`,
    total: `((SELECT count(*) FROM other_groups) + ${talliedTotal})::int`,
    // The tallied groups' counts, for the page's groups alone.
    countJoin: tallied.length ? 'LEFT JOIN measures_in_force m ON m.organisation_id = g.organisation_id' : '',
    count: tallied.length
      ? `coalesce(g.count, CASE g.code ${tallied.map((check) => `WHEN '${check.code}' THEN m.${check.measure}`).join(' ')} END)`
      : 'g.count',
  };
}

/**
 * For talliedGroupsCtes with muted warnings left out, CTEs ending with a comma: `muted_groups` (organisation_id, code),
 * each group with a warning-code mute in force (a few), and `muted_exact` (organisation_id, code, count, not_after, as
 * groupsCte reads them), those groups counted over their warnings that no mute holds. A group whose warnings are all
 * muted has no row.
 */
function mutedGroupsCtes(params: SqlParams, now: Date, codes: readonly WarningCode[] | undefined): string {
  const at = `${params.add(now)}::timestamptz`;
  const { branches } = warningKeysSql(
    params,
    { sql: '(SELECT array_agg(DISTINCT mg.organisation_id) FROM muted_groups mg)::uuid[]' },
    now,
    codes,
    null,
    'exclude',
  );
  return `
    muted_groups AS MATERIALIZED (
      SELECT DISTINCT m.organisation_id, m.warning_code AS code FROM mute m
       WHERE m.warning_code IS NOT NULL AND ${muteInForceSql('m', at)}
    ),
    muted_exact AS MATERIALIZED (
      SELECT k.organisation_id, k.code, count(*)::int AS count, min(k.not_after) AS not_after
        FROM (${warningKeysUnionSql(branches)}) k
       WHERE EXISTS (SELECT 1 FROM muted_groups mg WHERE mg.organisation_id = k.organisation_id AND mg.code = k.code)
       GROUP BY k.organisation_id, k.code
    ),`;
}
