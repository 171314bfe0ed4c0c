import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { LoggerService } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import {
  JOB_NAMES,
  OUTBOX_TOPICS,
  QUEUE_NAMES,
  queuePrefixOwnerKey,
  reminderScanJobId,
} from '@certdesk/contracts';
import { createTestDatabase, type TestDatabase } from '@certdesk/persistence/testing';
import { loadConfig } from '../src/config/config.js';
import { OWNER_TTL_SECONDS } from '../src/queues/queue-ownership.js';
import { startNotifier, type Notifier } from '../src/start-notifier.js';
import { createCompletedRenewal, deliveries } from './support/fixtures.js';
import {
  cleanRedis,
  REDIS_URL,
  startHarness,
  testEnv,
  testQueuePrefix,
  type Harness,
} from './support/harness.js';

// Two Certdesk databases on one Redis and one QUEUE_PREFIX (a copied .env, a staging beside production, a test
// database dropped and made again) must never quietly take each other's jobs.
const NOW = new Date('2026-11-10T05:00:00Z');
const quietLogger: LoggerService = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe('two databases on one queue prefix', () => {
  const prefix = testQueuePrefix('shared-redis');
  const opened: { close(): Promise<void> }[] = [];
  const databases: TestDatabase[] = [];

  afterAll(async () => {
    for (const thing of opened.reverse()) await thing.close().catch(() => undefined);
    await Promise.all(databases.map((database) => database.drop()));
    await cleanRedis(prefix);
  });

  const notifierOn = async (database: TestDatabase): Promise<Notifier> => {
    const config = loadConfig({
      ...testEnv({ database, prefix, smtpUrl: 'smtp://127.0.0.1:9' }),
      LOG_LEVEL: 'warn',
    });
    const notifier = await startNotifier(config, { logger: quietLogger });
    opened.push(notifier);
    return notifier;
  };
  const newDatabase = async (): Promise<TestDatabase> => {
    const database = await createTestDatabase();
    databases.push(database);
    return database;
  };

  it('refuses to start a second database’s notifier while the first holds the prefix, and says what to change', async () => {
    const [first, second] = [await newDatabase(), await newDatabase()];
    const holder = await notifierOn(first);
    // A second notifier of the same database is a replica: welcome.
    const replica = await notifierOn(first);

    // The claim lapses by itself should its notifiers crash (SIGKILL releases nothing).
    const redis = new Redis(REDIS_URL);
    const ttl = await redis.ttl(queuePrefixOwnerKey(prefix));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(OWNER_TTL_SECONDS);

    const refused = notifierOn(second);
    await expect(refused).rejects.toThrow(`the queue prefix "${prefix}" on this Redis is in use by another`);
    await expect(refused).rejects.toThrow(first.name);
    await expect(refused).rejects.toThrow(/give each installation its own QUEUE_PREFIX/);

    // Once every notifier of the first database stopped, the prefix is free.
    await replica.close();
    await holder.close();
    try {
      expect(await redis.exists(queuePrefixOwnerKey(prefix))).toBe(0);
    } finally {
      redis.disconnect();
    }
    const successor = await notifierOn(second);
    await successor.close();
  });

  it('fails, without scanning its own database, a run that another database’s api asked for', async () => {
    const [mine, theirs] = [await newDatabase(), await newDatabase()];
    const notifier = await notifierOn(mine);
    // Their api recorded the run in their database, then queued it under the shared prefix.
    const theirDb = new pg.Client({ connectionString: theirs.url });
    await theirDb.connect();
    const runId = (
      await theirDb.query<{ id: string }>(`INSERT INTO reminder_run (trigger) VALUES ('manual') RETURNING id`)
    ).rows[0]!.id;
    await theirDb.end();
    const queue = new Queue(QUEUE_NAMES.reminderScan, { connection: { url: REDIS_URL }, prefix });
    try {
      await queue.add(
        JOB_NAMES.scan,
        { trigger: 'manual', runId: runId },
        { jobId: reminderScanJobId(runId) },
      );
      let state = '';
      for (let i = 0; i < 200 && state !== 'failed'; i++) {
        await sleep(50);
        state = await queue.getJobState(reminderScanJobId(runId));
      }
      expect(state).toBe('failed');
      const job = await queue.getJob(reminderScanJobId(runId));
      expect(job?.failedReason).toMatch(/not recorded in this database.*same QUEUE_PREFIX/);
      // Failed for good, not retried: trying again could not make it right.
      expect(job?.attemptsMade).toBe(1);
    } finally {
      await queue.close();
    }
    const pgMine = new pg.Client({ connectionString: mine.url });
    await pgMine.connect();
    try {
      expect((await pgMine.query(`SELECT id FROM reminder_run`)).rows).toEqual([]);
    } finally {
      await pgMine.end();
    }
    await notifier.close();
  });
});

describe('a database made again on the same prefix', () => {
  const prefix = testQueuePrefix('outbox-reused');
  afterAll(() => cleanRedis(prefix));

  /** A renewal whose one deployment names a contact, and its outbox row (the first row of a new database). */
  async function renewalNotice(h: Harness, contact: string): Promise<string> {
    const event = await createCompletedRenewal(h.db, {
      now: NOW,
      organisationName: 'Ambulances Dupont',
      deployments: [{ software: 'Ambuline', integrator: null, contactEmail: contact }],
    });
    const [{ id }] = (await h.db.query(
      `INSERT INTO outbox_message (topic, payload) VALUES ($1, $2) RETURNING id`,
      [OUTBOX_TOPICS.certificateRenewed, event],
    )) as [{ id: string }];
    return id;
  }

  async function sentTo(h: Harness, address: string): Promise<boolean> {
    for (let i = 0; i < 300; i++) {
      if ((await deliveries(h.db)).some((d) => d.recipient === address && d.state === 'sent')) return true;
      await sleep(20);
    }
    return false;
  }

  it('still handles its outbox rows, though their ids repeat the old database’s (whose jobs Redis keeps)', async () => {
    const before = await startHarness('outbox-reused-1', { now: NOW, prefix });
    const first = await renewalNotice(before, 'it@before.test');
    try {
      expect(await sentTo(before, 'it@before.test')).toBe(true);
    } finally {
      await before.close();
    }
    const after = await startHarness('outbox-reused-2', { now: NOW, prefix });
    try {
      const second = await renewalNotice(after, 'it@after.test');
      expect(second).toBe(first);
      expect(await sentTo(after, 'it@after.test')).toBe(true);
    } finally {
      await after.close();
    }
  });
});
