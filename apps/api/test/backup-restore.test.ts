import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createEmptyTestDatabase, type TestDatabase } from '@certdesk/persistence/testing';
import { loadConfig } from '../src/config/config.js';
import { createApp } from '../src/create-app.js';
import { seedDemo } from '../src/demo/seed-demo.js';
import { ADMIN, bearer, startTestApp, type TestApp } from './support/test-app.js';

const run = promisify(execFile);
const GUIDE = join(import.meta.dirname, '..', '..', '..', 'docs', 'operations.md');

/** The guide's backup and restore commands (the `pg_dump` and `pg_restore` lines of its sh blocks), as written. */
async function guideCommands(): Promise<{ backup: string; restore: string }> {
  const markdown = await readFile(GUIDE, 'utf8');
  const lines = [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n'));
  const backup = lines.filter((line) => line.startsWith('pg_dump '));
  const restore = lines.filter((line) => line.startsWith('pg_restore '));
  expect(backup).toHaveLength(1);
  expect(restore).toHaveLength(1);
  return { backup: backup[0]!, restore: restore[0]! };
}

interface Chain {
  chain: string;
  events: number;
  ok: boolean;
}

describe('a backup with pg_dump restored into a new database (docs/operations.md)', () => {
  const auditKey = randomBytes(32).toString('hex');
  let source: TestApp;
  let restored: TestDatabase;
  let dumpDir: string;
  const apps: INestApplication[] = [];

  /** The api on the restored database, as an operator starts it: same secrets, or another audit key. */
  async function apiOnRestored(env: Record<string, string> = {}): Promise<INestApplication> {
    const app = await createApp(
      loadConfig({
        NODE_ENV: 'test',
        DATABASE_URL: restored.url,
        DATABASE_POOL_SIZE: '3',
        TOKEN_SECRET: source.config.tokenSecret,
        AUDIT_KEY: auditKey,
        PUBLIC_URL: source.config.publicUrl,
        ...env,
      }),
      { logger: ['error'] },
    );
    await app.init();
    apps.push(app);
    return app;
  }

  /** What the api answers the central administrator for the data people see, one call after another. */
  async function everything(app: INestApplication): Promise<Record<string, unknown>> {
    const get = async (path: string) => {
      const response = await request(app.getHttpServer()).get(path).set(bearer(source.adminToken));
      expect(response.status).toBe(200);
      return response.body as unknown;
    };
    const certificates = (await get(
      '/api/v1/certificates?limit=100&state=active&state=revoked&state=superseded',
    )) as { items: { id: string }[] };
    return {
      organisations: await get('/api/v1/organisations'),
      people: await get('/api/v1/people'),
      users: await get('/api/v1/users'),
      certificates,
      details: await Promise.all(certificates.items.map((c) => get(`/api/v1/certificates/${c.id}`))),
      audit: await get('/api/v1/audit?limit=100'),
      handovers: await get('/api/v1/handovers'),
    };
  }

  const verify = async (app: INestApplication) =>
    (
      await request(app.getHttpServer())
        .post('/api/v1/audit/verify')
        .set(bearer(source.adminToken))
        .expect(200)
    ).body as Chain[];

  beforeAll(async () => {
    source = await startTestApp({ AUDIT_KEY: auditKey });
    const server = source.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Organisations, people, log-ins, ~30 certificates with renewals and a revocation, and their audit events.
    await seedDemo({ apiUrl, adminEmail: ADMIN.email, adminPassword: ADMIN.password, log: () => {} });
    restored = await createEmptyTestDatabase();
    dumpDir = await mkdtemp(join(tmpdir(), 'certdesk-backup-'));
  }, 120_000);
  afterAll(async () => {
    for (const app of apps) await app.close();
    await source?.close();
    await restored?.drop();
    await rm(dumpDir, { recursive: true, force: true });
  });

  it("backs up and restores with the guide's own commands", async () => {
    const { backup, restore } = await guideCommands();
    const env = { ...process.env, DATABASE_URL: source.database.url, RESTORE_DATABASE_URL: restored.url };
    await run('sh', ['-c', backup], { cwd: dumpDir, env });
    await run('sh', ['-c', restore], { cwd: dumpDir, env });
  });

  it('the api on the restored database serves the same data, to the same session', async () => {
    const before = await everything(source.app);
    expect((before.certificates as { items: unknown[] }).items.length).toBeGreaterThanOrEqual(25);
    const after = await everything(await apiOnRestored());
    expect(after).toEqual(before);
  });

  it('every audit chain of the restored database verifies with the same audit key, and not with another', async () => {
    const original = await verify(source.app);
    expect(original.length).toBeGreaterThanOrEqual(4);
    const sameKey = await verify(apps[0]!);
    expect(sameKey.every((c) => c.ok)).toBe(true);
    expect(sameKey.map(({ chain, events }) => ({ chain, events }))).toEqual(
      original.map(({ chain, events }) => ({ chain, events })),
    );
    const otherKey = await verify(await apiOnRestored({ AUDIT_KEY: randomBytes(32).toString('hex') }));
    expect(otherKey.some((c) => !c.ok)).toBe(true);
  });
});
