import type { PoolClient, QueryConfig } from 'pg';
import { type DataSource, type EntityManager, InstanceChecker } from 'typeorm';

/**
 * Runs a named prepared statement (`statement.name`): Postgres parses and plans it once per connection instead of
 * once per run. TypeORM runs unnamed statements only, hence its pg client: the transaction's when `db` is a
 * transaction's EntityManager, else one of the pool's for this statement alone.
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
  const runner = transaction ?? (InstanceChecker.isDataSource(db) ? db : db.connection).createQueryRunner();
  try {
    const client = (await runner.connect()) as PoolClient;
    return (await client.query(statement)).rows as Row[];
  } finally {
    // The transaction's connection is its owner's to release.
    if (!transaction) await runner.release();
  }
}
