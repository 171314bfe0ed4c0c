import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import pg from 'pg';
import request from 'supertest';
import { AUDIT_VERIFICATION_QUEUE } from '@certdesk/contracts';
import { AuditVerificationJobs, QUEUED_LEASE_MS } from '../src/audit/audit-verification-jobs.js';
import { requestHolder, verificationLeaseKey } from '../src/audit/audit-verification.js';
import { createApp } from '../src/create-app.js';
import { RedisConnection } from '../src/redis/redis.provider.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { snapshot } from './support/db-snapshot.js';
import { appendAuditEvents, storedAuditEvents } from './support/audit-fixtures.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

interface Verification {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  organisationId: string | null;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  progress: { chainsTotal: number; chainsChecked: number; eventsChecked: number } | null;
  chains: { chain: string; organisationName: string | null; events: number; ok: boolean }[] | null;
  error: string | null;
}

const append = appendAuditEvents;

/** Reads the verification until `until` holds for it (or 60 s pass), every 25 ms; each answer is kept. */
async function follow(
  t: TestApp,
  token: string,
  id: string,
  until: (v: Verification) => boolean = (v) => v.status === 'done' || v.status === 'failed',
): Promise<Verification[]> {
  const seen: Verification[] = [];
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await t.http().get(`/api/v1/audit/verifications/${id}`).set(bearer(token)).expect(200);
    seen.push(response.body as Verification);
    if (until(response.body as Verification)) return seen;
    if (Date.now() > deadline) throw new Error(`verification ${id} still ${response.body.status} after 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('audit verifications run as jobs', () => {
  let t: TestApp;
  let own: { id: string; name: string };
  let other: { id: string; name: string };
  let ownAdmin: TestUser;
  let otherAdmin: TestUser;

  const start = (token: string, query = '') =>
    t.http().post(`/api/v1/audit/verifications${query}`).set(bearer(token));

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.get(AuditVerificationJobs).start();
    own = await createOrganisation(t);
    other = await createOrganisation(t);
    ownAdmin = await createUser(t, [{ role: 'org-admin', organisationId: own.id }]);
    otherAdmin = await createUser(t, [{ role: 'org-admin', organisationId: other.id }]);
    await append(t, own.id, 3_000);
    await append(t, other.id, 20);
  });
  afterAll(() => t.close());

  it('answers 202 at once, then the same verdicts as a verification in a request, its progress never past the whole', async () => {
    const started = await start(t.adminToken).expect(202);
    expect(started.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const seen = await follow(t, t.adminToken, started.body.id);
    const done = seen.at(-1)!;
    expect(done).toMatchObject({ status: 'done', organisationId: null, error: null });
    expect(Date.parse(done.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(done.startedAt!));
    expect(Date.parse(done.startedAt!)).toBeGreaterThanOrEqual(Date.parse(done.requestedAt));
    // Its verdicts are the ones a verification in one request gives.
    const inRequest = await t.http().post('/api/v1/audit/verify').set(bearer(t.adminToken)).expect(200);
    expect(done.chains).toEqual(inRequest.body);
    expect(done.chains!.find((c) => c.chain === own.id)).toEqual({
      chain: own.id,
      organisationName: own.name,
      events: expect.any(Number),
      ok: true,
    });
    const events = done.chains!.reduce((sum, c) => sum + c.events, 0);
    expect(done.progress).toEqual({
      chainsTotal: done.chains!.length,
      chainsChecked: done.chains!.length,
      eventsChecked: events,
    });
    // While it ran, no answer carried verdicts, and its progress never went past the whole.
    for (const v of seen.slice(0, -1)) {
      expect(v.chains).toBeNull();
      if (v.progress) expect(v.progress.eventsChecked).toBeLessThanOrEqual(events);
    }
  });

  it("checks one organisation's chain alone, for its org-admin, and names the first forged event", async () => {
    const superuser = new pg.Client({ connectionString: t.database.url });
    await superuser.connect();
    // The sixth event of the chain (an organisation's first events are its creation's and its admin's).
    const [forged] = (
      await superuser.query<{ id: string }>(
        'SELECT e.id::text FROM audit_event e WHERE e.chain = $1 ORDER BY e.id OFFSET 5 LIMIT 1',
        [other.id],
      )
    ).rows;
    await superuser.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only');
    try {
      await superuser.query(
        `UPDATE audit_event SET after = jsonb_set(after, '{subject}', '"CN=forged"') WHERE id = $1`,
        [forged!.id],
      );
    } finally {
      await superuser.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only');
      await superuser.end();
    }
    const started = await start(otherAdmin.token, `?organisationId=${other.id}`).expect(202);
    const done = (await follow(t, otherAdmin.token, started.body.id)).at(-1)!;
    expect(done).toMatchObject({ status: 'done', organisationId: other.id });
    expect(done.chains).toEqual([
      {
        chain: other.id,
        organisationName: other.name,
        events: 6,
        ok: false,
        brokenAt: { eventId: forged!.id, reason: 'its content does not match its hash' },
      },
    ]);
    // Without the organisation: every chain the org-admin may verify, which is this one alone.
    const all = await start(otherAdmin.token).expect(202);
    expect((await follow(t, otherAdmin.token, all.body.id)).at(-1)!.chains).toEqual(done.chains);
  });

  it('is not held back by a finished verification whose replica died before freeing its log-in', async () => {
    const started = await start(ownAdmin.token, `?organisationId=${own.id}`).expect(202);
    await follow(t, ownAdmin.token, started.body.id);
    // What a replica killed as the job ended leaves behind: the log-in's lease, still naming the finished job.
    const redis = t.app.get(RedisConnection).client;
    const leftBehind = () =>
      redis.set(verificationLeaseKey(t.config.queuePrefix, ownAdmin.id), started.body.id, 'PX', 60_000);
    await leftBehind();
    // A verification in a request is not refused for it either.
    await t
      .http()
      .post(`/api/v1/audit/verify?organisationId=${own.id}`)
      .set(bearer(ownAdmin.token))
      .expect(200);
    await leftBehind();
    const again = await start(ownAdmin.token, `?organisationId=${own.id}`).expect(202);
    expect(again.body.id).not.toBe(started.body.id);
    // The new one holds the log-in as usual.
    const third = await start(ownAdmin.token, `?organisationId=${own.id}`).expect(409);
    expect(third.body.details).toEqual({ verificationId: again.body.id });
    await follow(t, ownAdmin.token, again.body.id);
  });

  it('is not held back by a replica that died between holding its log-in and queueing the job', async () => {
    const redis = t.app.get(RedisConnection).client;
    const key = verificationLeaseKey(t.config.queuePrefix, ownAdmin.id);
    const verifyInRequest = () =>
      t.http().post(`/api/v1/audit/verify?organisationId=${own.id}`).set(bearer(ownAdmin.token));
    try {
      // A live replica between the two steps: the hold just taken for a job not queued yet. Refused meanwhile, with
      // no verification to follow.
      await redis.set(key, randomUUID(), 'PX', QUEUED_LEASE_MS);
      const meanwhile = await start(ownAdmin.token, `?organisationId=${own.id}`).expect(409);
      expect(meanwhile.body.details).toBeUndefined();
      await verifyInRequest().expect(409);
      // The same hold 20 s on: that replica died, or it would have queued its job (or given up) by now.
      await redis.set(key, randomUUID(), 'PX', QUEUED_LEASE_MS - 20_000);
      await verifyInRequest().expect(200);
      await redis.set(key, randomUUID(), 'PX', QUEUED_LEASE_MS - 20_000);
      const again = await start(ownAdmin.token, `?organisationId=${own.id}`).expect(202);
      const third = await start(ownAdmin.token, `?organisationId=${own.id}`).expect(409);
      expect(third.body.details).toEqual({ verificationId: again.body.id });
      await follow(t, ownAdmin.token, again.body.id);
      // A verification in a request holds the log-in under a name of its own, which no age frees.
      await redis.set(key, requestHolder(), 'PX', 5_000);
      await start(ownAdmin.token, `?organisationId=${own.id}`).expect(409);
      await verifyInRequest().expect(409);
    } finally {
      await redis.del(key);
    }
  });

  it("is read by the log-in that started it alone: another log-in's, or an unknown id, answers 404", async () => {
    const started = await start(ownAdmin.token, `?organisationId=${own.id}`).expect(202);
    await follow(t, ownAdmin.token, started.body.id);
    for (const token of [otherAdmin.token, t.adminToken]) {
      const response = await t
        .http()
        .get(`/api/v1/audit/verifications/${started.body.id}`)
        .set(bearer(token))
        .expect(404);
      expect(JSON.stringify(response.body)).not.toContain(own.name);
      expect(JSON.stringify(response.body)).not.toContain(own.id);
    }
    await t.http().get(`/api/v1/audit/verifications/${randomUUID()}`).set(bearer(ownAdmin.token)).expect(404);
    await t.http().get(`/api/v1/audit/verifications/${started.body.id}`).expect(401);
    // Hostile ids: not an id, overlong, control characters, a path beyond it.
    for (const id of [
      'global',
      'a'.repeat(10_000),
      encodeURIComponent(`${started.body.id}\u0000`),
      encodeURIComponent(`${started.body.id}\r\nX-Injected: 1`),
      `${started.body.id}%2F..%2F..`,
    ]) {
      const response = await t.http().get(`/api/v1/audit/verifications/${id}`).set(bearer(ownAdmin.token));
      expect({ id: id.slice(0, 60), status: response.status }).toEqual({ id: id.slice(0, 60), status: 400 });
      expect(JSON.stringify(response.body)).not.toContain(own.name);
    }
  });

  it('shows its result only while its log-in may still verify what it checked', async () => {
    const demoted = await createUser(t, [{ role: 'org-admin', organisationId: own.id }]);
    const started = await start(demoted.token, `?organisationId=${own.id}`).expect(202);
    expect((await follow(t, demoted.token, started.body.id)).at(-1)!.chains).toHaveLength(1);
    await t
      .http()
      .patch(`/api/v1/users/${demoted.id}`)
      .set(bearer(t.adminToken))
      .send({ roles: [{ role: 'viewer', organisationId: own.id }] })
      .expect(200);
    const refused = await t
      .http()
      .get(`/api/v1/audit/verifications/${started.body.id}`)
      .set(bearer(demoted.token))
      .expect(403);
    expect(JSON.stringify(refused.body)).not.toContain(own.name);
  });

  it("refuses another tenant's organisation (404), a role without audit.verify (403) and hostile values (400), queueing nothing", async () => {
    const viewer = await createUser(t, [{ role: 'viewer', organisationId: own.id }]);
    const manager = await createUser(t, [{ role: 'certificate-manager', organisationId: own.id }]);
    const queue = new Queue(AUDIT_VERIFICATION_QUEUE, {
      connection: t.app.get(RedisConnection).client,
      prefix: t.config.queuePrefix,
    });
    const queued = async () => Object.values(await queue.getJobCounts()).reduce((sum, n) => sum + n, 0);
    const before = { database: await snapshot(t), jobs: await queued() };
    const theirs = await start(ownAdmin.token, `?organisationId=${other.id}`).expect(404);
    expect(JSON.stringify(theirs.body)).not.toContain(other.name);
    await start(t.adminToken, `?organisationId=${randomUUID()}`).expect(404);
    for (const token of [viewer.token, manager.token]) {
      await start(token).expect(403);
      await start(token, `?organisationId=${own.id}`).expect(403);
    }
    for (const query of [
      '?organisationId=global',
      `?organisationId=${'a'.repeat(10_000)}`,
      `?organisationId=${encodeURIComponent(`${own.id}\u0000`)}`,
      `?organisationId=${own.id}&organisationId=${other.id}`,
      `?organisationId=${own.id}&chain=global`,
    ]) {
      const response = await start(ownAdmin.token, query);
      expect({ query: query.slice(0, 80), status: response.status }).toEqual({
        query: query.slice(0, 80),
        status: 400,
      });
    }
    await t.http().post('/api/v1/audit/verifications').expect(401);
    expect({ database: await snapshot(t), jobs: await queued() }).toEqual(before);
    expect(before.jobs).toBeGreaterThan(0);
    await queue.close();
  });
});

describe('audit verifications queued while no replica works them', () => {
  let t: TestApp;
  let organisation: { id: string; name: string };

  beforeAll(async () => {
    t = await startTestApp();
    organisation = await createOrganisation(t);
    await append(t, organisation.id, 10);
  });
  afterAll(() => t.close());

  it('keeps one per log-in, queued or in a request, and any replica that starts works it', async () => {
    const admin = bearer(t.adminToken);
    const first = await t.http().post('/api/v1/audit/verifications').set(admin).expect(202);
    const queued = await t.http().get(`/api/v1/audit/verifications/${first.body.id}`).set(admin).expect(200);
    expect(queued.body).toMatchObject({ status: 'queued', startedAt: null, progress: null, chains: null });
    // The same log-in again, as a job or in a request: told which one runs.
    const second = await t.http().post('/api/v1/audit/verifications').set(admin).expect(409);
    expect(second.body).toMatchObject({
      code: 'VERIFICATION_RUNNING',
      details: { verificationId: first.body.id },
    });
    const inRequest = await t.http().post('/api/v1/audit/verify').set(admin).expect(409);
    expect(inRequest.body).toMatchObject({ code: 'VERIFICATION_RUNNING' });
    // Followed while it waits, it keeps its hold past the queued lease's time (its expiry as if minutes had passed).
    const redis = t.app.get(RedisConnection).client;
    const adminId = (await t.http().get('/api/v1/auth/me').set(admin).expect(200)).body.userId as string;
    expect(await redis.del(verificationLeaseKey(t.config.queuePrefix, adminId))).toBe(1);
    await t.http().get(`/api/v1/audit/verifications/${first.body.id}`).set(admin).expect(200);
    const third = await t.http().post('/api/v1/audit/verifications').set(admin).expect(409);
    expect(third.body.details).toEqual({ verificationId: first.body.id });
    // Another log-in is not held back.
    const orgAdmin = await createUser(t, [{ role: 'org-admin', organisationId: organisation.id }]);
    await t.http().post('/api/v1/audit/verifications').set(bearer(orgAdmin.token)).expect(202);

    // A second api on the same database and Redis, as a replica behind the same address: it works the queued job,
    // and the log-in reads it on either.
    const replica = await createApp(t.config, { logger: ['error'] });
    await replica.init();
    try {
      await replica.get(AuditVerificationJobs).start();
      const done = (await follow(t, t.adminToken, first.body.id)).at(-1)!;
      expect(done.status).toBe('done');
      expect(done.chains!.find((c) => c.chain === organisation.id)).toMatchObject({
        ok: true,
        events: await storedAuditEvents(t, organisation.id),
      });
      const there = await request(replica.getHttpServer())
        .get(`/api/v1/audit/verifications/${first.body.id}`)
        .set(admin)
        .expect(200);
      expect(there.body).toEqual(done);
      // Done, it frees the log-in: another verification starts.
      await t.http().post('/api/v1/audit/verifications').set(admin).expect(202);
    } finally {
      await replica.close();
    }
  });
});

describe('an audit verification whose replica shuts down', () => {
  let t: TestApp;
  let organisation: { id: string; name: string };

  beforeAll(async () => {
    t = await startTestApp();
    organisation = await createOrganisation(t);
    // Seconds of hashing: the replica stops well before the end.
    await append(t, organisation.id, 40_000);
  });
  afterAll(() => t.close());

  it('reports its progress while it runs, goes back to the queue at once, still holding its log-in, and another replica does it whole', async () => {
    const admin = bearer(t.adminToken);
    const stored = await storedAuditEvents(t, organisation.id);
    const leaving = await createApp(t.config, { logger: ['error'] });
    await leaving.init();
    await leaving.get(AuditVerificationJobs).start();
    const started = await t.http().post('/api/v1/audit/verifications').set(admin).expect(202);
    // Mid-way, the log-in sees how far it got: some events checked, not yet all of this organisation's.
    const running = (
      await follow(
        t,
        t.adminToken,
        started.body.id,
        (v) => v.status !== 'queued' && (v.progress?.eventsChecked ?? 0) > 0,
      )
    ).at(-1)!;
    expect(running).toMatchObject({ status: 'running', chains: null });
    expect(running.progress!.eventsChecked).toBeLessThan(stored);
    await leaving.close();
    const left = await t.http().get(`/api/v1/audit/verifications/${started.body.id}`).set(admin).expect(200);
    expect(left.body).toMatchObject({ status: 'queued', chains: null, error: null });
    // Its log-in still has it: a second one is refused and told which.
    const again = await t.http().post('/api/v1/audit/verifications').set(admin).expect(409);
    expect(again.body.details).toEqual({ verificationId: started.body.id });

    await t.app.get(AuditVerificationJobs).start();
    const done = (await follow(t, t.adminToken, started.body.id)).at(-1)!;
    expect(done.status).toBe('done');
    expect(done.chains!.find((c) => c.chain === organisation.id)).toMatchObject({
      ok: true,
      events: stored,
    });
  });
});

describe('audit verifications while Redis does not answer', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:9' });
  });
  afterAll(() => t.close());

  it('answers 503 in words, and a verification in a request still runs', async () => {
    const admin = bearer(t.adminToken);
    const started = await t.http().post('/api/v1/audit/verifications').set(admin).expect(503);
    expect(started.body).toMatchObject({
      code: 'QUEUE_UNAVAILABLE',
      message: expect.stringMatching(/Redis/),
    });
    const read = await t.http().get(`/api/v1/audit/verifications/${randomUUID()}`).set(admin).expect(503);
    expect(read.body.code).toBe('QUEUE_UNAVAILABLE');
    const inRequest = await t.http().post('/api/v1/audit/verify').set(admin).expect(200);
    expect(inRequest.body.every((c: { ok: boolean }) => c.ok)).toBe(true);
  });
});
