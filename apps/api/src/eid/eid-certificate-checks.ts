import { Injectable } from '@nestjs/common';
import { fail, ok, parseSsin, type Result } from '@certdesk/domain';
import {
  type ReadCertificate,
  parseCertificate,
  subjectSerialNumber,
  verifyCertificateChain,
} from '@certdesk/pki';
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
  | 'EID_NO_SSIN';

export interface CheckedEidCertificate {
  certificate: ReadCertificate;
  /** The holder's SSIN (the subject's serialNumber), normalised by libs/domain. */
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
 * subject carries an SSIN. The signature itself is checked by the caller, who knows what was signed.
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
    const serialNumber = subjectSerialNumber(certificate);
    const ssin = serialNumber === null ? null : parseSsin(serialNumber);
    if (!ssin?.ok)
      return fail('EID_NO_SSIN', 'The eID certificate names no national register number (SSIN).');
    return ok({ certificate, ssin: ssin.value.normalized });
  }
}
