import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../config/config.js';
import { MailTransport } from '../delivery/mail-transport.js';
import { escapeHtml } from '../templates/index.js';

/** What an administrator reads when a webhook was disabled after failing again and again (en/fr/nl in one mail). */
const WORDS = {
  en: (name: string, failures: number) =>
    `The webhook “${name}” was disabled after ${failures} failed deliveries in a row. Check the receiver, then enable it again in Certdesk; its delivery log says what the receiver answered.`,
  fr: (name: string, failures: number) =>
    `Le webhook « ${name} » a été désactivé après ${failures} échecs de livraison consécutifs. Vérifiez le destinataire, puis réactivez-le dans Certdesk ; son journal de livraison indique ce que le destinataire a répondu.`,
  nl: (name: string, failures: number) =>
    `De webhook ‘${name}’ werd uitgeschakeld na ${failures} mislukte leveringen op rij. Controleer de ontvanger en schakel hem daarna opnieuw in in Certdesk; het leveringslogboek toont wat de ontvanger antwoordde.`,
} as const;

/**
 * Tells the administrators that a webhook was disabled: an organisation's by its organisation administrators, an
 * installation-wide one by the central administrators. One mail per address, with a Message-ID per disabling, so a
 * retried job's mail is recognisable as the same.
 */
@Injectable()
export class WebhookDisabledMailer {
  private readonly logger = new Logger('WebhookDisabledMailer');

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    private readonly transport: MailTransport,
  ) {}

  async tell(
    subscription: { id: string; name: string; organisationId: string | null },
    failures: number,
    at: Date,
  ) {
    const recipients = (await this.db.query(
      `SELECT DISTINCT lower(u.email) AS email
         FROM app_user u JOIN user_role r ON r.user_id = u.id
        WHERE NOT u.disabled
          AND (($1::uuid IS NOT NULL AND r.role = 'org-admin' AND r.organisation_id = $1)
               OR ($1::uuid IS NULL AND r.role = 'central-admin'))
        ORDER BY 1`,
      [subscription.organisationId],
    )) as { email: string }[];
    const link = `${this.config.publicUrl}/webhooks`;
    const paragraphs = (['en', 'fr', 'nl'] as const).map((l) => WORDS[l](subscription.name, failures));
    for (const { email } of recipients) {
      try {
        await this.transport.send({
          to: email,
          subject: `Certdesk: webhook disabled / webhook désactivé / webhook uitgeschakeld: ${subscription.name.replace(/[\r\n]+/g, ' ')}`,
          text: `${paragraphs.join('\n\n')}\n\n${link}\n`,
          html: `${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`,
          messageId: `<webhook-disabled-${subscription.id}-${at.getTime()}@${this.transport.messageIdDomain}>`,
          headers: { 'X-Certdesk-Mail': 'webhook-disabled' },
        });
      } catch (error) {
        // The subscription stays disabled and its page says so: a mail that cannot go out does not undo that.
        this.logger.warn(
          `could not tell ${email} that webhook ${subscription.id} was disabled: ${String(error)}`,
        );
      }
    }
    return recipients.length;
  }
}
