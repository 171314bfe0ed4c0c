import { Injectable } from '@nestjs/common';
import { eidSubjectSsin, type EidSubjectSsinProblem, fail, ok, type Result } from '@certdesk/domain';
import { type ReadCertificate, parseCertificate, verifyCertificateChain } from '@certdesk/pki';
import { EidTrustStore } from './eid-trust-store.js';

/** Which eID key made the signature: the Authentication key logs in, the Signature key signs documents. */
export type EidKeyPurpose = 'authentication' | 'signature';

/** Why an eID certificate is refused; each is also the error code the api answers with. */
export type EidCertificateRefusal =
  | 'EID_NOT_CONFIGURED'
  | 'EID_CERTIFICATE_UNREADABLE'
  | 'EID_WRONG_KEY_USAGE'
  | 'EID_CERTIFICATE_EXPIRED'
  | 'EID_CHAIN_UNTRUSTED'
  | EidSubjectSsinProblem;

export interface CheckedEidCertificate {
  certificate: ReadCertificate;
  /** The holder's SSIN: the subject's one serialNumber (libs/domain eidSubjectSsin). */
  ssin: string;
}

const KEY_USAGE: Record<EidKeyPurpose, { required: string; forbidden: string | null; certificate: string }> =
  {
    // The Authentication certificate: digitalSignature only; a Signature certificate must not log in.
    authentication: {
      required: 'digitalSignature',
      forbidden: 'nonRepudiation',
      certificate: 'Authentication',
    },
    // The Signature certificate (qualified signatures): nonRepudiation.
    signature: { required: 'nonRepudiation', forbidden: null, certificate: 'Signature' },
  };

/**
 * What must hold of the certificate behind an eID signature, whatever was signed: it reads, it is the card's
 * certificate for this purpose (key usage), it is valid now, it chains to the configured trust anchors, and its
 * subject names exactly one SSIN (two serialNumbers, or one in a multi-valued RDN, are refused, never read one way).
 * The signature itself is checked by the caller, who knows what was signed.
 */
@Injectable()
export class EidCertificateChecks {
  constructor(private readonly trustStore: EidTrustStore) {}

  async check(
    der: Uint8Array,
    purpose: EidKeyPurpose,
    now: Date,
  ): Promise<Result<CheckedEidCertificate, EidCertificateRefusal>> {
    const trust = this.trustStore.get();
    if (!trust) {
      return fail(
        'EID_NOT_CONFIGURED',
        'eID is not set up on this Certdesk (EID_TRUST_ANCHORS is not configured).',
      );
    }
    let certificate: ReadCertificate;
    try {
      certificate = parseCertificate(der);
    } catch {
      return fail(
        'EID_CERTIFICATE_UNREADABLE',
        'The eID certificate cannot be read: it is damaged or not a certificate.',
      );
    }
    const usage = KEY_USAGE[purpose];
    if (
      !certificate.keyUsages.includes(usage.required) ||
      (usage.forbidden !== null && certificate.keyUsages.includes(usage.forbidden))
    ) {
      return fail(
        'EID_WRONG_KEY_USAGE',
        `This must be signed with the eID's ${usage.certificate} key (key usage ${usage.required}); the certificate given allows ${certificate.keyUsages.join(', ') || 'nothing'}.`,
      );
    }
    if (now < certificate.notBefore || now > certificate.notAfter) {
      return fail(
        'EID_CERTIFICATE_EXPIRED',
        now > certificate.notAfter
          ? `The eID certificate expired on ${certificate.notAfter.toISOString()}.`
          : `The eID certificate is not valid before ${certificate.notBefore.toISOString()}.`,
      );
    }
    const chain = await verifyCertificateChain({
      leafDer: der,
      intermediatesDer: trust.intermediates,
      trustAnchorsDer: trust.anchors,
      at: now,
    });
    if (!chain.ok) {
      return fail(
        'EID_CHAIN_UNTRUSTED',
        `The eID certificate is not issued under a trusted eID root: ${chain.reason}.`,
      );
    }
    const holder = eidSubjectSsin(certificate.subject);
    if (!holder.ok) return holder;
    return ok({ certificate, ssin: holder.value.normalized });
  }
}
