import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { createDataSource, namedStatement, queryPrepared, readWithoutJit } from '../src/index.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

/**
 * queryPrepared runs a named statement: prepared on its connection once, then run by name with each call's values;
 * inside a transaction on the transaction's own connection (it sees what the transaction wrote and has not committed).
 */
describe('queryPrepared', () => {
  let database: TestDatabase;
  let single: DataSource;
  let pooled: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    single = createDataSource({ url: database.url, poolSize: 1 });
    pooled = createDataSource({ url: database.url, poolSize: 3 });
    await Promise.all([single.initialize(), pooled.initialize()]);
  });
  afterAll(async () => {
    await Promise.all([single?.destroy(), pooled?.destroy()]);
    await database?.drop();
  });

  it('prepares the statement on its connection, and runs it again with other values', async () => {
    const statement = (name: string) => ({
      name: 'certdesk_test_prepared',
      text: 'SELECT $1::text AS asked, (SELECT count(*)::int FROM pg_prepared_statements WHERE name = $2) AS prepared',
      values: [name, 'certdesk_test_prepared'],
    });
    // One connection: the first run prepares it (the view lists it from then on), the second finds it there.
    expect(await queryPrepared(single, statement('first'))).toEqual([{ asked: 'first', prepared: 1 }]);
    expect(await queryPrepared(single, statement('second'))).toEqual([{ asked: 'second', prepared: 1 }]);
    // Prepared by the protocol (not by SQL PREPARE) on this connection: this one only, once.
    const preparedByProtocol = (await single.query(
      `SELECT count(*)::int AS n FROM pg_prepared_statements WHERE NOT from_sql`,
    )) as [{ n: number }];
    expect(preparedByProtocol[0].n).toBe(1);
  });

  it("runs inside a transaction on the transaction's connection", async () => {
    await pooled.query(`CREATE TABLE prepared_probe (value text)`);
    const read = {
      name: 'certdesk_test_probe',
      text: 'SELECT value FROM prepared_probe ORDER BY value',
      values: [],
    };
    await pooled.transaction(async (manager) => {
      await manager.query(`INSERT INTO prepared_probe VALUES ('uncommitted')`);
      expect(await queryPrepared(manager, read)).toEqual([{ value: 'uncommitted' }]);
      // Outside the transaction (the pool's other connections, or its manager), nothing is committed yet.
      expect(await queryPrepared(pooled, read)).toEqual([]);
      expect(await queryPrepared(pooled.manager, read)).toEqual([]);
    });
    expect(await queryPrepared(pooled, read)).toEqual([{ value: 'uncommitted' }]);
  });

  it('returns a failing statement as its error and leaves the connection usable', async () => {
    await expect(
      queryPrepared(single, { name: 'certdesk_test_failing', text: 'SELECT 1 / $1::int', values: [0] }),
    ).rejects.toThrow(/division by zero/);
    expect(
      await queryPrepared(single, { name: 'certdesk_test_after', text: 'SELECT 2 AS two', values: [] }),
    ).toEqual([{ two: 2 }]);
  });

  it("plans a statement for each run's values when asked (customPlans), where Postgres would switch to a generic plan", async () => {
    const plans = async (name: string) =>
      (
        (await single.query(
          `SELECT generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements WHERE name = $1`,
          [name],
        )) as { generic: number; custom: number }[]
      )[0];
    const run = (name: string, customPlans: boolean) =>
      readWithoutJit(
        single,
        (manager) =>
          queryPrepared(manager, {
            name,
            text: 'SELECT count(*)::int AS n FROM pg_class WHERE relpages > $1',
            values: [0],
          }),
        { customPlans },
      );
    for (let i = 0; i < 8; i++) await run('certdesk_test_custom', true);
    expect(await plans('certdesk_test_custom')).toEqual({ generic: 0, custom: 8 });
    // Without it, Postgres plans the first five runs for their values, then settles on a generic plan.
    for (let i = 0; i < 8; i++) await run('certdesk_test_default', false);
    expect((await plans('certdesk_test_default'))!.generic).toBeGreaterThan(0);
    // SET LOCAL: the pooled connection is back to Postgres's default once the read's transaction ended.
    expect(await single.query(`SHOW plan_cache_mode`)).toEqual([{ plan_cache_mode: 'auto' }]);
  });
  it('names a built statement after its text: one name per text, the same name for the same text', () => {
    const a = namedStatement('example', { text: 'SELECT $1::int', values: [1] });
    expect(a).toEqual({
      name: expect.stringMatching(/^example_[0-9a-f]{24}$/),
      text: 'SELECT $1::int',
      values: [1],
    });
    expect(namedStatement('example', { text: 'SELECT $1::int', values: [2] }).name).toBe(a.name);
    expect(namedStatement('example', { text: 'SELECT $1::int + 0', values: [1] }).name).not.toBe(a.name);
  });
});
