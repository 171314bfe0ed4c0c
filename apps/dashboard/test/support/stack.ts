import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Page } from 'playwright-core';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
/** The Postgres server the tests use (its `postgres` database is the admin connection). */
const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** The Redis every stack's queues are on. */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export const ADMIN = { email: 'admin@dashboard.test', password: 'dashboard-e2e-admin-password' };

export interface Stack {
  /** Where the dashboard and the api answer, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Its database's name (made by the api at start, dropped by stop()). */
  database: string;
  /** Its BullMQ prefix (its keys are deleted by stop()). */
  queuePrefix: string;
  /** What the stack printed, for a failing test's message. */
  output(): string;
  /**
   * Sends `signal` to every process of the stack at once (`npm`, start.mjs and each service), as systemd's
   * control-group kill or a container runtime does; resolves once none of them is left. Only with `processGroup`.
   */
  killGroup(signal: NodeJS.Signals, timeoutMs?: number): Promise<void>;
  /** Stops it (if still running), then drops its database and queues. */
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Start it as `npm start`, in a process group of its own, instead of `node scripts/start.mjs`. */
  processGroup?: boolean;
}

/** A loopback port nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const [port] = await freePorts(1);
  return port!;
}

/**
 * `count` distinct loopback ports that were free a moment ago. Each stays taken until all are chosen: a port closed
 * at once can be the very next one the system hands out, and a stack whose api and mail page got the same port
 * answered the mail catcher's page to the browser's log-in.
 */
async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer().listen(0, '127.0.0.1'));
  try {
    await Promise.all(servers.map((server) => once(server, 'listening')));
    return servers.map((server) => {
      const address = server.address();
      if (typeof address !== 'object' || !address) throw new Error('no free port');
      return address.port;
    });
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

function databaseUrl(name: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Deletes the stack's queues (every key under its prefix). */
async function dropQueues(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/**
 * The processes of group `pgid` that still run. A zombie is not counted: it has exited, it only waits for a parent
 * (init, in a container perhaps never) to collect its status. Where /proc is missing, any member counts.
 */
function groupMembers(pgid: number): number[] {
  let dir: string[];
  try {
    dir = readdirSync('/proc');
  } catch {
    try {
      process.kill(-pgid, 0);
      return [pgid];
    } catch {
      return [];
    }
  }
  const members: number[] = [];
  for (const name of dir) {
    if (!/^[0-9]+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // it ended while we looked
    }
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so read after its last ")".
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') members.push(Number(name));
  }
  return members;
}

async function waitForGroupToEnd(pgid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (groupMembers(pgid).length > 0) {
    if (Date.now() > deadline) {
      throw new Error(
        `processes ${groupMembers(pgid).join(', ')} still run ${timeoutMs} ms after the signal`,
      );
    }
    await sleep(100);
  }
}

function killGroupOrIgnore(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // no process left in the group
  }
}

/**
 * The stack `npm start` runs (scripts/start.mjs: build, then the services) on a free port and a fresh database
 * (the api creates and migrates it), without the demo data. Named like @certdesk/persistence's test databases, so
 * a crashed run's database is dropped by their stale-database sweep. `extraEnv` adds to (or overrides) its
 * settings, e.g. EID_TRUST_ANCHORS or a QUEUE_PREFIX shared with another stack.
 */
export async function startStack(
  extraEnv: Record<string, string> = {},
  options: StackOptions = {},
): Promise<Stack> {
  const [port, smtpPort, mailPagePort] = (await freePorts(3)) as [number, number, number];
  const database = `certdesk_test_${Math.floor(Date.now() / 1000)}_dashboard_${randomBytes(3).toString('hex')}`;
  // Queues of its own: a notifier of another database on the default prefix (a demo left running) would be refused
  // the prefix, or would be the one refusing this stack's. A test may share one between stacks (QUEUE_PREFIX).
  const queuePrefix = extraEnv.QUEUE_PREFIX ?? `certdesk-test-dashboard-${randomBytes(4).toString('hex')}`;
  const url = `http://127.0.0.1:${port}`;
  const [command, args] = options.processGroup
    ? [NPM, ['start']]
    : [process.execPath, [join(ROOT, 'scripts', 'start.mjs')]];
  const child = spawn(command, args, {
    cwd: ROOT,
    // Its own process group (and session), which killGroup signals as a whole.
    detached: options.processGroup ?? false,
    env: {
      ...process.env,
      PORT: String(port),
      PUBLIC_URL: url,
      DATABASE_URL: databaseUrl(database),
      REDIS_URL,
      QUEUE_PREFIX: queuePrefix,
      SEED_DEMO: 'false',
      // Its own mail catcher, beside any other stack on this machine.
      MAIL_CATCHER_SMTP_PORT: String(smtpPort),
      MAIL_CATCHER_HTTP_PORT: String(mailPagePort),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      TOKEN_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      FORCE_COLOR: '0',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const killGroup = async (signal: NodeJS.Signals, timeoutMs = 30_000) => {
    if (!options.processGroup) throw new Error('killGroup needs a stack started with processGroup');
    killGroupOrIgnore(child.pid!, signal);
    await waitForGroupToEnd(child.pid!, timeoutMs);
  };
  const stop = async () => {
    if (options.processGroup) {
      await killGroup('SIGTERM', 15_000).catch(() => killGroup('SIGKILL', 5_000));
    } else await stopChild(child);
    await dropDatabase(database);
    await dropQueues(queuePrefix);
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the stack did not start within 180 s')), 180_000);
      const check = () => {
        if (output.includes('Certdesk is running')) {
          clearTimeout(timer);
          child.stdout!.off('data', check);
          resolve();
        }
      };
      child.stdout!.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the stack stopped (exit ${code})`));
      });
    });
  } catch (error) {
    await stop().catch(() => {});
    throw new Error(`${(error as Error).message}:\n${output.slice(-4000)}`);
  }
  return { url, database, queuePrefix, output: () => output, killGroup, stop };
}

/** Logs the stack's central administrator in through the log-in page, and waits for the overview. */
export async function logInAsAdmin(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('E-mail').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
}
