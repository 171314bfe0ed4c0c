// Types for test/npm-test-summary.test.ts (the script itself is plain JavaScript: it runs before any install).
export function focusedTestsIn(
  ts: typeof import('typescript'),
  source: string,
  fileName: string,
): { line: number; text: string }[];

export function findFocusedTests(files: string[]): Promise<{ file: string; line: number; text: string }[]>;
