// `npm test`'s Jest run, and the test files whose Jest worker was killed for holding its main thread
// (jest-stall-environment.mjs): they run once more, alone, and their second results take the place of the first.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { run, say } from './run.mjs';

/**
 * @typedef {{ file: string | null, pid: number, blockedMs: number, fileStartedAt: string | null, killedAt: string }} Stall
 * @typedef {{ results: any, jestExitCode: number | null }} JestRun
 */

/**
 * Runs Jest with `args` (writing `--json` results under `resultsDir`), then once more the files whose worker stalled.
 * `jestArgs` go to both runs (a configuration); `options` to the processes (env, stdio).
 * @returns {Promise<JestRun & { stalls: Stall[] }>}
 */
export async function runJestWithSecondRun({ root, resultsDir, args = [], jestArgs = [], options = {} }) {
  const stallDir = join(resultsDir, 'jest-stalls');
  rmSync(stallDir, { recursive: true, force: true });
  // Jest writes its results there, but does not make the directory.
  mkdirSync(resultsDir, { recursive: true });
  const once = (name, dir, more) =>
    runJest(root, join(resultsDir, name), dir, [...jestArgs, ...more], options);
  const first = await once('jest-results.json', stallDir, args);
  const stalls = readStalls(stallDir);
  const files = stalledFiles(stalls);
  if (!files.length || !first.results) return { ...first, stalls };
  say(`jest (again, the file${files.length > 1 ? 's' : ''} that stalled: ${files.join(', ')})`);
  const again = await once('jest-results-again.json', join(stallDir, 'again'), [
    '--runTestsByPath',
    ...files,
  ]);
  return { ...withSecondRun(first, again, files), stalls };
}

/** One Jest run writing its `--json` results to `resultsFile`; its workers' stalls are recorded in `stallDir`. */
async function runJest(root, resultsFile, stallDir, args, options) {
  rmSync(resultsFile, { force: true });
  const jestExitCode = await run(
    process.execPath,
    [
      '--experimental-vm-modules',
      '--disable-warning=ExperimentalWarning',
      // ESM suites under vm-modules leave their module graphs behind (nodejs/node#59118): Jest's worker, which
      // inherits these flags, is recycled past jest.config.mjs's workerIdleMemoryLimit; this heap is the margin.
      '--max-old-space-size=8192',
      join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
      '--json',
      `--outputFile=${resultsFile}`,
      ...args,
    ],
    { cwd: root, ...options, env: { ...(options.env ?? process.env), CERTDESK_JEST_STALL_DIR: stallDir } },
  );
  const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : null;
  return { results, jestExitCode };
}

/** The records the environment wrote in `dir`, oldest first; none when there is no such directory. */
export function readStalls(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => /** @type {Stall} */ (JSON.parse(readFileSync(join(dir, name), 'utf8'))))
    .sort((a, b) => a.killedAt.localeCompare(b.killedAt));
}

/** The distinct files named by `stalls` (a stall between two files names none). */
export function stalledFiles(stalls) {
  return [...new Set(stalls.map((stall) => stall.file).filter((file) => typeof file === 'string'))];
}

/**
 * The first run's results with each stalled file's suite replaced by its second run's. Jest's exit status becomes the
 * second run's when the stalled files were the first run's only failed suites, and stays the first's otherwise.
 * @param {JestRun} first
 * @param {JestRun} again the stalled files run once more
 * @param {string[]} files the stalled files
 * @returns {JestRun}
 */
export function withSecondRun(first, again, files) {
  if (!first.results || !again.results) return first;
  const stalled = new Set(files);
  const rerun = new Map(again.results.testResults.map((suite) => [suite.name, suite]));
  const testResults = first.results.testResults.map((suite) =>
    stalled.has(suite.name) && rerun.has(suite.name) ? rerun.get(suite.name) : suite,
  );
  const otherFailures = first.results.testResults.some(
    (suite) => suite.status === 'failed' && !stalled.has(suite.name),
  );
  return {
    results: { ...first.results, testResults },
    jestExitCode: otherFailures ? first.jestExitCode : again.jestExitCode,
  };
}
