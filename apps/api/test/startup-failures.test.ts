import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createEmptyTestDatabase, type TestDatabase } from '@certdesk/persistence/testing';
import { freePort } from './support/ports.js';

// The built api (`npx tsc -b apps/api/tsconfig.app.json`; `npm test` builds before it tests), as an operator runs it.
const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

async function startApi(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  if (!existsSync(MAIN))
    throw new Error(`${MAIN} is missing: build the api first (npx tsc -b apps/api/tsconfig.app.json)`);
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      TOKEN_SECRET: 'test-token-secret-that-is-long-enough-000',
      HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // A start-up that does not fail would listen for good: stop it, and the assertions below say so.
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** One line on stderr, naming the variable; no stack trace. */
function expectOneLineNaming(stderr: string, variable: string): void {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^Certdesk api cannot start: .*\\b${variable}\\b`));
  expect(stderr).not.toMatch(/^\s+at /m);
}

describe('the api names the variable to change when it cannot start', () => {
  let database: TestDatabase;
  let taken: Server;
  let takenPort: number;

  beforeAll(async () => {
    database = await createEmptyTestDatabase();
    taken = createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    takenPort = (taken.address() as { port: number }).port;
  });
  afterAll(async () => {
    taken.close();
    await database.drop();
  });

  it('PORT, when its port is taken', async () => {
    const { code, stderr } = await startApi({ PORT: String(takenPort), DATABASE_URL: database.url });
    expect(code).toBe(1);
    expectOneLineNaming(stderr, 'PORT');
    expect(stderr).toContain(`127.0.0.1:${takenPort} is already in use`);
  });

  it('DATABASE_URL, when Postgres refuses its role', async () => {
    const url = new URL(database.url);
    url.username = 'no_such_certdesk_role';
    const { code, stderr } = await startApi({ PORT: String(await freePort()), DATABASE_URL: url.toString() });
    expect(code).toBe(1);
    expectOneLineNaming(stderr, 'DATABASE_URL');
    expect(stderr).toContain('Postgres refused the log-in (role "no_such_certdesk_role" does not exist)');
  });

  it('DATABASE_URL, when nothing answers there, without showing its password', async () => {
    const { code, stderr } = await startApi({
      PORT: String(await freePort()),
      DATABASE_URL: `postgres://postgres:hunter2-secret@127.0.0.1:${await freePort()}/certdesk`,
    });
    expect(code).toBe(1);
    expectOneLineNaming(stderr, 'DATABASE_URL');
    expect(stderr).toContain('does not answer (ECONNREFUSED)');
    expect(stderr).not.toContain('hunter2-secret');
  });
});
