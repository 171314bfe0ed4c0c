// Types for test/jest-stalls.test.ts (the script itself is plain JavaScript: it runs before any install).
import type { SpawnOptions } from 'node:child_process';

export interface Stall {
  file: string | null;
  pid: number;
  blockedMs: number;
  fileStartedAt: string | null;
  killedAt: string;
}

export interface JestRun {
  /** Jest's `--json` results, or null when there are none. */
  results: any;
  jestExitCode: number | null;
}

export function runJestWithSecondRun(run: {
  root: string;
  resultsDir: string;
  args?: string[];
  jestArgs?: string[];
  options?: SpawnOptions;
}): Promise<JestRun & { stalls: Stall[] }>;

export function readStalls(dir: string): Stall[];

export function stalledFiles(stalls: Stall[]): string[];

export function withSecondRun(first: JestRun, again: JestRun, files: string[]): JestRun;
