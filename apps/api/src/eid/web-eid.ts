import { createHash } from 'node:crypto';
import type { EidAuthenticationAlgorithm } from '@certdesk/contracts';

const HASH: Record<EidAuthenticationAlgorithm, 'sha256' | 'sha384'> = {
  RS256: 'sha256',
  ES256: 'sha256',
  ES384: 'sha384',
};

/**
 * What the card signed for a Web eID log-in, rebuilt from the api's own origin and the nonce it issued:
 * `H(origin) || H(nonce)` over their UTF-8 bytes (libs/contracts EidAuthenticationTokenDto). The signature is over
 * this with the same H, so a token made for another site, or another challenge, does not verify.
 */
export function webEidSignedData(
  origin: string,
  nonce: string,
  algorithm: EidAuthenticationAlgorithm,
): Buffer {
  const hash = (text: string) => createHash(HASH[algorithm]).update(text, 'utf8').digest();
  return Buffer.concat([hash(origin), hash(nonce)]);
}
