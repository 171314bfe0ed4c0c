import { SqlParams } from '../certificates/list/sql-params.js';
import { StatusSql } from '../certificates/list/status-sql.js';
import type { Sql } from '../certificates/list/certificate-list-sql.js';

/** Active certificates per (organisation, status, environment): an index-only scan of the validity index. */
export function certificateCountsSql(now: Date): Sql {
  const params = new SqlParams();
  const status = new StatusSql(params, now);
  return {
    text:
      `SELECT c.organisation_id, ${status.expression()} AS status, c.environment, count(*)::int AS n ` +
      `FROM certificate c WHERE c.state = 'active' GROUP BY 1, 2, 3`,
    values: params.values,
  };
}

/** Each organisation's earliest notAfter among its active certificates (expired ones included). */
export const EARLIEST_NOT_AFTER_SQL =
  'SELECT c.organisation_id, extract(epoch FROM min(c.not_after))::float8 AS seconds ' +
  "FROM certificate c WHERE c.state = 'active' GROUP BY 1";

export const ORGANISATION_NAMES_SQL = 'SELECT o.id, o.name FROM organisation o';
