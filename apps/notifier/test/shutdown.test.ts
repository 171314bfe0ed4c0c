import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import {
  JOB_NAMES,
  QUEUE_NAMES,
  queuePrefixOwnerKey,
  reminderScanJobId,
  type ReminderScanJob,
} from '@certdesk/contracts';
import { createDataSource } from '@certdesk/persistence';
import { createTestDatabase, type TestDatabase } from '@certdesk/persistence/testing';
import { ChildNotifier } from './support/child-notifier.js';
import { createCertificates, createOrganisation } from './support/fixtures.js';
import { cleanRedis, DAY, REDIS_URL, testEnv, testQueuePrefix } from './support/harness.js';
import { SmtpSink } from './support/smtp-sink.js';

// The notifier process stopped the way a service manager stops it: the same stop signal several times (systemd's
// control-group kill or a container runtime reaches every process of `npm start`, then npm and start.mjs pass the
// signal on). One clean stop must follow, and the queue prefix must be free for another database at once.
describe('the notifier process told to stop several times', () => {
  let database: TestDatabase;
  let db: DataSource;
  let sink: SmtpSink;
  let redis: Redis;
  let scanQueue: Queue<ReminderScanJob>;
  const prefix = testQueuePrefix('shutdown');
  const ownerKey = queuePrefixOwnerKey(prefix);
  // The second test's own prefix: what the first leaves behind (should it fail) does not decide the second.
  const startUpPrefix = testQueuePrefix('shutdown-start-up');
  const startUpOwnerKey = queuePrefixOwnerKey(startUpPrefix);

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDataSource({ url: database.url, poolSize: 2 });
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
    await cleanRedis(startUpPrefix);
    await database?.drop();
  });

  const notifier = (queuePrefix = prefix) =>
    new ChildNotifier(testEnv({ database, prefix: queuePrefix, smtpUrl: sink.url }));

  it('stops once, on SIGTERM, SIGTERM, SIGINT while a mail is in hand: finishes it, then releases the prefix', async () => {
    const organisation = await createOrganisation(db, {
      contacts: [{ email: 'info@shutdown.test', generic: true }],
    });
    await createCertificates(db, [
      { organisationId: organisation.id, notAfter: new Date(Date.now() + 25 * DAY) },
    ]);
    const child = notifier();
    await child.start();
    expect(await redis.exists(ownerKey)).toBe(1);

    // A scan, as POST /api/v1/reminders/run asks for one; the sink holds the mail it sends, unanswered.
    const held = sink.holdNextMailFrom();
    const [{ id: runId }] = (await db.query(
      `INSERT INTO reminder_run (trigger) VALUES ('manual') RETURNING id`,
    )) as [{ id: string }];
    await scanQueue.add(JOB_NAMES.scan, { trigger: 'manual', runId }, { jobId: reminderScanJobId(runId) });
    const release = await held;

    const exited = child.exited();
    child.signal('SIGTERM');
    // Each later signal is sent once the one before was handled: signals still pending at once merge into one.
    await child.printed(/SIGTERM: stopping/);
    child.signal('SIGTERM');
    await child.printed(/SIGTERM: already stopping/);
    child.signal('SIGINT');
    await child.printed(/SIGINT: already stopping/);
    release(); // the mail in hand goes through, and the stop completes

    expect(await exited).toEqual({ code: 0, signal: null });
    const output = child.output.join('').replace(/\x1b\[[0-9;]*m/g, ''); // without Nest's colours
    expect(output.match(/: stopping/g)).toHaveLength(1);
    expect(output).toMatch(/\[Notifier\] stopped/);
    expect(await redis.exists(ownerKey)).toBe(0);
    await sink.settled();
    expect(sink.to('info@shutdown.test')).toHaveLength(1);
  });

  it('releases the prefix when stopped during its start-up, after it claimed the prefix', async () => {
    // Its start-up reads reminder_run (runs to resume) after claiming the prefix: holding that table makes the
    // moment between the claim and "ready" last until the test lets go.
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE reminder_run IN ACCESS EXCLUSIVE MODE');
      const child = notifier(startUpPrefix);
      const starting = child.start().catch(() => undefined);
      const exited = child.exited();
      for (let i = 0; i < 600 && (await redis.exists(startUpOwnerKey)) === 0; i++) await sleep(50);
      expect(await redis.exists(startUpOwnerKey)).toBe(1);

      child.signal('SIGTERM');
      await child.printed(/SIGTERM: stopping/);
      child.signal('SIGTERM');
      await child.printed(/SIGTERM: already stopping/);
      await holder.query('COMMIT');

      expect(await exited).toEqual({ code: 0, signal: null });
      await starting;
      const output = child.output.join('');
      expect(output.indexOf('SIGTERM: stopping')).toBeLessThan(output.indexOf('ready:'));
      expect(await redis.exists(startUpOwnerKey)).toBe(0);
    } finally {
      await holder.end();
    }
  });
});
