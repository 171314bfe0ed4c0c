// What the card-bridge says about the eID card and what it signs. Binary values are base64 (standard
// alphabet, padded) unless a field says hex.

import type { CertificateDescription } from '@certdesk/domain';
import type { PinTries } from './errors.js';

/** A reader (a PKCS#11 slot) as the middleware lists it. */
export interface CardReaderDto {
  /** The slot id, hex, as the middleware numbers it (stable while the reader stays plugged in). */
  slotId: string;
  description: string;
  manufacturer: string;
  /** Whether a card (a token) is in the reader. */
  cardPresent: boolean;
}

export type CardObjectLabel = 'Authentication' | 'Signature' | 'CA' | 'Root';

/** A certificate on the card, described by libs/domain (subject, issuer, validity, key algorithm, status). */
export interface CardCertificateDto extends CertificateDescription {
  label: CardObjectLabel;
  /** The certificate, DER, base64. */
  der: string;
}

/** The card holder, from the Authentication certificate's subject. */
export interface CardHolderDto {
  givenName: string;
  surname: string;
  /** The subject's common name without the " (Authentication)" suffix. */
  name: string;
  /** The SSIN (national register number), from the subject's serialNumber. */
  ssin: string;
}

export interface CardDto {
  /** The slot of the reader holding the card. */
  slotId: string;
  tokenLabel: string;
  tokenSerialNumber: string;
  /**
   * True when the middleware or a pinpad asks for the PIN itself (PKCS#11 protected authentication path);
   * false when the bridge asks the local user (terminal or PIN program).
   */
  protectedAuthenticationPath: boolean;
  pinTries: PinTries;
  holder: CardHolderDto;
  certificates: {
    authentication: CardCertificateDto;
    signature: CardCertificateDto | null;
    ca: CardCertificateDto | null;
    root: CardCertificateDto | null;
  };
}

/** GET /v1/card */
export interface CardInfoDto {
  readers: CardReaderDto[];
  /** The eID card found in one of the readers; null when none holds one. */
  card: CardDto | null;
}

/**
 * POST /v1/authenticate: sign a log-in challenge with the Authentication key (Web eID style). The origin
 * bound into the signature is the request's own (validated) Origin header, never a body field.
 */
export interface AuthenticateRequestDto {
  /** The api's challenge nonce, as the api issued it (base64 of at least 32 random bytes). */
  nonce: string;
}

export type EidAuthenticationAlgorithm = 'RS256' | 'ES256' | 'ES384';

/**
 * The answer to `authenticate`, in the Web eID token format. To verify it the api rebuilds
 * `signedData = H(origin) || H(nonce)` from its own origin and nonce (H = SHA-256 for RS256 and ES256,
 * SHA-384 for ES384, each over the UTF-8 string), then checks `signature` over `signedData` with the
 * certificate's public key: RSASSA-PKCS1-v1_5 with H for RS256, ECDSA with H for ES* (the signature is raw
 * r||s, IEEE P1363, as in JWS). Then the chain, key usage, validity and the nonce's age.
 */
export interface EidAuthenticationTokenDto {
  format: 'web-eid:1.0';
  /** The Authentication certificate, DER, base64. Unverified: the api checks its chain. */
  unverifiedCertificate: string;
  algorithm: EidAuthenticationAlgorithm;
  /** base64 */
  signature: string;
  appVersion: string;
}

export type DigestAlgorithm = 'SHA-256' | 'SHA-384';

/** POST /v1/sign: sign a document digest (computed by the api) with the Signature key. */
export interface SignDigestRequestDto {
  digestAlgorithm: DigestAlgorithm;
  /** The digest, base64 (32 bytes for SHA-256, 48 for SHA-384). */
  digest: string;
  /** What is signed, for the person holding the card and the local signature log, e.g. "Handover 2026-11-23 …". */
  description: string;
}

export type DigestSignatureAlgorithm = 'RSASSA-PKCS1-v1_5' | 'ECDSA';

/**
 * The answer to `sign`. To verify it the api needs only `certificate` and `signature` besides its own
 * digest: RSASSA-PKCS1-v1_5 over DigestInfo(digestAlgorithm, digest), or ECDSA over the digest with the
 * signature as raw r||s (IEEE P1363). The echoed digest lets the api refuse an answer to another request.
 */
export interface EidDigestSignatureDto {
  format: 'certdesk-digest-signature:1';
  /** The Signature certificate, DER, base64. */
  certificate: string;
  digestAlgorithm: DigestAlgorithm;
  /** The digest that was signed, base64. */
  digest: string;
  signatureAlgorithm: DigestSignatureAlgorithm;
  /** base64; for ECDSA raw r||s. */
  signature: string;
}

/** POST /v1/pair: exchange the one-time code shown on the bridge's terminal for a token. */
export interface PairRequestDto {
  code: string;
}

export interface PairResponseDto {
  /** Send as `Authorization: Bearer <token>` on every other request, from the same origin. */
  token: string;
  expiresAt: string;
}

/** POST /v1/pairing-code: the bridge shows a new code on its terminal; the code itself is never returned. */
export interface PairingCodeIssuedDto {
  expiresAt: string;
}

/** GET /v1/status */
export interface CardBridgeStatusDto {
  service: 'certdesk-card-bridge';
  version: string;
  /** The PKCS#11 module the bridge uses, and whether it exists on this PC. */
  middleware: { modulePath: string; found: boolean };
  keystoreFolder: string;
  /** Whether the bridge can report keystores to an api. */
  apiConfigured: boolean;
}
