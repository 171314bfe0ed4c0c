import type { DataSource, EntityManager } from 'typeorm';

/**
 * First in the transaction of a read whose cost estimate passes Postgres's `jit_above_cost` at national scale, where
 * compiling the statement takes longer than running it (the overview 6-14 s, the readiness 0.5 s, the warnings 0.2-0.5
 * s at 1,000,000 certificates: docs/performance.md). `SET LOCAL`, in the read's own transaction, so that no pooled
 * connection keeps it; not a connection option, which PgBouncer refuses unless told to ignore it.
 */
export const WITHOUT_JIT_SQL = 'SET LOCAL jit = off';

/** `read` in a transaction of its own, after WITHOUT_JIT_SQL. */
export function readWithoutJit<T>(db: DataSource, read: (manager: EntityManager) => Promise<T>): Promise<T> {
  return db.transaction(async (manager) => {
    await manager.query(WITHOUT_JIT_SQL);
    return read(manager);
  });
}
