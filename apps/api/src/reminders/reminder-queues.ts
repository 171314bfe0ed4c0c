import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import {
  ETK_DISCOVERY_QUEUES,
  type OutboxJob,
  QUEUE_NAMES,
  type ReminderScanJob,
  type ReminderSendJob,
  WEBHOOK_QUEUE,
} from '@certdesk/contracts';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { RedisConnection } from '../redis/redis.provider.js';
import { QueueUnavailableError } from './queue-unavailable.error.js';

/**
 * The notifier's queues (names in libs/contracts), seen from the api: it adds the scans a central administrator
 * asks for, and reads the queues' state. The notifier's workers do the work; the webhook deliveries' and the ETK
 * directory's per-organisation discoveries are shown too, read only (their own modules add their jobs).
 */
@Injectable()
export class ReminderQueues implements OnModuleDestroy {
  readonly scan: Queue<ReminderScanJob>;
  readonly send: Queue<ReminderSendJob>;
  readonly outbox: Queue<OutboxJob>;
  private readonly shownOnly: Queue[];

  constructor(@Inject(APP_CONFIG) config: AppConfig, redis: RedisConnection) {
    const options = { connection: redis.client, prefix: config.queuePrefix };
    this.scan = new Queue(QUEUE_NAMES.reminderScan, options);
    this.send = new Queue(QUEUE_NAMES.reminderSend, options);
    this.outbox = new Queue(QUEUE_NAMES.outbox, options);
    this.shownOnly = [
      new Queue(WEBHOOK_QUEUE, options),
      new Queue(ETK_DISCOVERY_QUEUES.organisation, options),
    ];
    // Redis being away is reported by /health, and a request that needs it answers 503: not a log line per retry.
    for (const queue of this.all) queue.on('error', () => undefined);
  }

  get all(): Queue[] {
    return [this.scan, this.send, this.outbox, ...this.shownOnly] as Queue[];
  }

  async onModuleDestroy(): Promise<void> {
    // The connection is the api's RedisConnection: it closes it itself.
    await Promise.all(this.all.map((queue) => queue.close()));
  }
}

/** Redis commands wait while Redis is away (maxRetriesPerRequest: null): a request gives up after this long. */
export const QUEUE_TIMEOUT_MS = 5_000;

/**
 * The queue work, or QueueUnavailableError (503) with `message` when Redis does not answer in QUEUE_TIMEOUT_MS or
 * refuses the connection.
 */
export async function whileRedisAnswers<T>(work: Promise<T>, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), QUEUE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } catch {
    // The work may still complete once Redis is back (a queued add does): that is the promise the message makes.
    work.catch(() => undefined);
    throw new QueueUnavailableError(message);
  } finally {
    clearTimeout(timer);
  }
}
