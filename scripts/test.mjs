#!/usr/bin/env node
// `npm test`: sets up what is missing (npm dependencies, Debian packages, local Postgres and Redis),
// builds, runs the static checks and every Jest project, and ends with one line `N passed, N failed` (see
// lib/test-summary.mjs: what counts as failed, and why a focused test or Jest's exit status fails the run).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNpmDependencies } from './lib/dependencies.mjs';
import { ensureDebianPackages } from './lib/debian.mjs';
import { findFocusedTests } from './lib/focused-tests.mjs';
import { runJestWithSecondRun } from './lib/jest-stalls.mjs';
import { TEST_DEBIAN_PACKAGES } from './lib/requirements.mjs';
import { DEFAULT_REDIS_URL, ensurePostgres, ensureRedis } from './lib/services.mjs';
import { run, say } from './lib/run.mjs';
import { summarizeRun } from './lib/test-summary.mjs';

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
  let jestRun = { results: null, jestExitCode: null, stalls: [] };
  if (built) {
    say('jest (every project)');
    jestRun = await runJestWithSecondRun({ root, resultsDir, args: extraJestArgs, options: { env } });
  }
  const { results, jestExitCode, stalls } = jestRun;
  const focused = results ? await findFocusedTests(results.testResults.map((suite) => suite.name)) : [];
  const summary = summarizeRun({ results, jestExitCode, checks, focused, root, stalls });
  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  console.log(`\n(${checks.length} static checks and every Jest test, in ${minutes} min)`);
  console.log(summary.lines.join('\n'));
  return summary.exitCode;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
