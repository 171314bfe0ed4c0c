import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Worker, type Job, type Processor, type WorkerOptions } from 'bullmq';
import { DataSource } from 'typeorm';
import {
  JOB_NAMES,
  QUEUE_NAMES,
  REMINDER_SCHEDULER_ID,
  reminderScanJobId,
  SCAN_ATTEMPTS,
  type OutboxJob,
  type QueueName,
  type ReminderScanJob,
  type ReminderSendJob,
  WEBHOOK_QUEUE,
  type WebhookDeliveryJob,
} from '@certdesk/contracts';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../config/config.js';
import { RecipientSender } from '../delivery/recipient-sender.js';
import { SendEnqueuer } from '../delivery/send-enqueuer.js';
import { SendProcessor } from '../delivery/send-processor.js';
import { OutboxProcessor } from '../outbox/outbox-processor.js';
import { OutboxRelay } from '../outbox/outbox-relay.js';
import { ScanProcessor } from '../scan/scan-processor.js';
import { WebhookDeliveryProcessor } from '../webhooks/webhook-delivery-processor.js';
import { WebhookFanOut } from '../webhooks/webhook-fan-out.js';
import { KEEP_JOBS, KEEP_JOBS_WORKER, NotifierQueues } from './notifier-queues.js';

/** Manual runs younger than this that never finished are started again at start-up. */
const RESUME_RUNS_WITHIN_MS = 24 * 3600 * 1000;

/**
 * The notifier's moving parts: the daily job scheduler, a worker per queue, the outbox relay. `start()` runs once
 * Postgres and Redis answer; shutdown closes the workers, each finishing the job in hand (a send job stops after
 * the mail being sent and leaves the rest queued).
 */
@Injectable()
export class NotifierWorkers implements OnApplicationShutdown {
  private readonly logger = new Logger('Notifier');
  private workers: Worker[] = [];

  constructor(
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    @Inject(DataSource) private readonly db: DataSource,
    private readonly queues: NotifierQueues,
    private readonly scan: ScanProcessor,
    private readonly send: SendProcessor,
    private readonly sender: RecipientSender,
    private readonly outbox: OutboxProcessor,
    private readonly relay: OutboxRelay,
    private readonly enqueuer: SendEnqueuer,
    private readonly webhooks: WebhookDeliveryProcessor,
    private readonly webhookFanOut: WebhookFanOut,
  ) {}

  async start(): Promise<void> {
    await this.scheduleDailyScan();
    this.workers = [
      this.worker<ReminderScanJob>(QUEUE_NAMES.reminderScan, (job) => this.scan.process(job), 1),
      this.worker<ReminderSendJob>(
        QUEUE_NAMES.reminderSend,
        (job) => this.send.process(job),
        this.config.send.concurrency,
      ),
      this.worker<OutboxJob>(QUEUE_NAMES.outbox, (job) => this.outbox.process(job), 4),
      this.worker<WebhookDeliveryJob>(
        WEBHOOK_QUEUE,
        (job) => this.webhooks.process(job),
        this.config.webhooks.concurrency,
      ),
    ];
    await Promise.all(this.workers.map((worker) => worker.waitUntilReady()));
    await this.recover();
    this.relay.start();
  }

  /** REMINDER_CRON in REMINDER_TIMEZONE; upserting replaces the schedule when the configuration changed. */
  private async scheduleDailyScan(): Promise<void> {
    await this.queues.scan.upsertJobScheduler(
      REMINDER_SCHEDULER_ID,
      { pattern: this.config.reminderCron, tz: this.config.reminderTimeZone },
      {
        name: JOB_NAMES.scan,
        data: { trigger: 'schedule' },
        opts: {
          ...KEEP_JOBS,
          attempts: SCAN_ATTEMPTS,
          backoff: { type: 'exponential', delay: this.config.send.retryDelayMs },
        },
      },
    );
    const scheduler = await this.queues.scan.getJobScheduler(REMINDER_SCHEDULER_ID);
    const next = scheduler?.next ? new Date(scheduler.next).toISOString() : 'unknown';
    this.logger.log(
      `reminder scans scheduled "${this.config.reminderCron}" (${this.config.reminderTimeZone}); next ${next}`,
    );
  }

  /**
   * What a crash may have left behind: deliveries still queued (their jobs may be lost, failed for good, or
   * stalled behind an expired lock) get a job again, and manual runs that never finished are started again.
   * Sending twice is not a risk: a send job only sends what is still queued, under the address' lock.
   */
  private async recover(): Promise<void> {
    const unfinished = (await this.db.query(
      `SELECT id FROM reminder_run WHERE trigger = 'manual' AND finished_at IS NULL AND requested_at > $1`,
      [new Date(Date.now() - RESUME_RUNS_WITHIN_MS)],
    )) as { id: string }[];
    for (const { id } of unfinished) {
      await this.queues.scan.add(
        JOB_NAMES.scan,
        { trigger: 'manual', runId: id },
        { jobId: reminderScanJobId(id) },
      );
    }
    const recipients = await this.enqueuer.enqueueAllQueued(`recovery-${new Date().toISOString()}`);
    await this.webhookFanOut.requeuePending();
    if (recipients || unfinished.length) {
      this.logger.log(
        `recovered ${recipients} address(es) with queued mail, ${unfinished.length} unfinished run(s)`,
      );
    }
  }

  private worker<T>(
    name: QueueName | typeof WEBHOOK_QUEUE,
    process: (job: Job<T>) => Promise<unknown>,
    concurrency: number,
  ): Worker {
    const options: WorkerOptions = {
      connection: this.queues.connection,
      prefix: this.config.queuePrefix,
      concurrency,
      lockDuration: this.config.workerLockMs,
      stalledInterval: this.config.workerLockMs,
      // A job whose worker died is run again (what it did is idempotent); many crashes in a row do not fail it.
      maxStalledCount: 10,
      removeOnComplete: KEEP_JOBS_WORKER.removeOnComplete,
      removeOnFail: KEEP_JOBS_WORKER.removeOnFail,
    };
    const worker = new Worker(name, process as Processor, options);
    worker.on('failed', (job, error) => {
      const attempts = job ? `${job.attemptsMade}/${job.opts.attempts ?? 1}` : '';
      this.logger.warn(`${name} job ${job?.id ?? '?'} failed (attempt ${attempts}): ${error.message}`);
    });
    worker.on('error', (error) => this.logger.error(`${name} worker: ${error.message}`));
    return worker;
  }

  async onApplicationShutdown(): Promise<void> {
    this.sender.stop();
    await this.relay.stop();
    await Promise.all(this.workers.map((worker) => worker.close()));
    this.workers = [];
  }
}
