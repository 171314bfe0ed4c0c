#!/usr/bin/env node
// Writes a migration with the SQL that brings a database migrated with the existing migrations up to the entities.
// Usage: npm run migration:generate -w @certdesk/persistence -- AddReminders
// (builds first: it loads the compiled entities and migrations from dist/).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, '..');
const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
  console.error('usage: generate-migration.mjs <PascalCaseName>');
  process.exit(2);
}
execFileSync('npx', ['tsc', '-b', 'tsconfig.lib.json'], { cwd: pkg, stdio: 'inherit' });
const { createDataSource, migrate } = await import(join(pkg, 'dist', 'index.js'));
const { createEmptyTestDatabase } = await import(join(pkg, 'dist', 'testing', 'index.js'));

const database = await createEmptyTestDatabase();
const dataSource = createDataSource({ url: database.url, poolSize: 1 });
try {
  await dataSource.initialize();
  await migrate(dataSource);
  const { upQueries, downQueries } = await dataSource.driver.createSchemaBuilder().log();
  if (upQueries.length === 0) {
    console.log('the entities and the migrations agree: nothing to generate');
    process.exit(0);
  }
  const timestamp = Date.now();
  const className = `${name}${timestamp}`;
  const quote = (q) =>
    `    await queryRunner.query(${JSON.stringify(q.query)}${q.parameters?.length ? `, ${JSON.stringify(q.parameters)}` : ''});`;
  const file = `${timestamp}-${name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}.ts`;
  writeFileSync(
    join(pkg, 'src', 'migrations', file),
    `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${upQueries.map(quote).join('\n')}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${downQueries.reverse().map(quote).join('\n')}
  }
}
`,
  );
  const indexPath = join(pkg, 'src', 'migrations', 'index.ts');
  let index = readFileSync(indexPath, 'utf8');
  const importLine = `import { ${className} } from './${file.replace(/\.ts$/, '.js')}';\n`;
  const lastImport = index.lastIndexOf('\nimport ');
  const at = lastImport === -1 ? 0 : index.indexOf('\n', lastImport + 1) + 1;
  index = index.slice(0, at) + importLine + index.slice(at);
  index = index.replace(/export const MIGRATIONS: MigrationClass\[\] = \[([^\]]*)\];/, (_, list) => {
    const items = list
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    items.push(className);
    return `export const MIGRATIONS: MigrationClass[] = [${items.join(', ')}];`;
  });
  writeFileSync(indexPath, index);
  console.log(`wrote src/migrations/${file}`);
} finally {
  await dataSource.destroy().catch(() => {});
  await database.drop();
}
