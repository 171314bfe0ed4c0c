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
}

function fakeModule(behaviour: FakeBehaviour, calls: string[]): Pkcs11Api {
  let failed = false;
  const labelOf = (template: Attribute[]) =>
    String(template.find((a) => a.type === pkcs11js.CKA_LABEL)?.value);
  const classOf = (template: Attribute[]) => template.find((a) => a.type === pkcs11js.CKA_CLASS)?.value;
  return {
    open: async () => undefined,
    close: async () => undefined,
    getSlotList: async () => behaviour.slots ?? [SLOT],
    getSlotInfo: async () => {
      if (failed && behaviour.presentAfterFailure === false) return { flags: 0 } as SlotInfo;
      return { slotDescription: 'Reader 0', manufacturerID: 'Fake', flags: 1 } as SlotInfo;
    },
    getTokenInfo: async () =>
      ({
        label: 'BELPIC',
        serialNumber: '0123',
        flags: pkcs11js.CKF_TOKEN_INITIALIZED | (behaviour.tokenFlags ?? 0),
      }) as TokenInfo,
    getMechanismList: async () => [pkcs11js.CKM_ECDSA],
    openSession: async () => Buffer.from([7]),
    closeSession: async () => undefined,
    login: async (_session, _user, pin) => {
      calls.push(pin === undefined ? 'login without PIN' : 'login with PIN');
      behaviour.login?.(pin);
    },
    logout: async () => undefined,
    findObjects: async (_session, template) => {
      if (classOf(template) === pkcs11js.CKO_PRIVATE_KEY) return [KEY];
      const label = labelOf(template);
      return OBJECTS[label] ? [Buffer.from(label)] : [];
    },
    getAttributeValue: async (_session, object) => [
      { type: pkcs11js.CKA_VALUE, value: OBJECTS[object.toString()]! },
    ],
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

  it('a missing module is MIDDLEWARE_UNAVAILABLE', async () => {
    const eid = new EidCard(fakeModule({}, []), '/nonexistent/beidpkcs11.dll', pinEntry);
    expect((await failureOf(eid.readCardInfo())).code).toBe('MIDDLEWARE_UNAVAILABLE');
  });
});
