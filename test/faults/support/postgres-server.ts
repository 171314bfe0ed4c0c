// A Postgres server of the test's own, in a temporary directory on a free loopback port: the machine's shared one
// (127.0.0.1:5432) is never restarted. initdb and pg_ctl from Debian's packages; as root (CI), they run as the
// `postgres` user, since Postgres refuses to run as root.
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';

function postgresBin(name: string): string {
  const versions = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))
    : [];
  for (const version of versions) {
    const path = join('/usr/lib/postgresql', version, 'bin', name);
    if (existsSync(path)) return path;
  }
  return name; // on the PATH
}

/** As root, the `postgres` user's uid and gid; otherwise nothing (run as ourselves). */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

export class PostgresServer {
  private readonly dir: string;
  private readonly data: string;
  private readonly user = runAs();
  port = 0;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'certdesk-faults-pg-'));
    this.data = join(this.dir, 'data');
    if (this.user) chownSync(this.dir, this.user.uid, this.user.gid);
  }

  /** A URL for database `name` (the api creates it when missing). */
  url(name: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${name}`;
  }

  async start(): Promise<void> {
    if (!existsSync(this.data)) {
      await this.run(postgresBin('initdb'), [
        '-D',
        this.data,
        '-U',
        'postgres',
        '--auth=trust',
        '-E',
        'UTF8',
      ]);
      this.port = await freePort();
    }
    const options = [
      `-p ${this.port}`,
      "-c listen_addresses='127.0.0.1'",
      `-c unix_socket_directories='${this.dir}'`,
      // The test's server: nothing here must survive the machine, only the server's own restart.
      '-c fsync=off',
      '-c max_connections=200',
    ].join(' ');
    await this.run(postgresBin('pg_ctl'), [
      '-D',
      this.data,
      '-o',
      options,
      '-l',
      join(this.dir, 'postgres.log'),
      '-w',
      '-t',
      '60',
      'start',
    ]);
  }

  /**
   * Stops it as a crash or an operator's restart would: `immediate` drops every connection at once, open
   * transactions included (Postgres recovers from its WAL at the next start); `fast` rolls them back first.
   */
  async stop(mode: 'immediate' | 'fast' = 'fast'): Promise<void> {
    if (!existsSync(join(this.data, 'postmaster.pid'))) return;
    await this.run(postgresBin('pg_ctl'), ['-D', this.data, '-m', mode, '-w', '-t', '60', 'stop']);
  }

  /** Stops it, and removes its files. */
  async destroy(): Promise<void> {
    await this.stop('immediate').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private run(command: string, args: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, {
        cwd: this.dir,
        stdio: ['ignore', 'pipe', 'pipe'],
        ...(this.user ?? {}),
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('error', reject);
      child.once('exit', (code) =>
        code === 0
          ? resolve()
          : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${output}`)),
      );
    });
  }
}
