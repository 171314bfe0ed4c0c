import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { queryPrepared } from '@certdesk/persistence';
import { Clock } from '../core/clock.js';
import { insertDeliveries, type NewReminder } from '../scan/recipients-sql.js';
import { TemplateInputError } from '../templates/index.js';
import { MailComposer, messageIdFor } from './mail-composer.js';
import { MailTransport } from './mail-transport.js';
import {
  flagContact,
  loadQueuedDeliveries,
  markEnded,
  markSent,
  settleFailedAttempt,
  type QueuedDelivery,
} from './queued-deliveries.js';
import { SendEnqueuer } from './send-enqueuer.js';
import { classifySmtpFailure } from './smtp-failure.js';

/** The advisory-lock class of "sending to one address" (the second key is the address' hash). */
const SEND_LOCK_CLASS = 0x63_64_73; // 'cds'

export interface SendOutcome {
  sent: number;
  failed: number;
  cancelled: number;
}

/** The SMTP server did not take a mail and may later: the job is retried with backoff, the mail stays queued. */
export class TransientSendError extends Error {
  override name = 'TransientSendError';

  constructor(
    message: string,
    /** Nothing else can be sent now either (the server is away, the notifier stopping), not only this address. */
    readonly stopsEverySend: boolean,
  ) {
    super(message);
  }
}

type Step =
  | { next: 'more' }
  | { next: 'done' }
  | { next: 'retry'; error: string; serverUnavailable: boolean }
  | { next: 'escalated'; recipients: string[]; batch: string };

/**
 * Sends everything queued for one address, one mail per transaction:
 * 1. take the address' advisory lock (two jobs for one address, from two batches, never send the same delivery);
 * 2. read what is still queued, plan the mails (src/delivery/mail-composer.ts), cancel what no longer holds;
 * 3. mark the first mail's deliveries sent, send it, and commit once the SMTP server accepted it.
 * A crash before acceptance rolls back (the deliveries stay queued); a crash between acceptance and the commit
 * re-sends that one mail, with the same Message-ID (messageIdFor). A refused address (5xx to RCPT TO)
 * fails its deliveries, flags its contact and escalates: the organisation's administrators get the reminder.
 */
@Injectable()
export class RecipientSender {
  private readonly logger = new Logger('RecipientSender');
  private stopping = false;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly composer: MailComposer,
    private readonly transport: MailTransport,
    private readonly enqueuer: SendEnqueuer,
  ) {}

  async sendQueued(recipient: string): Promise<SendOutcome> {
    const outcome: SendOutcome = { sent: 0, failed: 0, cancelled: 0 };
    for (;;) {
      // Shutting down: finish the mail in hand, leave the rest queued for the retry (or the next start).
      if (this.stopping) throw new TransientSendError('the notifier is shutting down', true);
      const step = await this.db.transaction((manager) => this.sendNext(manager, recipient, outcome));
      if (step.next === 'more') continue;
      if (step.next === 'retry') throw new TransientSendError(step.error, step.serverUnavailable);
      if (step.next === 'escalated' && step.recipients.length > 0) {
        await this.enqueuer.enqueue(step.batch, step.recipients);
      }
      return outcome;
    }
  }

  /** After the mail being sent, stop: graceful shutdown. */
  stop(): void {
    this.stopping = true;
  }

  private async sendNext(manager: EntityManager, recipient: string, outcome: SendOutcome): Promise<Step> {
    await queryPrepared(manager, {
      name: 'certdesk_send_lock',
      text: 'SELECT pg_advisory_xact_lock($1, hashtext($2))',
      values: [SEND_LOCK_CLASS, recipient],
    });
    const now = this.clock.now();
    const rows = await loadQueuedDeliveries(manager, recipient);
    if (rows.length === 0) return { next: 'done' };
    const plan = await this.composer.plan(manager, rows, now, recipient);
    for (const { ids, reason } of plan.cancelled) {
      await markEnded(manager, ids, 'cancelled', now, reason, false);
      outcome.cancelled += ids.length;
    }
    const mail = plan.mails[0];
    if (!mail) return { next: 'more' };

    let rendered;
    try {
      rendered = mail.render();
    } catch (error) {
      // A bug upstream (the templates refused the facts): fail loudly, visible in GET /api/v1/reminders.
      if (!(error instanceof TemplateInputError)) throw error;
      await markEnded(
        manager,
        mail.deliveryIds,
        'failed',
        now,
        `cannot render the mail: ${error.message}`,
        false,
      );
      outcome.failed += mail.deliveryIds.length;
      this.logger.error(`cannot render a ${mail.kind} mail: ${error.message}`);
      return { next: 'more' };
    }

    const messageId = messageIdFor(mail.deliveryIds, this.transport.messageIdDomain);
    // Recorded first, committed once the server accepted: the window in which a crash re-sends this mail is the
    // COMMIT's round trip.
    await markSent(manager, mail.deliveryIds, now, messageId);
    try {
      await this.transport.send({
        to: recipient,
        ...rendered,
        messageId,
        headers: { 'X-Certdesk-Mail': mail.kind },
      });
    } catch (error) {
      const failure = classifySmtpFailure(error);
      if (!failure.addressRejected) {
        await settleFailedAttempt(manager, mail.deliveryIds, 'queued', failure.message);
        return { next: 'retry', error: failure.message, serverUnavailable: failure.serverUnavailable };
      }
      // The address is refused for good: every mail queued for it would be refused too.
      await settleFailedAttempt(manager, mail.deliveryIds, 'failed', failure.message);
      const others = rows.map((r) => r.id).filter((id) => !mail.deliveryIds.includes(id));
      await markEnded(manager, others, 'failed', now, failure.message, false);
      outcome.failed += rows.length;
      await flagContact(manager, recipient, now, failure.message);
      this.logger.warn(`${recipient} refused for good (${failure.message}): contact flagged`);
      const escalated = await insertDeliveries(manager, remindersToReroute(rows));
      return { next: 'escalated', recipients: escalated.recipients, batch: `bounce-${mail.deliveryIds[0]}` };
    }
    outcome.sent += mail.deliveryIds.length;
    // Every row read was cancelled or is in a planned mail: after the last one there is nothing left to look for
    // (mail queued meanwhile by a scan comes with its own send job).
    return { next: plan.mails.length > 1 ? 'more' : 'done' };
  }
}

/**
 * The reminders a refused generic address was to carry, to be queued again for whoever should hear instead: the
 * organisation's other working generic addresses already have theirs (UNIQUE makes them no-ops), so what is new
 * is the escalation to its administrators when no working generic address is left.
 */
function remindersToReroute(rows: QueuedDelivery[]): (NewReminder & { id: string })[] {
  const viaGeneric = rows.filter((r) => r.kind === 'digest' || r.kind === 'urgent' || r.kind === 'stalled');
  const urgent = new Set(rows.filter((r) => r.kind === 'urgent').map((r) => r.reminderId));
  const byReminder = new Map<string, NewReminder & { id: string }>();
  for (const row of viaGeneric) {
    if (row.milestone.startsWith('renewed:')) continue;
    byReminder.set(row.reminderId, {
      id: row.reminderId,
      certificateId: row.certificateId,
      organisationId: row.organisationId,
      milestone: row.milestone,
      daysLeft: 0,
      mail: row.milestone.startsWith('stalled:')
        ? 'stalled'
        : urgent.has(row.reminderId)
          ? 'digest+urgent'
          : 'digest',
    });
  }
  return [...byReminder.values()];
}
