import { PRODUCTION_LIMITS } from '@certdesk/domain';
import { muteInForceSql, namedStatement } from '@certdesk/persistence';
import { SqlParams } from '../certificates/list/sql-params.js';
import { StatusSql } from '../certificates/list/status-sql.js';
import { measuresInForceCtes, tallyEpochCtes } from '../overview/certificate-tallies-sql.js';
import { etkWarningBranches } from './etk-warnings-sql.js';
import { severityRankSql } from './warning-severity.js';
import {
  mutedFilterSql,
  type WarningMuteFilter,
  type WarningMuteJson,
  warningMuteSql,
} from './warning-mute-sql.js';
import {
  CERTIFICATE_CHECKS,
  PERSON_TYPES,
  WARNING_CODES,
  type WarningCode,
  type WarningRow,
} from './warnings-sql.js';

/** A warning of GET /api/v1/warnings as rankedWarningsSql finds it: warnings-sql.ts's row and its organisation. */
export interface RankedWarningRow extends WarningRow {
  organisation_name: string;
  /** warning-severity.ts's severityRankSql: 0 critical, 1 warning. */
  severity_rank: number;
  mute: WarningMuteJson | null;
}

/** The codes in the order String.prototype.localeCompare gives them: the list's third key, as it always was. */
const CODES_IN_ORDER = [...WARNING_CODES].sort((a, b) => a.localeCompare(b));

/**
 * Every warning of the organisations in scope (null: every one) with its ranking's columns only (code, organisation,
 * certificate, notAfter, detail, a person's identifier, failure, used) and its `severity_rank`: one UNION ALL branch
 * per code, each read by an index (the kept flags' partial indexes of migration 1796358000000-warning-indexes, index
 * only), and with `limit` each branch's first `limit` rows in the ranking's order only. The organisations' production
 * limit is read from the certificate tallies (overview), a person's from their certificates. `ctes` goes first (WITH
 * ..., or nothing); `branches` one SELECT per code (warningKeysUnionSql, gradedWarningKeysSql). warningDetailsSql adds the certificates' own columns.
 * A scope given as `{ sql }` (a uuid[] expression of the enclosing statement, such as one page's organisations) reads
 * each organisation's rows by the organisation's own indexes, and defines no CTE: its production limits read the
 * `production_in_force` of an earlier call's `ctes` in the same statement. `muted` other than `include` keeps, in each
 * branch, the rows it asks for before `limit` cuts it, so muted warnings never take the place of the ones asked for.
 */
