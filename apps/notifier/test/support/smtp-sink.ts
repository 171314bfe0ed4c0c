import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** X-Certdesk-Mail: digest, urgent, stalled, deployment. */
  kind: string;
  receivedAt: number;
}

/**
 * An SMTP server on loopback (the `smtp-server` package) that keeps what it accepts. It can be stopped and
 * started again on the same port (SMTP down, then back), and can refuse chosen addresses for good (550) or for now
 * (452, as a full mailbox or greylisting).
 */
export class SmtpSink {
  private parsed: (ReceivedMail | undefined)[] = [];
  private received = 0;
  private readonly parsing = new Set<Promise<void>>();
  /** Addresses answered "550 mailbox unavailable" at RCPT TO. */
  readonly refused = new Set<string>();
  /** Addresses answered "452 mailbox full, try again later" at RCPT TO. */
  readonly deferred = new Set<string>();
  private server: SMTPServer | null = null;
  private port = 0;
  /** Waiting for the next MAIL FROM, which the sink then answers only once released. */
  private mailFromWaiter: ((release: () => void) => void) | null = null;
  /** Sessions whose MAIL FROM the sink is holding. */
  private readonly holding = new Set<string>();
  /** Waiting for the next message the sink accepts. */
  private acceptanceWaiters: (() => void)[] = [];
  /**
   * Transactions the client's connection dropped in the middle of: after its MAIL FROM, before the "250" that
   * accepts the message (a client killed while it sent).
   */
  transactionsCutShort = 0;

  constructor(private readonly options: { parse?: boolean } = {}) {}

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Accepted messages, parsed or (parse: false) only counted. */
  accepted = 0;

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      maxClients: 200,
      // Stopping drops open connections at once (421): "the SMTP server went down".
      closeTimeout: 50,
      onMailFrom: (_address, session, callback) => {
        const waiter = this.mailFromWaiter;
        if (!waiter) return callback();
        this.mailFromWaiter = null;
        this.holding.add(session.id);
        waiter(() => {
          this.holding.delete(session.id);
          callback();
        });
      },
      onClose: (session) => {
        // smtp-server sets envelope.mailFrom once MAIL FROM is answered, and clears it once DATA is.
        if (session.envelope.mailFrom || this.holding.has(session.id)) this.transactionsCutShort += 1;
      },
      onRcptTo: (address, _session, callback) => {
        if (this.refused.has(address.address.toLowerCase())) {
          callback(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }));
        } else if (this.deferred.has(address.address.toLowerCase())) {
          callback(Object.assign(new Error('4.2.2 mailbox full, try again later'), { responseCode: 452 }));
        } else callback();
      },
      onData: (stream, session, callback) => {
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase()).join(',');
        if (this.options.parse === false) {
          stream.on('data', () => undefined);
          stream.on('end', () => {
            this.accepted += 1;
            callback();
            this.notifyAcceptance();
          });
          return;
        }
        // Accept as soon as the message is in (as a mail server does once it has queued it), parse afterwards:
        // the time between the final "." and the "250" is part of the window in which a crash re-sends.
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', () => undefined);
        stream.on('end', () => {
          this.accepted += 1;
          const index = this.received++;
          callback();
          this.notifyAcceptance();
          const parsing = simpleParser(Buffer.concat(chunks)).then((parsed) => {
            this.parsed[index] = {
              to,
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              messageId: parsed.messageId ?? '',
              kind: String(parsed.headers.get('x-certdesk-mail') ?? ''),
              receivedAt: Date.now(),
            };
          });
          this.parsing.add(parsing);
          void parsing.finally(() => this.parsing.delete(parsing));
        });
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  /**
   * Resolves when a client sends its next MAIL FROM, which the sink leaves unanswered until `release()` is
   * called: the message is then in flight, nothing of it accepted yet.
   */
  holdNextMailFrom(): Promise<() => void> {
    if (this.mailFromWaiter) throw new Error('already holding the next MAIL FROM');
    return new Promise((resolve) => (this.mailFromWaiter = resolve));
  }

  /** Resolves right after the sink answered "250" to the next message (before its client can record that). */
  nextAcceptance(): Promise<void> {
    return new Promise((resolve) => this.acceptanceWaiters.push(resolve));
  }

  private notifyAcceptance(): void {
    const waiters = this.acceptanceWaiters;
    this.acceptanceWaiters = [];
    for (const resolve of waiters) resolve();
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The accepted mails parsed so far, in the order they were accepted (see settled()). */
  get mails(): ReceivedMail[] {
    return this.parsed.filter((mail): mail is ReceivedMail => mail !== undefined);
  }

  /** Resolves once every accepted mail is parsed. */
  async settled(): Promise<void> {
    while (this.parsing.size) await Promise.all([...this.parsing]);
  }

  to(address: string): ReceivedMail[] {
    return this.mails.filter((mail) => mail.to === address.toLowerCase());
  }

  clear(): void {
    this.parsed = [];
    this.received = 0;
    this.accepted = 0;
  }
}
