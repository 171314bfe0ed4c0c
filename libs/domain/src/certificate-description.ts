// What a certificate looks like to a user: the same shape in `certdesk inspect --json` and in every api
// answer (issue 2 fixes the field names and their order).
import { parseEhealthSubject } from './ehealth/subject.js';
import { formatDistinguishedName, type DistinguishedName } from './ehealth/distinguished-name.js';
import { environmentFromIssuer, type Environment, type IssuerEnvironmentRule } from './environment.js';
import { certificateStatus, daysLeft, type CertificateStatus } from './status.js';

/** What libs/pki reads from a certificate (and its keystore entry). */
export interface CertificateFacts {
  subject: DistinguishedName;
  issuer: DistinguishedName;
  /** Hex; colons, spaces and case do not matter. */
  serialNumber: string;
  /** Hex; colons, spaces and case do not matter. */
  sha256Fingerprint: string;
  notBefore: Date;
  notAfter: Date;
  /** 'RSA-2048', 'EC-P256', 'EC-P384', ... */
  keyAlgorithm: string;
  hasPrivateKey: boolean;
  alias: string | null;
}

export interface EhealthDescription {
  identifierType: string;
  identifierValue: string;
  applicationId: string | null;
  holderName: string | null;
  environment: Environment;
  knownType: boolean;
  checkDigitsValid: boolean | null;
}

export interface CertificateDescription {
  /** RFC 4514. */
  subject: string;
  issuer: string;
  /** Lower-case hex, no colons. */
  serialNumber: string;
  /** Lower-case hex, no colons. */
  sha256Fingerprint: string;
  /** ISO-8601 UTC. */
  notBefore: string;
  notAfter: string;
  keyAlgorithm: string;
  hasPrivateKey: boolean;
  alias: string | null;
  status: CertificateStatus;
  daysLeft: number;
  /** Null when the subject is not eHealth-shaped (an eID or CA certificate, say). */
  ehealth: EhealthDescription | null;
}

export function describeCertificate(
  facts: CertificateFacts,
  options: { now: Date; issuerEnvironments?: readonly IssuerEnvironmentRule[] },
): CertificateDescription {
  const { now } = options;
  const ehealthSubject = parseEhealthSubject(facts.subject);
  return {
    subject: formatDistinguishedName(facts.subject),
    issuer: formatDistinguishedName(facts.issuer),
    serialNumber: plainHex(facts.serialNumber),
    sha256Fingerprint: plainHex(facts.sha256Fingerprint),
    notBefore: facts.notBefore.toISOString(),
    notAfter: facts.notAfter.toISOString(),
    keyAlgorithm: facts.keyAlgorithm,
    hasPrivateKey: facts.hasPrivateKey,
    alias: facts.alias,
    status: certificateStatus(facts, now),
    daysLeft: daysLeft(facts.notAfter, now),
    ehealth:
      ehealthSubject === null
        ? null
        : {
            identifierType: ehealthSubject.identifierType,
            identifierValue: ehealthSubject.identifierValue,
            applicationId: ehealthSubject.applicationId,
            holderName: ehealthSubject.holderName,
            environment: environmentFromIssuer(facts.issuer, options.issuerEnvironments),
            knownType: ehealthSubject.knownType,
            checkDigitsValid: ehealthSubject.checkDigitsValid,
          },
  };
}

function plainHex(hex: string): string {
  return String(hex).replace(/[\s:]/g, '').toLowerCase();
}
