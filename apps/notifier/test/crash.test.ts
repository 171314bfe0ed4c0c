import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { JOB_NAMES, QUEUE_NAMES, reminderScanJobId, type ReminderScanJob } from '@certdesk/contracts';
import { createTestDatabase, type TestDatabase } from '@certdesk/persistence/testing';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@certdesk/persistence';
import { ChildNotifier } from './support/child-notifier.js';
import { createCertificates, createOrganisation, type CertificateInput } from './support/fixtures.js';
import { cleanRedis, DAY, REDIS_URL, testEnv, testQueuePrefix } from './support/harness.js';
import { SmtpSink } from './support/smtp-sink.js';

const CERTIFICATES = 1_000;
const ORGANISATIONS = 250;
const KILLS = 5;

describe('the notifier killed while it sends', () => {
  let database: TestDatabase;
  let db: DataSource;
  let sink: SmtpSink;
  let redis: Redis;
  let scanQueue: Queue<ReminderScanJob>;
  const prefix = testQueuePrefix('crash');
  /** Which certificate ids each address must hear about. */
  const expected = new Map<string, Set<string>>();

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDataSource({ url: database.url, poolSize: 4 });
    await db.initialize();
    sink = new SmtpSink();
    await sink.start();
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    scanQueue = new Queue(QUEUE_NAMES.reminderScan, { connection: redis, prefix });
  });

  afterAll(async () => {
    await scanQueue?.close();
    redis?.disconnect();
    await sink?.stop();
    await db?.destroy();
    await cleanRedis(prefix);
    await database?.drop();
  });

  /** What `POST /api/v1/reminders/run` does: the run's row, then its scan job. */
  async function requestRun(): Promise<string> {
    const [{ id }] = (await db.query(
      `INSERT INTO reminder_run (trigger) VALUES ('manual') RETURNING id`,
    )) as [{ id: string }];
    await scanQueue.add(JOB_NAMES.scan, { trigger: 'manual', runId: id }, { jobId: reminderScanJobId(id) });
    return id;
  }

  async function queuedCount(): Promise<number> {
    const [{ n }] = (await db.query(
      `SELECT count(*)::int AS n FROM reminder_delivery WHERE state = 'queued'`,
    )) as [{ n: number }];
    return n;
  }

  async function seed(): Promise<void> {
    const now = Date.now();
    const certificates: (CertificateInput & { org: number })[] = [];
    for (let o = 0; o < ORGANISATIONS; o++) {
      const org = await createOrganisation(db, {
        contacts: [{ email: `info-${o}@crash.test`, generic: true }],
      });
      const mine = new Set<string>();
      expected.set(`info-${o}@crash.test`, mine);
      for (let c = 0; c < CERTIFICATES / ORGANISATIONS; c++) {
        // 20 to 89 days left: each certificate is due at one milestone (90, 60 or 30), none urgent.
        certificates.push({
          organisationId: org.id,
          notAfter: new Date(now + (20 + randomInt(70)) * DAY),
          org: o,
        });
      }
    }
    const ids = await createCertificates(db, certificates);
    ids.forEach((id, i) => expected.get(`info-${certificates[i]!.org}@crash.test`)!.add(id));
  }

  /** `promise`, or an error saying `what` after 60 s. */
  async function inTime<T>(promise: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} within 60 s`)), 60_000);
    });
    try {
      return await Promise.race([promise, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Per address and certificate, how many mails named it. */
  function received(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const mail of sink.mails) {
      const ids = new Set([...mail.text.matchAll(/\/certificates\/([0-9a-f-]{36})/g)].map((m) => m[1]!));
      for (const id of ids) counts.set(`${mail.to} ${id}`, (counts.get(`${mail.to} ${id}`) ?? 0) + 1);
    }
    return counts;
  }

  it(`delivers every due reminder though it is SIGKILLed ${KILLS} times, with at most one duplicate mail per kill`, async () => {
    await seed();
    const env = testEnv({
      database,
      prefix,
      smtpUrl: sink.url,
      extra: {
        // One mail at a time (one job, one connection), rate-limited as production relays usually are: what a
        // kill can duplicate is the mail between the server's "250" and the commit, so with one mail in flight a
        // kill costs at most one duplicate. (With several jobs and connections, nodemailer's rate limit sends its
        // mails in bursts, and a kill in a burst duplicates each mail of the burst that was in that window.)
        SMTP_RATE_PER_SECOND: '20',
        SMTP_MAX_CONNECTIONS: '1',
        SEND_CONCURRENCY: '1',
        SEND_ATTEMPTS: '20',
        WORKER_LOCK_MS: '2000',
      },
    });
    const notifier = new ChildNotifier(env);
    await notifier.start();
    await requestRun();

    // Each kill lands while a mail is being sent, at one of the two moments that matter: with a message in
    // flight that the server has not accepted yet (its MAIL FROM unanswered: that mail must go out after the
    // restart), or right after the server's "250" before the notifier could record it (that mail may go out
    // twice: the one duplicate a kill may cost).
    let kills = 0;
    let killsBeforeAcceptance = 0;
    while (kills < KILLS) {
      await sleep(200 + randomInt(1200));
      const beforeAcceptance = kills % 2 === 0;
      let ended: Awaited<ReturnType<ChildNotifier['stop']>>;
      if (beforeAcceptance) {
        const release = await inTime(sink.holdNextMailFrom(), 'the notifier sends no mail to kill it during');
        ended = await notifier.stop('SIGKILL');
        release();
        killsBeforeAcceptance += 1;
      } else {
        await inTime(sink.nextAcceptance(), 'the notifier sends no mail to kill it after');
        ended = await notifier.stop('SIGKILL');
      }
      expect(ended.signal).toBe('SIGKILL');
      kills += 1;
      const queued = await queuedCount();
      console.log(
        `kill ${kills} (${beforeAcceptance ? 'a mail in flight' : 'right after a 250'}): ` +
          `${sink.mails.length} mails received so far, ${queued} deliveries still queued`,
      );
      await notifier.start();
    }

    const deadline = Date.now() + 120_000;
    while ((await queuedCount()) > 0 || sink.mails.length === 0) {
      if (Date.now() > deadline) throw new Error(`still ${await queuedCount()} deliveries queued`);
      await sleep(250);
    }
    await sleep(500);
    await notifier.stop('SIGTERM');
    await sink.settled();

    const counts = received();
    let delivered = 0;
    let missing = 0;
    for (const [address, ids] of expected) {
      for (const id of ids) {
        if (counts.has(`${address} ${id}`)) delivered += 1;
        else missing += 1;
      }
    }
    // A duplicate is a mail the server accepted twice (the same deliveries, hence the same Message-ID): the
    // window between the server's acceptance and the commit. Its lines are counted too, for the record.
    const duplicates = sink.mails.length - new Set(sink.mails.map((m) => m.messageId)).size;
    const duplicateLines = [...counts.values()].reduce((sum, n) => sum + (n - 1), 0);
    const [{ sent }] = (await db.query(
      `SELECT count(*)::int AS sent FROM reminder_delivery WHERE state = 'sent'`,
    )) as [{ sent: number }];
    console.log(
      `crash test: ${kills} SIGKILLs; ${delivered} of ${CERTIFICATES} due reminders delivered ` +
        `(${missing} missing) in ${sink.mails.length} mails; ${duplicates} duplicate mail(s) ` +
        `(${duplicateLines} reminder line(s) received twice); ${sink.transactionsCutShort} SMTP transaction(s) cut short`,
    );
    expect(kills).toBe(KILLS);
    // The server saw those kills cut a transaction short: they landed mid-send.
    expect(sink.transactionsCutShort).toBeGreaterThanOrEqual(killsBeforeAcceptance);
    expect(missing).toBe(0);
    expect(delivered).toBe(CERTIFICATES);
    expect(sent).toBe(CERTIFICATES);
    expect(duplicates).toBeLessThanOrEqual(kills);
  }, 300_000);

  it('stops gracefully on SIGTERM: the mail in hand is finished, the rest goes out after a restart, none twice', async () => {
    const now = Date.now();
    const addresses: string[] = [];
    for (let o = 0; o < 40; o++) {
      const org = await createOrganisation(db, {
        contacts: [{ email: `graceful-${o}@crash.test`, generic: true }],
      });
      addresses.push(`graceful-${o}@crash.test`);
      await createCertificates(db, [{ organisationId: org.id, notAfter: new Date(now + 25 * DAY) }]);
    }
    sink.clear();
    const notifier = new ChildNotifier(
      testEnv({
        database,
        prefix,
        smtpUrl: sink.url,
        extra: { SMTP_RATE_PER_SECOND: '10', SMTP_MAX_CONNECTIONS: '2' },
      }),
    );
    await notifier.start();
    await requestRun();
    for (let i = 0; i < 300 && sink.accepted < 3; i++) await sleep(50); // it is sending
    const started = Date.now();
    const ended = await notifier.stop('SIGTERM');
    expect(ended).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(10_000);
    await sink.settled();
    const before = sink.mails.length;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(40);
    // Nothing half-done: every delivery is either sent (and its mail received) or still queued.
    const [{ sent }] = (await db.query(
      `SELECT count(*)::int AS sent FROM reminder_delivery WHERE state = 'sent' AND recipient LIKE 'graceful-%'`,
    )) as [{ sent: number }];
    expect(sent).toBe(before);

    await notifier.start();
    const deadline = Date.now() + 60_000;
    while ((await queuedCount()) > 0) {
      if (Date.now() > deadline) throw new Error('still queued');
      await sleep(200);
    }
    await notifier.stop('SIGTERM');
    await sink.settled();
    expect(sink.mails.map((m) => m.to).sort()).toEqual(addresses.sort());
  }, 120_000);
});
