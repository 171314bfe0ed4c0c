// What the api announces through its outbox table, for the notifier and any other listener.
// The api writes these in the same transaction as the change; a relay publishes them.

export const OUTBOX_TOPICS = {
  certificateRenewed: 'certificate.renewed',
  certificateRevoked: 'certificate.revoked',
  contactsChanged: 'organisation.contacts-changed',
  setPasswordLinkCreated: 'user.set-password-link-created',
  cutOverRequested: 'cut-over.requested',
  cutOverReminded: 'cut-over.reminded',
  // What webhooks tell (./webhooks.ts): the notifier's reminder scan writes reminderCreated itself.
  reminderCreated: 'reminder.created',
  renewalPhaseRecorded: 'renewal.phase-recorded',
  handoverCompleted: 'handover.completed',
  etkDirectoryFindings: 'etk-directory.findings',
  cutOverConfirmed: 'cut-over.confirmed',
} as const;

export type OutboxTopic = (typeof OUTBOX_TOPICS)[keyof typeof OUTBOX_TOPICS];

/** A renewal reached phase 3: every deployment must install the new keystore. */
export interface CertificateRenewedEvent {
  organisationId: string;
  certificateId: string;
  renewedCertificateId: string | null;
  renewalCaseId: string;
  deployments: { id: string; software: string; contactEmail: string | null }[];
}

export interface CertificateRevokedEvent {
  organisationId: string;
  certificateId: string;
  reason: string;
  revokedOn: string;
  newRequestId: string | null;
}

export interface ContactsChangedEvent {
  organisationId: string;
  genericContactCount: number;
}

/**
 * An administrator sent a log-in a one-time link to choose its password: the notifier mails it. `token` is the only
 * copy of the link's secret outside the mail (the api keeps its HMAC): the notifier erases it from the outbox row
 * and the job once the mail is sent, or once the link no longer works.
 */
export interface SetPasswordLinkCreatedEvent {
  linkId: string;
  userId: string;
  email: string;
  name: string;
  /** The log-in's organisations (those the administrator sees), whose languages the mail is written in. */
  organisationNames: string[];
  /** Mail languages (fr, nl, de, en), in order of preference. */
  languages: string[];
  token: string;
  expiresAt: string;
}

/**
 * Phase 3 of a renewal was recorded: a deployment's contact is mailed a personal link to confirm that the new
 * keystore is installed. As for set-password links, `token` is the link's only secret outside the mail (the api keeps
 * its HMAC): the notifier erases it from the outbox row and the job once the mail is sent, or no longer needed.
 */
export interface CutOverRequestedEvent {
  cutOverRequestId: string;
  organisationId: string;
  organisationName: string;
  certificateId: string;
  renewalCaseId: string;
  deploymentId: string;
  software: string;
  integrator: string | null;
  contactEmail: string;
  /** Mail languages (fr, nl, de, en), in the organisation's order of preference. */
  languages: string[];
  token: string;
  expiresAt: string;
}

/**
 * A deployment's contact has not confirmed the cut-over CUT_OVER_REMINDER_DAYS after the link was mailed: the api
 * minted a fresh link for the same request (the earlier ones stay valid until the request expires) and recorded the
 * reminder `ordinal` (1, 2, ...) before this message. As for the first link, `token` is erased once mailed.
 */
export interface CutOverRemindedEvent extends CutOverRequestedEvent {
  cutOverReminderId: string;
  ordinal: number;
}

/** The reminder scan created a reminder: a milestone (days left), 'expired', or 'stalled:<case>:<state>'. */
export interface ReminderCreatedEvent {
  organisationId: string;
  certificateId: string;
  milestone: string;
  daysLeft: number;
  /** The certificate's reminders were muted with a reason when it was due (absent in messages from before mutes). */
  muted?: boolean;
}

export interface RenewalPhaseRecordedEvent {
  organisationId: string;
  certificateId: string;
  renewalCaseId: string;
  state: string;
}

export interface HandoverCompletedEvent {
  organisationId: string;
  handoverId: string;
  certificateIds: string[];
}

/** A deployment's contact confirmed, through their cut-over link, that the new keystore is installed. */
export interface CutOverConfirmedEvent {
  organisationId: string;
  /** The old certificate, which the deployment no longer uses. */
  certificateId: string;
  renewalCaseId: string;
  cutOverRequestId: string;
  deploymentId: string;
  software: string;
  /** The address the link was mailed to. */
  confirmedBy: string | null;
  confirmedAt: string;
  /** Deployments still using the old certificate after this confirmation (neither confirmed nor overridden). */
  stillInUseBy: number;
}

/** A discovery of the ETK directory changed something (announced only then). */
export interface EtkDirectoryFindingsEvent {
  organisationId: string;
  /** Certificates the discovery added to the inventory. */
  addedCertificateIds: string[];
  /** ETKs published (again) since the last discovery, and ETKs no longer published. */
  published: number;
  withdrawn: number;
  /** Renewals whose phase 3 the directory recorded (the renewed certificate's ETK is published). */
  activatedRenewalCaseIds: string[];
}

export interface OutboxPayloads {
  'certificate.renewed': CertificateRenewedEvent;
  'certificate.revoked': CertificateRevokedEvent;
  'organisation.contacts-changed': ContactsChangedEvent;
  'user.set-password-link-created': SetPasswordLinkCreatedEvent;
  'cut-over.requested': CutOverRequestedEvent;
  'cut-over.reminded': CutOverRemindedEvent;
  'reminder.created': ReminderCreatedEvent;
  'renewal.phase-recorded': RenewalPhaseRecordedEvent;
  'handover.completed': HandoverCompletedEvent;
  'etk-directory.findings': EtkDirectoryFindingsEvent;
  'cut-over.confirmed': CutOverConfirmedEvent;
}
