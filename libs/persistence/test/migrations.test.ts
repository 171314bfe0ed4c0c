import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { createDataSource, installationId, migrate } from '../src/index.js';
import { createEmptyTestDatabase, createTestDatabase, type TestDatabase } from '../src/testing/index.js';

describe('migrations', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createEmptyTestDatabase();
    dataSource = createDataSource({ url: database.url, poolSize: 2 });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('build the whole schema on an empty database', async () => {
    const applied = await migrate(dataSource);
    expect(applied.length).toBeGreaterThan(0);
  });

  it('agree with the entities: no schema change is pending (entities and migrations have not drifted)', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('make the audit trail append-only in the database itself', async () => {
    await dataSource.query(
      `INSERT INTO audit_event (chain, actor_label, occurred_at, action, previous_hash, hash)
       VALUES ('global', 'test', now(), 'test.event', '', 'h')`,
    );
    await expect(dataSource.query(`UPDATE audit_event SET action = 'forged'`)).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`TRUNCATE audit_event`)).rejects.toThrow(/append-only/);
  });

  it('roll back down to an empty schema', async () => {
    const migrations = dataSource.migrations.length;
    for (let i = 0; i < migrations; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    const tables = await dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
    );
    expect(tables).toEqual([]);
  });
});

describe('test databases', () => {
  it('are fresh, migrated copies, one per caller', async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    try {
      expect(a.name).not.toBe(b.name);
      const ds = createDataSource({ url: a.url, poolSize: 1 });
      await ds.initialize();
      const [{ count }] = await ds.query('SELECT count(*)::int AS count FROM organisation');
      expect(count).toBe(0);
      await ds.destroy();
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
  });
});

describe('pendingMigrations', () => {
  it('lists every migration on an empty database without creating anything, and none once migrated', async () => {
    const { pendingMigrations } = await import('../src/index.js');
    const database = await createEmptyTestDatabase();
    const ds = createDataSource({ url: database.url, poolSize: 1 });
    await ds.initialize();
    try {
      expect(await pendingMigrations(ds)).toHaveLength(ds.migrations.length);
      const [{ tables }] = await ds.query(
        `SELECT count(*)::int AS tables FROM information_schema.tables WHERE table_schema = 'public'`,
      );
      expect(tables).toBe(0);
      await migrate(ds);
      expect(await pendingMigrations(ds)).toEqual([]);
    } finally {
      await ds.destroy();
      await database.drop();
    }
  });
});

describe('installationId', () => {
  it('is created on first use, stays the same, and differs between two copies of one template', async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    const sources = [a, b].map((database) => createDataSource({ url: database.url, poolSize: 4 }));
    try {
      await Promise.all(sources.map((source) => source.initialize()));
      const [first, concurrent] = await Promise.all([
        installationId(sources[0]!),
        installationId(sources[0]!),
      ]);
      expect(first).toMatch(/^[0-9a-f-]{36}$/);
      expect(concurrent).toBe(first);
      expect(await installationId(sources[0]!)).toBe(first);
      expect(await installationId(sources[1]!)).not.toBe(first);
      await expect(sources[0]!.query(`INSERT INTO installation (singleton) VALUES (false)`)).rejects.toThrow(
        /installation_singleton/,
      );
    } finally {
      await Promise.all(sources.map((source) => (source.isInitialized ? source.destroy() : undefined)));
      await Promise.all([a.drop(), b.drop()]);
    }
  });
});
