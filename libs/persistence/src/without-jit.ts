import type { DataSource, EntityManager } from 'typeorm';

/**
 * First in the transaction of a read whose cost estimate passes Postgres's `jit_above_cost` at national scale, where
 * compiling the statement takes longer than running it (the overview 6-14 s, the readiness 0.5 s, the warnings 0.2-0.5
 * s at 1,000,000 certificates: docs/performance.md). `SET LOCAL`, in the read's own transaction, so that no pooled
 * connection keeps it; not a connection option, which PgBouncer refuses unless told to ignore it.
 */
export const WITHOUT_JIT_SQL = 'SET LOCAL jit = off';

/**
 * For a named prepared statement whose best plan depends on its values: Postgres plans it for each run's values
 * instead of switching, after five runs on a connection, to one generic plan. The warnings' generic plan ran 3x
 * longer than their custom ones (120 ms against 40 ms at 100,000 certificates: docs/performance.md); preparing still
 * saves the parsing.
 */
export const CUSTOM_PLANS_SQL = 'SET LOCAL plan_cache_mode = force_custom_plan';

/** `read` in a transaction of its own, after WITHOUT_JIT_SQL (and CUSTOM_PLANS_SQL when `customPlans`). */
export function readWithoutJit<T>(
  db: DataSource,
  read: (manager: EntityManager) => Promise<T>,
  options: { customPlans?: boolean } = {},
): Promise<T> {
  return db.transaction(async (manager) => {
    await manager.query(options.customPlans ? `${WITHOUT_JIT_SQL}; ${CUSTOM_PLANS_SQL}` : WITHOUT_JIT_SQL);
    return read(manager);
  });
}
