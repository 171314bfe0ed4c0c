#!/usr/bin/env node
// `npm test`: sets up what is missing (npm dependencies, Debian packages, local Postgres and Redis),
// builds, runs the static checks and every Jest project, and ends with one line `N passed, N failed`.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNpmDependencies } from './lib/dependencies.mjs';
import { ensureDebianPackages } from './lib/debian.mjs';
import { TEST_DEBIAN_PACKAGES } from './lib/requirements.mjs';
import { DEFAULT_REDIS_URL, ensurePostgres, ensureRedis } from './lib/services.mjs';
import { run, say } from './lib/run.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' };
const extraJestArgs = process.argv.slice(2);

const checks = []; // { name, ok }

async function check(name, command, args) {
  say(name);
  const ok = (await run(command, args, { cwd: root, env })) === 0;
  checks.push({ name, ok });
  return ok;
}

async function main() {
  await ensureNpmDependencies(root);
  const { missing } = await ensureDebianPackages(TEST_DEBIAN_PACKAGES);
  if (missing.length) say(`still missing: ${missing.join(' ')} (the tests that need them will fail)`);
  await ensurePostgres(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  await ensureRedis(process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? DEFAULT_REDIS_URL);

  const nx = join(root, 'node_modules', '.bin', 'nx');
  const built = await check('build (TypeScript, strict)', nx, [
    'run-many',
    '-t',
    'build',
    '--outputStyle=static',
  ]);
  await check('typecheck tests', nx, ['run-many', '-t', 'typecheck', '--outputStyle=static']);
  await check('lint (ESLint, module boundaries)', nx, ['run-many', '-t', 'lint', '--outputStyle=static']);
  await check('format (Prettier)', join(root, 'node_modules', '.bin', 'prettier'), [
    '--check',
    '.',
    '--log-level=warn',
  ]);

  const resultsDir = join(root, 'test-output');
  mkdirSync(resultsDir, { recursive: true });
  const resultsFile = join(resultsDir, 'jest-results.json');
  rmSync(resultsFile, { force: true });
  if (built) {
    say('jest (every project)');
    await run(
      process.execPath,
      [
        '--experimental-vm-modules',
        '--disable-warning=ExperimentalWarning',
        join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
        '--json',
        `--outputFile=${resultsFile}`,
        ...extraJestArgs,
      ],
      { cwd: root, env },
    );
  }
  return summarize(resultsFile);
}

function summarize(resultsFile) {
  let passed = 0;
  let failed = 0;
  const failures = [];
  if (existsSync(resultsFile)) {
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    for (const suite of results.testResults) {
      const file = relative(root, suite.name);
      for (const t of suite.assertionResults) {
        if (t.status === 'passed') passed++;
        else if (t.status === 'failed') {
          failed++;
          failures.push(`${file}: ${t.fullName}`);
        }
      }
      // A suite that could not run (a compile error, a failing beforeAll) has no failed test of its own.
      if (suite.status === 'failed' && !suite.assertionResults.some((t) => t.status === 'failed')) {
        failed++;
        failures.push(`${file}: the suite failed to run`);
      }
    }
  } else {
    failed++;
    failures.push('jest: no results (the build failed or jest crashed)');
  }
  for (const c of checks) {
    if (c.ok) passed++;
    else {
      failed++;
      failures.push(`check failed: ${c.name}`);
    }
  }
  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  if (failures.length) console.log(`\nFailures:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  console.log(`\n(${checks.length} static checks and every Jest test, in ${minutes} min)`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
