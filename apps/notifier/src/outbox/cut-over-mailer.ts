import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DataSource, type EntityManager } from 'typeorm';
import { daysLeft } from '@certdesk/domain';
import type { CutOverRemindedEvent, CutOverRequestedEvent, OutboxJob } from '@certdesk/contracts';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../config/config.js';
import { Clock } from '../core/clock.js';
import { MailTransport } from '../delivery/mail-transport.js';
import { certificateFacts } from '../delivery/queued-deliveries.js';
import { classifySmtpFailure } from '../delivery/smtp-failure.js';
import { renderDeploymentNotice, type ReminderLine } from '../templates/index.js';
import { mailLanguages } from './mail-languages.js';

export type CutOverMailOutcome = 'mailed' | 'not-needed' | 'address-refused';

/**
 * What a mail of the cut-over is: the first link ('cut-over.requested', marked on the request) or a reminder
 * ('cut-over.reminded', marked on its own row). Each is mailed once, and its token erased from its own outbox rows.
 */
interface CutOverMail {
  /** The row whose mailed_at says whether this mail went out: locked with the request while it goes. */
  table: 'cut_over_request' | 'cut_over_reminder';
  rowId: string;
  topic: 'cut-over.requested' | 'cut-over.reminded';
  /** The payload field naming the row, to find the mail's outbox rows. */
  payloadKey: 'cutOverRequestId' | 'cutOverReminderId';
  messageIdPrefix: string;
  reminder: boolean;
}

function cutOverMail(event: CutOverRequestedEvent | CutOverRemindedEvent): CutOverMail {
  return 'cutOverReminderId' in event
    ? {
        table: 'cut_over_reminder',
        rowId: event.cutOverReminderId,
        topic: 'cut-over.reminded',
        payloadKey: 'cutOverReminderId',
        messageIdPrefix: 'cut-over-reminder',
        reminder: true,
      }
    : {
        table: 'cut_over_request',
        rowId: event.cutOverRequestId,
        topic: 'cut-over.requested',
        payloadKey: 'cutOverRequestId',
        messageIdPrefix: 'cut-over',
        reminder: false,
      };
}

/**
 * Mails a deployment's contact the deployment notice with their personal cut-over link (outbox 'cut-over.requested',
 * issue 14), and the reminders of an unconfirmed cut-over with their fresh link ('cut-over.reminded'). The request's row is locked while the mail goes out and marked mailed once the SMTP server accepted it,
 * so a message handled twice mails once; a request already confirmed, overridden or expired is not mailed. Either
 * way the token, the link's only secret outside the mail, is then erased from the outbox row and from the job.
 */
