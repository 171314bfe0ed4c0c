// Two api processes of one installation (one database, one Redis, one TOKEN_SECRET) behind "one address": every
// request below goes to the other replica than the one before, as a round-robin load balancer sends them. What one
// replica learns (a session, failed log-ins, a used eID challenge, a rotated calendar token, an import) the other
// must know: nothing may live in one process's memory.
import { createHash, createPrivateKey, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import pg from 'pg';
import { AUDIT_VERIFICATION_QUEUE } from '@certdesk/contracts';
import { withMod97CheckDigits } from '@certdesk/domain';
import { createTestDatabase, type TestDatabase } from '@certdesk/persistence/testing';
import { createTestPki, type TestCertificate, type TestPki } from '@certdesk/pki/testing';
import {
  apiProcess,
  call,
  cleanSharedRedis,
  logIn,
  PUBLIC_URL,
  queuePrefix,
  SHARED_REDIS_URL,
  type Answer,
} from './support/stack.js';
import { waitUntil } from './support/ports.js';

type Api = Awaited<ReturnType<typeof apiProcess>>;

describe('two api replicas, requests alternating between them', () => {
  let database: TestDatabase;
  const prefix = queuePrefix('api-replicas');
  const trustDir = mkdtempSync(join(tmpdir(), 'certdesk-faults-eid-'));
  const replicas: Api[] = [];
  let pki: TestPki;
  let turn = 0;
  let adminToken: string;
  let organisationId: string;

  /** The replica the load balancer sends the next request to (and its name, for messages). */
  const next = (): Api => replicas[turn++ % replicas.length]!;
  const send = (path: string, options: Parameters<typeof call>[2] = {}): Promise<Answer> =>
    call(next().url, path, options);

  beforeAll(async () => {
    database = await createTestDatabase();
    pki = await createTestPki();
    const anchors = join(trustDir, 'eid-trust.pem');
    writeFileSync(anchors, pki.root.certificate.pem + pki.citizenCa.certificate.pem);
    for (const name of ['api-a', 'api-b']) {
      replicas.push(
        await apiProcess(name, {
          databaseUrl: database.url,
          redis: { REDIS_URL: SHARED_REDIS_URL },
          prefix,
          // A short job lock: a killed replica's audit verification moves to the other within seconds.
          extra: { EID_TRUST_ANCHORS: anchors, UPLOAD_MAX_FILES: '2', WORKER_LOCK_MS: '2000' },
        }),
      );
    }
    // Both at once: the test database is a copy of the migrated template, so neither has migrations to apply.
    await Promise.all(replicas.map((replica) => replica.start()));
    adminToken = await logIn(next().url);
    const organisation = await send('/api/v1/organisations', {
      token: adminToken,
      body: { name: 'Ambulances des répliques', identifiers: [] },
    });
    expect(organisation.status).toBe(201);
    organisationId = organisation.body.id;
  }, 120_000);

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop('SIGKILL')));
    await cleanSharedRedis(prefix);
    await database?.drop();
    rmSync(trustDir, { recursive: true, force: true });
  });

  async function newUser(extra: Record<string, unknown> = {}): Promise<{ email: string; password: string }> {
    const email = `replica-${Math.random().toString(36).slice(2)}@faults.test`;
    const password = 'a-long-enough-password-for-replicas';
    const created = await send('/api/v1/users', {
      token: adminToken,
      body: {
        email,
        name: 'Replica User',
        password,
        roles: [{ role: 'certificate-manager', organisationId }],
        ...extra,
      },
    });
    expect(created.status).toBe(201);
    return { email, password };
  }

  it('a session opened on one replica works on the other, and a log-out on one ends it on both', async () => {
    const user = await newUser();
    const token = await logIn(next().url, user);
    expect((await send('/api/v1/auth/me', { token })).status).toBe(200);
    expect((await send('/api/v1/auth/me', { token })).status).toBe(200);
    expect((await send('/api/v1/auth/logout', { method: 'POST', token })).status).toBeLessThan(300);
    expect((await send('/api/v1/auth/me', { token })).status).toBe(401);
    expect((await send('/api/v1/auth/me', { token })).status).toBe(401);
  });

  it('log-in failures count across replicas: alternating them does not escape the throttle', async () => {
    const user = await newUser();
    const wrong = { email: user.email, password: 'not-the-password-at-all' };
    const failures: number[] = [];
    for (let i = 0; i < 6; i++) failures.push((await send('/api/v1/auth/login', { body: wrong })).status);
    // Three failures on each replica: five in a row are free, the sixth blocks the address on both.
    expect(failures.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    for (let i = 0; i < 2; i++) {
      const blocked = await send('/api/v1/auth/login', { body: user });
      expect(blocked.status).toBe(429);
      expect(blocked.body.code).toBe('LOGIN_THROTTLED');
    }
  });

  it('an eID challenge from one replica opens on the other, once: the second use is refused on either', async () => {
    const ssin = withMod97CheckDigits('850101321');
    await newUser({ ssin });
    const card = await pki.issueCitizenCertificates({
      ssin,
      givenName: 'Replica',
      surname: 'Holder',
      keyAlgorithm: 'EC-P384',
    });
    const challenge = await send('/api/v1/auth/eid/challenge', { method: 'POST' });
    expect(challenge.status).toBe(200);
    const body = {
      nonce: challenge.body.nonce,
      token: webEidToken(card.authentication, challenge.body.nonce),
    };
    const first = await send('/api/v1/auth/eid/login', { body });
    expect(first.status).toBe(200);
    expect(typeof first.body.accessToken).toBe('string');
    for (let i = 0; i < 2; i++) {
      const again = await send('/api/v1/auth/eid/login', { body });
      expect(again.status).toBe(401);
      expect(again.body.code).toBe('EID_NONCE_REUSED');
    }
  });

  it('the calendar URL works on both replicas, and a rotation on one ends the old URL on both', async () => {
    const feed = await send(`/api/v1/organisations/${organisationId}/calendar-feed`, { token: adminToken });
    expect(feed.status).toBe(200);
    const oldPath = new URL(feed.body.url as string).pathname;
    for (let i = 0; i < 2; i++) expect((await send(oldPath)).status).toBe(200);
    const rotated = await send(`/api/v1/organisations/${organisationId}/calendar-feed/rotate`, {
      method: 'POST',
      token: adminToken,
    });
    expect(rotated.status).toBe(200);
    const newPath = new URL(rotated.body.url as string).pathname;
    expect(newPath).not.toBe(oldPath);
    for (let i = 0; i < 2; i++) {
      expect((await send(oldPath)).status).toBe(404);
      expect((await send(newPath)).status).toBe(200);
    }
  });

  it('import limits hold on both replicas, and what one imported the other finds already there', async () => {
    const pems = await Promise.all(
      [0, 1, 2].map(async (i) => {
        const certificate = await pki.issueEhealthCertificate({
          identifierType: 'CBE',
          identifierValue: withMod97CheckDigits(String(4_000_000 + i * 37).padStart(8, '0')),
          holderName: `REPLICA ${i}`,
          keyAlgorithm: 'EC-P256',
        });
        return certificate.pem;
      }),
    );
    // UPLOAD_MAX_FILES=2 on both: three files answer 413 whichever replica gets them, and write nothing.
    for (let i = 0; i < 2; i++) {
      const tooMany = await upload(next(), adminToken, organisationId, pems);
      expect(tooMany.status).toBe(413);
      expect(tooMany.body.code).toBe('PAYLOAD_TOO_LARGE');
    }
    const first = await upload(next(), adminToken, organisationId, pems.slice(0, 1));
    expect(first.status).toBe(200);
    expect(first.body.files).toMatchObject([{ outcome: 'imported' }]);
    const again = await upload(next(), adminToken, organisationId, pems.slice(0, 1));
    expect(again.status).toBe(200);
    expect(again.body.files).toMatchObject([{ outcome: 'already-there' }]);
    const list = await send(`/api/v1/certificates?organisationId=${organisationId}`, { token: adminToken });
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
  });

  it('an audit verification whose replica is SIGKILLed is finished by the other, its log-in holding it meanwhile', async () => {
    const queue = new Queue(AUDIT_VERIFICATION_QUEUE, { connection: { url: SHARED_REDIS_URL }, prefix });
    const superuser = new pg.Client({ connectionString: database.url });
    await superuser.connect();
    const read = async (replica: Api, id: string) => {
      const answer = await call(replica.url, `/api/v1/audit/verifications/${id}`, { token: adminToken });
      expect(answer.status).toBe(200);
      return answer.body as {
        status: string;
        chains: { chain: string; ok: boolean; events: number }[] | null;
      };
    };
    const takenBy = async (id: string) => (await queue.getJob(id))?.processedBy ?? null;
    const nameOf = (replica: Api) => `${hostname()}:${replica.pid}`;
    try {
      // Every read of the audit trail waits behind this lock: the verification stops at its first chain, running,
      // on whichever replica took it.
      await superuser.query('BEGIN');
      await superuser.query('LOCK TABLE audit_event IN ACCESS EXCLUSIVE MODE');
      const started = await send('/api/v1/audit/verifications', { method: 'POST', token: adminToken });
      expect(started.status).toBe(202);
      const id = started.body.id as string;
      let holder: string | null = null;
      await waitUntil('the job taken', async () => (holder = await takenBy(id)) !== null, 30_000);
      const victim = replicas.find((replica) => nameOf(replica) === holder)!;
      const survivor = replicas.find((replica) => replica !== victim)!;
      expect(victim).toBeDefined();
      expect((await read(survivor, id)).status).toBe('running');

      expect((await victim.stop('SIGKILL')).signal).toBe('SIGKILL');
      // The dead replica's lease is still the log-in's: a second verification is refused and told which one runs.
      const again = await call(survivor.url, '/api/v1/audit/verifications', {
        method: 'POST',
        token: adminToken,
      });
      expect(again.status).toBe(409);
      expect(again.body.details).toEqual({ verificationId: id });
      // The survivor finds the job stalled once its lock lapses, and takes it.
      await waitUntil(
        'the survivor taking the job',
        async () => (await takenBy(id)) === nameOf(survivor),
        30_000,
      );
      expect((await read(survivor, id)).status).toBe('running');

      await superuser.query('COMMIT');
      let done = await read(survivor, id);
      await waitUntil(
        'the verification ending',
        async () => ['done', 'failed'].includes((done = await read(survivor, id)).status),
        30_000,
      );
      expect(done.status).toBe('done');
      // Whole: the same chains and counts as a verification in a request, every one intact.
      const inRequest = await call(survivor.url, '/api/v1/audit/verify', {
        method: 'POST',
        token: adminToken,
      });
      expect(done.chains).toEqual(inRequest.body);
      expect(done.chains!.find((c) => c.chain === organisationId)).toMatchObject({ ok: true });
      expect(done.chains!.every((c) => c.ok)).toBe(true);
      await victim.start();
    } finally {
      await superuser.query('ROLLBACK').catch(() => undefined);
      await superuser.end();
      await queue.close();
    }
  });
});

