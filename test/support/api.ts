// The api, in this process on a fresh database, listening on a loopback port, with the test PKI's root and Citizen CA
// as its eID trust anchors. Its PUBLIC_URL is where the dashboard would run: the origin the cards sign for.
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The end-to-end tests may use the apps (eslint.config.mjs: type:e2e depends on type:app); Nx's blanket "no imports
// of apps" check does not know that exception.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createApp, loadConfig, startWorkers } from '@certdesk/api';
import { createTestDatabase } from '@certdesk/persistence/testing';
import type { TestPki } from '@certdesk/pki/testing';
import { call, type CallOptions, type CallResult } from './http.js';
import { removeQueueKeys } from './redis-keys.js';

export const DASHBOARD_ORIGIN = 'https://certdesk.test';
const ADMIN = { email: 'admin@certdesk.test', password: 'e2e-central-admin-password' };

export interface RunningApi {
  url: string;
  /** Its database, for tests that look behind the api (e.g. tamper with the audit trail). */
  databaseUrl: string;
  /** Its Redis and its queues' prefix there, for tests that look at its queues. */
  redisUrl: string;
  queuePrefix: string;
  adminToken: string;
  /** A call as the dashboard makes it: from DASHBOARD_ORIGIN unless told otherwise. */
  call(path: string, options?: CallOptions): Promise<CallResult>;
  /** Uploads files to the import endpoint (multipart), as the dashboard's import page does. */
  importFiles(
    token: string,
    fields: Record<string, string>,
    files: { name: string; bytes: Uint8Array }[],
  ): Promise<CallResult>;
  close(): Promise<void>;
}

export async function startApi(pki: TestPki): Promise<RunningApi> {
  const database = await createTestDatabase();
  const dir = await mkdtemp(join(tmpdir(), 'certdesk-e2e-api-'));
  const trustBundle = join(dir, 'eid-trust.pem');
  await writeFile(trustBundle, pki.root.certificate.pem + pki.citizenCa.certificate.pem);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '5',
    TOKEN_SECRET: 'e2e-token-secret-that-is-long-enough-0000',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    PUBLIC_URL: DASHBOARD_ORIGIN,
    EID_TRUST_ANCHORS: trustBundle,
    // Queues of its own: its workers take no other test's jobs.
    QUEUE_PREFIX: `certdesk-test-e2e-${randomBytes(4).toString('hex')}`,
  });
  const app = await createApp(config, { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  await startWorkers(app);
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const apiCall = (path: string, options: CallOptions = {}) =>
    call(`${url}${path}`, { origin: DASHBOARD_ORIGIN, ...options });
  const login = await apiCall('/api/v1/auth/login', { body: ADMIN });
  if (login.status !== 200) throw new Error(`admin log-in: ${login.status} ${JSON.stringify(login.body)}`);
  return {
    url,
    databaseUrl: database.url,
    redisUrl: config.redisUrl,
    queuePrefix: config.queuePrefix,
    adminToken: login.body.accessToken,
    call: apiCall,
    importFiles: async (token, fields, files) => {
      const form = new FormData();
      for (const [key, value] of Object.entries(fields)) form.append(key, value);
      for (const file of files) form.append('files', new Blob([file.bytes]), file.name);
      const response = await fetch(`${url}/api/v1/certificates/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      return { status: response.status, body: await response.json() };
    },
    close: async () => {
      await app.close();
      await database.drop();
      await removeQueueKeys(config.redisUrl, config.queuePrefix);
    },
  };
}
