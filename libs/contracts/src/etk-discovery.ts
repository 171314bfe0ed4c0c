// The ETK directory's discovery between the notifier (its schedule) and the api (which asks the depot and records
// what it publishes, audited): queue names, job payloads, ids and the installation-wide rate limit's key.
// docs/etk-directory.md says what is asked and when.

export const ETK_DISCOVERY_QUEUES = {
  /** The notifier's job scheduler (ETK_DISCOVERY_CRON) puts one job here per run: it fans out, one job per organisation. */
  schedule: 'etk-discovery-schedule',
  /** One job per organisation and run, worked by the api: asks the depot for the organisation's identifiers. */
  organisation: 'etk-discovery',
} as const;

export const ETK_DISCOVERY_JOB_NAMES = {
  fanOut: 'fan-out',
  discover: 'discover',
} as const;

/** The id of the job scheduler of the weekly discovery (ETK_DISCOVERY_CRON). */
export const ETK_DISCOVERY_SCHEDULER_ID = 'etk-discovery';

/** An organisation's discovery job is tried this many times, with exponential backoff from the delay below. */
export const ETK_DISCOVERY_ATTEMPTS = 5;
export const ETK_DISCOVERY_RETRY_DELAY_MS = 60_000;

/** The run that fans out: `run` names it (the scheduler's iteration, or a manual one). */
export interface EtkDiscoveryFanOutJob {
  run?: string;
}

/** Discover the ETKs of one organisation, for the run `run`. */
export interface EtkDiscoveryJob {
  organisationId: string;
  run: string;
}

/** Unique per organisation and run: a run fanned out twice (a retried fan-out) queues each organisation once. */
export function etkDiscoveryJobId(run: string, organisationId: string): string {
  return `etk/${encodeURIComponent(run)}/${encodeURIComponent(organisationId)}`;
}

/**
 * The Redis key of the depot's installation-wide rate limit (ETK_DEPOT_RATE_PER_SECOND): the next free request slot,
 * shared by every api process under the prefix (and so by every job of the notifier's schedule).
 */
export function etkDepotRateLimitKey(prefix: string): string {
  return `${prefix}:etk-depot:next-request`;
}

/** The default of ETK_DEPOT_RATE_PER_SECOND: the depot publishes no limit, so a polite few a second. */
export const DEFAULT_ETK_DEPOT_RATE_PER_SECOND = 2;
/** The default of ETK_DISCOVERY_CRON: Sundays at 03:00 (REMINDER_TIMEZONE). */
export const DEFAULT_ETK_DISCOVERY_CRON = '0 3 * * 0';
