import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { OUTBOX_TOPICS, type CertificateRenewedEvent, type OutboxJob } from '@certdesk/contracts';
import { SendEnqueuer } from '../delivery/send-enqueuer.js';
import { renewedMilestone } from '../scan/reminder-scan.js';
import { WebhookFanOut } from '../webhooks/webhook-fan-out.js';
import { CutOverMailer } from './cut-over-mailer.js';
import { SetPasswordMailer } from './set-password-mailer.js';

/**
 * What the notifier does with the api's outbox. 'certificate.renewed': each deployment's contact is told that the
 * new keystore must be installed (one reminder 'renewed:<case>' per certificate, one delivery per address, so a
 * message handled twice mails nobody twice). Revocations and contact changes need nothing here: the scan and the
 * send jobs read the current state (a revoked certificate's queued mail is cancelled when its turn comes).
 * A contact with a cut-over request for the renewal gets the notice with their personal link instead
 * ('cut-over.requested', CutOverMailer), not twice; its reminders too ('cut-over.reminded'). 'user.set-password-link-created': the link is mailed to the log-in
 * (SetPasswordMailer). Every message that a
 * webhook tells (src/webhooks/webhook-events.ts) is fanned out to its subscriptions.
 */
@Injectable()
export class OutboxProcessor {
  private readonly logger = new Logger('OutboxProcessor');

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly enqueuer: SendEnqueuer,
    private readonly setPasswordMailer: SetPasswordMailer,
    private readonly cutOverMailer: CutOverMailer,
    private readonly webhooks: WebhookFanOut,
  ) {}

  async process(job: Job<OutboxJob>): Promise<{ recipients: number; webhookDeliveries: number }> {
    // Webhooks first: a mail that fails (and retries the job) must not hold them back; the fan-out is idempotent.
    const webhookDeliveries = await this.webhooks.fanOut(job.data);
    return { ...(await this.mail(job)), webhookDeliveries };
  }

  private async mail(job: Job<OutboxJob>): Promise<{ recipients: number }> {
    if (job.data.topic === OUTBOX_TOPICS.setPasswordLinkCreated) {
      const { outcome } = await this.setPasswordMailer.process(job);
      return { recipients: outcome === 'mailed' ? 1 : 0 };
    }
    if (
      job.data.topic === OUTBOX_TOPICS.cutOverRequested ||
      job.data.topic === OUTBOX_TOPICS.cutOverReminded
    ) {
      const { outcome } = await this.cutOverMailer.process(job);
      return { recipients: outcome === 'mailed' ? 1 : 0 };
    }
    if (job.data.topic === OUTBOX_TOPICS.certificateRenewed) {
      const recipients = await this.certificateRenewed(job.data.payload as CertificateRenewedEvent);
      // Batch named like the job: row ids alone repeat from one database to the next.
      await this.enqueuer.enqueue(`outbox-${job.data.installationId}-${job.data.messageId}`, recipients);
      return { recipients: recipients.length };
    }
    return { recipients: 0 };
  }

  private async certificateRenewed(event: CertificateRenewedEvent): Promise<string[]> {
    const personal = await this.cutOverContacts(event.renewalCaseId);
    const addresses = [
      ...new Set(
        event.deployments
          .map((d) => d.contactEmail?.trim().toLowerCase())
          .filter((email): email is string => !!email && !personal.has(email)),
      ),
    ];
    if (addresses.length === 0) {
      this.logger.log(`renewal ${event.renewalCaseId}: no deployment names a contact to tell`);
      return [];
    }
    return this.db.transaction(async (manager) => {
      const milestone = renewedMilestone(event.renewalCaseId);
      await manager.query(
        `INSERT INTO reminder (certificate_id, organisation_id, milestone)
         SELECT c.id, c.organisation_id, $2 FROM certificate c WHERE c.id = $1
         ON CONFLICT (certificate_id, milestone) DO NOTHING`,
        [event.certificateId, milestone],
      );
      await manager.query(
        `INSERT INTO reminder_delivery (reminder_id, recipient, kind)
         SELECT r.id, a.recipient, 'deployment'
           FROM reminder r, unnest($3::text[]) AS a(recipient)
          WHERE r.certificate_id = $1 AND r.milestone = $2
         ON CONFLICT (reminder_id, recipient, kind) DO NOTHING`,
        [event.certificateId, milestone, addresses],
      );
      // Every address still queued for this notice, not only the new ones: a retry after a crash between the
      // commit and the enqueue must still enqueue them.
      const queued = (await manager.query(
        `SELECT DISTINCT d.recipient FROM reminder_delivery d JOIN reminder r ON r.id = d.reminder_id
          WHERE r.certificate_id = $1 AND r.milestone = $2 AND d.state = 'queued'`,
        [event.certificateId, milestone],
      )) as { recipient: string }[];
      return queued.map((row) => row.recipient);
    });
  }

  /** The contacts mailed a personal cut-over link for this renewal (written in the same transaction as the event). */
  private async cutOverContacts(renewalCaseId: string): Promise<Set<string>> {
    const rows = (await this.db.query(
      `SELECT DISTINCT contact_email FROM cut_over_request WHERE renewal_case_id = $1 AND contact_email IS NOT NULL`,
      [renewalCaseId],
    )) as { contact_email: string }[];
    return new Set(rows.map((row) => row.contact_email));
  }
}
