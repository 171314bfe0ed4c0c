// The BullMQ queues between the api and the notifier: their names, job names and payloads, in one place.
// Types and constants only (this package runs in browsers too): the apps own the connections.
import type { OutboxPayloads, OutboxTopic } from './outbox.js';

/** Every queue's keys live under this Redis prefix unless a deployment (or a test file) chooses another. */
export const DEFAULT_QUEUE_PREFIX = 'certdesk';

/**
 * The Redis key naming the one installation (database) whose notifier works a queue prefix. Two databases on one
 * prefix would take each other's jobs: the notifier claims the prefix at start-up and refuses a taken one.
 */
export function queuePrefixOwnerKey(prefix: string): string {
  return `${prefix}:owner`;
}

export const QUEUE_NAMES = {
  /** One job per reminder scan: the daily job scheduler's and the ones `POST /api/v1/reminders/run` asks for. */
  reminderScan: 'reminder-scan',
  /** One job per (recipient, batch): sends every mail still queued for that address. */
  reminderSend: 'reminder-send',
  /** One job per outbox_message row, published by the notifier's relay. */
  outbox: 'outbox',
} as const;

export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

export const JOB_NAMES = {
  scan: 'scan',
  send: 'send',
} as const;

/**
 * How long finished jobs stay in Redis, for every job of these queues (whoever adds it): completed ones a day,
 * failed ones a week, at most 10,000 of each (BullMQ's removeOnComplete / removeOnFail, in seconds).
 */
export const JOB_RETENTION = {
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
} as const;

/** A scan job is tried this many times, with exponential backoff from SCAN_RETRY_DELAY_MS. */
export const SCAN_ATTEMPTS = 5;
export const SCAN_RETRY_DELAY_MS = 30_000;

/** The id of the job scheduler that runs the daily scan (REMINDER_CRON in REMINDER_TIMEZONE). */
export const REMINDER_SCHEDULER_ID = 'daily-reminder-scan';

export type ReminderRunTrigger = 'schedule' | 'manual';

/**
 * A reminder scan. A manual run's reminder_run row is written by the api before the job is added (runId set,
 * jobId = reminderScanJobId(runId)); a scheduled run creates its row on its first attempt and keeps its id in the
 * job data, so a retried attempt continues the same run.
 */
export interface ReminderScanJob {
  trigger: ReminderRunTrigger;
  runId?: string;
}

/**
 * Send every mail still queued for each of `recipients`, one address after the other. `batch` names what queued
 * them (a run id, `outbox-<installation>-<id>`, `recovery-<time>`): jobs of one batch are unique per set of
 * recipients by their jobId. Several addresses share a job when a batch has many (BullMQ's bookkeeping is paid per
 * job, not per mail).
 */
export interface ReminderSendJob {
  recipients: string[];
  batch: string;
  /** Jobs queued before several addresses shared one carry a single `recipient` instead. */
  recipient?: string;
}

/** The most addresses one send job carries. */
export const MAX_RECIPIENTS_PER_SEND_JOB = 10;

/** An outbox_message row, as the relay publishes it. */
export interface OutboxJob<T extends OutboxTopic = OutboxTopic> {
  /** The database's installation id: row ids are only unique within one database. */
  installationId: string;
  messageId: string;
  topic: T;
  payload: OutboxPayloads[T];
  createdAt: string;
}

/**
 * BullMQ custom job ids may not contain ':' (nor be integers): every id below is prefixed, and its parts are
 * URI-encoded (so ':' and the '/' separator inside a part are escaped and cannot be forged).
 */
const jobIdPart = (value: string): string => encodeURIComponent(value);

export function reminderScanJobId(runId: string): string {
  return `run/${jobIdPart(runId)}`;
}

/** Every recipient is part of the id (at most MAX_RECIPIENTS_PER_SEND_JOB): another set of the same batch is another job. */
export function reminderSendJobId(batch: string, recipients: readonly string[]): string {
  return `send/${jobIdPart(batch)}/${recipients.map(jobIdPart).join('/')}`;
}

/** Row ids restart at 1 in every database: the installation keeps a new database's ids from meeting kept jobs. */
export function outboxJobId(installationId: string, messageId: string): string {
  return `outbox/${jobIdPart(installationId)}/${jobIdPart(messageId)}`;
}
