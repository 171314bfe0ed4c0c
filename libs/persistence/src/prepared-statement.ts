import { createHash } from 'node:crypto';
import type { Pool, PoolClient, QueryConfig } from 'pg';
import { type DataSource, type EntityManager, InstanceChecker } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/**
 * Runs a named prepared statement (`statement.name`): Postgres parses and plans it once per connection instead of
 * once per run. TypeORM runs unnamed statements only, hence pg itself: the transaction's client when `db` is a
 * transaction's EntityManager, else pg's pool, which lends one of its connections for this statement alone.
 *
 * Only for statements whose text is constant for a name, and whose plan does not depend on the values (look-ups by
 * key): after five runs Postgres may keep one generic plan for every value.
 */
export async function queryPrepared<Row>(
  db: DataSource | EntityManager,
  statement: QueryConfig & { name: string },
): Promise<Row[]> {
  // TypeORM's own check, which holds across copies of the package (instanceof does not).
  const transaction = InstanceChecker.isDataSource(db) ? undefined : db.queryRunner;
  if (transaction) {
    const client = (await transaction.connect()) as PoolClient;
    return (await client.query(statement)).rows as Row[];
  }
  // Outside a transaction, pg's pool itself (TypeORM's PostgresDriver keeps it as `master`): it takes a connection
  // and gives it back, without the QueryRunner TypeORM would build around it for every request's token look-up.
  const driver = (InstanceChecker.isDataSource(db) ? db : db.connection).driver as PostgresDriver;
  return (await (driver.master as Pool).query(statement)).rows as Row[];
}

/**
 * A built statement (its text varies with its shape: a scope or none, filters) as a named one, named after its text:
 * each shape is prepared once per connection, and no two texts share a name. `prefix` says whose it is.
 */
export function namedStatement(
  prefix: string,
  statement: { text: string; values: unknown[] },
): { name: string; text: string; values: unknown[] } {
  const digest = createHash('sha256').update(statement.text).digest('hex').slice(0, 24);
  return { name: `${prefix}_${digest}`, text: statement.text, values: statement.values };
}
