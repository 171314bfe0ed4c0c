import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { LoggerService } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUE_NAMES, REMINDER_SCHEDULER_ID } from '@certdesk/contracts';
import { brusselsDate } from '@certdesk/domain';
import { createTestDatabase, type TestDatabase } from '@certdesk/persistence/testing';
import { loadConfig } from '../src/config/config.js';
import { evictionWarning } from '../src/core/readiness.js';
import { startNotifier, type Notifier } from '../src/start-notifier.js';
import { createCertificate, createOrganisation } from './support/fixtures.js';
import {
  cleanRedis,
  DAY,
  REDIS_URL,
  startHarness,
  testEnv,
  testQueuePrefix,
  type Harness,
} from './support/harness.js';
import { TcpProxy } from './support/tcp-proxy.js';

describe('BullMQ', () => {
  const prefix = testQueuePrefix('queues-bulk');
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  });
  afterAll(async () => {
    redis.disconnect();
    await cleanRedis(prefix);
  });

  it('ignores a job whose id exists, in addBulk as in add (what makes re-enqueueing a batch harmless)', async () => {
    const queue = new Queue('dedupe', { connection: redis, prefix });
    try {
      await queue.add('send', { n: 1 }, { jobId: 'send/run-1/a%40b' });
      await queue.addBulk([
        { name: 'send', data: { n: 2 }, opts: { jobId: 'send/run-1/a%40b' } },
        { name: 'send', data: { n: 3 }, opts: { jobId: 'send/run-1/c%40d' } },
        { name: 'send', data: { n: 4 }, opts: { jobId: 'send/run-1/c%40d' } },
      ]);
      const jobs = await queue.getJobs(['waiting']);
      expect(jobs.map((j) => [j.id, j.data.n]).sort()).toEqual([
        ['send/run-1/a%40b', 1],
        ['send/run-1/c%40d', 3],
      ]);
    } finally {
      await queue.close();
    }
  });
});

describe('the notifier', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('queues', {
      now: new Date('2026-11-10T05:00:00Z'),
      env: { REMINDER_CRON: '0 6 * * *', REMINDER_TIMEZONE: 'Europe/Brussels' },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('schedules the daily scan at 06:00 Brussels time', async () => {
    const scheduler = await h.notifier.queues.scan.getJobScheduler(REMINDER_SCHEDULER_ID);
    expect(scheduler).toMatchObject({ pattern: '0 6 * * *', tz: 'Europe/Brussels' });
    const next = new Date(scheduler!.next!);
    expect(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Brussels',
        hour: '2-digit',
        minute: '2-digit',
      }).format(next),
    ).toBe('06:00');
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(DAY);
  });

  it('keeps finished jobs for a while only (removeOnComplete / removeOnFail)', async () => {
    const org = await createOrganisation(h.db);
    await createCertificate(h.db, { organisationId: org.id, notAfter: new Date('2026-12-01T10:00:00Z') });
    await h.scan();
    const [job] = await h.notifier.queues.send.getJobs(['completed']);
    expect(job!.opts.removeOnComplete).toEqual({ age: 24 * 3600, count: 10_000 });
    expect(job!.opts.removeOnFail).toEqual({ age: 7 * 24 * 3600, count: 10_000 });
  });
});

describe('a scheduled scan', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('queues-cron', { env: { REMINDER_CRON: '* * * * * *' } }); // every second
  });
  afterAll(async () => {
    await h?.close();
  });

  it('runs by itself and records its run', async () => {
    const org = await createOrganisation(h.db);
    const id = await createCertificate(h.db, {
      organisationId: org.id,
      notAfter: new Date(Date.now() + 10 * DAY),
    });
    // Waits for the mail, not for a finished run: a run the schedule started before the certificate was written
    // finishes without it (seen on a loaded machine).
    const mailed = () => h.sink.to(org.contacts[0]!).some((m) => m.text.includes(id));
    for (let i = 0; i < 150 && !mailed(); i++) await sleep(100);
    expect(mailed()).toBe(true);
    const runs = (await h.db.query(`SELECT trigger FROM reminder_run WHERE finished_at IS NOT NULL`)) as {
      trigger: string;
    }[];
    expect(runs.length).toBeGreaterThan(0);
    expect(new Set(runs.map((r) => r.trigger))).toEqual(new Set(['schedule']));
  });
});

describe('readiness', () => {
  let database: TestDatabase;
  const prefix = testQueuePrefix('queues-ready');
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await cleanRedis(prefix);
    await database.drop();
  });

  it('waits, saying why, until Postgres and Redis answer', async () => {
    const redisProxy = new TcpProxy('127.0.0.1', Number(new URL(REDIS_URL).port || 6379));
    const pgProxy = new TcpProxy('127.0.0.1', 5432);
    await redisProxy.reserve();
    await pgProxy.reserve();
    const env = testEnv({ database, prefix, smtpUrl: 'smtp://127.0.0.1:9' });
    const config = loadConfig({
      ...env,
      LOG_LEVEL: 'warn',
      REDIS_URL: `redis://127.0.0.1:${redisProxy.port}`,
      DATABASE_URL: database.url.replace(':5432/', `:${pgProxy.port}/`),
    });
    const logs: string[] = [];
    const logger: LoggerService = {
      log: (m) => logs.push(String(m)),
      warn: (m) => logs.push(String(m)),
      error: (m) => logs.push(String(m)),
    };
    let ready = false;
    const abort = new AbortController();
    const starting = startNotifier(config, { logger, signal: abort.signal }).then((n) => {
      ready = true;
      return n;
    });
    starting.catch(() => undefined);
    const logged = async (pattern: RegExp) => {
      for (let i = 0; i < 100 && !pattern.test(logs.at(-1) ?? ''); i++) await sleep(100);
      return logs.at(-1) ?? '';
    };
    let notifier: Notifier | undefined;
    try {
      expect(await logged(/not ready/)).toMatch(/Postgres .* does not answer.*Redis .* does not answer/);
      expect(ready).toBe(false);

      await pgProxy.up();
      expect(await logged(/not ready \(attempt \d+\): Redis/)).not.toMatch(/Postgres/);
      expect(ready).toBe(false);

      await redisProxy.up();
      notifier = await starting;
      expect(ready).toBe(true);
      expect(logs.at(-1)).toMatch(/ready: Postgres and Redis answer/);
    } finally {
      abort.abort();
      await notifier?.close();
      await redisProxy.down();
      await pgProxy.down();
    }
  });

  it('warns loudly when Redis may evict keys', () => {
    expect(evictionWarning('noeviction')).toBeNull();
    expect(evictionWarning(null)).toBeNull();
    expect(evictionWarning('allkeys-lru')).toMatch(/maxmemory-policy is "allkeys-lru", not "noeviction"/);
  });
});

describe('queue names', () => {
  it('are the ones in libs/contracts', () => {
    expect(Object.values(QUEUE_NAMES).sort()).toEqual(['outbox', 'reminder-scan', 'reminder-send']);
    expect(brusselsDate(new Date('2026-11-10T05:00:00Z'))).toBe('2026-11-10');
  });
});
