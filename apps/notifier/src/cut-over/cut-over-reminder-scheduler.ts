import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  CUT_OVER_REMINDER_JOB_NAME,
  CUT_OVER_REMINDER_QUEUE,
  CUT_OVER_REMINDER_SCHEDULER_ID,
  type CutOverReminderJob,
  JOB_RETENTION,
} from '@certdesk/contracts';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../config/config.js';
import { REDIS } from '../queues/notifier-queues.js';

/**
 * The cut-over reminders' schedule (issue 14, docs/guide/lifecycle.md): a BullMQ job scheduler puts one job on
 * CUT_OVER_REMINDER_QUEUE at each REMINDER_CRON (in REMINDER_TIMEZONE), beside the daily reminder scan. The api works
 * it: only the api can mint the reminders' fresh links. A run that fails is retried with backoff; a run repeated
 * reminds nobody twice (the api records each reminder once).
 */
@Injectable()
export class CutOverReminderScheduler implements OnApplicationShutdown {
  private readonly logger = new Logger('CutOverReminders');
  readonly queue: Queue<CutOverReminderJob>;

  constructor(
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    @Inject(REDIS) redis: Redis,
  ) {
    this.queue = new Queue(CUT_OVER_REMINDER_QUEUE, {
      connection: redis,
      prefix: config.queuePrefix,
      defaultJobOptions: { ...JOB_RETENTION, attempts: 3, backoff: { type: 'exponential', delay: 60_000 } },
    });
    this.queue.on('error', () => undefined);
  }

  async start(): Promise<void> {
    await this.queue.upsertJobScheduler(
      CUT_OVER_REMINDER_SCHEDULER_ID,
      { pattern: this.config.reminderCron, tz: this.config.reminderTimeZone },
      { name: CUT_OVER_REMINDER_JOB_NAME, data: { trigger: 'schedule' } },
    );
    this.logger.log(
      `cut-over reminders scheduled "${this.config.reminderCron}" (${this.config.reminderTimeZone}), worked by the api`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
