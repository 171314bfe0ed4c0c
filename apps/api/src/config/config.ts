import { createPrivateKey } from 'node:crypto';
import { statSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';
import {
  DEFAULT_CUT_OVER_REMINDER_DAYS,
  parseCutOverReminderDays,
  type ReadinessPolicy,
} from '@certdesk/domain';
import { etkDepotSettingsFromEnv, EtkDepotSettingsError, type EtkDepotSettings } from '@certdesk/etk-depot';
import {
  DEFAULT_ETK_DEPOT_RATE_PER_SECOND,
  DEFAULT_QUEUE_PREFIX,
  DEFAULT_REDIS_SENTINEL_NAME,
  parseRedisSentinels,
  readinessPolicyFromVariables,
  type RedisSentinelSettings,
} from '@certdesk/contracts';
import {
  oidcSettingsFromEnv,
  OidcSettingsError,
  type OidcSettings,
  type OidcVariables,
} from '../auth/oidc/oidc-settings.js';
import { API_LOG_LEVELS, type ApiLogLevel } from './log-levels.js';
import { checkReadinessPolicy, READINESS_VARIABLES } from './readiness-config.js';

const port = z.coerce.number().int().min(1).max(65535);

const positiveInt = z.coerce.number().int().positive();
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

/**
 * The proxies whose X-Forwarded-For Express believes: how many hops (`1`: the one in front), or their addresses and
 * CIDR ranges (and proxy-addr's names `loopback`, `linklocal`, `uniquelocal`). Never every hop: the left-most
 * addresses of the header are whatever the client wrote.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((value, ctx): false | number | string[] => {
    if (/^(false|no|0)$/i.test(value)) return false;
    if (/^(true|yes)$/i.test(value)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'true would believe every X-Forwarded-For hop, which any client can forge: give the number of proxies in ' +
          'front of the api (e.g. 1) or their addresses (e.g. 10.0.0.5,10.0.1.0/24)',
      });
      return z.NEVER;
    }
    if (/^[0-9]+$/.test(value)) return Number(value);
    const entries = value.split(',').map((entry) => entry.trim());
    const bad = entries.filter((entry) => !isProxyAddress(entry));
    if (bad.length === 0) return entries;
    ctx.addIssue({
      code: 'custom',
      message: `"${bad.join('", "')}" is not a hop count, an IP address or a CIDR range (e.g. 1, or 10.0.0.5,10.0.1.0/24)`,
    });
    return z.NEVER;
  });

/** REDIS_SENTINELS: the Sentinels' host:port list (libs/contracts reads it for the notifier too). */
const redisSentinels = z.string().transform((text, ctx) => {
  const parsed = parseRedisSentinels(text);
  if (typeof parsed !== 'string') return parsed;
  ctx.addIssue({ code: 'custom', message: parsed });
  return z.NEVER;
});

const PROXY_ADDRESS_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isProxyAddress(entry: string): boolean {
  if (PROXY_ADDRESS_NAMES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^[0-9]{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

/** Every setting Certdesk reads, validated once at start-up; nothing else reads process.env. */
const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: port.default(3000),
    PUBLIC_URL: url(['http:', 'https:']).optional(),
    DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/certdesk'),
    DATABASE_POOL_SIZE: positiveInt.max(200).default(10),
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
    // A job's lock in the api's workers (audit verifications, ETK discoveries, cut-over reminders): a dead replica's
    // job runs again on another after it lapses.
    WORKER_LOCK_MS: z.coerce
      .number()
      .int()
      .min(1_000)
      .max(10 * 60_000)
      .default(30_000),
    ADMIN_EMAIL: z.email().optional(),
    ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
    TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)'),
    AUDIT_KEY: z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)').optional(),
    SESSION_TTL_HOURS: positiveInt.max(24 * 30).default(12),
    ...READINESS_VARIABLES,
    // How long a deployment's cut-over link (src/cut-over) works after phase 3.
    CUT_OVER_LINK_DAYS: positiveInt.max(365).default(30),
    // When an unconfirmed contact is reminded, in days after the link was mailed ("off" for never).
    CUT_OVER_REMINDER_DAYS: z
      .string()
      .max(200)
      .default(DEFAULT_CUT_OVER_REMINDER_DAYS.join(','))
      .transform((text, ctx) => {
        if (text.trim() === 'off') return [];
        const days = parseCutOverReminderDays(text);
        if (days.ok) return days.value;
        ctx.addIssue({ code: 'custom', message: days.message });
        return z.NEVER;
      }),
    UPLOAD_MAX_FILE_BYTES: positiveInt.default(5 * 1024 * 1024),
    UPLOAD_MAX_FILES: positiveInt.max(10_000).default(200),
    UPLOAD_MAX_UNZIPPED_BYTES: positiveInt.default(50 * 1024 * 1024),
    // A file's certificates and keystore entries are written in batches; 10,000 keeps every statement within
    // Postgres's 65,535 parameters.
    UPLOAD_MAX_CERTIFICATES_PER_FILE: positiveInt.max(10_000).default(10_000),
    UPLOAD_READ_TIMEOUT_MS: positiveInt.min(100).max(600_000).default(15_000),
    UPLOAD_READER_THREADS: positiveInt.max(64).optional(),
    ISSUER_ENVIRONMENTS: z.string().optional(),
    LOG_LEVEL: z.enum(API_LOG_LEVELS).default('info'),
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    TRUST_PROXY: trustProxy.default(false),
    EID_TRUST_ANCHORS: z
      .string()
      .refine(isFile, {
        message: 'must be the path of a PEM bundle (the eID root and Citizen CA certificates)',
      })
      .optional(),
    // The ETK Depot (src/etk-directory): libs/etk-depot checks the switch and the URLs.
    ETK_DEPOT: z.string().optional(),
    ETK_DEPOT_URL: z.string().optional(),
    ETK_DEPOT_ACCEPTANCE_URL: z.string().optional(),
    ETK_DEPOT_RATE_PER_SECOND: z.coerce
      .number()
      .positive()
      .max(1000)
      .default(DEFAULT_ETK_DEPOT_RATE_PER_SECOND),
    // Single sign-on (src/auth/oidc/oidc-settings.ts checks them together).
    OIDC_ISSUER: z.string().optional(),
    OIDC_CLIENT_ID: z.string().optional(),
    OIDC_CLIENT_SECRET: z.string().optional(),
    OIDC_REDIRECT_URL: z.string().optional(),
    OIDC_SCOPES: z.string().optional(),
    OIDC_NAME: z.string().max(100).optional(),
    OIDC_DOMAINS: z.string().optional(),
    OIDC_AUTO_CREATE: z.string().optional(),
    OIDC_ROLES_CLAIM: z.string().max(100).optional(),
    OIDC_ROLE_MAP: z.string().optional(),
    PASSWORD_LOGIN: z
      .enum(['on', 'off'], { message: 'must be on or off' })
      .default('on')
      .transform((value) => value === 'on'),
    // Webhooks (src/webhooks): the key their signing secrets are sealed with, and private receivers.
    WEBHOOK_KEY: z
      .string()
      .min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)')
      .optional(),
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: z
      .enum(['on', 'off'], { message: 'must be on or off' })
      .default('off')
      .transform((value) => value === 'on'),
    // Evidence packs (src/evidence, docs/evidence.md): the installation's signing key, given (PKCS#8 PEM, Ed25519),
    // or made once and sealed with a key derived from EVIDENCE_KEY (else TOKEN_SECRET).
    EVIDENCE_SIGNING_KEY: z
      .string()
      .transform((text) => text.replace(/\\n/g, '\n').trim())
      .refine(
        isEd25519PrivateKey,
        'must be an Ed25519 private key in PKCS#8 PEM (`openssl genpkey -algorithm ed25519`)',
      )
      .optional(),
    EVIDENCE_KEY: z
      .string()
      .min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)')
      .optional(),
    // The demo `npm start` seeds: the log-in page then lists its log-ins and their (published) passwords.
    DEMO: z
      .enum(['true', 'false'], { message: 'must be true or false' })
      .default('false')
      .transform((value) => value === 'true'),
  })
  .superRefine((env, ctx) => {
    checkReadinessPolicy(env, ctx);
    if (env.DEMO && env.NODE_ENV === 'production') {
      ctx.addIssue({
        code: 'custom',
        path: ['DEMO'],
        message: 'the demo lists its log-ins and passwords to anyone: never with NODE_ENV=production',
      });
    }
    for (const variable of ['REDIS_SENTINEL_NAME', 'REDIS_SENTINEL_PASSWORD'] as const) {
      if (env[variable] !== undefined && env.REDIS_SENTINELS === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [variable],
          message: 'means Redis through Sentinel: set REDIS_SENTINELS (the Sentinels, host:port,...) too',
        });
      }
    }
    try {
      etkDepotSettingsFromEnv(etkDepotVariables(env));
    } catch (error) {
      if (!(error instanceof EtkDepotSettingsError)) throw error;
      ctx.addIssue({ code: 'custom', path: [error.variable], message: error.message });
    }
    let oidc: OidcSettings | null = null;
    try {
      oidc = oidcSettingsFromEnv(oidcVariables(env), publicUrlOf(env));
    } catch (error) {
      if (!(error instanceof OidcSettingsError)) throw error;
      ctx.addIssue({ code: 'custom', path: [error.variable], message: error.message });
    }
    if (!env.PASSWORD_LOGIN && oidc === null && !env.OIDC_ISSUER && env.EID_TRUST_ANCHORS === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['PASSWORD_LOGIN'],
        message:
          'off leaves nobody a way in: configure single sign-on (OIDC_ISSUER) or the eID (EID_TRUST_ANCHORS)',
      });
    }
    if ((env.ADMIN_EMAIL === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.ADMIN_EMAIL === undefined ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD'],
        message: 'ADMIN_EMAIL and ADMIN_PASSWORD go together: set both or neither',
      });
    }
    if (env.ISSUER_ENVIRONMENTS !== undefined) {
      const parsed = issuerEnvironmentsSchema.safeParse(safeJson(env.ISSUER_ENVIRONMENTS));
      if (!parsed.success) {
        ctx.addIssue({
          code: 'custom',
          path: ['ISSUER_ENVIRONMENTS'],
          message:
            'must be JSON like [{"issuerCommonName": "...", "environment": "production"|"acceptance"}]',
        });
      }
    }
  });

