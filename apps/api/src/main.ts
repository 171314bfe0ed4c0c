#!/usr/bin/env node
import 'reflect-metadata';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { createDataSource, ensureDatabaseExists, migrate, redactUrl } from '@certdesk/persistence';
import { type AppConfig, ConfigError, loadConfig } from './config/config.js';
import { databaseFailure, listenFailure, StartupFailure } from './config/startup-failure.js';
import { createApp } from './create-app.js';
import { startWorkers } from './workers.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  // Before the database: a taken port fails at once, not after the migrations.
  await probeListen(config);
  await migrateDatabase(config);
  const app = await createApp(config);
  await app.listen(config.port, config.host).catch((error: unknown) => {
    throw listenFailure(error, config);
  });
  await startWorkers(app);
  console.log(
    `Certdesk api listening on http://${config.host}:${config.port} (public URL ${config.publicUrl})`,
  );
}

/** Creates the database when missing and applies the migrations, on a connection of its own. */
async function migrateDatabase(config: AppConfig): Promise<void> {
  const dataSource = createDataSource({
    url: config.databaseUrl,
    poolSize: 1,
    applicationName: 'certdesk-migrate',
  });
  // Reaching Postgres and logging in are the configuration's to fix; a failing migration is not.
  try {
    if (await ensureDatabaseExists(config.databaseUrl))
      console.log(`created database ${redactUrl(config.databaseUrl)}`);
    await dataSource.initialize();
  } catch (error) {
    throw databaseFailure(error, config);
  }
  try {
    const applied = await migrate(dataSource);
    if (applied.length) console.log(`applied migrations: ${applied.join(', ')}`);
  } finally {
    await dataSource.destroy();
  }
}

/** Listens on HOST:PORT for a moment, so a taken port is reported in one line (Nest's listen logs its own too). */
async function probeListen(config: AppConfig): Promise<void> {
  const server = createServer();
  server.listen(config.port, config.host);
  try {
    await once(server, 'listening');
  } catch (error) {
    throw listenFailure(error, config);
  }
  server.close();
  await once(server, 'close');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof StartupFailure ? error.message : error);
  process.exit(1);
});
