// The api and the notifier as an operator runs them: their built `dist/main.js` (`npm test` builds first; alone:
// `npx tsc -b apps/api/tsconfig.app.json apps/notifier/tsconfig.app.json`), each a process of its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const MAINS = {
  api: fileURLToPath(new URL('../../../apps/api/dist/main.js', import.meta.url)),
  notifier: fileURLToPath(new URL('../../../apps/notifier/dist/main.js', import.meta.url)),
};
const READY = {
  api: /Certdesk api listening on/,
  notifier: /ready: Postgres and Redis answer/,
};

export type Ended = { code: number | null; signal: NodeJS.Signals | null };

/** One api or notifier process; start() may be called again after it ended (a restart). */
export class AppProcess {
  private child: ChildProcess | null = null;
  private log = '';
  /** How many times it was started. */
  starts = 0;

  constructor(
    readonly kind: 'api' | 'notifier',
    readonly name: string,
    private readonly env: Record<string, string>,
  ) {}

  /** The operating system's id of the process now running, or null. */
  get pid(): number | null {
    return this.running ? (this.child!.pid ?? null) : null;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Everything it printed, every run included. */
  output(): string {
    return this.log;
  }

  /** Starts it and resolves once it says it is ready (listening, or its workers running). */
  async start(timeoutMs = 60_000): Promise<void> {
    const main = MAINS[this.kind];
    if (!existsSync(main)) {
      throw new Error(`${main} is missing: build it first (npx tsc -b apps/${this.kind}/tsconfig.app.json)`);
    }
    const child = spawn(process.execPath, [main], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.starts += 1;
    const ready = READY[this.kind];
    let printed = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${this.name} not ready within ${timeoutMs / 1000} s:\n${printed}`));
      }, timeoutMs);
      const onData = (chunk: Buffer) => {
        const text = chunk.toString();
        printed += text;
        this.log += text;
        if (ready.test(printed)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${this.name} ended before it was ready (${signal ?? code}):\n${printed}`));
      });
    });
  }

  /** Sends the signal and resolves with how it ended (at once when it is not running). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<Ended> {
    const child = this.child;
    if (!child || !this.running) return { code: child?.exitCode ?? null, signal: child?.signalCode ?? null };
    const ended = new Promise<Ended>((resolve) =>
      child.once('exit', (code, exitSignal) => resolve({ code, signal: exitSignal })),
    );
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    try {
      return await ended;
    } finally {
      clearTimeout(timer);
    }
  }
}