const issuerEnvironmentsSchema = z.array(
  z.object({ issuerCommonName: z.string().min(1), environment: z.enum(['production', 'acceptance']) }),
);

/** The ETK_DEPOT* variables, as libs/etk-depot reads them. */
function etkDepotVariables(env: {
  ETK_DEPOT?: string;
  ETK_DEPOT_URL?: string;
  ETK_DEPOT_ACCEPTANCE_URL?: string;
}) {
  return {
    ETK_DEPOT: env.ETK_DEPOT,
    ETK_DEPOT_URL: env.ETK_DEPOT_URL,
    ETK_DEPOT_ACCEPTANCE_URL: env.ETK_DEPOT_ACCEPTANCE_URL,
  };
}

/** The OIDC_* variables, as src/auth/oidc/oidc-settings.ts reads them. */
function oidcVariables(env: OidcVariables): OidcVariables {
  const keys: (keyof OidcVariables)[] = [
    'OIDC_ISSUER',
    'OIDC_CLIENT_ID',
    'OIDC_CLIENT_SECRET',
    'OIDC_REDIRECT_URL',
    'OIDC_SCOPES',
    'OIDC_NAME',
    'OIDC_DOMAINS',
    'OIDC_AUTO_CREATE',
    'OIDC_ROLES_CLAIM',
    'OIDC_ROLE_MAP',
  ];
  return Object.fromEntries(keys.flatMap((k) => (env[k] === undefined ? [] : [[k, env[k]]])));
}

