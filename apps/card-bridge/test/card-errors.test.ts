// Each way a card operation fails, against real SoftHSM2 tokens: the bridge answers a distinct, stable code.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from '@jest/globals';
import { CARD_BRIDGE_ROUTES } from '@certdesk/contracts';
import { startTestBridge, type TestBridge } from './support/bridge.js';
import { call } from './support/http.js';
import {
  type SoftHsm,
  TEST_PIN,
  blockUserPin,
  createSoftHsm,
  provisionEidToken,
  useSoftHsm,
  writePinProgram,
} from './support/softhsm.js';

const signBody = {
  digestAlgorithm: 'SHA-256',
  digest: randomBytes(32).toString('base64'),
  description: 'a document',
};

describe('card errors', () => {
  let hsm: SoftHsm | undefined;
  let test: TestBridge | undefined;

  afterEach(async () => {
    await test?.close();
    await hsm?.cleanup();
    test = undefined;
    hsm = undefined;
  });

  async function bridgeOn(store: SoftHsm, pinScript: string) {
    hsm = store;
    await useSoftHsm(store);
    const pinProgram = await writePinProgram(store.dir, 'pin.sh', pinScript);
    test = await startTestBridge({ pinProgram });
    return { test, auth: await test.pair() };
  }

  it('no card: a reader with an uninitialised token reports no card, and signing says NO_CARD', async () => {
    const { test, auth } = await bridgeOn(await createSoftHsm(), `echo ${TEST_PIN}`);
    const info = await call(test.port, { path: CARD_BRIDGE_ROUTES.card, token: auth });
    expect(info.status).toBe(200);
    expect(info.body.card).toBeNull();
    expect(info.body.readers.length).toBeGreaterThan(0);
    expect(info.body.readers.every((reader: { cardPresent: boolean }) => !reader.cardPresent)).toBe(true);
    const signed = await call(test.port, { path: CARD_BRIDGE_ROUTES.sign, token: auth, body: signBody });
    expect(signed.status).toBe(409);
    expect(signed.body.error.code).toBe('NO_CARD');
  });

  it('no card: a token removed before the operation says NO_CARD', async () => {
    const token = await provisionEidToken('EC-P384');
    await token.remove();
    const { test, auth } = await bridgeOn(token, `echo ${TEST_PIN}`);
    const signed = await call(test.port, {
      path: CARD_BRIDGE_ROUTES.authenticate,
      token: auth,
      body: { nonce: randomBytes(32).toString('base64') },
    });
    expect(signed.body.error.code).toBe('NO_CARD');
  });

  it('PIN entry cancelled: the PIN program exits non-zero', async () => {
    const { test, auth } = await bridgeOn(await provisionEidToken('EC-P384'), 'exit 1');
    const signed = await call(test.port, { path: CARD_BRIDGE_ROUTES.sign, token: auth, body: signBody });
    expect(signed.status).toBe(409);
    expect(signed.body.error.code).toBe('PIN_CANCELLED');
  });

  it('wrong PIN: PIN_INCORRECT with what the card says about the tries left, and a right PIN then works', async () => {
    const token = await provisionEidToken('RSA-2048');
    const { test, auth } = await bridgeOn(
      token,
      `if [ -f ${token.dir}/tried ]; then echo ${TEST_PIN}; else touch ${token.dir}/tried; echo 0000; fi`,
    );
    const wrong = await call(test.port, { path: CARD_BRIDGE_ROUTES.sign, token: auth, body: signBody });
    expect(wrong.status).toBe(409);
    expect(wrong.body.error.code).toBe('PIN_INCORRECT');
    expect(['unknown', 'few-left', 'last-try']).toContain(wrong.body.error.details.pinTries);
    const right = await call(test.port, { path: CARD_BRIDGE_ROUTES.sign, token: auth, body: signBody });
    expect(right.status).toBe(200);
  });

  it('PIN blocked: PIN_BLOCKED, and the user is not even asked', async () => {
    const token = await provisionEidToken('EC-P384');
    await blockUserPin(token);
    const { test, auth } = await bridgeOn(token, `touch ${token.dir}/asked; echo ${TEST_PIN}`);
    const signed = await call(test.port, { path: CARD_BRIDGE_ROUTES.sign, token: auth, body: signBody });
    expect(signed.status).toBe(409);
    expect(signed.body.error.code).toBe('PIN_BLOCKED');
    expect(existsSync(`${token.dir}/asked`)).toBe(false);
  });

  it('card pulled out mid-operation (while the PIN is being typed): CARD_REMOVED', async () => {
    const token = await provisionEidToken('EC-P384');
    const pullCard = `SOFTHSM2_CONF=${token.config} softhsm2-util --delete-token --token BELPIC >/dev/null; echo ${TEST_PIN}`;
    const { test, auth } = await bridgeOn(token, pullCard);
    const signed = await call(test.port, { path: CARD_BRIDGE_ROUTES.sign, token: auth, body: signBody });
    expect(signed.status).toBe(409);
    expect(signed.body.error.code).toBe('CARD_REMOVED');
  });

  it('no middleware: MIDDLEWARE_UNAVAILABLE, and the status says the module is missing', async () => {
    test = await startTestBridge({ modulePath: '/nonexistent/libbeidpkcs11.so.0' });
    const auth = await test.pair();
    const info = await call(test.port, { path: CARD_BRIDGE_ROUTES.card, token: auth });
    expect(info.status).toBe(503);
    expect(info.body.error.code).toBe('MIDDLEWARE_UNAVAILABLE');
    const status = await call(test.port, { path: CARD_BRIDGE_ROUTES.status, token: auth });
    expect(status.body.middleware).toEqual({ modulePath: '/nonexistent/libbeidpkcs11.so.0', found: false });
  });
});
