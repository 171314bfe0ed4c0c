import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import ts from 'typescript';
// scripts/ is the repository's own set-up, not a package: imported by path (Nx knows no project there).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { findFocusedTests, focusedTestsIn } from '../scripts/lib/focused-tests.mjs';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { withSecondRun } from '../scripts/lib/jest-stalls.mjs';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { summarizeRun, type Check, type FocusedTest } from '../scripts/lib/test-summary.mjs';

// How `npm test` (scripts/test.mjs) turns Jest's `--json` results, Jest's exit status, the static checks and the
// focused tests it found into its closing report and its exit code.
const ROOT = '/repo';
const CHECKS: Check[] = [
  { name: 'build (TypeScript, strict)', ok: true },
  { name: 'typecheck tests', ok: true },
  { name: 'lint (ESLint, module boundaries)', ok: true },
  { name: 'format (Prettier)', ok: true },
];

type Status = 'passed' | 'failed' | 'pending' | 'todo';

/** Jest's results for one file whose tests ended as `statuses`. */
function suite(file: string, statuses: Status[], options: { status?: string; message?: string } = {}) {
  return {
    name: `${ROOT}/${file}`,
    status: options.status ?? (statuses.includes('failed') ? 'failed' : 'passed'),
    message: options.message ?? '',
    assertionResults: statuses.map((status, i) => ({
      status,
      fullName: `${file} test ${i + 1}`,
      title: `test ${i + 1}`,
    })),
  };
}

function results(...suites: ReturnType<typeof suite>[]) {
  return { success: true, wasInterrupted: false, testResults: suites };
}

function summary(outcome: Partial<Parameters<typeof summarizeRun>[0]>) {
  const report = summarizeRun({
    results: null,
    jestExitCode: 0,
    checks: CHECKS,
    focused: [],
    root: ROOT,
    ...outcome,
  });
  return { ...report, text: report.lines.join('\n'), last: report.lines.at(-1) };
}

describe('the closing report of npm test', () => {
  it('passes a clean run, with the static checks apart from the tests and the plain closing line last', () => {
    const report = summary({
      results: results(suite('a.test.ts', ['passed', 'passed']), suite('b.test.ts', ['passed'])),
    });
    expect(report.exitCode).toBe(0);
    expect(report.lines).toContain('static checks: 4 passed, 0 failed');
    expect(report.lines).toContain('jest: 3 passed, 0 failed, 0 skipped, 0 todo, 0 focused (exit status 0)');
    expect(report.last).toBe('3 passed, 0 failed');
    expect(report.text).not.toContain('Failures');
  });

  it('reports skipped and todo tests without failing the run', () => {
    const report = summary({
      results: results(suite('a.test.ts', ['passed', 'pending', 'todo', 'pending'])),
    });
    expect(report.exitCode).toBe(0);
    expect(report.lines).toContain('jest: 1 passed, 0 failed, 2 skipped, 1 todo, 0 focused (exit status 0)');
    expect(report.last).toBe('1 passed, 0 failed, 2 skipped');
  });

  it('fails a run with a focused test, though every test that ran passed', () => {
    const focused: FocusedTest[] = [{ file: `${ROOT}/apps/api/test/a.test.ts`, line: 12, text: 'it.only' }];
    const report = summary({
      results: results(suite('apps/api/test/a.test.ts', ['passed', 'pending', 'pending'])),
      focused,
    });
    expect(report.exitCode).toBe(1);
    expect(report.text).toContain('focused test at apps/api/test/a.test.ts:12 (it.only)');
    expect(report.lines).toContain('jest: 1 passed, 0 failed, 2 skipped, 0 todo, 1 focused (exit status 0)');
    expect(report.last).toBe('1 passed, 1 failed, 2 skipped');
  });

  it('fails a run that Jest failed though no test did (an error outside any test, a coverage threshold)', () => {
    const report = summary({ results: results(suite('a.test.ts', ['passed'])), jestExitCode: 1 });
    expect(report.exitCode).toBe(1);
    expect(report.text).toContain('jest exited with 1 though no test failed');
    expect(report.last).toBe('1 passed, 1 failed');
  });

  it('counts a failing test once, Jest’s exit status being its consequence', () => {
    const report = summary({ results: results(suite('a.test.ts', ['passed', 'failed'])), jestExitCode: 1 });
    expect(report.exitCode).toBe(1);
    expect(report.text).toContain('a.test.ts: a.test.ts test 2');
    expect(report.text).not.toContain('jest exited');
    expect(report.last).toBe('1 passed, 1 failed');
  });

  it('counts a suite that could not run', () => {
    const broken = suite('broken.test.ts', [], {
      status: 'failed',
      message: '  ● Test suite failed to run\n\n    SyntaxError: x',
    });
    const report = summary({ results: results(suite('a.test.ts', ['passed']), broken), jestExitCode: 1 });
    expect(report.exitCode).toBe(1);
    expect(report.text).toContain('broken.test.ts: the suite failed to run: SyntaxError: x');
    expect(report.last).toBe('1 passed, 1 failed');
  });

  it('shows a failed static check on its own line and fails the run', () => {
    const checks = CHECKS.map((c) => (c.name === 'format (Prettier)' ? { ...c, ok: false } : c));
    const report = summary({ results: results(suite('a.test.ts', ['passed'])), checks });
    expect(report.exitCode).toBe(1);
    expect(report.lines).toContain('static checks: 3 passed, 1 failed');
    expect(report.text).toContain('check failed: format (Prettier)');
    expect(report.last).toBe('1 passed, 1 failed');
  });

  it('fails a run without results, or with no test at all', () => {
    const none = summary({ results: null, jestExitCode: null });
    expect(none.exitCode).toBe(1);
    expect(none.text).toContain('jest: no results');
    expect(none.last).toBe('0 passed, 1 failed');

    const empty = summary({ results: results() });
    expect(empty.exitCode).toBe(1);
    expect(empty.text).toContain('jest ran no test');
  });
});

