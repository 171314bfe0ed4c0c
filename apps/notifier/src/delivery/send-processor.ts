import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { ReminderSendJob } from '@certdesk/contracts';
import { RecipientSender, type SendOutcome } from './recipient-sender.js';

@Injectable()
export class SendProcessor {
  constructor(private readonly sender: RecipientSender) {}

  process(job: Job<ReminderSendJob>): Promise<SendOutcome> {
    return this.sender.sendQueued(job.data.recipient.toLowerCase());
  }
}
