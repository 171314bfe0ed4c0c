import {
  DEFAULT_ETK_DISCOVERY_CRON,
  DEFAULT_WEBHOOK_ATTEMPTS,
  DEFAULT_WEBHOOK_DISABLE_AFTER,
  DEFAULT_WEBHOOK_RETRY_DELAY_MS,
  DEFAULT_WEBHOOK_TIMEOUT_MS,
  DEFAULT_QUEUE_PREFIX,
  DEFAULT_REDIS_SENTINEL_NAME,
  parseRedisSentinels,
  readinessPolicyFromVariables,
  readinessVariablesProblem,
  type RedisSentinelSettings,
} from '@certdesk/contracts';
import { z } from 'zod';
import { DEFAULT_READINESS_POLICY, type ReadinessPolicy } from '@certdesk/domain';

const positiveInt = z.coerce.number().int().positive();
/** Renewal readiness's days (libs/domain readiness.ts), the same variables as the api's. */
const readinessDays = z.coerce.number().int().min(0).max(3650);

const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL (${protocols.join(' or ')})` },
  );

/** A five- or six-field cron pattern (BullMQ job schedulers use cron-parser). */
const cron = z
  .string()
  .regex(/^\s*\S+(\s+\S+){4,5}\s*$/, 'must be a cron pattern with 5 or 6 fields, e.g. "0 6 * * *"');

const timeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone, e.g. Europe/Brussels' },
);

/** REDIS_SENTINELS: the Sentinels' host:port list (libs/contracts reads it for the api too). */
const redisSentinels = z.string().transform((text, ctx) => {
  const parsed = parseRedisSentinels(text);
  if (typeof parsed !== 'string') return parsed;
  ctx.addIssue({ code: 'custom', message: parsed });
  return z.NEVER;
});

/** Every setting the notifier reads, validated once at start-up; nothing else reads process.env. */
const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/certdesk'),
    DATABASE_POOL_SIZE: positiveInt.max(200).optional(),
    REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
    REDIS_SENTINELS: redisSentinels.optional(),
    REDIS_SENTINEL_NAME: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, "_", "." and "-" only')
      .optional(),
    REDIS_SENTINEL_PASSWORD: z.string().optional(),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, "_", "." and "-" only')
      .default(DEFAULT_QUEUE_PREFIX),
    // No default: mail must not go to a guessed server. `npm start` points it at the local mail catcher.
    SMTP_URL: url(['smtp:', 'smtps:']),
    MAIL_FROM: z.string().min(3).default('Certdesk <certdesk@localhost>'),
    PUBLIC_URL: url(['http:', 'https:']).default('http://localhost:3000'),
    REMINDER_CRON: cron.default('0 6 * * *'),
    REMINDER_TIMEZONE: timeZone.default('Europe/Brussels'),
    // The ETK directory's weekly discovery (src/etk-discovery): its schedule, and ETK_DEPOT=off to schedule none.
    ETK_DISCOVERY_CRON: cron.default(DEFAULT_ETK_DISCOVERY_CRON),
    ETK_DEPOT: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(['on', 'off'], { message: 'must be on or off' }))
      .optional(),
    REMINDER_EXPIRED_WITHIN_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
    READINESS_ATTESTATION_DAYS: readinessDays.default(DEFAULT_READINESS_POLICY.attestationValidityDays),
    READINESS_LEAD_TIME_DAYS: readinessDays.default(DEFAULT_READINESS_POLICY.leadTimeDays),
    READINESS_DIGEST_DAYS: readinessDays.default(DEFAULT_READINESS_POLICY.digestFromDays),
    READINESS_ESCALATION_DAYS: readinessDays.default(DEFAULT_READINESS_POLICY.escalationAtDays),
    SMTP_MAX_CONNECTIONS: positiveInt.max(100).default(5),
    SMTP_RATE_PER_SECOND: z.coerce.number().int().min(0).default(0),
    SEND_CONCURRENCY: positiveInt.max(200).default(10),
    SEND_ATTEMPTS: positiveInt.max(100).default(10),
    SEND_RETRY_DELAY_MS: positiveInt.default(30_000),
    OUTBOX_POLL_MS: positiveInt.default(2_000),
    WORKER_LOCK_MS: positiveInt.min(1_000).default(30_000),
    READY_RETRY_MS: positiveInt.default(2_000),
    LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose', 'silent']).default('log'),
    // Webhooks (src/webhooks): the api's key (WEBHOOK_KEY, else TOKEN_SECRET) opens their signing secrets.
    WEBHOOK_KEY: z.string().min(32, 'must be at least 32 characters, the same as the api’s').optional(),
    TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters, the same as the api’s').optional(),
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: z
      .enum(['on', 'off'], { message: 'must be on or off' })
      .default('off')
      .transform((value) => value === 'on'),
    WEBHOOK_ATTEMPTS: positiveInt.max(30).default(DEFAULT_WEBHOOK_ATTEMPTS),
    WEBHOOK_RETRY_DELAY_MS: positiveInt.default(DEFAULT_WEBHOOK_RETRY_DELAY_MS),
    WEBHOOK_DISABLE_AFTER: positiveInt.max(10_000).default(DEFAULT_WEBHOOK_DISABLE_AFTER),
    WEBHOOK_TIMEOUT_MS: positiveInt.min(100).max(120_000).default(DEFAULT_WEBHOOK_TIMEOUT_MS),
    WEBHOOK_CONCURRENCY: positiveInt.max(200).default(10),
  })
  .superRefine((env, ctx) => {
    const readinessProblem = readinessVariablesProblem(env);
    if (readinessProblem)
      ctx.addIssue({ code: 'custom', path: [readinessProblem.variable], message: readinessProblem.message });
    for (const variable of ['REDIS_SENTINEL_NAME', 'REDIS_SENTINEL_PASSWORD'] as const) {
      if (env[variable] !== undefined && env.REDIS_SENTINELS === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [variable],
          message: 'means Redis through Sentinel: set REDIS_SENTINELS (the Sentinels, host:port,...) too',
        });
      }
    }
  });

export interface NotifierConfig {
  env: 'development' | 'production' | 'test';
  databaseUrl: string;
  /** Each concurrent send holds a connection while it talks to the SMTP server: more than the send concurrency. */
  databasePoolSize: number;
  /** Redis's URL; through Sentinel (redisSentinel), only its user, password, database number and TLS count. */
  redisUrl: string;
  /** Redis through Sentinel: the primary is whichever the Sentinels name; null: REDIS_URL's server. */
  redisSentinel: RedisSentinelSettings | null;
  /** BullMQ key prefix; the api must use the same. */
  queuePrefix: string;
  smtpUrl: string;
  mailFrom: string;
  /** Where links in mails point (the dashboard), without a trailing slash. */
  publicUrl: string;
  reminderCron: string;
  reminderTimeZone: string;
  /** The ETK directory's discovery: when the notifier queues one job per organisation (the api works them). */
  etkDiscovery: { enabled: boolean; cron: string };
  /** An 'expired' notice is sent for certificates that expired at most this many days ago (not for old ones). */
  expiredWithinDays: number;
  /** Renewal readiness: the administrators' escalation at `escalationAtDays` for a certificate that is not ready. */
  readiness: ReadinessPolicy;
  smtp: { maxConnections: number; ratePerSecond: number };
  send: { concurrency: number; attempts: number; retryDelayMs: number };
  outboxPollMs: number;
  /** How long a worker's job lock lasts without renewal: after a crash, its job runs again that much later. */
  workerLockMs: number;
  readyRetryMs: number;
  /**
   * Webhooks: `keyBase` opens their sealed signing secrets (null: neither WEBHOOK_KEY nor TOKEN_SECRET is set, and
   * deliveries wait, failing, until it is); attempts per delivery with exponential backoff from retryDelayMs; a
   * subscription is disabled after `disableAfter` failed attempts in a row.
   */
  webhooks: {
    keyBase: string | null;
    allowPrivateNetworks: boolean;
    attempts: number;
    retryDelayMs: number;
    disableAfter: number;
    timeoutMs: number;
    concurrency: number;
  };
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose' | 'silent';
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      `The Certdesk notifier cannot start, its configuration is invalid:\n${problems
        .map((p) => `  - ${p.variable}: ${p.message}`)
        .join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration; throws a ConfigError naming every bad variable. */
export function loadConfig(source: Record<string, string | undefined>): NotifierConfig {
  // An empty variable counts as unset, as shells and compose files often leave them.
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(configuration)'),
        message: issue.message,
      })),
    );
  }
  const env = parsed.data;
  return {
    env: env.NODE_ENV,
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE ?? env.SEND_CONCURRENCY + 5,
    redisUrl: env.REDIS_URL,
    redisSentinel: env.REDIS_SENTINELS
      ? {
          sentinels: env.REDIS_SENTINELS,
          name: env.REDIS_SENTINEL_NAME ?? DEFAULT_REDIS_SENTINEL_NAME,
          password: env.REDIS_SENTINEL_PASSWORD ?? null,
        }
      : null,
    queuePrefix: env.QUEUE_PREFIX,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    publicUrl: env.PUBLIC_URL.replace(/\/+$/, ''),
    reminderCron: env.REMINDER_CRON.trim(),
    reminderTimeZone: env.REMINDER_TIMEZONE,
    etkDiscovery: { enabled: env.ETK_DEPOT !== 'off', cron: env.ETK_DISCOVERY_CRON.trim() },
    expiredWithinDays: env.REMINDER_EXPIRED_WITHIN_DAYS,
    readiness: readinessPolicyFromVariables(env),
    smtp: { maxConnections: env.SMTP_MAX_CONNECTIONS, ratePerSecond: env.SMTP_RATE_PER_SECOND },
    send: {
      concurrency: env.SEND_CONCURRENCY,
      attempts: env.SEND_ATTEMPTS,
      retryDelayMs: env.SEND_RETRY_DELAY_MS,
    },
    outboxPollMs: env.OUTBOX_POLL_MS,
    workerLockMs: env.WORKER_LOCK_MS,
    readyRetryMs: env.READY_RETRY_MS,
    webhooks: {
      keyBase: env.WEBHOOK_KEY ?? env.TOKEN_SECRET ?? null,
      allowPrivateNetworks: env.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
      attempts: env.WEBHOOK_ATTEMPTS,
      retryDelayMs: env.WEBHOOK_RETRY_DELAY_MS,
      disableAfter: env.WEBHOOK_DISABLE_AFTER,
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
      concurrency: env.WEBHOOK_CONCURRENCY,
    },
    logLevel: env.LOG_LEVEL,
  };
}

/** The DI token under which the validated configuration is provided. */
export const NOTIFIER_CONFIG = Symbol('NOTIFIER_CONFIG');
