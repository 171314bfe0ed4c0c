import { Worker } from 'node:worker_threads';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
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

/** What the SMTP thread answers for one mail (src/delivery/smtp-sender.worker.mjs). */
type SendAnswer =
  | { id: number; messageId: string; response: string }
  | {
      id: number;
      error: { message: string; code?: string; command?: string; responseCode?: number; response?: string };
    };

/** How long a shutdown waits for the mails in flight to be answered before stopping the SMTP thread. */
const CLOSE_TIMEOUT_MS = 5_000;

/**
 * nodemailer over SMTP_URL, pooled: SMTP_MAX_CONNECTIONS connections kept open, `maxMessages: Infinity` (the
 * default of 100 messages per connection halves throughput, PITFALLS.md), and at most SMTP_RATE_PER_SECOND
 * messages a second when set. The client runs in a thread of its own, started at the first mail (again after it
 * stopped): encoding and writing a mail is most of its CPU, and the main thread has the queries and the queues.
 * `send` resolves once the server accepted the message; rejects with nodemailer's error (its code, command and
 * reply, what src/delivery/smtp-failure.ts reads), or with "the SMTP thread stopped" if the thread died.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (a: SendAnswer) => void; reject: (e: Error) => void }
  >();

  constructor(@Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig) {}

  async send(mail: OutgoingMail): Promise<{ messageId: string; response: string }> {
    const worker = this.thread();
    const id = this.nextId++;
    const answer = await new Promise<SendAnswer>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({
        id,
        mail: {
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
        },
      });
    });
    if ('error' in answer) throw Object.assign(new Error(answer.error.message), answer.error);
    return { messageId: answer.messageId, response: answer.response };
  }

  /** The domain Message-IDs are made in: MAIL_FROM's. */
  get messageIdDomain(): string {
    return /@([A-Za-z0-9.-]+)/.exec(this.config.mailFrom)?.[1] ?? 'certdesk.invalid';
  }

  async onApplicationShutdown(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage({ close: true });
    const timer = setTimeout(() => void worker.terminate(), CLOSE_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const { smtp } = this.config;
    const worker = new Worker(new URL('./smtp-sender.worker.mjs', import.meta.url), {
      workerData: {
        options: {
          pool: true,
          url: this.config.smtpUrl,
          maxConnections: smtp.maxConnections,
          maxMessages: Infinity,
          ...(smtp.ratePerSecond > 0 ? { rateLimit: smtp.ratePerSecond, rateDelta: 1000 } : {}),
          connectionTimeout: 15_000,
          greetingTimeout: 15_000,
          socketTimeout: 60_000,
        },
      },
    });
    worker.unref();
    worker.on('message', (answer: SendAnswer) => {
      const waiting = this.pending.get(answer.id);
      if (!waiting) return;
      this.pending.delete(answer.id);
      if (this.pending.size === 0) worker.unref();
      waiting.resolve(answer);
    });
    const stopped = (why: string) => {
      if (this.worker === worker) this.worker = null;
      const waiting = [...this.pending.values()];
      this.pending.clear();
      for (const { reject } of waiting) reject(new Error(`the SMTP thread stopped (${why})`));
    };
    worker.on('error', (error) => stopped(error.message));
    worker.on('exit', (code) => stopped(`exit code ${code}`));
    this.worker = worker;
    return worker;
  }
}
