import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { DigestAlgorithm } from '@certdesk/contracts';
import { brusselsDate } from '@certdesk/domain';
import type { HandoverOutgoingSignerRole } from '@certdesk/persistence';

/** The format tag inside every handover document: a later layout gets a new one, so old signatures stay readable. */
export const HANDOVER_DOCUMENT_FORMAT = 'certdesk-handover:1';

export interface HandoverDocumentPerson {
  personId: string;
  name: string;
  /** Masked (libs/domain maskSsin): the signer's eID certificate carries the whole number. */
  ssin: string | null;
}

export interface HandoverDocumentCertificate {
  certificateId: string;
  identifierType: string | null;
  identifierValue: string | null;
  applicationId: string | null;
  subject: string;
  sha256Fingerprint: string;
  notAfter: string;
  keystore: { fileName: string; host: string | null; path: string | null } | null;
  passwordCustodian: { personId: string; name: string } | null;
  /** The incoming manager cannot obtain its keystore or password: it is to be revoked and requested again. */
  revokeAndRequestAgain: boolean;
}

/**
 * What both managers sign: who hands what to whom, where each keystore is and who knows its password, when and why.
 * Signed as its RFC 8785 canonical JSON; the text form is a rendering of the same facts for people.
 */
export interface HandoverDocument {
  format: typeof HANDOVER_DOCUMENT_FORMAT;
  handoverId: string;
  /** When the handover was opened (an instant), and that day in Brussels. */
  date: string;
  dateBrussels: string;
  organisation: { id: string; name: string; identifiers: string[] };
  reason: string;
  outgoingManager: HandoverDocumentPerson;
  incomingManager: HandoverDocumentPerson;
  /** Who signs for the outgoing side: the outgoing manager, or the access manager when they cannot. */
  outgoingSigner: HandoverDocumentPerson & { role: HandoverOutgoingSignerRole };
  certificates: HandoverDocumentCertificate[];
}

export function canonicalHandoverDocument(document: HandoverDocument): string {
  const json = canonicalize(document);
  if (json === undefined) throw new Error('a handover document always serialises');
  return json;
}

export function parseHandoverDocument(json: string): HandoverDocument {
  return JSON.parse(json) as HandoverDocument;
}

const NODE_HASH: Record<DigestAlgorithm, string> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384' };

/** The digest a card signs: of the canonical JSON's UTF-8 bytes. SHA-256 for RSA cards, SHA-384 for P-384 ones. */
export function handoverDigest(json: string, algorithm: DigestAlgorithm): Buffer {
  return createHash(NODE_HASH[algorithm]).update(json, 'utf8').digest();
}

const personLine = (person: HandoverDocumentPerson) =>
  `${person.name}${person.ssin ? ` (SSIN ${person.ssin})` : ''}`;

/** The document for people: the same facts as the JSON, in the order a reader checks them. */
export function renderHandoverText(document: HandoverDocument): string {
  const lines = [
    'CERTIFICATE-MANAGER HANDOVER',
    '',
    `Handover ${document.handoverId}, opened ${document.dateBrussels} (${document.date})`,
    `Organisation: ${document.organisation.name}${document.organisation.identifiers.length ? ` (${document.organisation.identifiers.join(', ')})` : ''}`,
    `Outgoing certificate manager: ${personLine(document.outgoingManager)}`,
    `Incoming certificate manager: ${personLine(document.incomingManager)}`,
    document.outgoingSigner.role === 'access-manager'
      ? `Signed for the outgoing side by the access manager ${personLine(document.outgoingSigner)}, as the outgoing manager cannot sign`
      : 'Signed by the outgoing manager, then countersigned by the incoming manager',
    `Reason: ${document.reason}`,
    '',
    `Certificates handed over (${document.certificates.length}):`,
  ];
  document.certificates.forEach((certificate, index) => {
    const identifier = certificate.identifierType
      ? `${certificate.identifierType}=${certificate.identifierValue}${certificate.applicationId ? `, ${certificate.applicationId}` : ''}`
      : certificate.subject;
    const keystore = certificate.keystore;
    lines.push(
      `${index + 1}. ${identifier}`,
      `   SHA-256 fingerprint ${certificate.sha256Fingerprint}`,
      `   Valid until ${brusselsDate(new Date(certificate.notAfter))} (${certificate.notAfter})`,
      `   Keystore: ${keystore ? `${keystore.fileName}${keystore.host ? ` on ${keystore.host}` : ''}${keystore.path ? ` at ${keystore.path}` : ''}` : 'not recorded'}`,
      `   Password known to: ${certificate.passwordCustodian?.name ?? 'nobody recorded'}`,
    );
    if (certificate.revokeAndRequestAgain) {
      lines.push('   REVOKE AND REQUEST AGAIN: the incoming manager cannot obtain its keystore or password');
    }
  });
  return `${lines.join('\n')}\n`;
}
