// The types of signing-sequence.mjs (plain JavaScript, run as it is in the PKCS#11 thread).
import type { Handle, OpenedSigningSession, Pkcs11Api, SignatureRequest } from './pkcs11-api.js';

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
