// Password custody: "check that I can still open this keystore". The bridge opens the keystore on the custodian's PC
// with the password typed there (never over HTTP) and answers only whether it opened, when, and public fingerprints.
// The dashboard posts that answer, unchanged, to the api as a custody attestation.

/**
 * POST /v1/keystores/check. Exactly one of `fileName` (a keystore the bridge lists in its keystore folder) or
 * `path` (an absolute path to a .p12/.pfx file on this PC, e.g. the location Certdesk recorded). No password: the
 * bridge asks the person at the PC for it (its password program or its terminal), and refuses a `password` field.
 */
export type KeystoreCheckRequestDto = { fileName: string } | { path: string };

export type KeystoreCheckOutcome = 'opened' | 'failed';

/** Why a check failed: the password did not open it, the file is not there, or it is not a readable keystore. */
export type KeystoreCheckFailure = 'wrong-password' | 'keystore-not-found' | 'unreadable';

/**
 * The bridge's answer, and the body of `POST /api/v1/certificates/:id/custody-attestations`: nothing else (no key,
 * no password, no file content, no path). A failed attempt is an answer too (HTTP 200): a lost password shows up as
 * `failed` / `wrong-password` months before a renewal needs it.
 */
export interface KeystoreCheckResultDto {
  outcome: KeystoreCheckOutcome;
  /** When the bridge tried to open it (ISO 8601). */
  checkedAt: string;
  /** SHA-256 (lower-case hex) of each certificate in the keystore (DER); empty when it did not open. */
  keystoreCertificateFingerprints: string[];
  /**
   * SHA-256 (lower-case hex) of the SubjectPublicKeyInfo (DER, as OpenSSL encodes it) of the keystore's ETK
   * (encryption) key; the newest one when the keystore holds several (between phases 2 and 3 of a renewal).
   * Null when it did not open or holds no ETK key.
   */
  etkPublicKeyFingerprint: string | null;
  /** Only when `outcome` is `failed`. */
  failure?: KeystoreCheckFailure;
}

/** The api route that records a KeystoreCheckResultDto for a certificate (`:id`), relative to the api's base URL. */
export const API_CUSTODY_ATTESTATIONS_PATH = '/api/v1/certificates/:id/custody-attestations';