export function warningKeysSql(
  params: SqlParams,
  organisationIds: string[] | null | { sql: string },
  now: Date,
  codes: readonly WarningCode[] | undefined,
  limit: number | null,
  muted: WarningMuteFilter = 'include',
): { ctes: string; branches: string[] } {
  const status = new StatusSql(params, now);
  const wanted = (code: WarningCode) => !codes?.length || codes.includes(code);
  const scopeSql = organisationIds !== null && 'sql' in organisationIds ? organisationIds.sql : null;
  const scopeIds =
    organisationIds === null ? null : (scopeSql ?? `${params.add(organisationIds as string[])}::uuid[]`);
  const inScope = (column: string) => (scopeIds === null ? 'TRUE' : `${column} = ANY(${scopeIds})`);
  const max = limit === null ? null : `${params.add(limit)}::int`;
  // `include` keeps every row: no filter, and no `now` bound that no branch would read.
  const mutedAt = muted === 'include' ? null : `${params.add(now)}::timestamptz`;
  const kept = mutedAt === null ? null : mutedFilterSql(muted, 'b', mutedAt);
  // A branch's rows with the mute filter applied, before its ORDER BY and LIMIT cut them.
  const keptRows = (sql: string) => (kept ? `SELECT * FROM (${sql}) b WHERE ${kept}` : sql);
  // Each branch answers the ranking's columns only; the certificates' own columns are read for the `limit` kept.
  const keys = (columns: string) =>
    `${columns} AS detail, NULL::text AS identifier_type, NULL::text AS identifier_value, NULL::text AS failure, NULL::int AS used`;
  // Within one code every row has the same severity, or (RENEWABLE_NO_RENEWAL) a severity that only falls as notAfter
  // grows: each branch's first `limit` rows in this order hold every row of the answer it contributes.
  const order = (w: string, code = '') =>
    `${w}.not_after NULLS FIRST, ${code}${w}.organisation_id, ${w}.certificate_id NULLS FIRST, ` +
    `${w}.detail NULLS FIRST, ${w}.identifier_type NULLS FIRST, ${w}.identifier_value NULLS FIRST`;
  // notAfter is never null there: ascending, as the indexes are; (notAfter, organisation, id) is unique but for the
  // ETK directory's environments.
  const certificateBranch = (sql: string) =>
    max === null
      ? keptRows(sql)
      : `SELECT * FROM (${keptRows(sql)}) b
      ORDER BY b.not_after, b.organisation_id, b.certificate_id, b.detail NULLS FIRST LIMIT ${max}`;
  const otherBranch = (sql: string) =>
    max === null ? keptRows(sql) : `SELECT * FROM (${keptRows(sql)}) b ORDER BY ${order('b')} LIMIT ${max}`;

  // The organisations' production limit: its rows differ by organisation alone, so its first `limit` are the first
  // by organisation; asked for in that order, Postgres reads the organisations by key and stops there (at national
  // scale every organisation may pass its limit). Muted ones left out after it: only an organisation's own mute of
  // the code takes one of these rows out, so as many more rows as there are such mutes in force hold the first
  // `limit` kept (filtered one by one, all 10,000 cost 20 ms). Muted ones alone: every row, since any may be muted.
  const mutedOrganisationRows =
    muted === 'exclude' && mutedAt !== null
      ? ` + (SELECT count(*) FROM mute m
              WHERE m.warning_code = 'PRODUCTION_LIMIT_EXCEEDED' AND m.certificate_id IS NULL
                AND ${muteInForceSql('m', mutedAt)})::int`
      : '';
  const firstOrganisationRows = (sql: string) =>
    max === null || muted === 'only'
      ? sql
      : `SELECT * FROM (${sql}) f ORDER BY f.organisation_id LIMIT ${max}${mutedOrganisationRows}`;
  // Built only when wanted, so that no parameter goes unused.
  const branches: string[] = (
    [
      {
        code: 'NO_GENERIC_CONTACT',
        sql: () =>
          otherBranch(`
        SELECT 'NO_GENERIC_CONTACT' AS code, o.id AS organisation_id, NULL::uuid AS certificate_id,
               NULL::timestamptz AS not_after, ${keys('NULL::text')}
          FROM organisation o
         WHERE ${inScope('o.id')}
           AND NOT EXISTS (SELECT 1 FROM contact k WHERE k.organisation_id = o.id AND k.generic)`),
      },
      {
        code: 'CONTACT_DELIVERY_FAILED',
        sql: () =>
          otherBranch(`
        SELECT 'CONTACT_DELIVERY_FAILED' AS code, k.organisation_id, NULL::uuid AS certificate_id,
               NULL::timestamptz AS not_after, k.email AS detail, NULL::text AS identifier_type,
               NULL::text AS identifier_value, k.delivery_failure AS failure, NULL::int AS used
          FROM contact k
         WHERE k.delivery_failed_at IS NOT NULL AND ${inScope('k.organisation_id')}`),
      },
      ...CERTIFICATE_CHECKS.map((check) => ({
        code: check.code,
        sql: () =>
          certificateBranch(`
        SELECT '${check.code}' AS code, c.organisation_id, c.id AS certificate_id, c.not_after, ${keys('NULL::text')}
          FROM certificate c
         WHERE c.state = 'active' AND ${status.notExpired()} AND ${check.condition(status)}
           AND ${inScope('c.organisation_id')}`),
      })),
      ...etkWarningBranches(params, status, now, inScope).map((branch) => ({
        code: branch.code,
        sql: () => {
          const narrow = `
        SELECT e.code, e.organisation_id, e.certificate_id, e.not_after, e.detail, NULL::text AS identifier_type,
               NULL::text AS identifier_value, e.failure, e.used
          FROM (${branch.sql()}) e`;
          return branch.code === 'ETK_DISCOVERY_FAILING' ? otherBranch(narrow) : certificateBranch(narrow);
        },
      })),
      {
        code: 'PRODUCTION_LIMIT_EXCEEDED',
        sql: () =>
          otherBranch(`
        (${firstOrganisationRows(`
        SELECT 'PRODUCTION_LIMIT_EXCEEDED' AS code, t.organisation_id, NULL::uuid AS certificate_id,
               NULL::timestamptz AS not_after, 'organisation' AS detail, NULL::text AS identifier_type,
               NULL::text AS identifier_value, NULL::text AS failure, t.used
          FROM production_in_force t
         WHERE t.used > ${params.add(PRODUCTION_LIMITS.organisation)}::int AND ${inScope('t.organisation_id')}`)})
        UNION ALL
        SELECT 'PRODUCTION_LIMIT_EXCEEDED', c.organisation_id, NULL::uuid, NULL::timestamptz, 'person',
               c.identifier_type, c.identifier_value, NULL::text, count(*)::int
          FROM certificate c
         WHERE c.state = 'active' AND c.environment = 'production'
           AND c.identifier_type = ANY(${params.add(PERSON_TYPES)}::text[])
           AND ${status.isAny(['valid', 'renewable'])} AND ${inScope('c.organisation_id')}
         GROUP BY c.organisation_id, c.identifier_type, c.identifier_value
        HAVING count(*) > ${params.add(PRODUCTION_LIMITS.person)}::int`),
      },
    ] satisfies { code: WarningCode; sql: () => string }[]
  )
    .filter((branch) => wanted(branch.code))
    .map((branch) => branch.sql());

  const productionCtes =
    wanted('PRODUCTION_LIMIT_EXCEEDED') && scopeSql === null
      ? `WITH ${(tallyEpochCtes(params, now, scopeIds) + measuresInForceCtes(params, scopeIds, now)).replace(/,\s*$/, '')}`
      : '';
  return { ctes: productionCtes, branches };
}

