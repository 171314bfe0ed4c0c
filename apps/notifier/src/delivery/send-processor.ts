import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { ReminderSendJob } from '@certdesk/contracts';
import { RecipientSender, type SendOutcome, TransientSendError } from './recipient-sender.js';

@Injectable()
export class SendProcessor {
  constructor(private readonly sender: RecipientSender) {}

  /**
   * Each address in turn. An address the server defers (a 4xx reply) does not hold up the others; the job is
   * then retried, and its retry finds nothing queued for the addresses already served. When the server takes no
   * mail at all, or the notifier is stopping, the job stops there and the rest waits for the retry.
   */
  async process(job: Job<ReminderSendJob>): Promise<SendOutcome> {
    const recipients = job.data.recipients ?? (job.data.recipient ? [job.data.recipient] : []);
    const total: SendOutcome = { sent: 0, failed: 0, cancelled: 0 };
    let deferred: TransientSendError | undefined;
    for (const recipient of recipients) {
      try {
        const outcome = await this.sender.sendQueued(recipient.toLowerCase());
        total.sent += outcome.sent;
        total.failed += outcome.failed;
        total.cancelled += outcome.cancelled;
      } catch (error) {
        if (!(error instanceof TransientSendError)) throw error;
        deferred ??= error;
        if (error.stopsEverySend) break;
      }
    }
    if (deferred) throw deferred;
    return total;
  }
}
