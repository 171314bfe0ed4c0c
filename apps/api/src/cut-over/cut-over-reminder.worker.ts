import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Worker } from 'bullmq';
import { CUT_OVER_REMINDER_QUEUE, type CutOverReminderJob } from '@certdesk/contracts';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Transactions } from '../core/transactions.js';
import { RedisConnection } from '../redis/redis.provider.js';
import { apiWorkerOptions } from '../redis/worker-options.js';
import { CutOverReminders } from './cut-over-reminders.js';

/**
 * Works the notifier's scheduled cut-over reminder runs (libs/contracts CUT_OVER_REMINDER_QUEUE, on REMINDER_CRON):
 * the api does the work because only it can mint a link (it holds TOKEN_SECRET). Runs of several replicas take the
 * installation-wide lock in turn, so the second finds nothing left to do. Started by main.ts once the api listens
 * (tests call CutOverReminders themselves).
 */
@Injectable()
export class CutOverReminderWorker implements OnModuleDestroy {
  private readonly logger = new Logger('CutOverReminderWorker');
  private worker: Worker<CutOverReminderJob> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly redis: RedisConnection,
    private readonly transactions: Transactions,
    private readonly reminders: CutOverReminders,
  ) {}

  async start(): Promise<void> {
    if (this.worker) return;
    this.worker = new Worker<CutOverReminderJob>(
      CUT_OVER_REMINDER_QUEUE,
      () => this.run(),
      apiWorkerOptions(this.config, this.redis, 1),
    );
    this.worker.on('failed', (job, error) =>
      this.logger.warn(`cut-over reminder run ${job?.id ?? '?'} failed: ${error.message}`),
    );
    this.worker.on('error', (error) => this.logger.error(`worker: ${error.message}`));
    await this.worker.waitUntilReady();
  }

  async run(): Promise<{ reminded: number }> {
    const reminded = await this.transactions.exclusively('cut-over-reminders', () =>
      this.reminders.remindDue(),
    );
    return { reminded };
  }

  /**
   * Waits for the job in hand and writes its outcome: this module is destroyed before the api's Redis connection
   * and its database (onApplicationShutdown came after them, so the outcome was lost and the job left active until
   * another replica found it stalled and ran it again).
   */
  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
    this.worker = null;
  }
}
