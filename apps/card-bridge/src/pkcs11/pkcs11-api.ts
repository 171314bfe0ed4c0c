// The PKCS#11 calls the bridge makes, as an asynchronous interface: the real one runs pkcs11js in a worker
// thread (pkcs11-thread.ts); pure unit tests use a fake.
import type { Attribute, AttributeResult, Mechanism, ModuleInfo, SlotInfo, TokenInfo } from 'pkcs11js';

export type { Attribute, AttributeResult, Mechanism, ModuleInfo, SlotInfo, TokenInfo };
export type Handle = Buffer;

/** Step 1 of a signature (signing-sequence.mjs). */
export interface OpenedSigningSession {
  /** Read when an expected serial number was given; null: the slot no longer holds that token (no session). */
  tokenInfo: TokenInfo | null;
  session: Handle | null;
  /** The certificates' values in the order asked, up to the first one missing (null). */
  certificates: (Buffer | null)[];
}

/** What step 2 of a signature (signing-sequence.mjs) signs, and with which PIN. */
export interface SignatureRequest {
  /** Undefined: a pinpad or the middleware asks. */
  pin: string | undefined;
  keyLabel: string;
  mechanism: number;
  data: Buffer;
  /** A mechanism the token may hash with itself, used when the slot lists it. */
  preferred: { mechanism: number; data: Buffer } | null;
}

export interface Pkcs11Api {
  /** Loads the module and initialises it (C_Initialize). */
  open(modulePath: string): Promise<void>;
  /** C_Finalize; the thread ends. */
  close(): Promise<void>;
  /** C_GetInfo: the module's manufacturer, description and version. */
  getInfo(): Promise<ModuleInfo>;
  getSlotList(tokenPresent: boolean): Promise<Handle[]>;
  getSlotInfo(slot: Handle): Promise<SlotInfo>;
  getTokenInfo(slot: Handle): Promise<TokenInfo>;
  getMechanismList(slot: Handle): Promise<number[]>;
  openSession(slot: Handle, flags: number): Promise<Handle>;
  closeSession(session: Handle): Promise<void>;
  /** C_Login; without a PIN for a protected authentication path (the middleware or pinpad asks). */
  login(session: Handle, userType: number, pin?: string): Promise<void>;
  logout(session: Handle): Promise<void>;
  /** C_FindObjectsInit + C_FindObjects + C_FindObjectsFinal. */
  findObjects(session: Handle, template: Attribute[]): Promise<Handle[]>;
  getAttributeValue(session: Handle, object: Handle, template: Attribute[]): Promise<AttributeResult[]>;
  /** C_SignInit + C_Sign. */
  sign(session: Handle, mechanism: Mechanism, key: Handle, data: Buffer): Promise<Buffer>;
  /**
   * A signature's two steps (signing-sequence.mjs), each in one go: a module in a thread of its own runs each as one
   * message. Without them, the card runs the same steps call by call.
   */
  openSigningSession?(
    slot: Handle,
    expectedSerialNumber: string | null,
    certificateLabels: string[],
  ): Promise<OpenedSigningSession>;
  finishSignature?(
    slot: Handle,
    session: Handle,
    request: SignatureRequest,
  ): Promise<{ signature: Buffer | null }>;
}

/** A failed PKCS#11 call: `ckr` is the return value's name (CKR_PIN_INCORRECT), or '' for a non-PKCS#11 failure. */
export class Pkcs11CallError extends Error {
  constructor(
    readonly ckr: string,
    message: string,
    readonly operation: string,
  ) {
    super(message);
    this.name = 'Pkcs11CallError';
  }
}
