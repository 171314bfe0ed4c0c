import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { AUDIT_VERIFICATION_QUEUE } from '@certdesk/contracts';
import { rewriteAuditChainFrom } from '@certdesk/persistence/testing';
import { createTestPki } from '@certdesk/pki/testing';
import { startApi, type RunningApi } from './support/api.js';

const certdesk = join(dirname(fileURLToPath(import.meta.url)), '..', 'apps', 'cli', 'bin', 'certdesk.js');
const run = (args: string[], env: Record<string, string>) =>
  promisify(execFile)(process.execPath, [certdesk, ...args], { env: { ...process.env, ...env } }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );

/** `certdesk audit verify` asks the api to recompute the audit chains, as an operator's nightly job would. */
describe('certdesk audit verify', () => {
  let api: RunningApi;
  let token: string;

  beforeAll(async () => {
    api = await startApi(await createTestPki());
    // Some history: an organisation created and changed.
    const created = await api.call('/api/v1/organisations', {
      token: api.adminToken,
      body: { name: 'Audited', identifiers: [{ type: 'NIHII-AMBU_SERVICE', value: '79609977' }] },
    });
    await api.call(`/api/v1/organisations/${created.body.id}`, {
      token: api.adminToken,
      method: 'PATCH',
      body: { name: 'Audited twice' },
    });
    const personal = await api.call('/api/v1/auth/tokens', {
      token: api.adminToken,
      body: { name: 'nightly audit check' },
    });
    token = personal.body.token;
  });
  afterAll(() => api.close());

  it('exits 0 and says ok for chains that hold', async () => {
    const result = await run(['audit', 'verify'], { CERTDESK_TOKEN: token, CERTDESK_API_URL: api.url });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ok\s+\S+ \(\d+ events\)$/m);
  });

  it('exits 1 and names the event when someone changed the trail behind the api', async () => {
    const client = new pg.Client({ connectionString: api.databaseUrl });
    await client.connect();
    try {
      await client.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only');
      const { rows } = await client.query<{ id: string }>(
        `UPDATE audit_event SET actor_label = 'someone else' WHERE id = (SELECT min(id) FROM audit_event WHERE organisation_id IS NOT NULL) RETURNING id`,
      );
      await client.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only');
      const result = await run(['audit', 'verify', '--json'], {
        CERTDESK_TOKEN: token,
        CERTDESK_API_URL: api.url,
      });
      expect(result.code).toBe(1);
      const broken = (JSON.parse(result.stdout) as { ok: boolean; brokenAt?: { eventId: string } }[]).find(
        (c) => !c.ok,
      );
      expect(broken?.brokenAt?.eventId).toBe(rows[0]!.id);
    } finally {
      await client.end();
    }
  });

  it('exits 1 when the trail was rewritten with full database access and every later hash recomputed', async () => {
    // Another organisation's chain, so the test above (which breaks the first one) does not decide this one.
    const created = await api.call('/api/v1/organisations', {
      token: api.adminToken,
      body: { name: 'Rewritten', identifiers: [{ type: 'CBE', value: '0566988259' }] },
    });
    for (const name of ['Rewritten twice', 'Rewritten thrice']) {
      await api.call(`/api/v1/organisations/${created.body.id}`, {
        token: api.adminToken,
        method: 'PATCH',
        body: { name },
      });
    }
    const client = new pg.Client({ connectionString: api.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string }>(
        'SELECT id FROM audit_event WHERE chain = $1 ORDER BY id',
        [created.body.id],
      );
      // The superuser's whole rewrite: the event, then every later plain SHA-256 and the chain head.
      await rewriteAuditChainFrom(client, created.body.id, rows[1]!.id);
      const result = await run(['audit', 'verify', '--json'], {
        CERTDESK_TOKEN: token,
        CERTDESK_API_URL: api.url,
      });
      expect(result.code).toBe(1);
      const chains = JSON.parse(result.stdout) as {
        chain: string;
        ok: boolean;
        brokenAt?: { eventId: string };
      }[];
      expect(chains.find((c) => c.chain === created.body.id)).toMatchObject({
        ok: false,
        brokenAt: { eventId: rows[1]!.id },
      });
    } finally {
      await client.end();
    }
  });

  it("verifies one organisation's chain with --organisation, whatever the others' state", async () => {
    // The tests above broke two chains: verifying every chain exits 1, this one alone 0.
    const intact = await api.call('/api/v1/organisations', {
      token: api.adminToken,
      body: { name: 'Intact', identifiers: [{ type: 'CBE', value: '0403170701' }] },
    });
    const env = { CERTDESK_TOKEN: token, CERTDESK_API_URL: api.url };
    expect((await run(['audit', 'verify'], env)).code).toBe(1);
    const alone = await run(['audit', 'verify', '--organisation', intact.body.id, '--json'], env);
    expect(alone.code).toBe(0);
    expect(
      (JSON.parse(alone.stdout) as { chain: string; ok: boolean }[]).map((c) => [c.chain, c.ok]),
    ).toEqual([[intact.body.id, true]]);
    // Not an organisation's id: the api's words, and exit 2 (the chain could not be asked about).
    const bad = await run(['audit', 'verify', '--organisation', 'global'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/400.*organisationId/);
  });

  it('follows the verification its log-in already has running, and refuses to take one of another scope for its own', async () => {
    const env = { CERTDESK_TOKEN: token, CERTDESK_API_URL: api.url };
    const organisation = await api.call('/api/v1/organisations', {
      token: api.adminToken,
      body: { name: 'Queued', identifiers: [{ type: 'CBE', value: '0202239951' }] },
    });
    // Queued and not yet taken (the queue paused), as behind a long verification: started with the same token.
    const queue = new Queue(AUDIT_VERIFICATION_QUEUE, {
      connection: new Redis(api.redisUrl, { maxRetriesPerRequest: null }),
      prefix: api.queuePrefix,
    });
    await queue.pause();
    try {
      const scope = `?organisationId=${organisation.body.id}`;
      const started = await api.call(`/api/v1/audit/verifications${scope}`, { token, method: 'POST' });
      expect(started.status).toBe(202);
      // Every chain asked for while one organisation's is queued: not taken for the answer.
      const other = await run(['audit', 'verify'], env);
      expect(other.code).toBe(2);
      expect(other.stderr).toContain(`running (of ${organisation.body.id}): ask again once it is done`);
      // The same organisation: that verification is followed until a replica has done it.
      const followed = run(['audit', 'verify', '--organisation', organisation.body.id, '--json'], env);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await queue.resume();
      const result = await followed;
      expect(result.code).toBe(0);
      expect(
        (JSON.parse(result.stdout) as { chain: string; ok: boolean }[]).map((c) => [c.chain, c.ok]),
      ).toEqual([[organisation.body.id, true]]);
    } finally {
      await queue.resume();
      await queue.close();
      await queue.disconnect();
    }
  });

  it('exits 2 with a clear message when the api refuses the token or cannot be reached', async () => {
    const refused = await run(['audit', 'verify'], {
      CERTDESK_TOKEN: 'cdp_not-a-token',
      CERTDESK_API_URL: api.url,
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/401/);
    const unreachable = await run(['audit', 'verify'], {
      CERTDESK_TOKEN: token,
      CERTDESK_API_URL: 'http://127.0.0.1:9',
    });
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/cannot reach/);
  });
});
