import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JOB_NAMES, reminderSendJobId } from '@certdesk/contracts';
import { NotifierQueues } from '../queues/notifier-queues.js';

const BULK = 1_000;

/**
 * Adds send jobs: one per (recipient, batch), with a deterministic jobId, so adding the same batch twice (a
 * retried scan, a restart) adds nothing: BullMQ ignores a job whose id exists, in addBulk as in add (checked by
 * test/queues.test.ts).
 */
@Injectable()
export class SendEnqueuer {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly queues: NotifierQueues,
  ) {}

  async enqueue(batch: string, recipients: readonly string[]): Promise<number> {
    const unique = [...new Set(recipients)];
    for (let i = 0; i < unique.length; i += BULK) {
      await this.queues.send.addBulk(
        unique.slice(i, i + BULK).map((recipient) => ({
          name: JOB_NAMES.send,
          data: { recipient, batch },
          opts: { jobId: reminderSendJobId(batch, recipient) },
        })),
      );
    }
    return unique.length;
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
