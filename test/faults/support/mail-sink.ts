// An SMTP server on loopback (the `smtp-server` package) that keeps what it accepts: to whom, its Message-ID and
// which certificates each mail names. Unthrottled: it accepts as fast as clients send, each message after a random
// 0 to `latencyMs` ms (a relay's own time to queue it), so a run lasts long enough for faults to land in it.
import { randomInt } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface AcceptedMail {
  to: string;
  messageId: string;
  certificateIds: string[];
}

export class MailSink {
  private server: SMTPServer | null = null;
  private readonly parsing = new Set<Promise<void>>();
  /** Sessions whose client went away: a message it never heard "250" for is not accepted. */
  private readonly closed = new Set<string>();
  readonly mails: AcceptedMail[] = [];
  /** Accepted messages, parsed or not yet. */
  accepted = 0;

  constructor(private readonly latencyMs = 0) {}

  get url(): string {
    return `smtp://127.0.0.1:${(this.server!.server.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      maxClients: 500,
      closeTimeout: 50,
      onClose: (session) => {
        this.closed.add(session.id);
      },
      onData: (stream, session, callback) => {
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase()).join(',');
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', () => undefined);
        stream.on('end', () => {
          setTimeout(
            () => {
              if (this.closed.has(session.id)) return callback(new Error('the client went away'));
              this.accepted += 1;
              callback();
              const parsing = simpleParser(Buffer.concat(chunks)).then((parsed) => {
                const text = `${parsed.text ?? ''}`;
                this.mails.push({
                  to,
                  messageId: parsed.messageId ?? '',
                  certificateIds: [
                    ...new Set([...text.matchAll(/\/certificates\/([0-9a-f-]{36})/g)].map((m) => m[1]!)),
                  ],
                });
              });
              this.parsing.add(parsing);
              void parsing.finally(() => this.parsing.delete(parsing));
            },
            randomInt(this.latencyMs + 1),
          );
        });
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  /** Resolves once every accepted mail is parsed. */
  async settled(): Promise<void> {
    while (this.parsing.size) await Promise.all([...this.parsing]);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
