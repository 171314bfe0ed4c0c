// The words of the administrators' escalation about a renewal that is not ready (issue 14): apart from messages/,
// which every reminder shares, since only this mail carries them.
import { type ReadinessConditionCode } from '@certdesk/domain';
import { type Language } from './types.js';

export interface ReadinessEscalationMessages {
  /** After "eHealth <identifier>: " in the subject. */
  subject(daysLeft: number): string;
  intro(organisation: string, identifier: string, date: string, daysLeft: number): string;
  missing: string;
  /** What to do about each unmet condition. */
  conditions: Record<ReadinessConditionCode, string>;
  why: string;
  button: string;
  /** A digest line's badge and label for a certificate whose renewal is not ready. */
  badge: string;
  label: string;
}

export const READINESS_ESCALATION_MESSAGES: Readonly<Record<Language, ReadinessEscalationMessages>> = {
  fr: {
    subject: (n) => `renouvellement pas prêt, expire dans ${n} jours`,
    intro: (organisation, identifier, date, n) =>
      `Le certificat eHealth ${identifier} de ${organisation} expire le ${date}, dans ${n} jours, et son ` +
      'renouvellement n’est pas prêt. Vous recevez ce message en tant qu’administrateur de l’organisation.',
    missing: 'Ce qui manque :',
    conditions: {
      MANAGER_DESIGNATED: 'aucun gestionnaire du certificat n’est désigné',
      MANAGER_EMPLOYED: 'le gestionnaire ne sera plus là pour le renouvellement : désignez-en un nouveau',
      MANAGER_EID_KNOWN:
        'l’eID du gestionnaire n’a jamais servi dans Certdesk : qu’il se connecte une fois avec',
      MANAGER_EID_VALID_THROUGH_WINDOW:
        'l’eID du gestionnaire expire avant la fin de la période de renouvellement',
      KEYSTORE_LOCATION_KNOWN: 'l’emplacement du keystore (PC et dossier) n’est pas connu',
      CUSTODIAN_NAMED: 'personne n’est désigné comme dépositaire du mot de passe',
      CUSTODIAN_ATTESTED_RECENTLY: 'le dépositaire n’a pas vérifié récemment que le keystore s’ouvre',
      DEPLOYMENTS_HAVE_CONTACT: 'un déploiement n’a pas de contact',
      ENOUGH_DAYS_LEFT:
        'il ne reste plus assez de jours pour un renouvellement : demandez un nouveau certificat',
    },
    why: 'Un mot de passe perdu, un keystore introuvable ou un gestionnaire parti obligent à révoquer le certificat et à en demander un nouveau.',
    button: 'Voir le certificat',
    badge: 'RENOUVELLEMENT PAS PRÊT',
    label: 'Pas prêt pour le renouvellement',
  },
  nl: {
    subject: (n) => `vernieuwing niet klaar, vervalt over ${n} dagen`,
    intro: (organisation, identifier, date, n) =>
      `Het eHealth-certificaat ${identifier} van ${organisation} vervalt op ${date}, over ${n} dagen, en de ` +
      'vernieuwing is niet klaar. U krijgt dit bericht als beheerder van de organisatie.',
    missing: 'Wat ontbreekt:',
    conditions: {
      MANAGER_DESIGNATED: 'er is geen certificaatbeheerder aangeduid',
      MANAGER_EMPLOYED: 'de beheerder is er niet meer bij de vernieuwing: duid een nieuwe aan',
      MANAGER_EID_KNOWN:
        'de eID van de beheerder werd nooit in Certdesk gebruikt: laat hem één keer aanmelden',
      MANAGER_EID_VALID_THROUGH_WINDOW:
        'de eID van de beheerder vervalt voor het einde van de vernieuwingsperiode',
      KEYSTORE_LOCATION_KNOWN: 'de plaats van de keystore (pc en map) is niet bekend',
      CUSTODIAN_NAMED: 'niemand is aangeduid als bewaarder van het wachtwoord',
      CUSTODIAN_ATTESTED_RECENTLY: 'de bewaarder heeft niet onlangs gecontroleerd dat de keystore opent',
      DEPLOYMENTS_HAVE_CONTACT: 'een installatie heeft geen contact',
      ENOUGH_DAYS_LEFT: 'er blijven niet genoeg dagen voor een vernieuwing: vraag een nieuw certificaat aan',
    },
    why: 'Een verloren wachtwoord, een onvindbare keystore of een vertrokken beheerder betekent: het certificaat intrekken en een nieuw aanvragen.',
    button: 'Het certificaat bekijken',
    badge: 'VERNIEUWING NIET KLAAR',
    label: 'Niet klaar voor vernieuwing',
  },
  de: {
    subject: (n) => `Erneuerung nicht bereit, läuft in ${n} Tagen ab`,
    intro: (organisation, identifier, date, n) =>
      `Das eHealth-Zertifikat ${identifier} von ${organisation} läuft am ${date} ab, in ${n} Tagen, und seine ` +
      'Erneuerung ist nicht bereit. Sie erhalten diese Nachricht als Administrator der Organisation.',
    missing: 'Was fehlt:',
    conditions: {
      MANAGER_DESIGNATED: 'kein Zertifikatsverwalter ist bestimmt',
      MANAGER_EMPLOYED: 'der Verwalter ist bei der Erneuerung nicht mehr da: bestimmen Sie einen neuen',
      MANAGER_EID_KNOWN:
        'die eID des Verwalters wurde in Certdesk nie verwendet: er meldet sich einmal damit an',
      MANAGER_EID_VALID_THROUGH_WINDOW:
        'die eID des Verwalters läuft vor dem Ende des Erneuerungszeitraums ab',
      KEYSTORE_LOCATION_KNOWN: 'der Ort des Keystores (PC und Ordner) ist nicht bekannt',
      CUSTODIAN_NAMED: 'niemand ist als Verwahrer des Passworts bestimmt',
      CUSTODIAN_ATTESTED_RECENTLY: 'der Verwahrer hat nicht kürzlich geprüft, dass sich der Keystore öffnet',
      DEPLOYMENTS_HAVE_CONTACT: 'eine Installation hat keinen Kontakt',
      ENOUGH_DAYS_LEFT:
        'es bleiben nicht genug Tage für eine Erneuerung: beantragen Sie ein neues Zertifikat',
    },
    why: 'Ein verlorenes Passwort, ein unauffindbarer Keystore oder ein ausgeschiedener Verwalter bedeuten: das Zertifikat widerrufen und ein neues beantragen.',
    button: 'Das Zertifikat ansehen',
    badge: 'ERNEUERUNG NICHT BEREIT',
    label: 'Nicht bereit zur Erneuerung',
  },
  en: {
    subject: (n) => `renewal not ready, expires in ${n} days`,
    intro: (organisation, identifier, date, n) =>
      `The eHealth certificate ${identifier} of ${organisation} expires on ${date}, in ${n} days, and its renewal ` +
      'is not ready. You receive this as an administrator of the organisation.',
    missing: 'What is missing:',
    conditions: {
      MANAGER_DESIGNATED: 'no certificate manager is designated',
      MANAGER_EMPLOYED: 'the manager will not be there for the renewal: designate a new one',
      MANAGER_EID_KNOWN: "the manager's eID was never used in Certdesk: ask them to log in with it once",
      MANAGER_EID_VALID_THROUGH_WINDOW: "the manager's eID expires before the renewal window closes",
      KEYSTORE_LOCATION_KNOWN: "the keystore's place (PC and folder) is not known",
      CUSTODIAN_NAMED: 'nobody is named as the password custodian',
      CUSTODIAN_ATTESTED_RECENTLY: 'the custodian has not checked lately that the keystore still opens',
      DEPLOYMENTS_HAVE_CONTACT: 'a deployment has no contact',
      ENOUGH_DAYS_LEFT: 'too few days are left for a renewal: request a new certificate',
    },
    why: 'A lost password, a keystore nobody can find or a manager who has left means revoking the certificate and requesting a new one.',
    button: 'See the certificate',
    badge: 'RENEWAL NOT READY',
    label: 'Not ready for renewal',
  },
};
