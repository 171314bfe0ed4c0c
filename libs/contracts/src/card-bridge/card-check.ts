// "Check my card" before a renewal step or a handover signature: what the eID middleware, the readers and the card
// say, and in plain words what will not work. Read without the PIN; nothing secret.
import type { CardHolderDto, CardObjectLabel, CardReaderDto } from './card.js';

/** POST /v1/card/check */
export interface CardCheckRequestDto {
  /**
   * The day the card must still work until (ISO 8601), e.g. the end of the eHealth certificate's renewal window
   * (its notAfter). Optional: without it only today's validity is checked.
   */
  mustStayValidUntil?: string;
}

/** The PKCS#11 module, as C_GetInfo describes it. Null fields: the module could not be loaded. */
export interface CardCheckMiddlewareDto {
  modulePath: string;
  found: boolean;
  manufacturer: string | null;
  libraryDescription: string | null;
  /** "major.minor", e.g. "5.1" */
  libraryVersion: string | null;
  /** The PKCS#11 version it implements, "major.minor". */
  cryptokiVersion: string | null;
}

export interface CardCheckCertificateDto {
  label: CardObjectLabel;
  /** RFC 4514. */
  subject: string;
  notBefore: string;
  notAfter: string;
  validToday: boolean;
  /** Whether it is still valid on `mustStayValidUntil`; null when the request gave no date. */
  validUntilRequired: boolean | null;
}

export type CardAppletKeyType = 'RSA' | 'EC';

export interface CardCheckCardDto {
  tokenLabel: string;
  tokenSerialNumber: string;
  holder: CardHolderDto;
  /** RSA (cards before 2020) or EC P-384 (cards since 2020); null when the card does not say. */
  appletKeyType: CardAppletKeyType | null;
  /**
   * Where the key type was read: the Signature private key's CKA_KEY_TYPE (when the card shows the key object
   * without the PIN, as the eID does), else the Signature certificate's public key.
   */
  appletKeyTypeSource: 'signature-key' | 'signature-certificate' | null;
  /** Authentication, Signature, CA and Root, those the card holds. */
  certificates: CardCheckCertificateDto[];
}

export type CardCheckSeverity = 'blocking' | 'warning' | 'note';

export type CardCheckProblemCode =
  /** The eID middleware (PKCS#11 module) is not installed or cannot be loaded. */
  | 'MIDDLEWARE_UNAVAILABLE'
  | 'NO_READER'
  | 'NO_CARD'
  /** The card has no `certificate` (Authentication or Signature). */
  | 'CERTIFICATE_MISSING'
  /** `certificate` expired on `date`. */
  | 'CERTIFICATE_EXPIRED'
  /** `certificate` becomes valid only on `date`. */
  | 'CERTIFICATE_NOT_YET_VALID'
  /** `certificate` expires on `date`, before `mustStayValidUntil`. */
  | 'CERTIFICATE_EXPIRES_TOO_SOON'
  | 'PIN_BLOCKED'
  | 'PIN_FEW_TRIES_LEFT'
  | 'PIN_LAST_TRY'
  /** An EC card: which eHealth certificate tool versions accept it is not known to Certdesk. */
  | 'EC_CARD_TOOL_SUPPORT_NOT_KNOWN'
  /** The middleware's version is reported; which version the eHealth tool needs is not known to Certdesk. */
  | 'MIDDLEWARE_VERSION_NOT_CHECKED';

/** One thing that will not (or may not) work, with a plain English sentence; the dashboard words it from the code. */
export interface CardCheckProblemDto {
  code: CardCheckProblemCode;
  severity: CardCheckSeverity;
  /** The certificate concerned (CERTIFICATE_*). */
  certificate?: CardObjectLabel;
  /** The date concerned (ISO 8601): an expiry, a start of validity. */
  date?: string;
  message: string;
}

/** The answer to /v1/card/check. */
export interface CardCheckDto {
  checkedAt: string;
  mustStayValidUntil: string | null;
  middleware: CardCheckMiddlewareDto;
  readers: CardReaderDto[];
  /** Whether an eID card is in one of the readers. */
  tokenPresent: boolean;
  card: CardCheckCardDto | null;
  /** Blocking first, then warnings, then notes. */
  problems: CardCheckProblemDto[];
  /** No blocking problem: signing with this card in the eHealth tool and in Certdesk should work. */
  ready: boolean;
}