/** warningKeysSql's branches as one union. */
export function warningKeysUnionSql(branches: string[]): string {
  return branches.map((sql) => `(${sql})`).join('\n          UNION ALL ');
}

/** warningKeysSql's branches as one union, each row with its `severity_rank` (warning-severity.ts). */
export function gradedWarningKeysSql(params: SqlParams, now: Date, branches: string[]): string {
  return `
        SELECT w.*, ${severityRankSql(params, now, 'w')} AS severity_rank
          FROM (${warningKeysUnionSql(branches)}) w`;
}

/**
 * A warningKeysSql row `w` with its certificate `c` (LEFT JOIN certificate c ON c.id = w.certificate_id): the columns
 * of warnings-sql.ts's WarningRow, and severity_rank.
 */
export function warningDetailsSql(w: string, c: string): string {
  return `${w}.code, ${w}.organisation_id, ${w}.certificate_id,
           CASE WHEN ${w}.certificate_id IS NULL THEN ${w}.identifier_type ELSE ${c}.identifier_type END AS identifier_type,
           CASE WHEN ${w}.certificate_id IS NULL THEN ${w}.identifier_value ELSE ${c}.identifier_value END AS identifier_value,
           ${c}.application_id, ${c}.holder_name, ${w}.not_after,
           CASE WHEN ${w}.code = 'MANAGER_LEFT' THEN (SELECT p.name FROM person p WHERE p.id = ${c}.manager_id)
                ELSE ${w}.detail END AS detail,
           ${w}.failure, ${w}.used, ${w}.severity_rank`;
}

/**
 * The first `limit` warnings of the organisations in scope (null: every one), most severe first, then the soonest
 * expiry (organisation warnings, which have none, first), then by code, organisation and what the warning is about:
 * the same warnings and order as ranking every row of warnings-sql.ts, but each code's branch reads at most `limit`
 * rows, in that order, by an index (warningKeysSql). Columns as RankedWarningRow: a muted warning is marked with its
 * mute (read for the rows returned only); `muted` keeps them (include), leaves them out (exclude) or keeps them alone
 * (only), before the cut.
 */
export function rankedWarningsSql(
  params: SqlParams,
  organisationIds: string[] | null,
  now: Date,
  codes: readonly WarningCode[] | undefined,
  limit: number,
  muted: WarningMuteFilter = 'include',
): string {
  const { ctes, branches } = warningKeysSql(params, organisationIds, now, codes, limit, muted);
  const rows = gradedWarningKeysSql(params, now, branches);
  const max = `${params.add(limit)}::int`;
  const codeOrder = `${params.add(CODES_IN_ORDER)}::text[]`;
  const ranking = (w: string, severityRank: string) =>
    `${severityRank}, ${w}.not_after NULLS FIRST, array_position(${codeOrder}, ${w}.code), ${w}.organisation_id, ` +
    `${w}.certificate_id NULLS FIRST, ${w}.detail NULLS FIRST, ${w}.identifier_type NULLS FIRST, ` +
    `${w}.identifier_value NULLS FIRST`;
  const at = `${params.add(now)}::timestamptz`;
  return `
    ${ctes}
    SELECT ${warningDetailsSql('w', 'c')}, o.name AS organisation_name, ${warningMuteSql('w', at)} AS mute
      FROM (SELECT w.* FROM (${rows}) w ORDER BY ${ranking('w', 'w.severity_rank')} LIMIT ${max}) w
      JOIN organisation o ON o.id = w.organisation_id
      LEFT JOIN certificate c ON c.id = w.certificate_id
     ORDER BY ${ranking('w', 'w.severity_rank')}`;
}

/**
 * rankedWarningsSql as a named prepared statement: parsing and planning its dozen branches cost Postgres more than
 * running them (50 ms against 15-30 ms at 100,000 certificates). Named after its text, so each shape (scope or not,
 * codes) is prepared once per connection.
 */
export function rankedWarningsStatement(
  organisationIds: string[] | null,
  now: Date,
  codes: readonly WarningCode[] | undefined,
  limit: number,
  muted: WarningMuteFilter = 'include',
): { name: string; text: string; values: unknown[] } {
  const params = new SqlParams();
  const text = rankedWarningsSql(params, organisationIds, now, codes, limit, muted);
  return namedStatement('warnings', { text, values: params.values });
}
