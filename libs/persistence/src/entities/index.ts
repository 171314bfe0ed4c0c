// Every entity, listed explicitly: globs break once code is bundled or compiled elsewhere.
import { AccessTokenEntity } from './access-token.entity.js';
import { AuditChainHeadEntity } from './audit-chain-head.entity.js';
import { AuditEventEntity } from './audit-event.entity.js';
import { CertificateLabelEntity } from './certificate-label.entity.js';
import { CertificateEntity } from './certificate.entity.js';
import { ContactEntity } from './contact.entity.js';
import { CutOverRequestEntity } from './cut-over-request.entity.js';
import { CutOverReminderEntity } from './cut-over-reminder.entity.js';
import { CustodyAttestationEntity } from './custody-attestation.entity.js';
import { DeploymentEntity } from './deployment.entity.js';
import { EvidenceSigningKeyEntity } from './evidence-signing-key.entity.js';
import { EidUsedNonceEntity } from './eid-used-nonce.entity.js';
import { EtkDiscoveryStateEntity } from './etk-discovery-state.entity.js';
import { EtkPublicationEntity } from './etk-publication.entity.js';
import { HandoverCertificateEntity } from './handover-certificate.entity.js';
import { HandoverSignatureEntity } from './handover-signature.entity.js';
import { HandoverEntity } from './handover.entity.js';
import { InstallationEntity } from './installation.entity.js';
import { LabelEntity } from './label.entity.js';
import { KeystoreEntryEntity } from './keystore-entry.entity.js';
import { KeystoreEntity } from './keystore.entity.js';
import { LoginThrottleEntity } from './login-throttle.entity.js';
import { MembershipEntity } from './membership.entity.js';
import { MuteEntity } from './mute.entity.js';
import { NewRequestEntity } from './new-request.entity.js';
import { OrganisationIdentifierEntity } from './organisation-identifier.entity.js';
import { OrganisationEntity } from './organisation.entity.js';
import { OutboxMessageEntity } from './outbox-message.entity.js';
import { PasswordChangeEntity } from './password-change.entity.js';
import { PersonEidCertificateEntity } from './person-eid-certificate.entity.js';
import { PersonEntity } from './person.entity.js';
import { ReminderDeliveryEntity } from './reminder-delivery.entity.js';
import { ReminderRunEntity } from './reminder-run.entity.js';
import { ReminderEntity } from './reminder.entity.js';
import { RenewalCaseEntity } from './renewal-case.entity.js';
import { RevocationEntity } from './revocation.entity.js';
import { SetPasswordLinkEntity } from './set-password-link.entity.js';
import { UserRoleEntity } from './user-role.entity.js';
import { UserEntity } from './user.entity.js';
import { WebhookDeliveryAttemptEntity } from './webhook-delivery-attempt.entity.js';
import { WebhookDeliveryEntity } from './webhook-delivery.entity.js';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity.js';

export * from './access-token.entity.js';
export * from './audit-chain-head.entity.js';
export * from './audit-event.entity.js';
export * from './certificate.entity.js';
export * from './certificate-label.entity.js';
export * from './label.entity.js';
export * from './contact.entity.js';
export * from './cut-over-request.entity.js';
export * from './cut-over-reminder.entity.js';
export * from './custody-attestation.entity.js';
export * from './deployment.entity.js';
export * from './evidence-signing-key.entity.js';
export * from './eid-used-nonce.entity.js';
export * from './etk-discovery-state.entity.js';
export * from './etk-publication.entity.js';
export * from './handover-certificate.entity.js';
export * from './handover-signature.entity.js';
export * from './handover.entity.js';
export * from './installation.entity.js';
export * from './keystore-entry.entity.js';
export * from './keystore.entity.js';
export * from './login-throttle.entity.js';
export * from './membership.entity.js';
export * from './mute.entity.js';
export * from './new-request.entity.js';
export * from './organisation-identifier.entity.js';
export * from './organisation.entity.js';
export * from './outbox-message.entity.js';
export * from './password-change.entity.js';
export * from './person.entity.js';
export * from './person-eid-certificate.entity.js';
export * from './reminder-delivery.entity.js';
export * from './reminder-run.entity.js';
export * from './reminder.entity.js';
export * from './renewal-case.entity.js';
export * from './revocation.entity.js';
export * from './set-password-link.entity.js';
export * from './user-role.entity.js';
export * from './user.entity.js';
export * from './webhook-delivery-attempt.entity.js';
export * from './webhook-delivery.entity.js';
export * from './webhook-subscription.entity.js';

export const ENTITIES = [
  AccessTokenEntity,
  AuditChainHeadEntity,
  AuditEventEntity,
  CertificateEntity,
  ContactEntity,
  CutOverRequestEntity,
  CutOverReminderEntity,
  DeploymentEntity,
  EidUsedNonceEntity,
  EtkDiscoveryStateEntity,
  EtkPublicationEntity,
  HandoverEntity,
  HandoverCertificateEntity,
  HandoverSignatureEntity,
  InstallationEntity,
  KeystoreEntity,
  KeystoreEntryEntity,
  LoginThrottleEntity,
  MembershipEntity,
  MuteEntity,
  NewRequestEntity,
  OrganisationEntity,
  OrganisationIdentifierEntity,
  OutboxMessageEntity,
  PasswordChangeEntity,
  PersonEntity,
  ReminderDeliveryEntity,
  ReminderEntity,
  ReminderRunEntity,
  RenewalCaseEntity,
  RevocationEntity,
  SetPasswordLinkEntity,
  UserEntity,
  UserRoleEntity,
  WebhookSubscriptionEntity,
  WebhookDeliveryEntity,
  WebhookDeliveryAttemptEntity,
  EvidenceSigningKeyEntity,
  CustodyAttestationEntity,
  PersonEidCertificateEntity,
  LabelEntity,
  CertificateLabelEntity,
];
