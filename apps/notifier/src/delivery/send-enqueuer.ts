import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JOB_NAMES, MAX_RECIPIENTS_PER_SEND_JOB, reminderSendJobId } from '@certdesk/contracts';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../config/config.js';
import { NotifierQueues } from '../queues/notifier-queues.js';

const BULK = 1_000;

/**
 * Adds send jobs for a batch's recipients, with deterministic jobIds, so adding the same batch twice (a retried
 * scan, a restart) adds nothing: BullMQ ignores a job whose id exists, in addBulk as in add (checked by
 * test/queues.test.ts). A large batch shares its addresses between jobs (groupRecipients).
 */
@Injectable()
export class SendEnqueuer {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    private readonly queues: NotifierQueues,
  ) {}

  /** Queues a send for each address; returns how many jobs that makes (the run's `sendJobs`). */
  async enqueue(batch: string, recipients: readonly string[]): Promise<number> {
    const unique = [...new Set(recipients)].sort();
    const groups = groupRecipients(unique, this.config.send.concurrency);
    for (let i = 0; i < groups.length; i += BULK) {
      await this.queues.send.addBulk(
        groups.slice(i, i + BULK).map((group) => ({
          name: JOB_NAMES.send,
          data: { recipients: group, batch },
          opts: { jobId: reminderSendJobId(batch, group) },
        })),
      );
    }
    return groups.length;
  }

  /** Every address with mail still queued, whatever queued it: what a restart or a scan picks up again. */
  async enqueueAllQueued(batch: string): Promise<number> {
    const rows = (await this.db.query(
      `SELECT DISTINCT recipient FROM reminder_delivery WHERE state = 'queued'`,
    )) as { recipient: string }[];
    return this.enqueue(
      batch,
      rows.map((row) => row.recipient),
    );
  }
}

/**
 * Send jobs per concurrent send before addresses share a job: a batch of a few hundred addresses still keeps the
 * sends of several notifier replicas (each with this replica's SEND_CONCURRENCY) busy.
 */
const JOBS_PER_CONCURRENT_SEND = 4;

/**
 * The addresses in groups, one send job each: one address a job while there are fewer than
 * JOBS_PER_CONCURRENT_SEND x 2 per concurrent send, and at most MAX_RECIPIENTS_PER_SEND_JOB a job beyond that, so
 * that a job's retry, or a replica's death, holds up few.
 */
export function groupRecipients(recipients: readonly string[], concurrency: number): string[][] {
  const jobs = JOBS_PER_CONCURRENT_SEND * Math.max(1, concurrency);
  const size = Math.min(MAX_RECIPIENTS_PER_SEND_JOB, Math.max(1, Math.floor(recipients.length / jobs)));
  const groups: string[][] = [];
  for (let i = 0; i < recipients.length; i += size) groups.push(recipients.slice(i, i + size));
  return groups;
}
