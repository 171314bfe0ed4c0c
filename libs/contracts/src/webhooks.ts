// Webhooks (issue 13): the events a subscription may ask for, their payloads as receivers get them, the delivery
// queue and its job, and the outbox topics that feed them. docs/webhooks.md describes each for receivers.

/** What a receiver subscribes to; `type` in every payload. */
export const WEBHOOK_EVENTS = [
  'certificate.expiring',
  'certificate.expired',
  'certificate.revoked',
  'renewal.stalled',
  'renewal.phase-recorded',
  'handover.completed',
  'etk-directory.findings',
  'cut-over.confirmed',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** `json`: the Standard Webhooks envelope below; `teams`: an Adaptive Card message for a Teams Workflows URL. */
export const WEBHOOK_FORMATS = ['json', 'teams'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** Languages a Teams card is written in (the organisation's first mail language when none is chosen). */
export const WEBHOOK_LANGUAGES = ['en', 'fr', 'nl'] as const;
export type WebhookLanguage = (typeof WEBHOOK_LANGUAGES)[number];

/** The certificate an event is about, as the payload names it. */
export interface WebhookCertificateRef {
  id: string;
  subject: string;
  notAfter: string;
  environment: string;
  /** The certificate's page in the dashboard. */
  url: string;
}

export interface WebhookOrganisationRef {
  id: string;
  name: string;
}

export interface WebhookEventData {
  'certificate.expiring': {
    organisation: WebhookOrganisationRef;
    certificate: WebhookCertificateRef;
    /** The reminder milestone reached (days left, e.g. 30). */
    milestone: number;
    daysLeft: number;
    /** Its reminders are muted with a reason: the event is still told, so a receiver may file it quietly. */
    muted: boolean;
  };
  'certificate.expired': {
    organisation: WebhookOrganisationRef;
    certificate: WebhookCertificateRef;
    daysLeft: number;
    /** As for certificate.expiring. */
    muted: boolean;
  };
  'certificate.revoked': {
    organisation: WebhookOrganisationRef;
    certificate: WebhookCertificateRef;
    reason: string;
    revokedOn: string;
    newRequestId: string | null;
  };
  'renewal.stalled': {
    organisation: WebhookOrganisationRef;
    certificate: WebhookCertificateRef;
    renewalCaseId: string;
    /** The renewal state it has been in for 14 days or more. */
    state: string;
  };
  'renewal.phase-recorded': {
    organisation: WebhookOrganisationRef;
    certificate: WebhookCertificateRef;
    renewalCaseId: string;
    state: string;
    /** 1 to 4 (libs/domain RENEWAL_PHASES); null for a state outside the phases (abandoned). */
    phase: number | null;
  };
  'handover.completed': {
    organisation: WebhookOrganisationRef;
    handoverId: string;
    certificateIds: string[];
  };
  'etk-directory.findings': {
    organisation: WebhookOrganisationRef;
    /** Certificates the directory's discovery added to the inventory. */
    addedCertificateIds: string[];
    /** ETKs published (again) since the last discovery, and ETKs no longer published. */
    published: number;
    withdrawn: number;
    /** Renewals whose phase 3 the directory recorded. */
    activatedRenewalCaseIds: string[];
  };
  'cut-over.confirmed': {
    organisation: WebhookOrganisationRef;
    /** The old certificate, which the deployment no longer uses. */
    certificate: WebhookCertificateRef;
    renewalCaseId: string;
    deploymentId: string;
    software: string;
    /** The address the cut-over link was mailed to, which confirmed. */
    confirmedBy: string | null;
    confirmedAt: string;
    /** Deployments still using the old certificate: 0 when the cut-over is complete. */
    stillInUseBy: number;
  };
}

/** The JSON body of a `json` subscription's delivery (the Standard Webhooks payload structure). */
export interface WebhookPayload<T extends WebhookEventType = WebhookEventType> {
  type: T;
  /** When the event happened (ISO 8601). */
  timestamp: string;
  data: WebhookEventData[T];
}

export const WEBHOOK_QUEUE = 'webhook-delivery';
export const WEBHOOK_JOB_NAME = 'deliver';

/** One delivery (webhook_delivery row) to one subscription; its `webhook-id` is the row's, stable across retries. */
export interface WebhookDeliveryJob {
  installationId: string;
  deliveryId: string;
}

export function webhookDeliveryJobId(installationId: string, deliveryId: string): string {
  return `webhook/${encodeURIComponent(installationId)}/${encodeURIComponent(deliveryId)}`;
}

/** The defaults of WEBHOOK_ATTEMPTS, WEBHOOK_RETRY_DELAY_MS, WEBHOOK_DISABLE_AFTER and WEBHOOK_TIMEOUT_MS. */
export const DEFAULT_WEBHOOK_ATTEMPTS = 8;
export const DEFAULT_WEBHOOK_RETRY_DELAY_MS = 30_000;
export const DEFAULT_WEBHOOK_DISABLE_AFTER = 20;
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
/** How much of a receiver's answer the delivery log keeps. */
export const WEBHOOK_RESPONSE_EXCERPT_CHARS = 200;
