import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { DigestSignatureAlgorithm } from '@certdesk/contracts';
import { maskSsin } from '@certdesk/domain';
import type { PersonEntity } from '@certdesk/persistence';
import { verifySignedDigest } from '@certdesk/pki';
import { UnprocessableError } from '../../common/errors.js';
import { EidCertificateChecks } from '../../eid/eid-certificate-checks.js';
import type { EidDigestSignatureBodyDto } from '../../eid/eid.dto.js';
import { handoverDigest } from '../handover-document.js';

export interface VerifiedHandoverSignature {
  digest: Buffer;
  signature: Buffer;
  signatureSha256: string;
  certificateDer: Buffer;
  certificateSha256: string;
}

/** What each key type signs with (libs/contracts EidDigestSignatureDto). */
const SIGNATURE_ALGORITHM_FOR_KEY: Record<string, DigestSignatureAlgorithm> = {
  RSA: 'RSASSA-PKCS1-v1_5',
  EC: 'ECDSA',
};

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Verifies one eID signature over a handover document: against the digest of the STORED document (never the digest
 * the client echoes), the Signature certificate's chain, key usage and validity (EidCertificateChecks), and that the
 * card's holder is the designated signer (SSIN). Throws 422 with a code naming the first rule broken.
 */
@Injectable()
export class HandoverSignatureCheck {
  constructor(private readonly certificates: EidCertificateChecks) {}

  async verify(
    documentJson: string,
    input: EidDigestSignatureBodyDto,
    signer: PersonEntity,
    now: Date,
  ): Promise<VerifiedHandoverSignature> {
    const digest = handoverDigest(documentJson, input.digestAlgorithm);
    const claimed = Buffer.from(input.digest, 'base64');
    if (claimed.length !== digest.length || !timingSafeEqual(claimed, digest)) {
      throw new UnprocessableError(
        'HANDOVER_DOCUMENT_MISMATCH',
        `This signature is over another document than this handover's (its ${input.digestAlgorithm} digest differs): sign the document as the api shows it.`,
      );
    }
    const certificateDer = Buffer.from(input.certificate, 'base64');
    const checked = await this.certificates.check(certificateDer, 'signature', now);
    if (!checked.ok) throw new UnprocessableError(checked.reason, checked.message);
    const { certificate, ssin } = checked.value;
    const signature = Buffer.from(input.signature, 'base64');
    const keyFamily = certificate.keyAlgorithm.split('-')[0] ?? '';
    const valid =
      SIGNATURE_ALGORITHM_FOR_KEY[keyFamily] === input.signatureAlgorithm &&
      (await verifySignedDigest({
        certificateDer,
        digest,
        hashAlgorithm: input.digestAlgorithm,
        signature,
      }));
    if (!valid) {
      throw new UnprocessableError(
        'EID_SIGNATURE_INVALID',
        "The signature does not verify with this certificate over this handover's document.",
      );
    }
    if (ssin !== signer.ssin) {
      throw new UnprocessableError(
        'HANDOVER_WRONG_SIGNER',
        `This was signed with the eID of the holder of SSIN ${maskSsin(ssin)}, not ${signer.name}'s, who must sign here.`,
      );
    }
    return {
      digest,
      signature,
      signatureSha256: sha256Hex(signature),
      certificateDer,
      certificateSha256: sha256Hex(certificateDer),
    };
  }
}
