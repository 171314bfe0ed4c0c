// A signature's PKCS#11 calls, in two steps around the PIN entry: the bridge's PKCS#11 thread runs each step as one
// message (pkcs11-worker.mjs), where a message per call cost 12 thread round trips per signature (issue 12); a
// module without a thread of its own (the unit tests' fake) runs the same steps call by call (eid-card.ts).
// `calls` is the Pkcs11Api's calls, synchronous (pkcs11js in the thread) or asynchronous (the fake): each is awaited.
// Plain JavaScript so Node loads it as it is in the thread, from src/ under Jest and from dist/ at run time.
import pkcs11js from 'pkcs11js';

const {
  CKA_CLASS,
  CKA_LABEL,
  CKA_VALUE,
  CKF_SERIAL_SESSION,
  CKF_TOKEN_INITIALIZED,
  CKO_CERTIFICATE,
  CKO_PRIVATE_KEY,
  CKU_USER,
} = pkcs11js;

/** A module's refusal, whether pkcs11js threw it (message 'CKR_...') or the bridge's Pkcs11CallError (same message). */
const isReturnValue = (error, ckr) => error instanceof Error && error.message === ckr;

/**
 * Step 1, before the PIN: when `expectedSerialNumber` is given, first whether the slot still holds that token
 * (C_GetTokenInfo; `{ tokenInfo: null }` when not: the caller scans the slots), then a session and the certificates
 * labelled `certificateLabels`, read in that session (never remembered from an earlier one), in order, stopping at
 * the first one missing (null). The session stays open for step 2; closed here when a read fails.
 */
export async function openSigningSession(calls, slot, expectedSerialNumber, certificateLabels) {
  let tokenInfo = null;
  if (expectedSerialNumber !== null) {
    tokenInfo = await Promise.resolve()
      .then(() => calls.getTokenInfo(slot))
      .catch(() => null);
    if (
      !tokenInfo ||
      (tokenInfo.flags & CKF_TOKEN_INITIALIZED) === 0 ||
      tokenInfo.serialNumber !== expectedSerialNumber
    )
      return { tokenInfo: null, session: null, certificates: [] };
  }
  const session = await calls.openSession(slot, CKF_SERIAL_SESSION);
  const certificates = [];
  try {
    for (const label of certificateLabels) {
      const [object] = await calls.findObjects(session, [
        { type: CKA_CLASS, value: CKO_CERTIFICATE },
        { type: CKA_LABEL, value: label },
      ]);
      const value = object
        ? (await calls.getAttributeValue(session, object, [{ type: CKA_VALUE }]))[0]?.value
        : null;
      certificates.push(value ?? null);
      if (!value) break;
    }
  } catch (error) {
    await closeQuietly(calls, session);
    throw error;
  }
  return { tokenInfo, session, certificates };
}

/**
 * Step 2, with the PIN just asked (undefined: a pinpad or the middleware asks): log in, find the private key labelled
 * `keyLabel`, sign, log out, close the session, whatever happens. A token still logged in (an earlier log-out failed)
 * is logged out and in again, so that the signature is made with this PIN, never an earlier one. `preferred` is a
 * mechanism the token may hash with itself (RSA, data at hand): used when the slot lists it, else `mechanism`.
 * `{ signature: null }`: the card has no such private key.
 */
export async function finishSignature(calls, slot, session, { pin, keyLabel, mechanism, data, preferred }) {
  try {
    try {
      await calls.login(session, CKU_USER, pin);
    } catch (error) {
      if (!isReturnValue(error, 'CKR_USER_ALREADY_LOGGED_IN')) throw error;
      await calls.logout(session);
      await calls.login(session, CKU_USER, pin);
    }
    try {
      const [key] = await calls.findObjects(session, [
        { type: CKA_CLASS, value: CKO_PRIVATE_KEY },
        { type: CKA_LABEL, value: keyLabel },
      ]);
      if (!key) return { signature: null };
      const chosen =
        preferred && (await calls.getMechanismList(slot)).includes(preferred.mechanism)
          ? preferred
          : { mechanism, data };
      return { signature: await calls.sign(session, { mechanism: chosen.mechanism }, key, chosen.data) };
    } finally {
      await Promise.resolve()
        .then(() => calls.logout(session))
        .catch(() => undefined);
    }
  } finally {
    await closeQuietly(calls, session);
  }
}

/** Closes a session; a failure to close (the card already gone) hides nothing the caller needs. */
export async function closeQuietly(calls, session) {
  await Promise.resolve()
    .then(() => calls.closeSession(session))
    .catch(() => undefined);
}