@Injectable()
export class CutOverMailer {
  private readonly logger = new Logger('CutOverMailer');

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    private readonly transport: MailTransport,
    private readonly clock: Clock,
  ) {}

  async process(job: Job<OutboxJob>): Promise<{ outcome: CutOverMailOutcome }> {
    const event = job.data.payload as CutOverRequestedEvent | CutOverRemindedEvent;
    const mail = cutOverMail(event);
    const outcome = event.token
      ? await this.db.transaction((manager) => this.mailOnce(manager, event, mail))
      : 'not-needed';
    await this.erase(mail);
    if (job.data.payload && 'token' in job.data.payload) {
      await job.updateData({ ...job.data, payload: { ...event, token: '' } });
    }
    return { outcome };
  }

  private async mailOnce(
    manager: EntityManager,
    event: CutOverRequestedEvent,
    mail: CutOverMail,
  ): Promise<CutOverMailOutcome> {
    // A reminder's own row says whether it went out; the request's state says whether it is still needed.
    const [request] = (await manager.query(
      mail.reminder
        ? `SELECT r.expires_at, m.mailed_at, r.confirmed_at, r.overridden_at, r.contact_email,
                  rc.renewed_certificate_id, d.software, d.integrator
             FROM cut_over_reminder m
             JOIN cut_over_request r ON r.id = m.cut_over_request_id
             JOIN renewal_case rc ON rc.id = r.renewal_case_id
             JOIN deployment d ON d.id = r.deployment_id
            WHERE m.id = $1
              FOR UPDATE OF m, r`
        : `SELECT r.expires_at, r.mailed_at, r.confirmed_at, r.overridden_at, r.contact_email,
                  rc.renewed_certificate_id, d.software, d.integrator
             FROM cut_over_request r
             JOIN renewal_case rc ON rc.id = r.renewal_case_id
             JOIN deployment d ON d.id = r.deployment_id
            WHERE r.id = $1
              FOR UPDATE OF r`,
      [mail.rowId],
    )) as {
      expires_at: Date;
      mailed_at: Date | null;
      confirmed_at: Date | null;
      overridden_at: Date | null;
      contact_email: string | null;
      renewed_certificate_id: string | null;
      software: string;
      integrator: string | null;
    }[];
    const now = this.clock.now();
    if (
      !request?.contact_email ||
      request.mailed_at ||
      request.confirmed_at ||
      request.overridden_at ||
      request.expires_at.getTime() <= now.getTime()
    ) {
      return 'not-needed';
    }
    // The notice names the renewed certificate once Certdesk knows it, else the one it replaces.
    const facts =
      (request.renewed_certificate_id && (await certificateFacts(manager, request.renewed_certificate_id))) ||
      (await certificateFacts(manager, event.certificateId));
    if (!facts) return 'not-needed';
    const left = daysLeft(facts.notAfter, now);
    const line: ReminderLine = {
      certificateId: facts.certificateId,
      identifierType: facts.identifierType ?? 'Subject',
      identifierValue: facts.identifierValue ?? facts.subject,
      applicationId: facts.applicationId,
      holderName: facts.holderName,
      environment:
        facts.environment === 'production' || facts.environment === 'acceptance'
          ? facts.environment
          : 'unknown',
      notAfter: facts.notAfter,
      daysLeft: left,
      milestone: left < 0 ? 'expired' : left,
      managerName: facts.managerName,
      // Where the manager keeps the keystore is theirs to know, not the integrator's.
      keystoreLocation: null,
      renewalState: 'phase3-etk-activated',
      url: `${this.config.publicUrl}/certificates/${facts.certificateId}`,
    };
    const rendered = renderDeploymentNotice({
      languages: mailLanguages(event.languages),
      organisationName: event.organisationName,
      line,
      software: request.software,
      integrator: request.integrator,
      confirmation: {
        // In the fragment: browsers send it to no server, so it stays out of logs and Referer headers.
        url: `${this.config.publicUrl}/cut-over#token=${encodeURIComponent(event.token)}`,
        expiresAt: request.expires_at,
        reminder: mail.reminder,
      },
    });
    try {
      await this.transport.send({
        to: request.contact_email,
        ...rendered,
        messageId: `<${mail.messageIdPrefix}-${mail.rowId}@${this.transport.messageIdDomain}>`,
        headers: { 'X-Certdesk-Mail': mail.messageIdPrefix },
      });
    } catch (error) {
      const failure = classifySmtpFailure(error);
      // Retried (the job fails) unless the address is refused for good; the certificate page shows it unmailed.
      if (!failure.addressRejected) throw error;
      this.logger.warn(`the ${mail.messageIdPrefix} mail ${mail.rowId} was refused: ${failure.message}`);
      return 'address-refused';
    }
    await manager.query(`UPDATE ${mail.table} SET mailed_at = $2 WHERE id = $1`, [mail.rowId, now]);
    return 'mailed';
  }

  /** Removes the token from the outbox row(s) of this mail: the database keeps no working secret. */
  private async erase(mail: CutOverMail): Promise<void> {
    await this.db.query(
      `UPDATE outbox_message SET payload = payload || '{"token": ""}'::jsonb
        WHERE topic = $1 AND payload->>'${mail.payloadKey}' = $2 AND payload->>'token' <> ''`,
      [mail.topic, mail.rowId],
    );
  }
}
