import {
  type CertificateStatus,
  daysLeftBound,
  DEFAULT_READINESS_POLICY,
  OPEN_RENEWAL_STATES,
  type ReadinessPolicy,
} from '@certdesk/domain';
import type { CertificateState } from '@certdesk/persistence';
import { UnprocessableError } from '../../common/errors.js';
import { OPEN_RENEWAL_JOIN, relatedColumnsSql } from '../certificate-view.js';
import { readinessFilterSql } from '../readiness/readiness-sql.js';
import { containsPattern, SqlParams } from './sql-params.js';
import { StatusSql } from './status-sql.js';

export const CERTIFICATE_SORTS = ['notAfter', 'identifier', 'holder', 'organisation', 'importedAt'] as const;
export type CertificateSort = (typeof CERTIFICATE_SORTS)[number];
export type SortDirection = 'asc' | 'desc';

/** What a certificate list may be narrowed to (every field optional; several values mean "any of"). */
export interface CertificateFilters {
  organisationId?: string;
  statuses?: CertificateStatus[];
  identifierTypes?: string[];
  environments?: string[];
  managerId?: string;
  /** Not expired, and at most this many days left (Brussels calendar days, libs/domain daysLeft). */
  expiresWithinDays?: number;
  /** `active` when not given. */
  states?: CertificateState[];
  /** Case-insensitive text in the subject DN, the identifier value or the holder's name. */
  q?: string;
  /** Label keys (libs/domain labelKey): certificates carrying every one of them. */
  labelKeys?: string[];
  /** Active certificates whose renewal readiness (libs/domain renewalReadiness) is ready, or is not. */
  readiness?: 'ready' | 'not-ready';
  /** The readiness policy in force (the api's configuration); libs/domain's defaults when not given. */
  readinessPolicy?: ReadinessPolicy;
}

export interface CertificatePageRequest {
  sort: CertificateSort;
  direction: SortDirection;
  limit: number;
  /** The sort keys of the last row of the previous page (see encodeCursor). */
  after?: CertificateCursor;
}

/** Where a page ended: its last row's sort keys as Postgres text (so timestamps keep their microseconds) and id. */
export interface CertificateCursor {
  keys: string[];
  id: string;
}

interface SortKey {
  sql: string;
  type: 'timestamptz' | 'text';
}

/** Each sort's keys; every sort ends with the id, so the order is total and keyset pages never skip or repeat. */
const SORT_KEYS: Record<CertificateSort, SortKey[]> = {
  notAfter: [{ sql: 'c.not_after', type: 'timestamptz' }],
  importedAt: [{ sql: 'c.imported_at', type: 'timestamptz' }],
  identifier: [
    { sql: "coalesce(c.identifier_type, '')", type: 'text' },
    { sql: "coalesce(c.identifier_value, '')", type: 'text' },
  ],
  holder: [{ sql: "coalesce(c.holder_name, '')", type: 'text' }],
  organisation: [{ sql: 'lower(o.name)', type: 'text' }],
};

/** Every column of the certificate row but its DER bytes, which no list shows. */
const LISTED_COLUMNS = [
  'id',
  'organisation_id',
  'sha256_fingerprint',
  'subject',
  'issuer',
  'serial_number',
  'not_before',
  'not_after',
  'key_algorithm',
  'key_usages',
  'identifier_type',
  'identifier_value',
  'application_id',
  'holder_name',
  'environment',
  'known_type',
  'check_digits_valid',
  'has_private_key',
  'alias',
  'keystore_id',
  'manager_id',
  'password_custodian_id',
  'usages',
  'notes',
  'state',
  'superseded_by_id',
  'revoked_at',
  'revocation_reason',
  'revoke_and_request_again',
  'source',
  'imported_at',
  'imported_by_id',
  'updated_at',
];

/**
 * What `q` searches: the subject, the identifier value and the holder's name, one text with line feeds between them,
 * exactly as the trigram index certificate_search_trgm is written (migration 1796316000000), so Postgres uses it. q is
 * single-line (TextInputPipe), so a match never spans two of them.
 */
const CERTIFICATE_SEARCH_TEXT =
  "(c.subject || E'\\n' || coalesce(c.identifier_value, '') || E'\\n' || coalesce(c.holder_name, ''))";

export interface Sql {
  text: string;
  values: unknown[];
}

/**
 * One page of certificates as plain SQL: the filters, the tenant scope (`visibleOrganisationIds`, null = all), the
 * sort and the keyset position. Rows carry the certificate's columns, `sort_key_0..n` (text) for the cursor and what
 * they refer to (CertificateView's RelatedRow columns), in one round trip. Pure, so the benchmark runs exactly this
 * SQL through `pg` beside the api.
 */
