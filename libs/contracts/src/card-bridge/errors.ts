// The card-bridge's error codes: stable strings the dashboard and the api branch on, each with the HTTP
// status the bridge answers it with.

export const CARD_BRIDGE_ERRORS = {
  // The card and its middleware
  /** The PKCS#11 module (the eID middleware) is not installed where the bridge looks, or cannot be loaded. */
  MIDDLEWARE_UNAVAILABLE: 503,
  /** The middleware reports no card reader. */
  NO_READER: 409,
  /** There is a reader but no (readable) eID card in it. */
  NO_CARD: 409,
  /** The card was taken out while the bridge was using it. */
  CARD_REMOVED: 409,
  /** The card has no key or certificate the operation needs, or one of an algorithm the bridge cannot use. */
  CARD_UNSUPPORTED: 409,
  /** The PIN is blocked (too many wrong tries): it must be unblocked with the PUK at the commune. */
  PIN_BLOCKED: 409,
  /** The user cancelled the PIN entry (or did not answer in time). */
  PIN_CANCELLED: 409,
  /** The PIN was wrong; `details.pinTries` says whether few or one are left, when the card tells. */
  PIN_INCORRECT: 409,
  /** The card needs a PIN and the bridge has no way to ask the local user (no terminal, no PIN program). */
  PIN_ENTRY_UNAVAILABLE: 503,
  /** Too many card operations are already waiting. */
  CARD_BUSY: 503,
  /** Any other failure reported by the card or the middleware. */
  CARD_ERROR: 502,

  // Who may talk to the bridge
  /** The Host header does not name the loopback address and the bridge's port (DNS rebinding). */
  HOST_NOT_ALLOWED: 403,
  /** The Origin header is missing or not on the bridge's allow-list. */
  ORIGIN_NOT_ALLOWED: 403,
  /** The request carries no valid pairing token (missing, unknown, expired, or from another origin). */
  PAIRING_REQUIRED: 401,
  /** The pairing code is wrong. */
  PAIRING_CODE_INVALID: 401,
  /** No pairing code is live: it expired, was used, or too many wrong tries burnt it. Ask for a new one. */
  PAIRING_CODE_EXPIRED: 410,
  /** Too many pairing codes were asked for recently. */
  PAIRING_RATE_LIMITED: 429,

  // The request itself
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  REQUEST_TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,

  // Keystores on this PC
  /** No such keystore in the keystore folder. */
  KEYSTORE_NOT_FOUND: 404,
  /** The keystore password is wrong. */
  KEYSTORE_WRONG_PASSWORD: 422,
  /** The file is not a readable PKCS#12 keystore (damaged, truncated). */
  KEYSTORE_CORRUPT: 422,
  /** The file is a keystore of a kind the bridge cannot read (e.g. a Java JKS). */
  KEYSTORE_UNSUPPORTED: 422,
  /** The person at the PC cancelled the keystore password entry (or did not answer in time): nothing was tried. */
  KEYSTORE_PASSWORD_CANCELLED: 409,
  /** The bridge has no way to ask the person at the PC for the keystore password (no terminal, no password program). */
  KEYSTORE_PASSWORD_ENTRY_UNAVAILABLE: 503,
  /** The bridge was started without an api URL, so it cannot report to the api. */
  API_NOT_CONFIGURED: 503,
  /** The api refused the report or could not be reached. */
  API_REPORT_FAILED: 502,

  INTERNAL_ERROR: 500,
} as const;

export type CardBridgeErrorCode = keyof typeof CARD_BRIDGE_ERRORS;

/** What the card says about the PIN's remaining tries (PKCS#11 token flags). */
export type PinTries = 'unknown' | 'few-left' | 'last-try';

/** The body of every error answer. */
export interface CardBridgeErrorDto {
  error: {
    code: CardBridgeErrorCode;
    /** A sentence for the person in front of the PC. */
    message: string;
    details?: { pinTries?: PinTries; field?: string };
  };
}
