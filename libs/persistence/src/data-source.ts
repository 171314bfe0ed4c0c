import 'reflect-metadata';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities/index.js';
import { MIGRATIONS } from './migrations/index.js';
import { SnakeNamingStrategy } from './naming-strategy.js';

export interface DataSourceSettings {
  url: string;
  /** Connections in the pool. */
  poolSize?: number;
  applicationName?: string;
}

/** The one way to describe Certdesk's database: never `synchronize`; the schema comes from the migrations. */
export function dataSourceOptions(settings: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    namingStrategy: new SnakeNamingStrategy(),
    // gen_random_uuid() is built into Postgres 13+: no extension to install, no superuser needed.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    poolSize: settings.poolSize ?? 10,
    applicationName: settings.applicationName ?? 'certdesk',
    logging: ['error'],
  };
}

export function createDataSource(settings: DataSourceSettings): DataSource {
  return new DataSource(dataSourceOptions(settings));
}

/** Applies the pending migrations; returns their names. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}

/**
 * The migrations not yet applied, read without writing anything (TypeORM's `showMigrations()` creates the migrations
 * table, which races the process that applies them). For services that wait for another one to migrate.
 */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const names = MIGRATIONS.map((Migration) => new Migration().name ?? Migration.name);
  const rows = (await dataSource.query(`SELECT to_regclass('public.migrations') AS "table"`)) as {
    table: string | null;
  }[];
  const table = rows[0]?.table ?? null;
  if (!table) return names;
  const applied = new Set(
    ((await dataSource.query('SELECT name FROM migrations')) as { name: string }[]).map((r) => r.name),
  );
  return names.filter((name) => !applied.has(name));
}
