import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { QUEUE_NAMES, REMINDER_SCHEDULER_ID, reminderScanJobId } from '@certdesk/contracts';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { seedCertificates } from './support/seed-certificates.js';
import { bearer, removeQueueKeys, startTestApp, type TestApp } from './support/test-app.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

type Role = 'org-admin' | 'certificate-manager' | 'viewer';
const ROLES: Role[] = ['org-admin', 'certificate-manager', 'viewer'];

describe('reminders', () => {
  // A BullMQ prefix of this test file's own: no other test file (nor a running notifier) shares its queues.
  const prefix = `certdesk-test-api-reminders-${randomBytes(4).toString('hex')}`;
  let t: TestApp;
  let db: DataSource;
  let own: { id: string; name: string };
  let other: { id: string; name: string };
  let users: Record<Role, TestUser>;
  let ownCertificate: string;
  let personalCertificate: string;
  let otherCertificate: string;

  /** Reminder rows as the notifier writes them. */
  async function remind(
    certificateId: string,
    milestone: string,
    deliveries: { recipient: string; kind: string; state: string; error?: string }[],
    runId: string | null = null,
  ): Promise<void> {
    const [{ id }] = (await db.query(
      `INSERT INTO reminder (certificate_id, organisation_id, milestone, run_id)
       SELECT id, organisation_id, $2, $3 FROM certificate WHERE id = $1 RETURNING id`,
      [certificateId, milestone, runId],
    )) as [{ id: string }];
    for (const d of deliveries) {
      await db.query(
        `INSERT INTO reminder_delivery (reminder_id, recipient, kind, state, attempts, error, sent_at)
         VALUES ($1, $2, $3, $4, 1, $5, CASE WHEN $4 = 'sent' THEN now() END)`,
        [id, d.recipient, d.kind, d.state, d.error ?? null],
      );
    }
  }

  beforeAll(async () => {
    t = await startTestApp({ QUEUE_PREFIX: prefix, REDIS_URL });
    db = t.app.get(DataSource);
    own = await createOrganisation(t, {
      contacts: [{ email: 'info@own.test', language: 'fr', generic: true }],
    });
    other = await createOrganisation(t, {
      contacts: [{ email: 'info@other.test', language: 'nl', generic: true }],
    });
    users = {
      'org-admin': await createUser(t, [{ role: 'org-admin', organisationId: own.id }]),
      'certificate-manager': await createUser(t, [{ role: 'certificate-manager', organisationId: own.id }]),
      viewer: await createUser(t, [{ role: 'viewer', organisationId: own.id }]),
    };
    const mine = await seedCertificates(t, [
      { organisationId: own.id, toDays: 29, holderName: 'AMBULANCES OWN' },
      {
        organisationId: own.id,
        toDays: 13,
        identifierType: 'SSIN',
        identifierValue: '85010112345',
        holderName: 'JEAN DUPONT',
      },
    ]);
    ownCertificate = mine[0]!.id;
    personalCertificate = mine[1]!.id;
    otherCertificate = (await seedCertificates(t, [{ organisationId: other.id, toDays: 29 }]))[0]!.id;
    await db.query(
      `UPDATE contact SET delivery_failed_at = now(), delivery_failure = '550 no such user' WHERE email = 'info@own.test'`,
    );
    await remind(ownCertificate, '30', [
      { recipient: 'info@own.test', kind: 'digest', state: 'failed', error: '550 5.1.1 no such user' },
      { recipient: 'admin@own.test', kind: 'escalation', state: 'sent' },
    ]);
    await remind(personalCertificate, '14', [
      { recipient: 'info@own.test', kind: 'digest', state: 'queued' },
    ]);
    await remind(otherCertificate, '30', [{ recipient: 'info@other.test', kind: 'digest', state: 'sent' }]);
  });

  afterAll(async () => {
    await t?.close();
    await removeQueueKeys(REDIS_URL, prefix);
  });

  describe('GET /api/v1/reminders', () => {
    it('lists the deliveries of the organisations I may read, with their state and why they failed', async () => {
      const response = await t.http().get('/api/v1/reminders').set(bearer(users.viewer.token));
      expect(response.status).toBe(200);
      const items = response.body.items as Record<string, unknown>[];
      expect(items.map((i) => i.organisationId)).toEqual([own.id, own.id, own.id]);
      const failed = items.find((i) => i.state === 'failed')!;
      expect(failed).toMatchObject({
        certificateId: ownCertificate,
        milestone: '30',
        kind: 'digest',
        recipient: 'info@own.test',
        error: '550 5.1.1 no such user',
        recipientFlagged: true,
        organisationName: own.name,
      });
      expect(items.find((i) => i.kind === 'escalation')).toMatchObject({
        state: 'sent',
        recipientFlagged: false,
      });
    });

    it('masks an SSIN except for central administrators', async () => {
      const mine = await t
        .http()
        .get('/api/v1/reminders')
        .query({ certificateId: personalCertificate })
        .set(bearer(users['org-admin'].token));
      expect(mine.body.items[0].certificateLabel).toBe('SSIN=850101-***-** (JEAN DUPONT)');
      const central = await t
        .http()
        .get('/api/v1/reminders')
        .query({ certificateId: personalCertificate })
        .set(bearer(t.adminToken));
      expect(central.body.items[0].certificateLabel).toBe('SSIN=85010112345 (JEAN DUPONT)');
    });

    it('filters by organisation, certificate, state and run', async () => {
      const all = await t.http().get('/api/v1/reminders').set(bearer(t.adminToken));
      expect(all.body.items).toHaveLength(4);
      const byOrg = await t
        .http()
        .get('/api/v1/reminders')
        .query({ organisationId: other.id })
        .set(bearer(t.adminToken));
      expect(byOrg.body.items.map((i: { certificateId: string }) => i.certificateId)).toEqual([
        otherCertificate,
      ]);
      const queued = await t
        .http()
        .get('/api/v1/reminders')
        .query({ state: 'queued' })
        .set(bearer(t.adminToken));
      expect(queued.body.items.map((i: { certificateId: string }) => i.certificateId)).toEqual([
        personalCertificate,
      ]);
      const byCertificate = await t
        .http()
        .get('/api/v1/reminders')
        .query({ certificateId: ownCertificate })
        .set(bearer(t.adminToken));
      expect(byCertificate.body.items).toHaveLength(2);
      const [{ id: runId }] = (await db.query(
        `INSERT INTO reminder_run (trigger) VALUES ('schedule') RETURNING id`,
      )) as [{ id: string }];
      await db.query(`UPDATE reminder SET run_id = $1 WHERE certificate_id = $2`, [
        runId,
        personalCertificate,
      ]);
      const byRun = await t.http().get('/api/v1/reminders').query({ runId }).set(bearer(t.adminToken));
      expect(byRun.body.items.map((i: { certificateId: string }) => i.certificateId)).toEqual([
        personalCertificate,
      ]);
    });

    it('pages with a cursor, newest first, every row once', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await t
          .http()
          .get('/api/v1/reminders')
          .query({ limit: 1, ...(cursor ? { cursor } : {}) })
          .set(bearer(t.adminToken));
        seen.push(...page.body.items.map((i) => i.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(4);
      expect(new Set(seen).size).toBe(4);
    });

    it("answers another tenant's organisation like a missing one, and hides its certificates", async () => {
      const response = await t
        .http()
        .get('/api/v1/reminders')
        .query({ organisationId: other.id })
        .set(bearer(users.viewer.token));
      expect(response.status).toBe(404);
      const certificate = await t
        .http()
        .get('/api/v1/reminders')
        .query({ certificateId: otherCertificate })
        .set(bearer(users.viewer.token));
      expect(certificate.status).toBe(200);
      expect(certificate.body.items).toEqual([]);
    });

    it('refuses bad filters with a clear error', async () => {
      for (const query of [
        { state: 'lost' },
        { limit: 0 },
        { organisationId: 'nope' },
        { cursor: 'bad cursor' },
      ]) {
        const response = await t.http().get('/api/v1/reminders').query(query).set(bearer(t.adminToken));
        expect(response.status).toBe(400);
        expect(response.body).toMatchObject({ statusCode: 400 });
      }
      const forged = await t
        .http()
        .get('/api/v1/reminders')
        .query({ cursor: 'bm90LWpzb24' })
        .set(bearer(t.adminToken));
      expect(forged.status).toBe(422);
      expect(forged.body.code).toBe('INVALID_CURSOR');
    });
  });

  describe('POST /api/v1/reminders/run', () => {
    it('records the run, audits who asked, and queues its scan for the notifier', async () => {
      const response = await t.http().post('/api/v1/reminders/run').set(bearer(t.adminToken));
      expect(response.status).toBe(202);
      const { runId } = response.body as { runId: string };
      const [run] = (await db.query(
        `SELECT trigger, requested_by_id, finished_at FROM reminder_run WHERE id = $1`,
        [runId],
      )) as { trigger: string; requested_by_id: string | null; finished_at: Date | null }[];
      expect(run).toMatchObject({ trigger: 'manual', finished_at: null });
      expect(run!.requested_by_id).not.toBeNull();
      const [audit] = (await db.query(
        `SELECT action, after FROM audit_event WHERE action = 'reminders.run-requested'`,
      )) as {
        after: { runId: string };
      }[];
      expect(audit!.after.runId).toBe(runId);

      const queue = new Queue(QUEUE_NAMES.reminderScan, { connection: { url: REDIS_URL }, prefix });
      try {
        const job = await queue.getJob(reminderScanJobId(runId));
        expect(job?.data).toEqual({ trigger: 'manual', runId });
        expect(job?.opts.removeOnComplete).toBeTruthy();
        expect(job?.opts.removeOnFail).toBeTruthy();
      } finally {
        await queue.close();
      }

      const detail = await t.http().get(`/api/v1/reminders/runs/${runId}`).set(bearer(t.adminToken));
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject({ id: runId, trigger: 'manual', finishedAt: null, counts: null });
      // Who asked, named as the audit trail names people.
      expect(detail.body.requestedBy).toMatch(/ <admin@certdesk\.test>$/);
      const list = await t.http().get('/api/v1/reminders/runs').set(bearer(t.adminToken));
      expect(list.body[0].id).toBe(runId);
    });

    it('answers 404 for a run that does not exist', async () => {
      const response = await t
        .http()
        .get(`/api/v1/reminders/runs/${crypto.randomUUID()}`)
        .set(bearer(t.adminToken));
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('NOT_FOUND');
    });
  });

  describe('GET /api/v1/reminders/queues', () => {
    it("shows the notifier's queues, their counts and failed jobs", async () => {
      const send = new Queue(QUEUE_NAMES.reminderSend, { connection: { url: REDIS_URL }, prefix });
      try {
        await send.add('send', { recipient: 'info@own.test', batch: 'test' });
      } finally {
        await send.close();
      }
      const response = await t.http().get('/api/v1/reminders/queues').set(bearer(t.adminToken));
      expect(response.status).toBe(200);
      const names = response.body.queues.map((q: { name: string }) => q.name);
      expect(names).toEqual([
        'reminder-scan',
        'reminder-send',
        'outbox',
        'webhook-delivery',
        'etk-discovery',
      ]);
      const sendState = response.body.queues.find((q: { name: string }) => q.name === 'reminder-send');
      expect(sendState.counts.waiting).toBe(1);
      expect(sendState.paused).toBe(false);
      expect(response.body.queues[0].counts.waiting).toBeGreaterThanOrEqual(1); // the run asked for above
      // No notifier has registered the daily schedule under this prefix.
      expect(response.body.schedule).toBeNull();
      expect(REMINDER_SCHEDULER_ID).toBe('daily-reminder-scan');
    });
  });

  describe('who may', () => {
    const centralOnly = [
      { name: 'start a scan', call: (tk: string) => t.http().post('/api/v1/reminders/run').set(bearer(tk)) },
      {
        name: 'list the scans',
        call: (tk: string) => t.http().get('/api/v1/reminders/runs').set(bearer(tk)),
      },
      {
        name: 'see the queues',
        call: (tk: string) => t.http().get('/api/v1/reminders/queues').set(bearer(tk)),
      },
    ];
    for (const action of centralOnly) {
      for (const role of ROLES) {
        it(`${action.name}: not a ${role} (403, nothing changes)`, async () => {
          const before = await snapshot(t);
          const response = await action.call(users[role].token);
          expect(response.status).toBe(403);
          expect(await snapshot(t)).toEqual(before);
        });
      }
      it(`${action.name}: not without a token (401)`, async () => {
        const response = await action.call('not-a-token');
        expect(response.status).toBe(401);
      });
    }

    for (const role of ROLES) {
      it(`list reminders: a ${role} sees their own organisation's only`, async () => {
        const response = await t.http().get('/api/v1/reminders').set(bearer(users[role].token));
        expect(response.status).toBe(200);
        expect(new Set(response.body.items.map((i: { organisationId: string }) => i.organisationId))).toEqual(
          new Set([own.id]),
        );
      });
    }
  });
});

describe('reminders while Redis is away', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Nothing listens on port 9: every Redis command waits, then the request gives up.
    t = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:9', QUEUE_PREFIX: 'certdesk-test-api-no-redis' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a run is recorded and the answer says it starts later (503 QUEUE_UNAVAILABLE)', async () => {
    const response = await t.http().post('/api/v1/reminders/run').set(bearer(t.adminToken));
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ statusCode: 503, code: 'QUEUE_UNAVAILABLE' });
    const runs = await t.http().get('/api/v1/reminders/runs').set(bearer(t.adminToken));
    expect(runs.body).toHaveLength(1);
    expect(response.body.message).toContain(runs.body[0].id);
  }, 20_000);

  it('the queues answer 503, the reminders list still answers', async () => {
    const queues = await t.http().get('/api/v1/reminders/queues').set(bearer(t.adminToken));
    expect(queues.status).toBe(503);
    const list = await t.http().get('/api/v1/reminders').set(bearer(t.adminToken));
    expect(list.status).toBe(200);
  }, 20_000);
});