function publicUrlOf(env: { PUBLIC_URL?: string; PORT: number }): string {
  return (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  publicUrl: string;
  databaseUrl: string;
  databasePoolSize: number;
  /** Redis's URL; through Sentinel (redisSentinel), only its user, password, database number and TLS count. */
  redisUrl: string;
  /** Redis through Sentinel: the primary is whichever the Sentinels name; null: REDIS_URL's server. */
  redisSentinel: RedisSentinelSettings | null;
  /** The BullMQ key prefix the notifier uses too (reminder scans, the queues' state). */
  queuePrefix: string;
  /** The lock of a job an api worker holds (ms), renewed while it runs; the stalled-job check runs as often. */
  workerLockMs: number;
  admin: { email: string; password: string } | null;
  tokenSecret: string;
  /** What the audit chains' HMAC key is derived from (src/audit/audit-hash.ts); null: from tokenSecret. */
  auditKey: string | null;
  sessionTtlHours: number;
  /** Renewal readiness: attestation validity, eHealth's lead time, digest and escalation days (readiness-config.ts). */
  readiness: ReadinessPolicy;
  /** How long a deployment's personal cut-over link works, in days from phase 3. */
  cutOverLinkDays: number;
  /** Days after a cut-over link was mailed when its unconfirmed contact is reminded, ascending (may be empty). */
  cutOverReminderDays: number[];
  upload: {
    maxFileBytes: number;
    maxFiles: number;
    maxUnzippedBytes: number;
    /** Certificates (and keystore entries) one file may hold; more answers 413. */
    maxCertificatesPerFile: number;
    /** How long one file may take to read (a keystore's key derivations) before its thread is stopped. */
    readTimeoutMs: number;
    /** Threads that read files; null: CPUs - 1, at least 2. */
    readerThreads: number | null;
  };
  /** Extra issuer -> environment rules, consulted before libs/domain's defaults. */
  issuerEnvironments: { issuerCommonName: string; environment: 'production' | 'acceptance' }[];
  /** The bearer token /metrics requires; null: /metrics answers loopback clients only. */
  metricsToken: string | null;
  /** How much the api logs (log-levels.ts): `info` and above by default. */
  logLevel: ApiLogLevel;
  /** Express's "trust proxy": false, a hop count, or the proxies' addresses and ranges (never `true`). */
  trustProxy: false | number | string[];
  /** PEM bundle of the certificates eID signatures must chain to (src/eid); null: eID log-in and signing are off. */
  eidTrustAnchorsPath: string | null;
  /** The eHealth ETK Depot: on/off and its URLs, and the requests per second allowed installation-wide. */
  etkDepot: { settings: EtkDepotSettings; ratePerSecond: number };
  /** Single sign-on through an OpenID Connect provider (src/auth/oidc); null: off. */
  oidc: OidcSettings | null;
  /** false (PASSWORD_LOGIN=off): e-mail and password open no session; single sign-on or the eID do. */
  passwordLogin: boolean;
  /**
   * Webhooks: what their secrets' sealing key is derived from (WEBHOOK_KEY, else TOKEN_SECRET; the notifier must
   * have the same), and whether receivers on loopback or private networks are allowed (on-premise, tests).
   */
  webhooks: { keyBase: string; allowPrivateNetworks: boolean };
  /**
   * Evidence packs: the signing key given in EVIDENCE_SIGNING_KEY (PKCS#8 PEM), or null to use the one made for this
   * installation, sealed with a key derived from sealingKeyBase (EVIDENCE_KEY, else TOKEN_SECRET).
   */
  evidence: { signingKeyPem: string | null; sealingKeyBase: string };
  /** Runs the demo: GET /api/v1/demo lists its log-ins and cards for the log-in page (src/demo). */
  demo: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      `Certdesk cannot start, its configuration is invalid:\n${problems
        .map((p) => `  - ${p.variable}: ${p.message}`)
        .join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration; throws a ConfigError naming every bad variable. */
export function loadConfig(source: Record<string, string | undefined>): AppConfig {
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
    host: env.HOST,
    port: env.PORT,
    publicUrl: publicUrlOf(env),
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    redisUrl: env.REDIS_URL,
    redisSentinel: env.REDIS_SENTINELS
      ? {
          sentinels: env.REDIS_SENTINELS,
          name: env.REDIS_SENTINEL_NAME ?? DEFAULT_REDIS_SENTINEL_NAME,
          password: env.REDIS_SENTINEL_PASSWORD ?? null,
        }
      : null,
    queuePrefix: env.QUEUE_PREFIX,
    workerLockMs: env.WORKER_LOCK_MS,
    admin:
      env.ADMIN_EMAIL && env.ADMIN_PASSWORD ? { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD } : null,
    tokenSecret: env.TOKEN_SECRET,
    auditKey: env.AUDIT_KEY ?? null,
    sessionTtlHours: env.SESSION_TTL_HOURS,
    readiness: readinessPolicyFromVariables(env),
    cutOverLinkDays: env.CUT_OVER_LINK_DAYS,
    cutOverReminderDays: env.CUT_OVER_REMINDER_DAYS,
    upload: {
      maxFileBytes: env.UPLOAD_MAX_FILE_BYTES,
      maxFiles: env.UPLOAD_MAX_FILES,
      maxUnzippedBytes: env.UPLOAD_MAX_UNZIPPED_BYTES,
      maxCertificatesPerFile: env.UPLOAD_MAX_CERTIFICATES_PER_FILE,
      readTimeoutMs: env.UPLOAD_READ_TIMEOUT_MS,
      readerThreads: env.UPLOAD_READER_THREADS ?? null,
    },
    issuerEnvironments: env.ISSUER_ENVIRONMENTS
      ? issuerEnvironmentsSchema.parse(JSON.parse(env.ISSUER_ENVIRONMENTS))
      : [],
    metricsToken: env.METRICS_TOKEN ?? null,
    logLevel: env.LOG_LEVEL,
    trustProxy: env.TRUST_PROXY,
    eidTrustAnchorsPath: env.EID_TRUST_ANCHORS ?? null,
    etkDepot: {
      settings: etkDepotSettingsFromEnv(etkDepotVariables(env)),
      ratePerSecond: env.ETK_DEPOT_RATE_PER_SECOND,
    },
    oidc: oidcSettingsFromEnv(oidcVariables(env), publicUrlOf(env)),
    passwordLogin: env.PASSWORD_LOGIN,
    webhooks: {
      keyBase: env.WEBHOOK_KEY ?? env.TOKEN_SECRET,
      allowPrivateNetworks: env.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
    },
    evidence: {
      signingKeyPem: env.EVIDENCE_SIGNING_KEY ?? null,
      sealingKeyBase: env.EVIDENCE_KEY ?? env.TOKEN_SECRET,
    },
    demo: env.DEMO,
  };
}

/** The DI token under which the validated configuration is provided. */
export const APP_CONFIG = Symbol('APP_CONFIG');

function isEd25519PrivateKey(pem: string): boolean {
  try {
    return createPrivateKey(pem).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}
