// What the api announces through its outbox table, for the notifier and any other listener.
// The api writes these in the same transaction as the change; a relay publishes them.

export const OUTBOX_TOPICS = {
  certificateRenewed: 'certificate.renewed',
  certificateRevoked: 'certificate.revoked',
  contactsChanged: 'organisation.contacts-changed',
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

export interface OutboxPayloads {
  'certificate.renewed': CertificateRenewedEvent;
  'certificate.revoked': CertificateRevokedEvent;
  'organisation.contacts-changed': ContactsChangedEvent;
}
