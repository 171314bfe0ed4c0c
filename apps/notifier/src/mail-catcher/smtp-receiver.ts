// The SMTP side of the mail catcher: accepts every message on loopback, with or without login, and keeps it in
// the MailStore. No TLS: it listens on the local machine only, for development.
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { type MailStore } from './mail-store.js';

/** Far above any reminder mail; a bigger message is refused with 552 rather than filling the disk. */
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

export function createSmtpReceiver(store: MailStore, onStored?: (id: string) => void): SMTPServer {
  const server = new SMTPServer({
    banner: 'Certdesk mail catcher (development only: nothing is delivered)',
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    onAuth: (_auth, _session, callback) => callback(null, { user: 'any' }),
    size: MAX_MESSAGE_BYTES,
    rejectOversized: true,
    logger: false,
    // A pooled client keeps its connection open; on shutdown, wait a second for it, not the default 30.
    closeTimeout: 1_000,
    onData(
      stream: SMTPServerDataStream,
      session: SMTPServerSession,
      callback: (error?: Error | null) => void,
    ) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        if (!stream.sizeExceeded) chunks.push(chunk);
      });
      stream.on('error', (error: Error) => callback(error));
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(new Error('Message exceeds the mail catcher size limit'));
        const { mailFrom, rcptTo } = session.envelope;
        store
          .save(Buffer.concat(chunks), {
            mailFrom: mailFrom === false ? null : mailFrom.address,
            rcptTo: rcptTo.map((recipient) => recipient.address),
          })
          .then((id) => {
            onStored?.(id);
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  // A client that drops its connection is not the catcher's problem; without a listener it would crash it.
  server.on('error', (error: Error) => console.error(`mail catcher SMTP: ${error.message}`));
  return server;
}
