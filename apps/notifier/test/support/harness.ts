import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@certdesk/persistence/testing';
import { loadConfig, type NotifierConfig } from '../../src/config/config.js';
import { SettableClock } from '../../src/core/clock.js';
import { startNotifier, type Notifier } from '../../src/start-notifier.js';
import { SmtpSink } from './smtp-sink.js';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A BullMQ prefix of its own per test file, so parallel test files never share queues. */
export function testQueuePrefix(file: string): string {
  return `certdesk-test-${file}-${randomBytes(4).toString('hex')}`;
}

/** Deletes every Redis key under the prefix. */
export async function cleanRedis(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
  try {
    let cursor = '0';
    do {
      const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = nextCursor;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** The notifier's settings for a test: its own database and queue prefix, the sink's SMTP, fast retries. */
export function testEnv(input: {
  database: TestDatabase;
  prefix: string;
  smtpUrl: string;
  extra?: Record<string, string>;
}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: input.database.url,
    REDIS_URL,
    QUEUE_PREFIX: input.prefix,
    SMTP_URL: input.smtpUrl,
    MAIL_FROM: 'Certdesk <reminders@certdesk.test>',
    PUBLIC_URL: 'https://certdesk.test',
    SEND_RETRY_DELAY_MS: '200',
    SEND_ATTEMPTS: '3',
    WORKER_LOCK_MS: '2000',
    OUTBOX_POLL_MS: '100',
    READY_RETRY_MS: '200',
    LOG_LEVEL: 'silent',
    ...input.extra,
  };
}

export interface Harness {
  database: TestDatabase;
  sink: SmtpSink;
  clock: SettableClock;
  config: NotifierConfig;
  notifier: Notifier;
  /** The notifier's own connection, for fixtures and assertions. */
  db: DataSource;
  /** Asks for a scan (as POST /api/v1/reminders/run does) and waits until it ran and every send job ended. */
  scan(): Promise<string>;
  /** Waits until no job is waiting, active or delayed in any queue. */
  idle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(
  file: string,
  /** `prefix`: a queue prefix the caller shares between harnesses, and cleans up itself. */
  options: { now?: Date; env?: Record<string, string>; prefix?: string } = {},
): Promise<Harness> {
  const database = await createTestDatabase();
  const sink = new SmtpSink();
  await sink.start();
  const prefix = options.prefix ?? testQueuePrefix(file);
  const config = loadConfig(testEnv({ database, prefix, smtpUrl: sink.url, extra: options.env }));
  const clock = new SettableClock(options.now ?? new Date());
  const notifier = await startNotifier(config, { clock });
  const db = notifier.app.get(DataSource);

  const idle = async (timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    let quiet = 0;
    while (quiet < 3) {
      if (Date.now() > deadline) throw new Error('the queues did not become idle in time');
      const { scan, send, outbox } = notifier.queues;
      const counts = await Promise.all([
        // The daily scheduler always keeps its next scan delayed.
        scan.getJobCounts('waiting', 'active', 'prioritized'),
        send.getJobCounts('waiting', 'active', 'delayed', 'prioritized'),
        outbox.getJobCounts('waiting', 'active', 'delayed', 'prioritized'),
      ]);
      const busy = counts.some((c) => Object.values(c).some((n) => n > 0));
      quiet = busy ? 0 : quiet + 1;
      await sleep(busy ? 50 : 20);
    }
    await sink.settled();
  };

  const harness: Harness = {
    database,
    sink,
    clock,
    config,
    notifier,
    db,
    idle,
    scan: async () => {
      const runId = await notifier.requestRun();
      const deadline = Date.now() + 30_000;
      for (;;) {
        const [run] = (await db.query(`SELECT finished_at, error FROM reminder_run WHERE id = $1`, [
          runId,
        ])) as [{ finished_at: Date | null; error: string | null }];
        if (run.finished_at) break;
        if (Date.now() > deadline) throw new Error(`run ${runId} did not finish: ${run.error ?? 'no error'}`);
        await sleep(20);
      }
      await idle();
      return runId;
    },
    close: async () => {
      await notifier.close();
      await sink.stop();
      if (!options.prefix) await cleanRedis(prefix);
      await database.drop();
    },
  };
  return harness;
}

export const DAY = 86_400_000;

/** 06:00 in Brussels in winter (UTC+1), the default scan time. */
export function brusselsMorning(isoDate: string): Date {
  return new Date(`${isoDate}T05:00:00Z`);
}