/** The card-bridge's `authenticate` answer for the dashboard's origin: an EC-P384 card signs H(origin) || H(nonce). */
function webEidToken(certificate: TestCertificate, nonce: string): Record<string, string> {
  const h = (text: string) => createHash('sha384').update(text, 'utf8').digest();
  const key = createPrivateKey({
    key: Buffer.from(certificate.privateKeyPkcs8),
    format: 'der',
    type: 'pkcs8',
  });
  const signature = sign('sha384', Buffer.concat([h(PUBLIC_URL), h(nonce)]), {
    key,
    dsaEncoding: 'ieee-p1363',
  });
  return {
    format: 'web-eid:1.0',
    unverifiedCertificate: Buffer.from(certificate.der).toString('base64'),
    algorithm: 'ES384',
    signature: signature.toString('base64'),
    appVersion: 'https://certdesk.test/card-bridge/test',
  };
}

/** POST /api/v1/certificates/import to one replica, each PEM a file of its own. */
async function upload(api: Api, token: string, organisationId: string, pems: string[]): Promise<Answer> {
  const form = new FormData();
  form.set('organisationId', organisationId);
  form.set('force', 'true');
  pems.forEach((pem, i) => form.append('files', new Blob([pem]), `certificate-${i}.pem`));
  const response = await fetch(`${api.url}/api/v1/certificates/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, origin: PUBLIC_URL },
    body: form,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
