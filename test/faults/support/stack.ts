// The settings the fault tests start the api and the notifier with, and the calls they make to the api.
import { randomBytes } from 'node:crypto';
import { removeQueueKeys } from '../../support/redis-keys.js';
import { AppProcess } from './processes.js';
import { freePort, waitUntil } from './ports.js';

export const ADMIN = { email: 'admin@faults.test', password: 'faults-central-admin-password' };
export const TOKEN_SECRET = 'faults-token-secret-that-is-long-enough-0000';
export const PUBLIC_URL = 'https://certdesk.test';
/** The machine's shared Redis (never restarted; each test file keeps to its own queue prefix). */
export const SHARED_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Where the api and the notifier find Redis: one server, or Sentinels. */
export type RedisSettings = { REDIS_URL: string } | { REDIS_SENTINELS: string; REDIS_SENTINEL_NAME: string };

export function queuePrefix(file: string): string {
  return `certdesk-faults-${file}-${randomBytes(4).toString('hex')}`;
}

/** An api process on a free port; `url` is where it answers once started. */
export async function apiProcess(
  name: string,
  input: { databaseUrl: string; redis: RedisSettings; prefix: string; extra?: Record<string, string> },
): Promise<AppProcess & { url: string }> {
  const port = await freePort();
  const api = new AppProcess('api', name, {
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL,
    DATABASE_URL: input.databaseUrl,
    DATABASE_POOL_SIZE: '5',
    ...input.redis,
    QUEUE_PREFIX: input.prefix,
    TOKEN_SECRET,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    UPLOAD_READER_THREADS: '1',
    LOG_LEVEL: 'warn',
    ...input.extra,
  });
  return Object.assign(api, { url: `http://127.0.0.1:${port}` });
}

/** A notifier process: unthrottled SMTP, fast retries, a short job lock (a killed replica's jobs move on soon). */
export function notifierProcess(
  name: string,
  input: {
    databaseUrl: string;
    redis: RedisSettings;
    prefix: string;
    smtpUrl: string;
    extra?: Record<string, string>;
  },
): AppProcess {
  return new AppProcess('notifier', name, {
    DATABASE_URL: input.databaseUrl,
    ...input.redis,
    QUEUE_PREFIX: input.prefix,
    SMTP_URL: input.smtpUrl,
    MAIL_FROM: 'Certdesk <reminders@certdesk.test>',
    PUBLIC_URL,
    SEND_CONCURRENCY: '5',
    SMTP_MAX_CONNECTIONS: '5',
    SEND_ATTEMPTS: '12',
    SEND_RETRY_DELAY_MS: '200',
    WORKER_LOCK_MS: '2000',
    OUTBOX_POLL_MS: '200',
    READY_RETRY_MS: '200',
    LOG_LEVEL: 'log',
    ...input.extra,
  });
}

export interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** A JSON call to the api, as the dashboard makes it. */
export async function call(
  baseUrl: string,
  path: string,
  options: { method?: string; token?: string; body?: unknown } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { origin: PUBLIC_URL, accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body };
}

export async function logIn(baseUrl: string, credentials = ADMIN): Promise<string> {
  const answer = await call(baseUrl, '/api/v1/auth/login', { body: credentials });
  if (answer.status !== 200) throw new Error(`log-in: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.accessToken as string;
}

/** Asks the api for a reminder run (as the dashboard's "run now"); resolves with its id. */
export async function requestRun(baseUrl: string, token: string): Promise<string> {
  const answer = await call(baseUrl, '/api/v1/reminders/run', { method: 'POST', token });
  if (answer.status !== 202 && answer.status !== 200 && answer.status !== 201) {
    throw new Error(`reminder run: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body.runId as string;
}

/** Resolves once no delivery is queued any more (and at least one was sent). */
export async function waitUntilNothingQueued(
  states: () => Promise<Record<string, number>>,
  timeoutMs = 180_000,
): Promise<void> {
  await waitUntil(
    'every delivery sent',
    async () => {
      const now = await states();
      return (now.queued ?? 0) === 0 && (now.sent ?? 0) > 0;
    },
    timeoutMs,
    250,
  );
}

/** Deletes every key under the prefix on the shared Redis. */
export function cleanSharedRedis(prefix: string): Promise<void> {
  return removeQueueKeys(SHARED_REDIS_URL, prefix);
}

/** The fault tests' long variants run under `npm run test:faults` (FAULTS_LONG=1); `npm test` runs the short ones. */
export const LONG = process.env.FAULTS_LONG === '1';
