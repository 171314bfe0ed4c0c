import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { createDataSource, ensureDatabaseExists, migrate, withDatabase } from '@certdesk/persistence';
import {
  createTestDatabase,
  TEST_DATABASE_SERVER_URL,
  type TestDatabase,
} from '@certdesk/persistence/testing';
import { loadConfig } from '../src/config/config.js';
import { createApp } from '../src/create-app.js';
import { ADMIN, bearer } from './support/test-app.js';

const GUIDE = join(import.meta.dirname, '..', '..', '..', 'docs', 'operations-database-role.md');

/** The guide's SQL blocks, in order, with its role and database names replaced by this test's. */
async function guideSql(names: { owner: string; app: string; database: string }): Promise<string[]> {
  const markdown = await readFile(GUIDE, 'utf8');
  return [...markdown.matchAll(/```sql\n([\s\S]*?)```/g)].map((match) =>
    match[1]!
      .replaceAll('certdesk_owner', names.owner)
      .replaceAll('certdesk_app', names.app)
      .replace(/\bcertdesk\b/g, names.database),
  );
}

const asRole = (role: string, database: string): string => {
  const url = new URL(withDatabase(TEST_DATABASE_SERVER_URL, database));
  url.username = role;
  return url.toString();
};

async function runAs<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe.each([
  ['a new installation', 'new'],
  ['an installation that ran as postgres so far', 'existing'],
] as const)('the database roles of docs/operations-database-role.md, for %s', (_, kind) => {
  const suffix = randomBytes(4).toString('hex');
  const owner = `certdesk_owner_${suffix}`;
  const app = `certdesk_app_${suffix}`;
  let database: TestDatabase | null = null;
  let databaseName: string;
  let api: INestApplication;
  const superuser = (db: string) => withDatabase(TEST_DATABASE_SERVER_URL, db);

  beforeAll(async () => {
    if (kind === 'existing') {
      database = await createTestDatabase(); // migrated, every table owned by postgres
      databaseName = database.name;
    } else {
      databaseName = `certdesk_test_${Math.floor(Date.now() / 1000)}_${suffix}`;
    }
    const [roles, createDatabase, handOver, grants] = await guideSql({
      owner,
      app,
      database: databaseName,
    });
    await runAs(superuser('postgres'), (c) => c.query(roles!));
    if (kind === 'new') await runAs(superuser('postgres'), (c) => c.query(createDatabase!));
    await runAs(superuser(databaseName), (c) => c.query(handOver!));
    if (kind === 'new') {
      // "start Certdesk once as certdesk_owner": what it does to the database is apply the migrations.
      const asOwner = createDataSource({ url: asRole(owner, databaseName), poolSize: 1 });
      await asOwner.initialize();
      await migrate(asOwner);
      await asOwner.destroy();
    }
    await runAs(asRole(owner, databaseName), (c) => c.query(grants!));

    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: asRole(app, databaseName),
      DATABASE_POOL_SIZE: '3',
      TOKEN_SECRET: 'database-role-test-token-secret-00000000',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    });
    api = await createApp(config, { logger: ['error'] });
    await api.init();
  });

  afterAll(async () => {
    await api?.close();
    await runAs(superuser('postgres'), async (c) => {
      await c.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
      await c.query(`DROP ROLE IF EXISTS "${app}"`);
      await c.query(`DROP ROLE IF EXISTS "${owner}"`);
    });
  });

  it('lets the api start, migrate (nothing pending) and work as certdesk_app, the audit trail included', async () => {
    expect(await ensureDatabaseExists(asRole(app, databaseName))).toBe(false);
    const asApp = createDataSource({ url: asRole(app, databaseName), poolSize: 1 });
    await asApp.initialize();
    try {
      expect(await migrate(asApp)).toEqual([]);
    } finally {
      await asApp.destroy();
    }

    const http = () => request(api.getHttpServer());
    const login = await http().post('/api/v1/auth/login').send(ADMIN).expect(200);
    const token = login.body.accessToken as string;
    await http()
      .post('/api/v1/organisations')
      .set(bearer(token))
      .send({ name: 'Role test', identifiers: [{ type: 'CBE', value: '0566988259' }] })
      .expect(201);
    const verified = await http().post('/api/v1/audit/verify').set(bearer(token)).expect(200);
    expect(verified.body.length).toBeGreaterThan(0);
    expect(verified.body.every((chain: { ok: boolean }) => chain.ok)).toBe(true);
  });

  it('gives certdesk_app no way to change or remove an audit event', async () => {
    await runAs(asRole(app, databaseName), async (c) => {
      await expect(
        c.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only'),
      ).rejects.toThrow(/must be owner/);
      await expect(c.query("UPDATE audit_event SET action = 'forged'")).rejects.toThrow(/permission denied/);
      await expect(c.query('DELETE FROM audit_event')).rejects.toThrow(/permission denied/);
      await expect(c.query('TRUNCATE audit_event')).rejects.toThrow(/permission denied/);
      await expect(c.query('SET session_replication_role = replica')).rejects.toThrow(/permission denied/);
      await expect(c.query('DROP TRIGGER audit_event_append_only ON audit_event')).rejects.toThrow(
        /must be owner/,
      );
    });
  });
});
