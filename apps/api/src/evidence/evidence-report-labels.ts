/** The evidence report's wording, per language the dashboard speaks (en, fr, nl). */
export const EVIDENCE_LANGUAGES = ['en', 'fr', 'nl'] as const;
export type EvidenceLanguage = (typeof EVIDENCE_LANGUAGES)[number];

export interface EvidenceLabels {
  title: string;
  organisation: string;
  scopeCertificate: string;
  scopeOrganisation: string;
  generatedAt: string;
  generatedBy: string;
  packId: string;
  keyFingerprint: string;
  howToVerify: string;
  certificate: string;
  identifier: string;
  serial: string;
  fingerprint: string;
  validity: string;
  state: string;
  keystore: string;
  unknown: string;
  manager: string;
  custodian: string;
  keystoreHistory: string;
  managerHistory: string;
  custody: string;
  passwordChanged: string;
  attestation: string;
  noAttestations: string;
  handovers: string;
  signedBy: string;
  reminders: string;
  messageId: string;
  renewals: string;
  revocations: string;
  none: string;
  auditChain: string;
  chainHead: string;
  notes: string;
}

export const EVIDENCE_LABELS: Record<EvidenceLanguage, EvidenceLabels> = {
  en: {
    title: 'Certdesk evidence report',
    organisation: 'Organisation',
    scopeCertificate: 'Scope: one certificate',
    scopeOrganisation: "Scope: the organisation's certificates",
    generatedAt: 'Generated at',
    generatedBy: 'Requested by',
    packId: 'Pack',
    keyFingerprint: "Installation key's fingerprint (SHA-256)",
    howToVerify: 'Verify this pack offline: certdesk evidence verify FILE --fingerprint <fingerprint above>',
    certificate: 'Certificate',
    identifier: 'Identifier',
    serial: 'Serial number',
    fingerprint: 'SHA-256 fingerprint',
    validity: 'Valid',
    state: 'State',
    keystore: 'Keystore',
    unknown: 'unknown',
    manager: 'Certificate manager',
    custodian: 'Password custodian',
    keystoreHistory: 'Keystore location over time',
    managerHistory: 'Managers over time',
    custody: 'Password custody',
    passwordChanged: 'password changed',
    attestation: 'keystore check',
    noAttestations: 'no keystore checks recorded by this installation',
    handovers: 'Handovers (eID-signed)',
    signedBy: 'signed by',
    reminders: 'Reminders delivered',
    messageId: 'Message-ID',
    renewals: 'Renewal steps',
    revocations: 'Revocations',
    none: 'none',
    auditChain: 'Audit events and their chain hashes',
    chainHead: 'Chain head',
    notes: 'Notes',
  },
  fr: {
    title: 'Rapport de preuves Certdesk',
    organisation: 'Organisation',
    scopeCertificate: 'Portée : un certificat',
    scopeOrganisation: "Portée : les certificats de l'organisation",
    generatedAt: 'Produit le',
    generatedBy: 'Demandé par',
    packId: 'Dossier',
    keyFingerprint: "Empreinte de la clé de l'installation (SHA-256)",
    howToVerify:
      'Vérifier ce dossier hors ligne : certdesk evidence verify FICHIER --fingerprint <empreinte ci-dessus>',
    certificate: 'Certificat',
    identifier: 'Identifiant',
    serial: 'Numéro de série',
    fingerprint: 'Empreinte SHA-256',
    validity: 'Valide',
    state: 'État',
    keystore: 'Keystore',
    unknown: 'inconnu',
    manager: 'Gestionnaire du certificat',
    custodian: 'Gardien du mot de passe',
    keystoreHistory: 'Emplacement du keystore dans le temps',
    managerHistory: 'Gestionnaires dans le temps',
    custody: 'Garde du mot de passe',
    passwordChanged: 'mot de passe changé',
    attestation: 'vérification du keystore',
    noAttestations: 'aucune vérification du keystore enregistrée par cette installation',
    handovers: 'Passations (signées avec l’eID)',
    signedBy: 'signé par',
    reminders: 'Rappels envoyés',
    messageId: 'Message-ID',
    renewals: 'Étapes du renouvellement',
    revocations: 'Révocations',
    none: 'aucun',
    auditChain: "Événements d'audit et leurs empreintes de chaîne",
    chainHead: 'Tête de chaîne',
    notes: 'Remarques',
  },
  nl: {
    title: 'Certdesk-bewijsrapport',
    organisation: 'Organisatie',
    scopeCertificate: 'Bereik: één certificaat',
    scopeOrganisation: 'Bereik: de certificaten van de organisatie',
    generatedAt: 'Gemaakt op',
    generatedBy: 'Gevraagd door',
    packId: 'Pakket',
    keyFingerprint: 'Vingerafdruk van de installatiesleutel (SHA-256)',
    howToVerify:
      'Controleer dit pakket offline: certdesk evidence verify BESTAND --fingerprint <vingerafdruk hierboven>',
    certificate: 'Certificaat',
    identifier: 'Identificatie',
    serial: 'Serienummer',
    fingerprint: 'SHA-256-vingerafdruk',
    validity: 'Geldig',
    state: 'Staat',
    keystore: 'Keystore',
    unknown: 'onbekend',
    manager: 'Certificaatbeheerder',
    custodian: 'Bewaarder van het wachtwoord',
    keystoreHistory: 'Plaats van de keystore door de tijd',
    managerHistory: 'Beheerders door de tijd',
    custody: 'Bewaring van het wachtwoord',
    passwordChanged: 'wachtwoord gewijzigd',
    attestation: 'keystorecontrole',
    noAttestations: 'geen keystorecontroles geregistreerd door deze installatie',
    handovers: 'Overdrachten (met eID ondertekend)',
    signedBy: 'ondertekend door',
    reminders: 'Verstuurde herinneringen',
    messageId: 'Message-ID',
    renewals: 'Stappen van de vernieuwing',
    revocations: 'Intrekkingen',
    none: 'geen',
    auditChain: 'Auditgebeurtenissen en hun ketenhashes',
    chainHead: 'Kop van de keten',
    notes: 'Opmerkingen',
  },
};
