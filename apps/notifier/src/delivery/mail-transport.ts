import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer from 'nodemailer';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../config/config.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Deterministic per set of deliveries, so a mail re-sent after a crash carries the same Message-ID. */
  messageId: string;
  headers?: Record<string, string>;
}

/**
 * nodemailer over SMTP_URL, pooled: SMTP_MAX_CONNECTIONS connections kept open, `maxMessages: Infinity` (the
 * default of 100 messages per connection halves throughput, PITFALLS.md), and at most SMTP_RATE_PER_SECOND
 * messages a second when set. Resolves once the server accepted the message; rejects with nodemailer's error.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly transporter;

  constructor(@Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig) {
    this.transporter = nodemailer.createTransport({
      pool: true,
      url: config.smtpUrl,
      maxConnections: config.smtp.maxConnections,
      maxMessages: Infinity,
      ...(config.smtp.ratePerSecond > 0 ? { rateLimit: config.smtp.ratePerSecond, rateDelta: 1000 } : {}),
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    });
  }

  async send(mail: OutgoingMail): Promise<{ messageId: string; response: string }> {
    const info = await this.transporter.sendMail({
      from: this.config.mailFrom,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      headers: {
        // RFC 3834: an automatic mail; auto-responders should not answer it.
        'Auto-Submitted': 'auto-generated',
        ...mail.headers,
      },
    });
    return { messageId: info.messageId, response: info.response };
  }

  /** The domain Message-IDs are made in: MAIL_FROM's. */
  get messageIdDomain(): string {
    return /@([A-Za-z0-9.-]+)/.exec(this.config.mailFrom)?.[1] ?? 'certdesk.invalid';
  }

  onApplicationShutdown(): void {
    this.transporter.close();
  }
}
