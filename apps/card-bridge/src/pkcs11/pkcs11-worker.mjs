// The thread that owns the PKCS#11 module. Middleware calls can block for as long as a person takes to type
// a PIN in the middleware's own dialog (C_Login on a protected authentication path) or a slow card takes to
// sign; running them here keeps the bridge's HTTP server answering meanwhile. Plain JavaScript so Node loads
// it as it is, from src/ under Jest and from dist/ at run time.
import { parentPort } from 'node:worker_threads';
import pkcs11js from 'pkcs11js';
import { finishSignature, openSigningSession } from './signing-sequence.mjs';

const pkcs11 = new pkcs11js.PKCS11();
const SIGNATURE_BUFFER_BYTES = 1024; // RSA-4096 is 512 bytes; ECDSA P-521 raw is 132

// Buffers cross the thread boundary as plain Uint8Arrays: pkcs11js wants Buffers back.
function revive(value) {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) return value.map(revive);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
  }
  return value;
}

const operations = {
  load: (path) => pkcs11.load(path),
  initialize: () => pkcs11.C_Initialize(),
  finalize: () => pkcs11.C_Finalize(),
  getInfo: () => pkcs11.C_GetInfo(),
  getSlotList: (tokenPresent) => pkcs11.C_GetSlotList(tokenPresent),
  getSlotInfo: (slot) => pkcs11.C_GetSlotInfo(slot),
  getTokenInfo: (slot) => pkcs11.C_GetTokenInfo(slot),
  getMechanismList: (slot) => pkcs11.C_GetMechanismList(slot),
  openSession: (slot, flags) => pkcs11.C_OpenSession(slot, flags),
  closeSession: (session) => pkcs11.C_CloseSession(session),
  login: (session, userType, pin) =>
    pin === undefined ? pkcs11.C_Login(session, userType) : pkcs11.C_Login(session, userType, pin),
  logout: (session) => pkcs11.C_Logout(session),
  findObjects: (session, template) => {
    pkcs11.C_FindObjectsInit(session, template);
    try {
      return pkcs11.C_FindObjects(session, 100);
    } finally {
      pkcs11.C_FindObjectsFinal(session);
    }
  },
  getAttributeValue: (session, object, template) => pkcs11.C_GetAttributeValue(session, object, template),
  sign: (session, mechanism, key, data) => {
    pkcs11.C_SignInit(session, mechanism, key);
    return pkcs11.C_Sign(session, data, Buffer.alloc(SIGNATURE_BUFFER_BYTES));
  },
  // A signature's two steps, each one message instead of one per call (issue 12).
  openSigningSession: (slot, expectedSerialNumber, certificateLabels) =>
    openSigningSession(operations, slot, expectedSerialNumber, certificateLabels),
  finishSignature: (slot, session, request) => finishSignature(operations, slot, session, request),
};

// A step's calls are synchronous (awaited only so the steps also run over asynchronous calls): its answer is posted
// before the thread takes the next message.
parentPort.on('message', async ({ id, operation, args }) => {
  try {
    const run = operations[operation];
    if (!run) throw new Error(`unknown PKCS#11 operation ${operation}`);
    const result = await run(...revive(args));
    parentPort.postMessage({ id, ok: true, result: result === undefined ? null : result });
  } catch (error) {
    parentPort.postMessage({
      id,
      ok: false,
      error: {
        name: error && error.name,
        message: String((error && error.message) || error),
        code: (error && error.code) || 0,
        method: (error && error.method) || operation,
      },
    });
  }
});
