import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@certdesk/persistence/testing';
import { freePort } from './support/ports.js';

// The built api, as an operator runs it (`npm test` builds before it tests).
const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** Starts the api with LOG_LEVEL=`level`, and returns what it wrote (both streams) once it listens. */
async function startupOutput(databaseUrl: string, level: string): Promise<string> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the api first`);
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      TOKEN_SECRET: 'test-token-secret-that-is-long-enough-000',
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: level,
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listening = new Promise<void>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Certdesk api listening')) resolve();
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`the api exited (${code}):\n${output}`)));
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  try {
    await listening;
  } finally {
    clearTimeout(timer);
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  }
  return output;
}

/**
 * LOG_LEVEL, as the README gives it, decides what the api logs: at `warn` an operator's log holds no line of every
 * route mapped at each start; at `info` (the default) it does.
 */
describe('the api logs as LOG_LEVEL says', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('logs its start-up details at info, and none of them at warn or silent', async () => {
    const info = await startupOutput(database.url, 'info');
    expect(info).toMatch(/Mapped \{\/api\/v1\/auth\/login, POST\} route/);
    expect(info).toMatch(/Nest application successfully started/);
    for (const level of ['warn', 'silent']) {
      const quiet = await startupOutput(database.url, level);
      expect(quiet).not.toMatch(/Mapped \{|Nest application successfully started|LOG/);
      // Its own line saying where it listens is not a log record: it is always written.
      expect(quiet).toMatch(/Certdesk api listening on http:\/\/127\.0\.0\.1:\d+/);
    }
  });
});
