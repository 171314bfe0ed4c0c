// The local mail catcher for `npm start` without SMTP_URL: an SMTP server and the page that shows what it caught,
// both on loopback only.
import { once } from 'node:events';
import { type AddressInfo } from 'node:net';
import { createInboxServer } from './inbox-page.js';
import { MailStore } from './mail-store.js';
import { createSmtpReceiver } from './smtp-receiver.js';

export interface MailCatcherOptions {
  /** Where the .eml files go. */
  directory: string;
  /** 0 picks a free port. */
  smtpPort: number;
  httpPort: number;
  /** A loopback address; the catcher is for this machine only. */
  host?: string;
  onStored?: (id: string) => void;
}

export interface MailCatcher {
  /** What SMTP_URL to give the notifier: `smtp://127.0.0.1:<port>`. */
  smtpUrl: string;
  /** The inbox page. */
  pageUrl: string;
  /** Where its two servers actually listen (`server.address()`). */
  listening(): { smtp: AddressInfo; page: AddressInfo };
  store: MailStore;
  close(): Promise<void>;
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/;

export async function startMailCatcher(options: MailCatcherOptions): Promise<MailCatcher> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.test(host)) {
    throw new RangeError(
      `The mail catcher listens on loopback only (127.0.0.1, ::1 or localhost), not "${host}".`,
    );
  }
  const store = new MailStore(options.directory);
  await store.ensureDirectory();

  const smtp = createSmtpReceiver(store, options.onStored);
  const inbox = createInboxServer(store);
  try {
    await listen('SMTP', options.smtpPort, (port, ready) => smtp.listen(port, host, ready), smtp);
    await listen('HTTP', options.httpPort, (port, ready) => inbox.listen(port, host, ready), inbox);
  } catch (error) {
    await Promise.allSettled([closeSmtp(smtp), closeHttp(inbox)]);
    throw error;
  }

  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    smtpUrl: `smtp://${urlHost}:${(smtp.server.address() as AddressInfo).port}`,
    pageUrl: `http://${urlHost}:${(inbox.address() as AddressInfo).port}/`,
    listening: () => ({
      smtp: smtp.server.address() as AddressInfo,
      page: inbox.address() as AddressInfo,
    }),
    store,
    close: async () => {
      await Promise.all([closeSmtp(smtp), closeHttp(inbox)]);
    },
  };
}

async function listen(
  what: string,
  port: number,
  start: (port: number, ready: () => void) => void,
  server: NodeJS.EventEmitter,
): Promise<void> {
  const failed = once(server, 'error').then(([error]) => {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'EADDRINUSE'
        ? `The mail catcher's ${what} port ${port} is in use: choose another (MAIL_CATCHER_${what}_PORT).`
        : `The mail catcher's ${what} server could not listen on port ${port}: ${(error as Error).message}`,
    );
  });
  const listening = new Promise<void>((resolve) => start(port, resolve));
  await Promise.race([listening, failed]);
  failed.catch(() => undefined);
}

function closeSmtp(smtp: ReturnType<typeof createSmtpReceiver>): Promise<void> {
  return new Promise((resolve) => smtp.close(() => resolve()));
}

function closeHttp(server: ReturnType<typeof createInboxServer>): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
