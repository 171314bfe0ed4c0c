import type { UserRole } from '@certdesk/persistence';

/**
 * Who may do what inside an organisation. The central administrator may do everything everywhere; the
 * actions with no organisation role at all are theirs alone.
 */
export const PERMISSIONS = {
  'organisation.read': ['org-admin', 'certificate-manager', 'viewer'],
  'organisation.update': ['org-admin'],
  'organisation.create': [],
  'person.read': ['org-admin', 'certificate-manager', 'viewer'],
  'person.write': ['org-admin'],
  'user.manage': ['org-admin'],
  'certificate.read': ['org-admin', 'certificate-manager', 'viewer'],
  'certificate.import': ['org-admin', 'certificate-manager'],
  'certificate.update': ['org-admin', 'certificate-manager'],
  'certificate.lifecycle': ['org-admin', 'certificate-manager'],
  'certificate.reassign-manager': ['org-admin'],
  // Muting a certificate's reminders or warnings with a reason (src/mutes); viewers see mutes, never set them.
  'certificate.mute': ['org-admin', 'certificate-manager'],
  // The eID-signed handover (src/handovers): who may see one, open one (the outgoing manager opens their own),
  // and open or cancel any in the organisation.
  'handover.read': ['org-admin', 'certificate-manager', 'viewer'],
  'handover.open': ['org-admin', 'certificate-manager'],
  'handover.manage': ['org-admin'],
  'audit.read': ['org-admin', 'certificate-manager', 'viewer'],
  'audit.verify': ['org-admin'],
  'reminder.run': [],
  // Asking the eHealth ETK directory now for an organisation's ETKs (src/etk-directory).
  'etk.discover': ['org-admin'],
  // An organisation's webhooks (src/webhooks): subscriptions, secrets and the delivery log.
  'webhook.manage': ['org-admin'],
  // Closing a renewal's cut-over without every deployment's confirmation (src/cut-over), with a reason.
  'cut-over.override': ['org-admin'],
  // Evidence packs for auditors (src/evidence): a certificate's, by those who run its lifecycle; a whole
  // organisation's, by its administrators.
  'evidence.certificate': ['org-admin', 'certificate-manager'],
  'evidence.organisation': ['org-admin'],
} as const satisfies Record<string, readonly Exclude<UserRole, 'central-admin'>[]>;

export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];
