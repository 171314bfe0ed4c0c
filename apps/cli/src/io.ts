/** What a command may touch, passed in so tests can run commands in-process. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  /** A terminal (isTTY) may be shown progress that a log file should not get. */
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
}

/** A usage mistake: printed with the command's usage, exit code 64 (EX_USAGE). */
export class UsageError extends Error {}

export const EXIT_USAGE = 64;
