// The card-bridge's fixed facts: where it listens, its routes and the headers it speaks. The bridge, the
// dashboard and the api read them from here.

/** The bridge listens on 127.0.0.1 only, on this port unless configured otherwise (below Linux's ephemeral range). */
export const CARD_BRIDGE_DEFAULT_PORT = 27431;

/** The only address the bridge binds to. */
export const CARD_BRIDGE_HOST = '127.0.0.1';

/** Every route the bridge answers, all under /v1. */
export const CARD_BRIDGE_ROUTES = {
  /** POST: asks the bridge to show a new one-time pairing code on its own terminal. No token needed. */
  pairingCode: '/v1/pairing-code',
  /** POST PairRequestDto -> PairResponseDto. No token needed. */
  pair: '/v1/pair',
  /** GET -> CardBridgeStatusDto */
  status: '/v1/status',
  /** GET -> CardInfoDto */
  card: '/v1/card',
  /** POST AuthenticateRequestDto -> EidAuthenticationTokenDto */
  authenticate: '/v1/authenticate',
  /** POST SignDigestRequestDto -> EidDigestSignatureDto */
  sign: '/v1/sign',
  /** GET -> KeystoreListDto */
  keystores: '/v1/keystores',
  /** POST KeystoreInspectRequestDto -> KeystoreInspectionDto */
  inspectKeystore: '/v1/keystores/inspect',
  /** POST KeystoreReportRequestDto -> KeystoreReportResultDto (the bridge POSTs a KeystoreReportDto to the api). */
  reportKeystore: '/v1/keystores/report',
  /** POST KeystoreCheckRequestDto -> KeystoreCheckResultDto (the password is typed on the PC, never sent). */
  checkKeystore: '/v1/keystores/check',
  /** POST CardCheckRequestDto -> CardCheckDto */
  checkCard: '/v1/card/check',
} as const;

/** The api route that receives a KeystoreReportDto (relative to the api's base URL), with the user's api token. */
export const API_KEYSTORE_REPORT_PATH = '/api/v1/keystores/report';

/** Every request except the pairing ones carries `Authorization: Bearer <token>` with the token from pairing. */
export const CARD_BRIDGE_AUTHORIZATION_SCHEME = 'Bearer';

/** Largest request body the bridge reads, in bytes. */
export const CARD_BRIDGE_MAX_BODY_BYTES = 64 * 1024;

/**
 * The Web eID token format the `authenticate` answer follows: the card signs
 * hash(hash(origin) || hash(nonce)), hash being SHA-256 for RS256 and SHA-384 for ES384.
 */
export const EID_AUTHENTICATION_TOKEN_FORMAT = 'web-eid:1.0';

/** The format of a `sign` answer: a signature over a digest the api computed. */
export const EID_DIGEST_SIGNATURE_FORMAT = 'certdesk-digest-signature:1';

/** The shortest nonce accepted for `authenticate`, in bytes once base64-decoded (256 bits). */
export const EID_AUTHENTICATION_MIN_NONCE_BYTES = 32;

/** The labels of the eID card's PKCS#11 objects. */
export const EID_OBJECT_LABELS = {
  authentication: 'Authentication',
  signature: 'Signature',
  ca: 'CA',
  root: 'Root',
} as const;
