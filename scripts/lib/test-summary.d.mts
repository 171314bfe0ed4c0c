// Types for test/npm-test-summary.test.ts (the script itself is plain JavaScript: it runs before any install).
export interface Check {
  name: string;
  ok: boolean;
}

export interface FocusedTest {
  file: string;
  line: number;
  text: string;
}

export interface RunOutcome {
  /** Jest's `--json` results, or null when there are none. */
  results: unknown;
  jestExitCode: number | null;
  checks: Check[];
  focused: FocusedTest[];
  root: string;
  /** The files whose worker was killed for holding its main thread (jest-stalls.mjs), run again since. */
  stalls?: { file: string | null; blockedMs: number }[];
}

export function summarizeRun(outcome: RunOutcome): {
  lines: string[];
  passed: number;
  failed: number;
  skipped: number;
  todo: number;
  exitCode: 0 | 1;
};
