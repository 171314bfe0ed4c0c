import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, type DefaultJobOptions, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  JOB_RETENTION,
  QUEUE_NAMES,
  SCAN_ATTEMPTS,
  WEBHOOK_QUEUE,
  type OutboxJob,
  type WebhookDeliveryJob,
  type ReminderScanJob,
  type ReminderSendJob,
} from '@certdesk/contracts';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../config/config.js';

export const REDIS = Symbol('REDIS');

/** Finished jobs are kept for a while only (libs/contracts JOB_RETENTION): Redis must not grow without bound. */
export const KEEP_JOBS_WORKER = {
  removeOnComplete: { ...JOB_RETENTION.removeOnComplete },
  removeOnFail: { ...JOB_RETENTION.removeOnFail },
} satisfies Pick<WorkerOptions, 'removeOnComplete' | 'removeOnFail'>;
export const KEEP_JOBS: Pick<DefaultJobOptions, 'removeOnComplete' | 'removeOnFail'> = KEEP_JOBS_WORKER;

/** The notifier's queues (names in libs/contracts), under the configured prefix, with their retry policy. */
@Injectable()
export class NotifierQueues implements OnApplicationShutdown {
  readonly scan: Queue<ReminderScanJob>;
  readonly send: Queue<ReminderSendJob>;
  readonly outbox: Queue<OutboxJob>;
  /** One job per webhook delivery (src/webhooks): WEBHOOK_ATTEMPTS, exponential from WEBHOOK_RETRY_DELAY_MS. */
  readonly webhooks: Queue<WebhookDeliveryJob>;

  constructor(
    @Inject(REDIS) readonly connection: Redis,
    @Inject(NOTIFIER_CONFIG) config: NotifierConfig,
  ) {
    const retry = (attempts: number): DefaultJobOptions => ({
      ...KEEP_JOBS,
      attempts,
      backoff: { type: 'exponential', delay: config.send.retryDelayMs },
    });
    const common = { connection, prefix: config.queuePrefix };
    this.scan = new Queue(QUEUE_NAMES.reminderScan, { ...common, defaultJobOptions: retry(SCAN_ATTEMPTS) });
    this.send = new Queue(QUEUE_NAMES.reminderSend, {
      ...common,
      defaultJobOptions: retry(config.send.attempts),
    });
    this.outbox = new Queue(QUEUE_NAMES.outbox, { ...common, defaultJobOptions: retry(10) });
    this.webhooks = new Queue(WEBHOOK_QUEUE, {
      ...common,
      defaultJobOptions: {
        ...KEEP_JOBS,
        attempts: config.webhooks.attempts,
        backoff: { type: 'exponential', delay: config.webhooks.retryDelayMs },
      },
    });
    // Connection errors are the workers' to report (NotifierWorkers logs them), once, not once per queue.
    for (const queue of this.all) queue.on('error', () => undefined);
  }

  get all(): Queue[] {
    return [this.scan, this.send, this.outbox, this.webhooks] as Queue[];
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.all.map((queue) => queue.close()));
  }
}
