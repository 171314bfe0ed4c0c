// An audit verification run as a job (the api queues it and any api replica works it): a chain of a national
// installation takes minutes to hash again, past a load balancer's timeout for one request. docs/api.md says how a
// client starts one and follows it.

export const AUDIT_VERIFICATION_QUEUE = 'audit-verification';
export const AUDIT_VERIFICATION_JOB_NAME = 'verify';

/** What one verification checks, decided (and its access checked) when it was asked for. */
export interface AuditVerificationJob {
  /** The log-in that asked: the only one that may read its progress and result. */
  userId: string;
  /** The chains to check; null for every chain of the installation (a central administrator's). */
  chains: string[] | null;
  /** The organisation asked for, when one was: its chain alone. */
  organisationId: string | null;
  requestedAt: string;
}

/** Written while a verification runs, as the job's progress. */
export interface AuditVerificationProgress {
  chainsTotal: number;
  chainsChecked: number;
  eventsChecked: number;
}
