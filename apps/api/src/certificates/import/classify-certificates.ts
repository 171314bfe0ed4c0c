import {
  type CertificateDescription,
  DEFAULT_ISSUER_ENVIRONMENTS,
  describeCertificate,
  type IssuerEnvironmentRule,
  maskSsin,
} from '@certdesk/domain';
import type { ReadCertificate, ReadResult } from '@certdesk/pki';
import type { ImportRefusalCode } from './import.dto.js';
import type { OrganisationIdentity } from './organisation-identity.js';

export type ForcedRefusal = Extract<ImportRefusalCode, 'IDENTIFIER_MISMATCH' | 'NOT_EHEALTH_CERTIFICATE'>;

export interface ClassifiedCertificate {
  read: ReadCertificate;
  description: CertificateDescription;
  /** Not an inventory item: a CA certificate, or the ETK certificate of a keystore (an entry only). */
  skipReason: 'CA_CERTIFICATE' | 'ETK_CERTIFICATE' | null;
  /** Refusals `force` overrode. */
  forced: ForcedRefusal[];
}

export type Classification =
  | { refusal: { code: ForcedRefusal; message: string } }
  | { refusal: null; certificates: ClassifiedCertificate[] };

export interface ClassifyOptions {
  now: Date;
  issuerEnvironments: readonly IssuerEnvironmentRule[];
  force: boolean;
  identity: OrganisationIdentity;
}

/**
 * What an import does with each certificate of a file: import it, skip it (CA, ETK), or refuse the whole file (a
 * non-eHealth end-entity certificate, or one naming somebody else, unless forced). The eHealth reading is libs/domain's.
 */
export function classifyCertificates(read: ReadResult, options: ClassifyOptions): Classification {
  const issuerEnvironments = [...options.issuerEnvironments, ...DEFAULT_ISSUER_ENVIRONMENTS];
  const certificates: ClassifiedCertificate[] = [];
  for (const certificate of read.certificates) {
    const description = describeCertificate(certificate, { now: options.now, issuerEnvironments });
    const entry = read.keystore?.entries.find(
      (e) => e.certificateFingerprint === certificate.sha256Fingerprint,
    );
    const skipReason = certificate.isCa ? 'CA_CERTIFICATE' : entry?.role === 'etk' ? 'ETK_CERTIFICATE' : null;
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
