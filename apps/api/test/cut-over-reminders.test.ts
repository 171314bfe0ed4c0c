import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Queue, QueueEvents } from 'bullmq';
import pg from 'pg';
import {
  CUT_OVER_REMINDER_JOB_NAME,
  CUT_OVER_REMINDER_QUEUE,
  type CutOverReminderJob,
} from '@certdesk/contracts';
import { Clock } from '../src/core/clock.js';
import { CutOverReminderWorker } from '../src/cut-over/cut-over-reminder.worker.js';
import { CutOverReminders } from '../src/cut-over/cut-over-reminders.js';
import { renewedThroughPhase3, type CutOverCase } from './support/cut-over-fixtures.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { rows } from './support/lifecycle-fixtures.js';
import { bearer, removeQueueKeys, startTestApp, type TestApp } from './support/test-app.js';

const DAY = 86_400_000;

interface ReminderMessage {
  cutOverRequestId: string;
  cutOverReminderId: string;
  ordinal: number;
  contactEmail: string;
  software: string;
  organisationName: string;
  languages: string[];
  token: string;
  expiresAt: string;
}

/**
 * Unconfirmed contacts are reminded (issue 14): CUT_OVER_REMINDER_DAYS (here 3 and 10) after their link was mailed,
 * the api records a reminder with a fresh link of its own and puts it in the outbox for the notifier, once per
 * reminder however often (or by how many replicas at once) the run goes; nobody who confirmed, was overridden or
 * whose link expired is reminded.
 */
