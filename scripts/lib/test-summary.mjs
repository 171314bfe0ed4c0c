// What `npm test` prints once everything ran, and whether the run passed. Pure (it reads nothing), so its rules
// are tested on made-up Jest results (test/npm-test-summary.test.ts).
import { relative } from 'node:path';

/**
 * @typedef {{ name: string, ok: boolean }} Check
 * @typedef {{ file: string, line: number, text: string }} FocusedTest
 * @typedef {{
 *   results: any,
 *   jestExitCode: number | null,
 *   checks: Check[],
 *   focused: FocusedTest[],
 *   root: string,
 *   stalls?: { file: string | null, blockedMs: number }[],
 * }} RunOutcome
 */

const SKIPPED = new Set(['pending', 'skipped', 'disabled']);

/**
 * The closing report. `failed` counts the failing tests and every other reason the run fails (a static check, a
 * suite that could not run, Jest's exit status, a focused test), so the last line says "0 failed" exactly when the
 * exit code is 0.
 * @param {RunOutcome} outcome
 * @returns {{ lines: string[], passed: number, failed: number, skipped: number, todo: number, exitCode: 0 | 1 }}
 */
export function summarizeRun({ results, jestExitCode, checks, focused, root, stalls = [] }) {
  const tests = { passed: 0, failed: 0, skipped: 0, todo: 0 };
  const failures = [];
  /** Reasons the run fails besides a failing test. */
  const problems = [];

  if (results) {
    for (const suite of results.testResults ?? []) {
      const file = relative(root, suite.name);
      for (const test of suite.assertionResults ?? []) {
        if (test.status === 'passed') tests.passed++;
        else if (test.status === 'failed') {
          tests.failed++;
          failures.push(`${file}: ${test.fullName}`);
        } else if (test.status === 'todo') tests.todo++;
        else if (SKIPPED.has(test.status)) tests.skipped++;
        // 'focused' is never reported by jest-circus; the focused tests are found in the sources instead.
      }
      // A suite that could not run (a compile error, a failing beforeAll) has no failed test of its own.
      if (suite.status === 'failed' && !(suite.assertionResults ?? []).some((t) => t.status === 'failed')) {
        problems.push(`${file}: the suite failed to run${firstLine(suite.message)}`);
      }
    }
    if (tests.passed + tests.failed + tests.skipped + tests.todo === 0) problems.push('jest ran no test');
    if (results.wasInterrupted) problems.push('jest was interrupted');
  } else {
    problems.push('jest: no results (the build failed or jest crashed)');
  }
  // Jest's verdict counts too: it fails a run for reasons no test shows (an error outside any test, a coverage
  // threshold, a crash after the results were written).
  if (results && jestExitCode !== 0 && tests.failed === 0 && problems.length === 0) {
    problems.push(`jest exited with ${jestExitCode ?? 'a signal'} though no test failed`);
  }
  for (const hit of focused) {
    problems.push(
      `focused test at ${relative(root, hit.file)}:${hit.line} (${hit.text}): the other tests of its file did not run`,
    );
  }
  const checksFailed = checks.filter((c) => !c.ok);
  for (const check of checksFailed) problems.push(`check failed: ${check.name}`);

  const failed = tests.failed + problems.length;
  const lines = [];
  if (failures.length + problems.length) {
    lines.push('Failures:', ...[...failures, ...problems].map((f) => `  - ${f}`), '');
  }
  // Said whatever the second run gave: a file that held its worker's main thread is a hang to look into, though a
  // second run that passes does not fail the run (its own results are counted above).
  if (stalls.length) {
    const outcome = new Map((results?.testResults ?? []).map((suite) => [suite.name, suite.status]));
    lines.push(
      "Stalled (the file held its Jest worker's main thread, so the worker was killed and the file run again):",
      ...stalls.map(
        (stall) =>
          `  - ${stall.file ? relative(root, stall.file) : 'between two files'}: held ${Math.round(stall.blockedMs / 1000)} s; ` +
          `run again: ${(stall.file && outcome.get(stall.file)) || 'not run'}`,
      ),
      '',
    );
  }
  lines.push(
    `static checks: ${checks.length - checksFailed.length} passed, ${checksFailed.length} failed`,
    `jest: ${tests.passed} passed, ${tests.failed} failed, ${tests.skipped} skipped, ${tests.todo} todo, ` +
      `${focused.length} focused (exit status ${jestExitCode ?? 'none'})`,
    `${tests.passed} passed, ${failed} failed${tests.skipped ? `, ${tests.skipped} skipped` : ''}`,
  );
  return {
    lines,
    passed: tests.passed,
    failed,
    skipped: tests.skipped,
    todo: tests.todo,
    exitCode: failed ? 1 : 0,
  };
}

function firstLine(message) {
  const line = String(message ?? '')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l && !l.startsWith('●'));
  return line ? `: ${line.slice(0, 200)}` : '';
}
