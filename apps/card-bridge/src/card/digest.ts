// The digests the card signs, and the DigestInfo an RSA key signs them in (PKCS#1 v1.5, RFC 8017 9.2).
import { createHash } from 'node:crypto';
import type { DigestAlgorithm } from '@certdesk/contracts';

const DIGEST_INFO_PREFIX: Record<DigestAlgorithm, Buffer> = {
  'SHA-256': Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  'SHA-384': Buffer.from('3041300d060960864801650304020205000430', 'hex'),
};

export const DIGEST_LENGTH: Record<DigestAlgorithm, number> = { 'SHA-256': 32, 'SHA-384': 48 };

const NODE_HASH: Record<DigestAlgorithm, string> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384' };

export function digestOf(algorithm: DigestAlgorithm, ...parts: Uint8Array[]): Buffer {
  const hash = createHash(NODE_HASH[algorithm]);
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** DigestInfo ::= SEQUENCE { AlgorithmIdentifier, OCTET STRING digest }, DER. */
export function digestInfo(algorithm: DigestAlgorithm, digest: Uint8Array): Buffer {
  return Buffer.concat([DIGEST_INFO_PREFIX[algorithm], digest]);
}