describe('cut-over reminders', () => {
  let t: TestApp;
  let org: { id: string };
  let manager: TestUser;
  let orgAdmin: TestUser;
  let mailedAt: Date;
  let clientCounter = 0;
  const client = () => ({ 'X-Forwarded-For': `198.51.100.${(++clientCounter % 250) + 1}` });

  beforeAll(async () => {
    t = await startTestApp({
      TRUST_PROXY: '1',
      CUT_OVER_REMINDER_DAYS: '3, 10',
      // Queues of its own: no other test file's worker takes this file's run.
      QUEUE_PREFIX: `certdesk-test-cut-over-reminders-${randomBytes(4).toString('hex')}`,
    });
    org = await createOrganisation(t, { name: 'Ambulances Namur', languages: ['fr', 'nl'] });
    manager = await createUser(t, [{ role: 'certificate-manager', organisationId: org.id }]);
    orgAdmin = await createUser(t, [{ role: 'org-admin', organisationId: org.id }]);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });
  afterAll(() => t.close());

  const at = (days: number) =>
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(mailedAt.getTime() + days * DAY));
  const remindDue = () => t.app.get(CutOverReminders).remindDue();

  /** Phase 3 recorded and its links mailed (the notifier marks them so once the SMTP server accepted them). */
  async function mailedCutOver(contacts: string[]): Promise<CutOverCase> {
    const renewal = await renewedThroughPhase3(t, org.id, manager.token, contacts);
    await rows(
      t,
      `UPDATE cut_over_request SET mailed_at = date_trunc('milliseconds', created_at) WHERE renewal_case_id = $1`,
      [renewal.caseId],
    );
    const [{ mailed_at }] = (await rows<{ mailed_at: Date }>(
      t,
      'SELECT mailed_at FROM cut_over_request WHERE renewal_case_id = $1 LIMIT 1',
      [renewal.caseId],
    )) as [{ mailed_at: Date }];
    mailedAt = mailed_at;
    return renewal;
  }

  const reminders = (renewal: CutOverCase) =>
    rows<{ payload: ReminderMessage }>(
      t,
      `SELECT payload FROM outbox_message WHERE topic = 'cut-over.reminded' AND payload->>'renewalCaseId' = $1
        ORDER BY id`,
      [renewal.caseId],
    ).then((found) => found.map((row) => row.payload));

  it('reminds an unconfirmed contact on day 3 and day 10 with a fresh link each time, and no more', async () => {
    const renewal = await mailedCutOver(['lab@vendor.test']);
    at(3 - 1 / 24);
    await remindDue();
    expect(await reminders(renewal)).toEqual([]);

    at(3);
    await remindDue();
    await remindDue();
    const [first, ...more] = await reminders(renewal);
    expect(more).toEqual([]);
    expect(first).toMatchObject({
      ordinal: 1,
      contactEmail: 'lab@vendor.test',
      software: 'Software 1',
      organisationName: 'Ambulances Namur',
      languages: ['fr', 'nl'],
      token: expect.stringMatching(/^cdc_[A-Za-z0-9_-]{43}$/),
    });
    const original = renewal.tokens.get('lab@vendor.test')!;
    expect(first!.token).not.toBe(original);
    const [request] = await rows<{ id: string; expires_at: Date }>(
      t,
      'SELECT id, expires_at FROM cut_over_request WHERE renewal_case_id = $1',
      [renewal.caseId],
    );
    // The reminder's link expires with the request, not later.
    expect(first!.expiresAt).toBe(request!.expires_at.toISOString());
    // Only the HMAC is kept; the reminder is audited, without its token.
    const stored = await rows(t, 'SELECT * FROM cut_over_reminder WHERE cut_over_request_id = $1', [
      request!.id,
    ]);
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(first!.token);
    const audited = await rows<{ after: Record<string, unknown> }>(
      t,
      `SELECT after FROM audit_event WHERE action = 'cut-over.reminded' AND after->>'cutOverRequestId' = $1`,
      [request!.id],
    );
    expect(audited.map((a) => a.after)).toEqual([
      expect.objectContaining({ contactEmail: 'lab@vendor.test', reminder: 1, software: 'Software 1' }),
    ]);
    expect(JSON.stringify(audited)).not.toContain(first!.token);

    at(9);
    await remindDue();
    expect(await reminders(renewal)).toHaveLength(1);
    at(10);
    await remindDue();
    at(20);
    await remindDue();
    const all = await reminders(renewal);
    expect(all.map((r) => r.ordinal)).toEqual([1, 2]);
    expect(new Set([original, ...all.map((r) => r.token)]).size).toBe(3);
  });

  it("the reminder's link opens the page and confirms; the first link keeps working; the certificate page counts the reminders", async () => {
    const renewal = await mailedCutOver(['lab@vendor.test']);
    at(3);
    await remindDue();
    const [reminder] = await reminders(renewal);
    const original = renewal.tokens.get('lab@vendor.test')!;
    // The certificate page counts the reminders the mail server accepted (the notifier marks them mailed).
    const cutOverOf = () =>
      t
        .http()
        .get(`/api/v1/certificates/${renewal.certificateId}/cut-over`)
        .set(bearer(manager.token))
        .expect(200);
    expect((await cutOverOf()).body.requests[0]).toMatchObject({ remindersSent: 0, lastRemindedAt: null });
    const remindedAt = new Date(mailedAt.getTime() + 3 * DAY);
    await rows(t, 'UPDATE cut_over_reminder SET mailed_at = $2 WHERE id = $1', [
      reminder!.cutOverReminderId,
      remindedAt,
    ]);
    expect((await cutOverOf()).body.requests[0]).toMatchObject({
      state: 'pending',
      remindersSent: 1,
      lastRemindedAt: remindedAt.toISOString(),
    });
    const page = await t.http().get(`/api/v1/cut-over/${reminder!.token}`).set(client()).expect(200);
    expect(page.body).toMatchObject({ state: 'pending', software: 'Software 1' });
    await t.http().get(`/api/v1/cut-over/${original}`).set(client()).expect(200);
    const confirmed = await t
      .http()
      .post(`/api/v1/cut-over/${reminder!.token}/confirm`)
      .set(client())
      .send({})
      .expect(200);
    expect(confirmed.body).toMatchObject({ state: 'confirmed' });
    expect((await t.http().get(`/api/v1/cut-over/${original}`).set(client()).expect(200)).body.state).toBe(
      'confirmed',
    );
    expect((await cutOverOf()).body.stillInUseBy).toBe(0);
    // Confirmed: the second reminder is not sent.
    at(10);
    await remindDue();
    expect(await reminders(renewal)).toHaveLength(1);
  });

  it('reminds nobody who confirmed, was overridden, whose link expired or was never mailed', async () => {
    const confirmed = await mailedCutOver(['confirmed@vendor.test']);
    await t
      .http()
      .post(`/api/v1/cut-over/${confirmed.tokens.get('confirmed@vendor.test')!}/confirm`)
      .set(client())
      .send({})
      .expect(200);
    const overridden = await mailedCutOver(['overridden@vendor.test']);
    await t
      .http()
      .post(`/api/v1/certificates/${overridden.certificateId}/cut-over/override`)
      .set(bearer(orgAdmin.token))
      .send({ reason: 'The lab PC was replaced' })
      .expect(200);
    const unmailed = await renewedThroughPhase3(t, org.id, manager.token, ['bounced@vendor.test']);
    at(3);
    await remindDue();
    for (const renewal of [confirmed, overridden, unmailed]) expect(await reminders(renewal)).toEqual([]);

    jest.restoreAllMocks();
    const expiring = await mailedCutOver(['late@vendor.test']);
    at(31);
    await remindDue();
    expect(await reminders(expiring)).toEqual([]);
  });

  it('sends only the last reminder due when the runs stopped for a while, and then no more', async () => {
    const renewal = await mailedCutOver(['late-run@vendor.test']);
    at(12);
    await remindDue();
    at(13);
    await remindDue();
    expect((await reminders(renewal)).map((r) => r.ordinal)).toEqual([2]);
  });

  it('reminds once when the run is repeated or run by two replicas at once', async () => {
    const renewal = await mailedCutOver(['lab@vendor.test', 'it@hospital.test']);
    at(3);
    const worker = t.app.get(CutOverReminderWorker);
    await Promise.all([worker.run(), worker.run(), remindDue(), remindDue()]);
    await worker.run();
    const sent = await reminders(renewal);
    expect(sent.map((r) => [r.contactEmail, r.ordinal]).sort()).toEqual([
      ['it@hospital.test', 1],
      ['lab@vendor.test', 1],
    ]);
  });

  it("works the notifier's scheduled run from its queue (CUT_OVER_REMINDER_QUEUE)", async () => {
    const renewal = await mailedCutOver(['queue@vendor.test']);
    at(3);
    const connection = { url: t.config.redisUrl };
    const queue = new Queue<CutOverReminderJob>(CUT_OVER_REMINDER_QUEUE, {
      connection,
      prefix: t.config.queuePrefix,
    });
    const events = new QueueEvents(CUT_OVER_REMINDER_QUEUE, { connection, prefix: t.config.queuePrefix });
    try {
      await events.waitUntilReady();
      await t.app.get(CutOverReminderWorker).start();
      const job = await queue.add(CUT_OVER_REMINDER_JOB_NAME, { trigger: 'schedule' }, { attempts: 1 });
      expect(await job.waitUntilFinished(events, 30_000)).toEqual({ reminded: 1 });
      expect((await reminders(renewal)).map((r) => [r.contactEmail, r.ordinal])).toEqual([
        ['queue@vendor.test', 1],
      ]);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
      await events.close();
    }
  });
  it('finishes the run in hand when its api shuts down, and records it done rather than leaving it active', async () => {
    const prefix = `certdesk-test-cut-over-stop-${randomBytes(4).toString('hex')}`;
    const leaving = await startTestApp({ QUEUE_PREFIX: prefix });
    const queue = new Queue<CutOverReminderJob>(CUT_OVER_REMINDER_QUEUE, {
      connection: { url: leaving.config.redisUrl },
      prefix,
    });
    // Another process holding the runs' installation-wide lock: the run waits for it, active, while its api is asked
    // to stop, and gets it a moment after.
    const other = new pg.Client({ connectionString: leaving.config.databaseUrl });
    // The test app's close drops its database, ending this connection too.
    other.on('error', () => undefined);
    await other.connect();
    await other.query(`SELECT pg_advisory_lock(hashtext('cut-over-reminders'))`);
    const waitingForTheLock = async () =>
      Number(
        (await other.query(`SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`))
          .rows[0].count,
      );
    let closed = false;
    try {
      await leaving.app.get(CutOverReminderWorker).start();
      const job = await queue.add(CUT_OVER_REMINDER_JOB_NAME, { trigger: 'schedule' }, { attempts: 1 });
      const deadline = Date.now() + 10_000;
      while ((await waitingForTheLock()) === 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await waitingForTheLock()).toBe(1);
      expect(await queue.getJobState(job.id!)).toBe('active');

      const closing = leaving.close();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await other.query(`SELECT pg_advisory_unlock(hashtext('cut-over-reminders'))`);
      await closing;
      closed = true;
      // Done and written before the api's connections closed: no other replica has to find it stalled and redo it.
      expect(await queue.getJobState(job.id!)).toBe('completed');
      expect((await queue.getJob(job.id!))!.returnvalue).toEqual({ reminded: 0 });
    } finally {
      await other.end().catch(() => undefined);
      await queue.close();
      if (!closed) await leaving.close();
      await removeQueueKeys(leaving.config.redisUrl, prefix);
    }
  });
});
