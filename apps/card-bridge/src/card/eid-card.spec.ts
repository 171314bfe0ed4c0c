// The card's error mapping and PIN paths that SoftHSM2 cannot show (no reader, a pinpad, a middleware that
// cancels or reports removal by its return value), against a fake PKCS#11 module.
import { beforeAll, describe, expect, it } from '@jest/globals';
import pkcs11js from 'pkcs11js';
import type { TestCertificate } from '@certdesk/pki/testing';
import { CardBridgeError } from '../errors.js';
import {
  type Attribute,
  type Handle,
  type Pkcs11Api,
  Pkcs11CallError,
  type SlotInfo,
  type TokenInfo,
} from '../pkcs11/pkcs11-api.js';
import { EidCard } from './eid-card.js';
import type { PinEntry } from './pin-entry.js';

const SLOT = Buffer.from([1]);
const KEY = Buffer.from([9]);
const OBJECTS: Record<string, Buffer> = {};

interface FakeBehaviour {
  slots?: Handle[];
  tokenFlags?: number;
  login?: (pin?: string) => void;
  sign?: () => Buffer;
  /** Whether the token is still there when the card asks after a failure. */
  presentAfterFailure?: boolean;
  /** The token's serial number (another card in the reader when it changes), and its objects. */
  serialNumber?: string;
  objects?: Record<string, Buffer>;
  /** The card has been taken out of the reader (which stays connected). */
  cardOut?: boolean;
  /** The private keys' CKA_KEY_TYPE as the module gives it (a CK_ULONG); null: the keys are hidden without the PIN. */
  keyType?: Buffer | null;
  /** Told of every certificate read from the card, and of every C_Logout. */
  onRead?: (label: string) => void;
  onLogout?: () => void;
}

function fakeModule(behaviour: FakeBehaviour, calls: string[]): Pkcs11Api {
  let failed = false;
  const labelOf = (template: Attribute[]) =>
    String(template.find((a) => a.type === pkcs11js.CKA_LABEL)?.value);
  const classOf = (template: Attribute[]) => template.find((a) => a.type === pkcs11js.CKA_CLASS)?.value;
  return {
    open: async () => undefined,
    close: async () => undefined,
    getInfo: async () => ({
      manufacturerID: 'Fake',
      libraryDescription: 'Fake eID',
      flags: 0,
      cryptokiVersion: { major: 2, minor: 20 },
      libraryVersion: { major: 5, minor: 1 },
    }),
    getSlotList: async () => behaviour.slots ?? [SLOT],
    getSlotInfo: async () => {
      if (behaviour.cardOut)
        return { slotDescription: 'Reader 0', manufacturerID: 'Fake', flags: 0 } as SlotInfo;
      if (failed && behaviour.presentAfterFailure === false) return { flags: 0 } as SlotInfo;
      return { slotDescription: 'Reader 0', manufacturerID: 'Fake', flags: 1 } as SlotInfo;
    },
    getTokenInfo: async () => {
      if (behaviour.cardOut)
        throw new Pkcs11CallError('CKR_TOKEN_NOT_PRESENT', 'CKR_TOKEN_NOT_PRESENT', 'C_GetTokenInfo');
      return {
        label: 'BELPIC',
        serialNumber: behaviour.serialNumber ?? '0123',
        flags: pkcs11js.CKF_TOKEN_INITIALIZED | (behaviour.tokenFlags ?? 0),
      } as TokenInfo;
    },
    getMechanismList: async () => [pkcs11js.CKM_ECDSA],
    openSession: async () => Buffer.from([7]),
    closeSession: async () => undefined,
    login: async (_session, _user, pin) => {
      calls.push(pin === undefined ? 'login without PIN' : 'login with PIN');
      behaviour.login?.(pin);
    },
    logout: async () => {
      behaviour.onLogout?.();
    },
    findObjects: async (_session, template) => {
      if (classOf(template) === pkcs11js.CKO_PRIVATE_KEY) return behaviour.keyType === null ? [] : [KEY];
      const label = labelOf(template);
      return (behaviour.objects ?? OBJECTS)[label] ? [Buffer.from(label)] : [];
    },
    getAttributeValue: async (_session, object, template) => {
      if (template[0]?.type === pkcs11js.CKA_KEY_TYPE)
        return behaviour.keyType ? [{ type: pkcs11js.CKA_KEY_TYPE, value: behaviour.keyType }] : [];
      behaviour.onRead?.(object.toString());
      return [{ type: pkcs11js.CKA_VALUE, value: (behaviour.objects ?? OBJECTS)[object.toString()]! }];
    },
    sign: async () => {
      calls.push('sign');
      try {
        return behaviour.sign ? behaviour.sign() : Buffer.alloc(96, 1);
      } catch (error) {
        failed = true;
        throw error;
      }
    },
  };
}

