// The types of signing-sequence.mjs (plain JavaScript, run as it is in the PKCS#11 thread).
import type { Handle, Pkcs11Api, TokenInfo } from './pkcs11-api.js';

/** The calls a step makes: the Pkcs11Api's, synchronous in the thread or asynchronous. */
export type SigningCalls = {
  [
    K in
      | 'getTokenInfo'
      | 'openSession'
      | 'closeSession'
      | 'login'
      | 'logout'
      | 'findObjects'
      | 'getAttributeValue'
      | 'getMechanismList'
      | 'sign'
  ]: (...args: Parameters<Pkcs11Api[K]>) => Awaited<ReturnType<Pkcs11Api[K]>> | ReturnType<Pkcs11Api[K]>;
};

export interface OpenedSigningSession {
  /** Read when an expected serial number was given; null: the slot no longer holds that token (no session). */
  tokenInfo: TokenInfo | null;
  session: Handle | null;
  /** The certificates' values in the order asked, up to the first one missing (null). */
  certificates: (Buffer | null)[];
}

export interface SignatureRequest {
  /** Undefined: a pinpad or the middleware asks. */
  pin: string | undefined;
  keyLabel: string;
  mechanism: number;
  data: Buffer;
  /** A mechanism the token may hash with itself, used when the slot lists it. */
  preferred: { mechanism: number; data: Buffer } | null;
}

export function openSigningSession(
  calls: SigningCalls,
  slot: Handle,
  expectedSerialNumber: string | null,
  certificateLabels: string[],
): Promise<OpenedSigningSession>;

export function finishSignature(
  calls: SigningCalls,
  slot: Handle,
  session: Handle,
  request: SignatureRequest,
): Promise<{ signature: Buffer | null }>;

export function closeQuietly(calls: SigningCalls, session: Handle): Promise<void>;
