// The words of a Teams card, per language (libs/contracts WEBHOOK_LANGUAGES).
import type { WebhookEventType, WebhookLanguage } from '@certdesk/contracts';

export interface TeamsCardWords {
  title: Record<WebhookEventType, string>;
  organisation: string;
  certificate: string;
  expires: string;
  daysLeft: string;
  reason: string;
  revokedOn: string;
  renewalState: string;
  certificates: string;
  discovered: string;
  published: string;
  withdrawn: string;
  renewalsActivated: string;
  /** The deployment (software) that confirmed its cut-over, and how many still use the old certificate. */
  system: string;
  stillInUseBy: string;
  /** Its reminders are muted with a reason (the event is told all the same). */
  muted: string;
  yes: string;
  open: string;
}

export const TEAMS_CARD_WORDS: Record<WebhookLanguage, TeamsCardWords> = {
  en: {
    title: {
      'certificate.expiring': 'An eHealth certificate expires soon',
      'certificate.expired': 'An eHealth certificate has expired',
      'certificate.revoked': 'An eHealth certificate was revoked',
      'renewal.stalled': 'A certificate renewal has stalled',
      'renewal.phase-recorded': 'A renewal step was recorded',
      'handover.completed': 'A certificate handover was completed',
      'etk-directory.findings': 'The ETK directory’s discovery found something',
      'cut-over.confirmed': 'A system confirmed the new keystore is installed',
    },
    organisation: 'Organisation',
    certificate: 'Certificate',
    expires: 'Expires',
    daysLeft: 'Days left',
    reason: 'Reason',
    revokedOn: 'Revoked on',
    renewalState: 'Renewal step',
    certificates: 'Certificates',
    discovered: 'Certificates discovered',
    published: 'ETKs newly published',
    withdrawn: 'ETKs withdrawn',
    renewalsActivated: 'Renewals whose ETK is now published',
    muted: 'Reminders muted',
    yes: 'yes',
    system: 'System',
    stillInUseBy: 'Systems still on the old certificate',
    open: 'Open in Certdesk',
  },
  fr: {
    title: {
      'certificate.expiring': 'Un certificat eHealth expire bientôt',
      'certificate.expired': 'Un certificat eHealth a expiré',
      'certificate.revoked': 'Un certificat eHealth a été révoqué',
      'renewal.stalled': 'Un renouvellement de certificat est à l’arrêt',
      'renewal.phase-recorded': 'Une étape de renouvellement a été enregistrée',
      'handover.completed': 'Une passation de certificats est terminée',
      'etk-directory.findings': 'La recherche dans l’annuaire ETK a trouvé du nouveau',
      'cut-over.confirmed': 'Un système a confirmé l’installation du nouveau keystore',
    },
    organisation: 'Organisation',
    certificate: 'Certificat',
    expires: 'Expire le',
    daysLeft: 'Jours restants',
    reason: 'Motif',
    revokedOn: 'Révoqué le',
    renewalState: 'Étape du renouvellement',
    certificates: 'Certificats',
    discovered: 'Certificats découverts',
    published: 'ETK nouvellement publiés',
    withdrawn: 'ETK retirés',
    renewalsActivated: 'Renouvellements dont l’ETK est désormais publié',
    muted: 'Rappels en sourdine',
    yes: 'oui',
    system: 'Système',
    stillInUseBy: 'Systèmes encore sur l’ancien certificat',
    open: 'Ouvrir dans Certdesk',
  },
  nl: {
    title: {
      'certificate.expiring': 'Een eHealth-certificaat verloopt binnenkort',
      'certificate.expired': 'Een eHealth-certificaat is verlopen',
      'certificate.revoked': 'Een eHealth-certificaat werd ingetrokken',
      'renewal.stalled': 'Een certificaatvernieuwing staat stil',
      'renewal.phase-recorded': 'Een stap van een vernieuwing werd geregistreerd',
      'handover.completed': 'Een overdracht van certificaten is voltooid',
      'etk-directory.findings': 'De zoektocht in de ETK-directory vond iets',
      'cut-over.confirmed': 'Een systeem bevestigde dat de nieuwe keystore geïnstalleerd is',
    },
    organisation: 'Organisatie',
    certificate: 'Certificaat',
    expires: 'Verloopt op',
    daysLeft: 'Resterende dagen',
    reason: 'Reden',
    revokedOn: 'Ingetrokken op',
    renewalState: 'Stap van de vernieuwing',
    certificates: 'Certificaten',
    discovered: 'Ontdekte certificaten',
    published: 'Nieuw gepubliceerde ETK’s',
    withdrawn: 'Ingetrokken ETK’s',
    renewalsActivated: 'Vernieuwingen waarvan de ETK nu gepubliceerd is',
    muted: 'Herinneringen gedempt',
    yes: 'ja',
    system: 'Systeem',
    stillInUseBy: 'Systemen nog op het oude certificaat',
    open: 'Openen in Certdesk',
  },
};
