import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DataSource, type EntityManager } from 'typeorm';
import type { OutboxJob, SetPasswordLinkCreatedEvent } from '@certdesk/contracts';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../config/config.js';
import { Clock } from '../core/clock.js';
import { MailTransport } from '../delivery/mail-transport.js';
import { classifySmtpFailure } from '../delivery/smtp-failure.js';
import { renderSetPasswordLink } from '../templates/index.js';
import { mailLanguages } from './mail-languages.js';

export type SetPasswordMailOutcome = 'mailed' | 'not-needed' | 'address-refused';

/**
 * Mails a set-password link (outbox 'user.set-password-link-created'). The link's row is locked while the mail goes
 * out and marked mailed once the SMTP server accepted it, so a message handled twice mails once; a link that no
 * longer works (used, replaced, expired, its log-in disabled) is not mailed. Either way the token, the link's only
 * secret outside the mail, is then erased from the outbox row and from the job.
 */
@Injectable()
export class SetPasswordMailer {
  private readonly logger = new Logger('SetPasswordMailer');

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    private readonly transport: MailTransport,
    private readonly clock: Clock,
  ) {}

  async process(job: Job<OutboxJob>): Promise<{ outcome: SetPasswordMailOutcome }> {
    const event = job.data.payload as SetPasswordLinkCreatedEvent;
    const outcome = event.token
      ? await this.db.transaction((manager) => this.mailOnce(manager, event))
      : 'not-needed';
    await this.erase(event.linkId);
    if (job.data.payload && 'token' in job.data.payload) {
      await job.updateData({ ...job.data, payload: { ...event, token: '' } });
    }
    return { outcome };
  }

  private async mailOnce(
    manager: EntityManager,
    event: SetPasswordLinkCreatedEvent,
  ): Promise<SetPasswordMailOutcome> {
    const [link] = (await manager.query(
      `SELECT l.id, l.expires_at, l.used_at, l.revoked_at, l.mailed_at, u.email, u.disabled
         FROM set_password_link l JOIN app_user u ON u.id = l.user_id
        WHERE l.id = $1
          FOR UPDATE OF l`,
      [event.linkId],
    )) as {
      expires_at: Date;
      used_at: Date | null;
      revoked_at: Date | null;
      mailed_at: Date | null;
      email: string;
      disabled: boolean;
    }[];
    const now = this.clock.now();
    if (
      !link ||
      link.mailed_at ||
      link.used_at ||
      link.revoked_at ||
      link.disabled ||
      link.expires_at.getTime() <= now.getTime()
    ) {
      return 'not-needed';
    }
    const mail = renderSetPasswordLink({
      languages: mailLanguages(event.languages),
      name: event.name,
      email: link.email,
      organisationNames: event.organisationNames,
      // In the fragment: browsers send it to no server, so it stays out of logs and Referer headers.
      url: `${this.config.publicUrl}/set-password#token=${encodeURIComponent(event.token)}`,
      expiresAt: link.expires_at,
    });
    try {
      await this.transport.send({
        to: link.email,
        ...mail,
        messageId: `<set-password-${event.linkId}@${this.transport.messageIdDomain}>`,
        headers: { 'X-Certdesk-Mail': 'set-password' },
      });
    } catch (error) {
      const failure = classifySmtpFailure(error);
      // Retried (the job fails) unless the address is refused for good; the administrator then sees no login.
      if (!failure.addressRejected) throw error;
      this.logger.warn(`the set-password link ${event.linkId} was refused: ${failure.message}`);
      return 'address-refused';
    }
    await manager.query(`UPDATE set_password_link SET mailed_at = $2 WHERE id = $1`, [event.linkId, now]);
    return 'mailed';
  }

  /** Removes the token from the outbox row(s) of this link: the database keeps no working secret. */
  private async erase(linkId: string): Promise<void> {
    await this.db.query(
      `UPDATE outbox_message SET payload = payload || '{"token": ""}'::jsonb
        WHERE topic = 'user.set-password-link-created' AND payload->>'linkId' = $1 AND payload->>'token' <> ''`,
      [linkId],
    );
  }
}
