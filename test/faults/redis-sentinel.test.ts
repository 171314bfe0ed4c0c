// Redis through Sentinel (a primary, a replica, three Sentinels: the test's own, on loopback). The primary is
// SIGKILLed in the middle of a reminder run; the Sentinels promote the replica, and the api and two notifiers
// follow it through ioredis's Sentinel support (REDIS_SENTINELS + REDIS_SENTINEL_NAME). Nothing is lost.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@certdesk/persistence/testing';
import { MailSink } from './support/mail-sink.js';
import { waitUntil } from './support/ports.js';
import type { AppProcess } from './support/processes.js';
import { RedisWithSentinel, SENTINEL_NAME } from './support/redis-sentinel.js';
import { deliveryStates, seedDueCertificates, tally, type DueReminders } from './support/reminders.js';
import {
  apiProcess,
  call,
  LONG,
  logIn,
  notifierProcess,
  queuePrefix,
  requestRun,
  SHARED_REDIS_URL,
  waitUntilNothingQueued,
} from './support/stack.js';

const REMINDERS = LONG ? 1_000 : 200;

describe('Redis with Sentinel: the primary killed in the middle of a reminder run', () => {
  const redis = new RedisWithSentinel();
  const sink = new MailSink(40);
  const prefix = queuePrefix('sentinel');
  let database: TestDatabase;
  let api: Awaited<ReturnType<typeof apiProcess>>;
  const notifiers: AppProcess[] = [];
  let due: DueReminders;
  let passed = false;

  beforeAll(async () => {
    await redis.start();
    database = await createTestDatabase();
    await sink.start();
    due = await seedDueCertificates(database.url, {
      organisations: REMINDERS,
      perOrganisation: 1,
      domain: 'sentinel.test',
    });
    // No REDIS_URL: its default (the machine's shared Redis) must not be where the queues go.
    const settings = { REDIS_SENTINELS: redis.sentinelsVariable, REDIS_SENTINEL_NAME: SENTINEL_NAME };
    api = await apiProcess('api', { databaseUrl: database.url, redis: settings, prefix });
    for (const name of ['notifier-1', 'notifier-2']) {
      notifiers.push(
        notifierProcess(name, {
          databaseUrl: database.url,
          redis: settings,
          prefix,
          smtpUrl: sink.url,
          extra: { SEND_CONCURRENCY: '2', SMTP_MAX_CONNECTIONS: '2' },
        }),
      );
    }
    await Promise.all([api.start(), ...notifiers.map((notifier) => notifier.start())]);
  }, 120_000);

  afterAll(async () => {
    // What the processes printed, when the test failed: the failover as each of them saw it.
    if (!passed) for (const p of [api, ...notifiers, redis]) console.log(p?.output().slice(-4000));
    await Promise.all([...notifiers, api].map((process) => process?.stop('SIGKILL')));
    await sink.stop();
    await redis.stop();
    await database?.drop();
  });

  it('promotes the replica; the api and the notifiers follow it, and every due reminder is delivered once', async () => {
    const token = await logIn(api.url);
    const firstPrimary = await redis.primaryPort();
    await requestRun(api.url, token);

    await waitUntil('a third of the mail accepted', () => sink.accepted >= REMINDERS / 3, 120_000, 10);
    const killedAt = sink.accepted;
    await redis.killPrimary();
    await waitUntil(
      'the Sentinels to promote the replica',
      async () => (await redis.primaryPort().catch(() => firstPrimary)) !== firstPrimary,
      60_000,
      200,
    );
    const newPrimary = await redis.primaryPort();
    await waitUntilNothingQueued(() => deliveryStates(database.url), 60_000);

    const result = await tally(due, sink);
    console.log(
      `sentinel: primary :${firstPrimary} killed at ${killedAt} mails, :${newPrimary} promoted; ` +
        `${result.delivered} of ${REMINDERS} due reminders delivered (${result.missing} missing) in ` +
        `${result.mails} mails; ${result.duplicates} duplicate mail(s)`,
    );
    expect(result.missing).toBe(0);
    expect(result.delivered).toBe(REMINDERS);
    expect(await deliveryStates(database.url)).toEqual({ sent: REMINDERS });
    // No process died: a job whose lock was lost with the old primary runs again, and sends what is still queued.
    expect(result.duplicates).toBe(0);

    // The api follows too: it reports Redis up, and a run it is asked for now goes through the new primary.
    await waitUntil(
      'the api to report Redis up',
      async () => (await call(api.url, '/health')).status === 200,
      30_000,
      250,
    );
    const secondRun = await requestRun(api.url, token);
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      await waitUntil(
        'the run asked for after the failover to finish',
        async () =>
          (
            await db.query(`SELECT 1 FROM reminder_run WHERE id = $1 AND finished_at IS NOT NULL`, [
              secondRun,
            ])
          ).rowCount === 1,
        60_000,
        200,
      );
    } finally {
      await db.end();
    }
    const primary = redis.connect(newPrimary);
    const shared = new Redis(SHARED_REDIS_URL, { maxRetriesPerRequest: 1 });
    try {
      expect((await primary.keys(`${prefix}:*`)).length).toBeGreaterThan(0);
      // REDIS_URL's default (the shared Redis) was never used: its host and port do not count through Sentinel.
      expect(await shared.keys(`${prefix}:*`)).toEqual([]);
    } finally {
      primary.disconnect();
      shared.disconnect();
    }
    for (const process of [api, ...notifiers]) expect(process.running).toBe(true);
    passed = true;
  }, 300_000);
});
