#!/usr/bin/env node
import 'reflect-metadata';
import { createDataSource, ensureDatabaseExists, migrate, redactUrl } from '@certdesk/persistence';
import { ConfigError, loadConfig } from './config/config.js';
import { createApp } from './create-app.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (await ensureDatabaseExists(config.databaseUrl))
    console.log(`created database ${redactUrl(config.databaseUrl)}`);
  const dataSource = createDataSource({
    url: config.databaseUrl,
    poolSize: 1,
    applicationName: 'certdesk-migrate',
  });
  await dataSource.initialize();
  const applied = await migrate(dataSource);
  await dataSource.destroy();
  if (applied.length) console.log(`applied migrations: ${applied.join(', ')}`);

  const app = await createApp(config);
  await app.listen(config.port, config.host);
  console.log(
    `Certdesk api listening on http://${config.host}:${config.port} (public URL ${config.publicUrl})`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
