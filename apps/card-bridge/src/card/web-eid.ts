// The Web eID authentication token (DOMAIN.md): the Authentication key signs
// hash(hash(origin) || hash(nonce)), so a signature made for one site cannot be replayed on another.
import type { DigestAlgorithm, EidAuthenticationAlgorithm } from '@certdesk/contracts';
import { CardBridgeError } from '../errors.js';
import { digestOf } from './digest.js';
import type { SignInput } from './eid-card.js';

/** RS256 for RSA keys; ES384 for P-384 (today's cards), ES256 for P-256. */
export function authenticationAlgorithmFor(keyAlgorithm: string): {
  algorithm: EidAuthenticationAlgorithm;
  digestAlgorithm: DigestAlgorithm;
} {
  if (keyAlgorithm.startsWith('RSA')) return { algorithm: 'RS256', digestAlgorithm: 'SHA-256' };
  if (keyAlgorithm === 'EC-P384') return { algorithm: 'ES384', digestAlgorithm: 'SHA-384' };
  if (keyAlgorithm === 'EC-P256') return { algorithm: 'ES256', digestAlgorithm: 'SHA-256' };
  throw new CardBridgeError(
    'CARD_UNSUPPORTED',
    `The card's Authentication key (${keyAlgorithm}) cannot make a Web eID token.`,
  );
}

/** What the card signs for `origin` and `nonce`: signedData = H(origin) || H(nonce), and its digest H(signedData). */
export function authenticationSignInput(
  origin: string,
  nonce: string,
  digestAlgorithm: DigestAlgorithm,
): SignInput {
  const data = Buffer.concat([
    digestOf(digestAlgorithm, Buffer.from(origin, 'utf8')),
    digestOf(digestAlgorithm, Buffer.from(nonce, 'utf8')),
  ]);
  return { digestAlgorithm, data, digest: digestOf(digestAlgorithm, data) };
}
