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
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, sig) => resolve({ code, signal: sig })),
    );
    child.kill(signal);
    const result = await exited;
    this.child = null;
    return result;
  }
}