describe('a stalled file run again', () => {
  const killed = suite('stalled.test.ts', [], {
    status: 'failed',
    message:
      '  ● Test suite failed to run\n\n    A jest worker process (pid=7) was terminated by another process: signal=SIGKILL',
  });
  const stalls = [{ file: `${ROOT}/stalled.test.ts`, blockedMs: 181_000 }];

  it('takes its second results, and Jest’s exit status of that run when it was the only failure', () => {
    const first = { results: results(suite('a.test.ts', ['passed']), killed), jestExitCode: 1 };
    const again = { results: results(suite('stalled.test.ts', ['passed', 'passed'])), jestExitCode: 0 };
    const merged = withSecondRun(first, again, [`${ROOT}/stalled.test.ts`]);
    const report = summary({ ...merged, stalls });
    expect(report.exitCode).toBe(0);
    expect(report.text).toContain('  - stalled.test.ts: held 181 s; run again: passed');
    expect(report.last).toBe('3 passed, 0 failed');
  });

  it('keeps the first run’s exit status when another file failed too', () => {
    const first = { results: results(suite('a.test.ts', ['failed']), killed), jestExitCode: 1 };
    const again = { results: results(suite('stalled.test.ts', ['passed'])), jestExitCode: 0 };
    const merged = withSecondRun(first, again, [`${ROOT}/stalled.test.ts`]);
    expect(merged.jestExitCode).toBe(1);
    const report = summary({ ...merged, stalls });
    expect(report.exitCode).toBe(1);
    expect(report.last).toBe('1 passed, 1 failed');
  });

  it('counts a second stall as the suite’s failure', () => {
    const first = { results: results(suite('a.test.ts', ['passed']), killed), jestExitCode: 1 };
    const again = { results: results(killed), jestExitCode: 1 };
    const report = summary({ ...withSecondRun(first, again, [`${ROOT}/stalled.test.ts`]), stalls });
    expect(report.text).toContain('run again: failed');
    expect(report.text).toContain('stalled.test.ts: the suite failed to run: A jest worker process');
    expect(report.last).toBe('1 passed, 1 failed');
  });
});

describe('finding focused tests', () => {
  const found = (source: string) =>
    focusedTestsIn(ts, source, 'x.test.ts').map((hit) => `${hit.line} ${hit.text}`);

  it('finds every way to focus a test or a group', () => {
    const source = [
      "it.only('a', () => {});",
      "test.only('b', () => {});",
      "describe.only('c', () => {});",
      "describe.only.each([1, 2])('d %s', () => {});",
      "it.concurrent.only('e', async () => {});",
      "fit('f', () => {});",
      "fdescribe('g', () => {});",
    ].join('\n');
    expect(found(source)).toEqual([
      '1 it.only',
      '2 test.only',
      '3 describe.only',
      '4 describe.only.each',
      '5 it.concurrent.only',
      '6 fit',
      '7 fdescribe',
    ]);
  });

  it('ignores the same words in strings and comments, skipped tests and other calls named only', () => {
    const source = [
      "it('says it.only( in its name', () => {});",
      '// it.only(this is a comment)',
      "it.skip('a', () => {});",
      "describe('b', () => { it('c', () => {}); });",
      'query.only(1);',
      'only();',
    ].join('\n');
    expect(found(source)).toEqual([]);
  });

  describe('in files on disk', () => {
    let dir = '';
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('names the file and the line', async () => {
      dir = await mkdtemp(join(tmpdir(), 'certdesk-focused-'));
      const [clean, focused] = [join(dir, 'clean.test.ts'), join(dir, 'focused.test.ts')];
      await writeFile(clean, "it('a', () => {});\n");
      await writeFile(focused, "describe('x', () => {\n  it.only('y', () => {});\n});\n");
      expect(await findFocusedTests([clean, focused])).toEqual([{ file: focused, line: 2, text: 'it.only' }]);
    });
  });
});
