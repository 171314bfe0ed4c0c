import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
// scripts/ is the repository's own set-up, not a package: imported by path (Nx knows no project there).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { runJestWithSecondRun } from '../scripts/lib/jest-stalls.mjs';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { summarizeRun } from '../scripts/lib/test-summary.mjs';

// `npm test`'s guard against a test file that holds its Jest worker's main thread (a deadlock no Jest timeout can
// end, since they run on that thread): real Jest runs of a small project, in workers, with the test environment
// every project uses and a short stall limit.
const REPO = join(import.meta.dirname, '..');
const ENVIRONMENT = join(REPO, 'scripts', 'lib', 'jest-stall-environment.mjs');
const STALL_MS = 1_500;

const BLOCK = 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);';
const FILES = {
  'passes.test.js': `test('passes', () => { expect(1 + 1).toBe(2); });`,
  // Awaits for twice the stall limit: slow, but its main thread is free, so it is left alone.
  'waits.test.js': `test('waits', async () => { await new Promise((r) => setTimeout(r, ${2 * STALL_MS})); });`,
  'holds-once.test.js': `
    const { existsSync, writeFileSync } = require('node:fs');
    const marker = require('node:path').join(__dirname, 'held-once');
    test('holds its main thread on its first run only', () => {
      if (existsSync(marker)) return;
      writeFileSync(marker, '');
      ${BLOCK}
    });`,
  'holds-always.test.js': `test('holds its main thread', () => { ${BLOCK} });`,
  // Holds it three times the limit, then lets go: killed when watched, passes when not.
  'holds-a-while.test.js': `test('holds its main thread a while', () => {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${3 * STALL_MS});
  });`,
} as const;

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'certdesk-jest-stalls-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A Jest project of `files` (FILES' names) run as `npm test` runs its own; its report as `npm test` prints it. */
async function runProject(files: (keyof typeof FILES)[], stallMs = String(STALL_MS)) {
  for (const name of files) await writeFile(join(dir, name), FILES[name]);
  const config = join(dir, 'jest.config.cjs');
  await writeFile(
    config,
    `module.exports = ${JSON.stringify({
      rootDir: dir,
      testEnvironment: ENVIRONMENT,
      testMatch: ['<rootDir>/*.test.js'],
      transform: {},
      maxWorkers: 1,
      workerIdleMemoryLimit: '1GB',
    })};`,
  );
  const resultsDir = join(dir, 'output');
  const started = Date.now();
  const run = await runJestWithSecondRun({
    root: REPO,
    resultsDir,
    jestArgs: ['--config', config],
    options: { env: { ...process.env, CERTDESK_JEST_STALL_MS: stallMs }, stdio: 'ignore' },
  });
  const seconds = (Date.now() - started) / 1000;
  const report = summarizeRun({ ...run, checks: [], focused: [], root: dir });
  const first = JSON.parse(await readFile(join(resultsDir, 'jest-results.json'), 'utf8'));
  const firstStatus = (name: string) =>
    first.testResults.find((suite: { name: string }) => suite.name === join(dir, name));
  return { ...run, seconds, report, text: report.lines.join('\n'), firstStatus };
}

describe("npm test's watch on a Jest worker's main thread", () => {
  it('kills the worker of a file that holds it, names the file, and runs it again: its second run counts', async () => {
    const run = await runProject(['passes.test.js', 'waits.test.js', 'holds-once.test.js']);

    // The first run: the holding file failed with its worker killed, the others ran, the slow one untouched.
    expect(run.firstStatus('holds-once.test.js')).toMatchObject({ status: 'failed' });
    expect(run.firstStatus('holds-once.test.js').message).toContain('signal=SIGKILL');
    expect(run.firstStatus('passes.test.js')).toMatchObject({ status: 'passed' });
    expect(run.firstStatus('waits.test.js')).toMatchObject({ status: 'passed' });
    expect(run.stalls).toHaveLength(1);
    const [stall] = run.stalls;
    expect(stall).toMatchObject({ file: join(dir, 'holds-once.test.js') });
    expect(stall?.blockedMs).toBeGreaterThanOrEqual(STALL_MS);

    // What npm test then says: three passed, and the stall named with its second run's outcome.
    expect(run.report.lines.at(-1)).toBe('3 passed, 0 failed');
    expect(run.report.exitCode).toBe(0);
    expect(run.text).toMatch(/Stalled .*\n {2}- holds-once\.test\.js: held \d+ s; run again: passed/);
    // Bounded: without the watch this run never ends.
    expect(run.seconds).toBeLessThan(60);
  });

  it('fails the run when the file holds it again, and still ends', async () => {
    const run = await runProject(['passes.test.js', 'holds-always.test.js']);

    expect(run.stalls.map((stall) => stall.file)).toEqual([join(dir, 'holds-always.test.js')]);
    expect(run.text).toContain('holds-always.test.js: held');
    expect(run.text).toContain('run again: failed');
    expect(run.text).toMatch(
      /holds-always\.test\.js: the suite failed to run: A jest worker process .*SIGKILL/,
    );
    expect(run.report.lines.at(-1)).toBe('1 passed, 1 failed');
    expect(run.report.exitCode).toBe(1);
  });

  it('leaves a run without a stall as it is: no second run, no stall line', async () => {
    const run = await runProject(['passes.test.js', 'waits.test.js']);

    expect(run.stalls).toEqual([]);
    expect(run.text).not.toContain('Stalled');
    expect(run.report.lines.at(-1)).toBe('2 passed, 0 failed');
  });
  it('leaves a file that holds it a while alone when the watch is off (CERTDESK_JEST_STALL_MS=0)', async () => {
    const run = await runProject(['holds-a-while.test.js'], '0');
    expect(run.stalls).toEqual([]);
    expect(run.report.lines.at(-1)).toBe('1 passed, 0 failed');
  });

  it('ends the same file when the watch is on', async () => {
    const run = await runProject(['holds-a-while.test.js']);
    expect(run.stalls.map((stall) => stall.file)).toEqual([join(dir, 'holds-a-while.test.js')]);
  });
});