export function certificateListSql(
  filters: CertificateFilters,
  visibleOrganisationIds: string[] | null,
  page: CertificatePageRequest,
  now: Date,
): Sql {
  const params = new SqlParams();
  const where = certificateFilterConditions(params, filters, visibleOrganisationIds, now);
  const keys = SORT_KEYS[page.sort];
  const direction = page.direction === 'desc' ? 'DESC' : 'ASC';
  if (page.after) {
    if (page.after.keys.length !== keys.length) throw invalidCursor();
    const bound = [
      ...keys.map((key, i) => `${params.add(page.after!.keys[i])}::${key.type}`),
      `${params.add(page.after.id)}::uuid`,
    ];
    where.push(
      `(${[...keys.map((k) => k.sql), 'c.id'].join(', ')}) ${direction === 'ASC' ? '>' : '<'} (${bound.join(', ')})`,
    );
  }
  const join = page.sort === 'organisation' ? 'JOIN organisation o ON o.id = c.organisation_id' : '';
  const order = (column: (sql: string, i: number) => string, id: string) =>
    [...keys.map((k, i) => column(k.sql, i)), id].map((sql) => `${sql} ${direction}`).join(', ');
  // The page first, then what its rows refer to: looked up for the page's rows only, not for every row sorted.
  const pageSql =
    `SELECT ${LISTED_COLUMNS.map((column) => `c.${column}`).join(', ')}, ` +
    `${keys.map((k, i) => `(${k.sql})::text AS sort_key_${i}, ${k.sql} AS sort_value_${i}`).join(', ')} ` +
    `FROM certificate c ${join} ` +
    `WHERE ${where.join(' AND ')} ` +
    `ORDER BY ${order((sql) => sql, 'c.id')} ` +
    `LIMIT ${params.add(page.limit)}`;
  const text =
    `SELECT c.*, ${relatedColumnsSql()} FROM (${pageSql}) c ` +
    `${OPEN_RENEWAL_JOIN(params.add(OPEN_RENEWAL_STATES))} ` +
    `ORDER BY ${order((_, i) => `c.sort_value_${i}`, 'c.id')}`;
  return { text, values: params.values };
}

/** How many certificates match the filters in the tenant scope: every page of the list, counted once. */
export function certificateCountSql(
  filters: CertificateFilters,
  visibleOrganisationIds: string[] | null,
  now: Date,
): Sql {
  const params = new SqlParams();
  const where = certificateFilterConditions(params, filters, visibleOrganisationIds, now);
  return {
    text: `SELECT count(*)::int AS total FROM certificate c WHERE ${where.join(' AND ')}`,
    values: params.values,
  };
}

/** The WHERE conditions (joined with AND) of a filtered, tenant-scoped certificate query on alias `c`. */
export function certificateFilterConditions(
  params: SqlParams,
  filters: CertificateFilters,
  visibleOrganisationIds: string[] | null,
  now: Date,
): string[] {
  const where: string[] = [];
  if (visibleOrganisationIds !== null)
    where.push(`c.organisation_id = ANY(${params.add(visibleOrganisationIds)}::uuid[])`);
  if (filters.organisationId) where.push(`c.organisation_id = ${params.add(filters.organisationId)}::uuid`);
  const states = filters.states?.length ? filters.states : ['active'];
  where.push(
    states.length === 1
      ? `c.state = ${params.add(states[0])}`
      : `c.state = ANY(${params.add(states)}::text[])`,
  );
  const status = new StatusSql(params, now);
  if (filters.statuses?.length) where.push(status.isAny(filters.statuses));
  if (filters.expiresWithinDays !== undefined) {
    where.push(status.notExpired());
    where.push(`c.not_after < ${params.add(daysLeftBound(now, filters.expiresWithinDays))}::timestamptz`);
  }
  if (filters.identifierTypes?.length)
    where.push(`c.identifier_type = ANY(${params.add(filters.identifierTypes)}::text[])`);
  if (filters.environments?.length)
    where.push(`c.environment = ANY(${params.add(filters.environments)}::text[])`);
  if (filters.managerId) where.push(`c.manager_id = ${params.add(filters.managerId)}::uuid`);
  if (filters.q?.trim())
    where.push(`${CERTIFICATE_SEARCH_TEXT} ILIKE ${params.add(containsPattern(filters.q.trim()))}`);
  // Every label given: one `@>` on the GIN-indexed keys, whose share of the rows Postgres estimates from its
  // statistics, so it starts from a rare label's rows or walks the keyset order for a common one (docs/decisions.md).
  const labelKeys = [...new Set(filters.labelKeys ?? [])];
  if (labelKeys.length) where.push(`c.label_keys @> ${params.add(labelKeys)}::text[]`);
  if (filters.readiness) {
    where.push(
      readinessFilterSql(params, filters.readiness, filters.readinessPolicy ?? DEFAULT_READINESS_POLICY, now),
    );
  }
  return where;
}

/** The cursor a client sends back for the next page: opaque, tied to the sort it was made for. */
export function encodeCursor(
  sort: CertificateSort,
  direction: SortDirection,
  cursor: CertificateCursor,
): string {
  return Buffer.from(JSON.stringify({ s: sort, d: direction, k: cursor.keys, i: cursor.id })).toString(
    'base64url',
  );
}

/** How Postgres writes a timestamptz as text: `2027-03-05 10:00:00.123456+00`. */
const POSTGRES_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function decodeCursor(
  text: string,
  sort: CertificateSort,
  direction: SortDirection,
): CertificateCursor {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const { s, d, k, i } = (decoded ?? {}) as { s?: unknown; d?: unknown; k?: unknown; i?: unknown };
  if (s !== sort || d !== direction) {
    throw new UnprocessableError(
      'INVALID_CURSOR',
      'this cursor belongs to another sort order: ask for the first page again',
    );
  }
  if (
    !Array.isArray(k) ||
    k.length !== SORT_KEYS[sort].length ||
    !k.every((key) => typeof key === 'string') ||
    typeof i !== 'string' ||
    !UUID.test(i)
  )
    throw invalidCursor();
  if (
    SORT_KEYS[sort].some(
      (key, index) => key.type === 'timestamptz' && !POSTGRES_TIMESTAMP.test(String(k[index])),
    )
  )
    throw invalidCursor();
  return { keys: k as string[], id: i };
}

function invalidCursor(): UnprocessableError {
  return new UnprocessableError('INVALID_CURSOR', 'cursor is not one this api gave out');
}
