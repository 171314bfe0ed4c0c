import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createDataSource, migrate } from '../data-source.js';
import { quoteIdentifier, withDatabase } from '../database.js';
import { MIGRATIONS } from '../migrations/index.js';

/** The server the tests use; its `postgres` database is the admin connection. */
export const TEST_DATABASE_SERVER_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const TEST_DATABASE_PREFIX = 'certdesk_test_';
const STALE_AFTER_SECONDS = 2 * 60 * 60;

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function withAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: withDatabase(TEST_DATABASE_SERVER_URL, 'postgres') });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/**
 * One migrated template per set of migrations, by their files' contents and not only their names (a migration edited
 * before it is released must not leave its earlier schema behind): a test file's database is a cheap copy of it.
 */
function templateName(): string {
  const hash = createHash('sha256').update(MIGRATIONS.map((m) => m.name).join(','));
  const directory = fileURLToPath(new URL('../migrations/', import.meta.url));
  for (const file of readdirSync(directory).sort())
    if (/\.(ts|js)$/.test(file) && !file.endsWith('.d.ts')) hash.update(readFileSync(join(directory, file)));
  return `certdesk_template_${hash.digest('hex').slice(0, 12)}`;
}

async function ensureTemplate(admin: pg.Client, template: string): Promise<void> {
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
  if (exists.rowCount) return;
  const building = `${template}_building`;
  await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(building)}`);
  await admin.query(`CREATE DATABASE ${quoteIdentifier(building)}`);
  const dataSource = createDataSource({ url: withDatabase(TEST_DATABASE_SERVER_URL, building), poolSize: 1 });
  await dataSource.initialize();
  try {
    await migrate(dataSource);
  } finally {
    await dataSource.destroy();
  }
  // Renamed only once complete, so a crashed build never leaves a half-migrated template behind.
  await admin.query(`ALTER DATABASE ${quoteIdentifier(building)} RENAME TO ${quoteIdentifier(template)}`);
}

async function dropStaleTestDatabases(admin: pg.Client): Promise<void> {
  const cutoff = Math.floor(Date.now() / 1000) - STALE_AFTER_SECONDS;
  const rows = await admin.query<{ datname: string }>(
    'SELECT datname FROM pg_database WHERE datname LIKE $1',
    [`${TEST_DATABASE_PREFIX}%`],
  );
  for (const { datname } of rows.rows) {
    const createdAt = Number(datname.slice(TEST_DATABASE_PREFIX.length).split('_')[0]);
    if (Number.isFinite(createdAt) && createdAt < cutoff) {
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(datname)} WITH (FORCE)`);
    }
  }
}

/**
 * A fresh, migrated database for one test file. Databases are copied from a template migrated once per set of
 * migrations; creation is serialised by an advisory lock because Postgres refuses concurrent copies of a template.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `${TEST_DATABASE_PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  await withAdmin(async (admin) => {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', ['certdesk-test-databases']);
    try {
      const template = templateName();
      await ensureTemplate(admin, template);
      await dropStaleTestDatabases(admin);
      await admin.query(`CREATE DATABASE ${quoteIdentifier(name)} TEMPLATE ${quoteIdentifier(template)}`);
    } finally {
      await admin.query('SELECT pg_advisory_unlock(hashtext($1))', ['certdesk-test-databases']);
    }
  });
  return {
    name,
    url: withDatabase(TEST_DATABASE_SERVER_URL, name),
    drop: () =>
      withAdmin((admin) =>
        admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`).then(() => undefined),
      ),
  };
}

/** An empty database (no migrations), for tests of the migrations themselves. */
export async function createEmptyTestDatabase(): Promise<TestDatabase> {
  const name = `${TEST_DATABASE_PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${quoteIdentifier(name)}`));
  return {
    name,
    url: withDatabase(TEST_DATABASE_SERVER_URL, name),
    drop: () =>
      withAdmin((admin) =>
        admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`).then(() => undefined),
      ),
  };
}
