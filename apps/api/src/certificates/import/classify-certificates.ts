import {
  type CertificateDescription,
  DEFAULT_ISSUER_ENVIRONMENTS,
  describeCertificate,
  type IssuerEnvironmentRule,
  maskSsin,
} from '@certdesk/domain';
import type { KeystoreEntry, ReadCertificate, ReadResult } from '@certdesk/pki';
import type { EventLoopShare } from '../../common/event-loop-share.js';
import type { ImportRefusalCode } from './import.dto.js';
import type { OrganisationIdentity } from './organisation-identity.js';

export type ForcedRefusal = Extract<ImportRefusalCode, 'IDENTIFIER_MISMATCH' | 'NOT_EHEALTH_CERTIFICATE'>;

export interface ClassifiedCertificate {
  read: ReadCertificate;
  description: CertificateDescription;
  /** Not an inventory item: a CA certificate, or an ETK's encryption certificate (of a keystore or an .etk file). */
  skipReason: 'CA_CERTIFICATE' | 'ETK_CERTIFICATE' | null;
  /** Refusals `force` overrode. */
  forced: ForcedRefusal[];
}

/** Whom a refused certificate names, beside whom the organisation is: for the "import anyway?" question. */
export interface IdentifierMismatch {
  /** `TYPE=value`, an SSIN masked. */
  certificateIdentifier: string;
  applicationId: string | null;
  /** The organisation's identifiers, `TYPE=value`. */
  organisationIdentifiers: string[];
}

export type Classification =
  | { refusal: { code: ForcedRefusal; message: string; details?: IdentifierMismatch } }
  | { refusal: null; certificates: ClassifiedCertificate[] };

export interface ClassifyOptions {
  now: Date;
  issuerEnvironments: readonly IssuerEnvironmentRule[];
  force: boolean;
  identity: OrganisationIdentity;
  /** The import's share of the event loop, across its files: a file may hold thousands, an upload thousands of files. */
  eventLoop: EventLoopShare;
}

/**
 * What an import does with each certificate of a file: import it, skip it (CA, ETK), or refuse the whole file (a
 * non-eHealth end-entity certificate, or one naming somebody else, unless forced). The eHealth reading is libs/domain's.
 */
export async function classifyCertificates(
  read: ReadResult,
  options: ClassifyOptions,
): Promise<Classification> {
  const issuerEnvironments = [...options.issuerEnvironments, ...DEFAULT_ISSUER_ENVIRONMENTS];
  const certificates: ClassifiedCertificate[] = [];
  // By fingerprint, the first entry of each: one lookup per certificate, not a search of every entry.
  const entries = new Map<string, KeystoreEntry>();
  for (const entry of read.keystore?.entries ?? []) {
    if (entry.certificateFingerprint !== null && !entries.has(entry.certificateFingerprint))
      entries.set(entry.certificateFingerprint, entry);
  }
  for (const certificate of read.certificates) {
    await options.eventLoop.giveWay();
    const description = describeCertificate(certificate, { now: options.now, issuerEnvironments });
    const entry = entries.get(certificate.sha256Fingerprint);
    // An ETK's encryption certificate is never an inventory item, whether in a keystore or an uploaded .etk file
    // (whose authentication certificate is imported like any other).
    const isEtkCertificate =
      entry?.role === 'etk' || read.etk?.encryption.sha256Fingerprint === certificate.sha256Fingerprint;
    const skipReason = certificate.isCa ? 'CA_CERTIFICATE' : isEtkCertificate ? 'ETK_CERTIFICATE' : null;
    const forced: ForcedRefusal[] = [];
    if (skipReason === null) {
      const { ehealth } = description;
      if (ehealth === null) {
        if (!options.force) {
          return {
            refusal: {
              code: 'NOT_EHEALTH_CERTIFICATE',
              message:
                `${description.subject} is not an eHealth certificate (its subject names no eHealth identifier). ` +
                'Import it with force=true to keep track of it anyway.',
            },
          };
        }
        forced.push('NOT_EHEALTH_CERTIFICATE');
      } else if (!options.identity.holds(ehealth.identifierType, ehealth.identifierValue)) {
        if (!options.force) {
          const named =
            ehealth.identifierType === 'SSIN'
              ? `SSIN ${maskSsin(ehealth.identifierValue)}`
              : `${ehealth.identifierType}=${ehealth.identifierValue}`;
          return {
            refusal: {
              code: 'IDENTIFIER_MISMATCH',
              message:
                `This certificate is for ${named}, which is neither one of the organisation's identifiers nor the ` +
                'SSIN of one of its people. Add the identifier (or the person) to the organisation, or import it ' +
                'with force=true.',
              details: {
                certificateIdentifier: `${ehealth.identifierType}=${
                  ehealth.identifierType === 'SSIN'
                    ? maskSsin(ehealth.identifierValue)
                    : ehealth.identifierValue
                }`,
                applicationId: ehealth.applicationId,
                organisationIdentifiers: options.identity.identifiers(),
              },
            },
          };
        }
        forced.push('IDENTIFIER_MISMATCH');
      }
    }
    certificates.push({ read: certificate, description, skipReason, forced });
  }
  return { refusal: null, certificates };
}