const askedPins: string[] = [];
const pinEntry: PinEntry = {
  askPin: async ({ keyLabel }) => {
    askedPins.push(keyLabel);
    return '1234';
  },
};

const ckr = (name: string) => () => {
  throw new Pkcs11CallError(name, name, 'C_Sign');
};

async function failureOf(promise: Promise<unknown>): Promise<CardBridgeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CardBridgeError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('EidCard against a fake PKCS#11 module', () => {
  let signature: TestCertificate;
  let otherCard: Record<string, Buffer>;

  beforeAll(async () => {
    // Loaded lazily, as the bridge loads libs/pki (src/pki.ts).
    const pki = await (await import('@certdesk/pki/testing')).createTestPki();
    const certificates = await pki.issueCitizenCertificates({
      ssin: '01050399864',
      givenName: 'An',
      surname: 'Smet',
      keyAlgorithm: 'EC-P384',
    });
    signature = certificates.signature;
    OBJECTS.Authentication = Buffer.from(certificates.authentication.der);
    OBJECTS.Signature = Buffer.from(signature.der);
    const other = await pki.issueCitizenCertificates({
      ssin: '85073003328',
      givenName: 'Jan',
      surname: 'Peeters',
      keyAlgorithm: 'EC-P384',
    });
    otherCard = {
      Authentication: Buffer.from(other.authentication.der),
      Signature: Buffer.from(other.signature.der),
    };
  });

  const card = (behaviour: FakeBehaviour, calls: string[] = []) =>
    new EidCard(fakeModule(behaviour, calls), process.execPath /* any existing file */, pinEntry);
  const signDigest = (eid: EidCard) =>
    eid.sign('Signature', () => ({ digestAlgorithm: 'SHA-384', digest: Buffer.alloc(48) }), 'test');

  it('signs with a pinpad or middleware dialog (protected authentication path) without ever asking for the PIN', async () => {
    const calls: string[] = [];
    askedPins.length = 0;
    const signed = await signDigest(card({ tokenFlags: pkcs11js.CKF_PROTECTED_AUTHENTICATION_PATH }, calls));
    expect(calls).toEqual(['login without PIN', 'sign']);
    expect(askedPins).toEqual([]);
    expect(signed.certificateDer.equals(Buffer.from(signature.der))).toBe(true);
    expect(signed.holder.ssin).toBe('01050399864');
  });

  it('asks the local user for the PIN when the token has no protected path', async () => {
    const calls: string[] = [];
    askedPins.length = 0;
    await signDigest(card({}, calls));
    expect(calls).toEqual(['login with PIN', 'sign']);
    expect(askedPins).toEqual(['Signature']);
  });

  // The bridge remembers where the last card was, never what it held: a signature is only ever attributed to the
  // certificates read in the session that made it.
  it('signs as the card in the reader when another card with the same serial number replaced it', async () => {
    const reads: string[] = [];
    const behaviour: FakeBehaviour = { onRead: (label) => reads.push(label) };
    const eid = card(behaviour);
    expect((await signDigest(eid)).holder.ssin).toBe('01050399864');
    behaviour.objects = otherCard; // same serial number '0123'
    const signed = await signDigest(eid);
    expect(signed.holder.ssin).toBe('85073003328');
    expect(signed.certificateDer.equals(otherCard.Signature!)).toBe(true);
    expect(reads).toEqual(['Authentication', 'Signature', 'Authentication', 'Signature']);
  });

  it('asks for the PIN at every signature of the same card', async () => {
    const calls: string[] = [];
    askedPins.length = 0;
    const eid = card({}, calls);
    await signDigest(eid);
    await signDigest(eid);
    expect(askedPins).toEqual(['Signature', 'Signature']);
    expect(calls).toEqual(['login with PIN', 'sign', 'login with PIN', 'sign']);
  });

  it('logs out and in again with the PIN just asked when the token is still logged in', async () => {
    const calls: string[] = [];
    const pins: (string | undefined)[] = [];
    let loggedIn = true;
    const eid = card(
      {
        login: (pin) => {
          pins.push(pin);
          if (loggedIn)
            throw new Pkcs11CallError('CKR_USER_ALREADY_LOGGED_IN', 'CKR_USER_ALREADY_LOGGED_IN', 'C_Login');
        },
        onLogout: () => {
          loggedIn = false;
          calls.push('logout');
        },
      },
      calls,
    );
    await signDigest(eid);
    expect(calls.slice(0, 4)).toEqual(['login with PIN', 'logout', 'login with PIN', 'sign']);
    expect(pins).toEqual(['1234', '1234']);
  });

  it('reads the certificates of another card put in the reader, and signs with that card', async () => {
    const behaviour: FakeBehaviour = {};
    const eid = card(behaviour);
    expect((await signDigest(eid)).holder.ssin).toBe('01050399864');
    Object.assign(behaviour, { serialNumber: '4567', objects: otherCard });
    const signed = await signDigest(eid);
    expect(signed.holder.ssin).toBe('85073003328');
    expect(signed.certificateDer.equals(otherCard.Signature!)).toBe(true);
  });

  it('answers NO_CARD when the remembered card has been taken out', async () => {
    const behaviour: FakeBehaviour = {};
    const eid = card(behaviour);
    await signDigest(eid);
    behaviour.cardOut = true;
    expect((await failureOf(signDigest(eid))).code).toBe('NO_CARD');
  });

  it.each([
    ['no reader', 'NO_READER', { slots: [] }],
    ['CKR_PIN_LOCKED from C_Login', 'PIN_BLOCKED', { login: ckr('CKR_PIN_LOCKED') }],
    [
      'CKR_FUNCTION_CANCELED from the middleware dialog',
      'PIN_CANCELLED',
      { login: ckr('CKR_FUNCTION_CANCELED') },
    ],
    [
      'CKR_PIN_INCORRECT',
      'PIN_INCORRECT',
      { login: ckr('CKR_PIN_INCORRECT'), tokenFlags: pkcs11js.CKF_USER_PIN_FINAL_TRY },
    ],
    ['CKR_DEVICE_REMOVED during C_Sign', 'CARD_REMOVED', { sign: ckr('CKR_DEVICE_REMOVED') }],
    ['CKR_TOKEN_NOT_PRESENT during C_Sign', 'CARD_REMOVED', { sign: ckr('CKR_TOKEN_NOT_PRESENT') }],
    [
      'an unexplained error after which the card is gone',
      'CARD_REMOVED',
      { sign: ckr('CKR_GENERAL_ERROR'), presentAfterFailure: false },
    ],
    ['an unexplained error with the card still there', 'CARD_ERROR', { sign: ckr('CKR_GENERAL_ERROR') }],
  ] as [string, string, FakeBehaviour][])('%s -> %s', async (_name, code, behaviour) => {
    const failure = await failureOf(signDigest(card(behaviour)));
    expect(failure.code).toBe(code);
    if (code === 'PIN_INCORRECT') expect(failure.details?.pinTries).toBe('last-try');
  });

  const ulong = (value: number) => {
    const bytes = Buffer.alloc(8);
    bytes.writeUInt32LE(value, 0);
    return bytes;
  };

  it("reads for a check without logging in: the module, the readers, the card and its Signature key's type", async () => {
    const calls: string[] = [];
    askedPins.length = 0;
    const reading = await card({ keyType: ulong(pkcs11js.CKK_EC) }, calls).readForCheck();
    expect(reading.moduleInfo).toMatchObject({
      manufacturerID: 'Fake',
      libraryVersion: { major: 5, minor: 1 },
    });
    expect(reading.readers).toEqual([
      { slotId: '01', description: 'Reader 0', manufacturer: 'Fake', cardPresent: true },
    ]);
    expect(reading.card).toMatchObject({ pin: 'unknown', signatureKeyType: 'EC' });
    expect(reading.card!.card.certificates.signature?.der).toBe(
      Buffer.from(signature.der).toString('base64'),
    );
    expect(calls).toEqual([]);
    expect(askedPins).toEqual([]);
    expect((await card({ keyType: ulong(pkcs11js.CKK_RSA) }).readForCheck()).card?.signatureKeyType).toBe(
      'RSA',
    );
  });

  it('a card hiding its key objects without the PIN gives no key type; a blocked PIN is read from the flags', async () => {
    expect((await card({ keyType: null }).readForCheck()).card?.signatureKeyType).toBeNull();
    const blocked = await card({ tokenFlags: pkcs11js.CKF_USER_PIN_LOCKED }).readForCheck();
    expect(blocked.card?.pin).toBe('blocked');
  });

  it('a check with no reader, no card or no module is a reading, not an error', async () => {
    expect(await card({ slots: [] }).readForCheck()).toMatchObject({ readers: [], card: null });
    expect(await card({ cardOut: true }).readForCheck()).toMatchObject({
      readers: [{ cardPresent: false }],
      card: null,
    });
    const missing = new EidCard(fakeModule({}, []), '/nonexistent/beidpkcs11.dll', pinEntry);
    expect(await missing.readForCheck()).toEqual({ moduleInfo: null, readers: [], card: null });
  });

  it('a missing module is MIDDLEWARE_UNAVAILABLE', async () => {
    const eid = new EidCard(fakeModule({}, []), '/nonexistent/beidpkcs11.dll', pinEntry);
    expect((await failureOf(eid.readCardInfo())).code).toBe('MIDDLEWARE_UNAVAILABLE');
  });
});
