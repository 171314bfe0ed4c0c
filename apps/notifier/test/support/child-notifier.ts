import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The notifier as a real process: `node src/main.ts` through scripts/register-ts.mjs (the sources, compiled by
 * @swc/core as Jest does). Resolves once it logged that it is ready.
 */
export class ChildNotifier {
  private child: ChildProcess | null = null;
  readonly output: string[] = [];

  constructor(private readonly env: Record<string, string>) {}

  async start(timeoutMs = 60_000): Promise<void> {
    const child = spawn(
      process.execPath,
      ['--conditions=@certdesk/source', '--import', './scripts/register-ts.mjs', 'src/main.ts'],
      {
        cwd: root,
        env: { ...process.env, ...this.env, LOG_LEVEL: 'log' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`not ready in time:\n${this.output.join('')}`)),
        timeoutMs,
      );
      const onData = (chunk: Buffer) => {
        const text = chunk.toString();
        this.output.push(text);
        if (/ready: Postgres and Redis answer/.test(text)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`exited before it was ready (${signal ?? code}):\n${this.output.join('')}`));
      });
    });
  }

  /** Sends the signal and resolves with how it ended. */
  async stop(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null)
      return { code: child?.exitCode ?? null, signal: null };
    const exited = this.exited();
    child.kill(signal);
    return exited;
  }

  /** Sends a signal without waiting for anything. */
  signal(signal: NodeJS.Signals): void {
    this.child?.kill(signal);
  }

  /** Resolves with how the running process ends. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const child = this.child;
    if (!child) return Promise.resolve({ code: null, signal: null });
    if (child.exitCode !== null || child.signalCode !== null)
      return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
    return new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        if (this.child === child) this.child = null;
        resolve({ code, signal });
      }),
    );
  }

  /** Resolves once the process printed a line matching `pattern` (or already had). */
  async printed(pattern: RegExp, timeoutMs = 10_000): Promise<void> {
    const child = this.child;
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.output.join(''))) {
      const ended = child ? (child.signalCode ?? child.exitCode) : null;
      if (ended !== null || Date.now() > deadline) {
        const why = ended !== null ? `it ended (${ended})` : `${timeoutMs} ms passed`;
        throw new Error(`${why} before it printed ${pattern}:\n${this.output.join('')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
