// The bridge against a real PKCS#11 token (SoftHSM2 provisioned like an eID card), RSA-2048 and EC P-384:
// card info, Web eID authentication and document signatures, each verified with libs/pki.
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CARD_BRIDGE_ROUTES } from '@certdesk/contracts';
import { loadPki } from '../src/pki.js';
import { startTestBridge, type TestBridge } from './support/bridge.js';
import { DASHBOARD_ORIGIN, call } from './support/http.js';
import {
  type EidToken,
  TEST_PIN,
  TEST_SSIN,
  provisionEidToken,
  useSoftHsm,
  writePinProgram,
} from './support/softhsm.js';

const sha = (algorithm: 'sha256' | 'sha384', text: string) =>
  createHash(algorithm).update(text, 'utf8').digest();

describe.each(['RSA-2048', 'EC-P384'] as const)('an eID card with %s keys', (keyAlgorithm) => {
  let token: EidToken;
  let test: TestBridge;
  let auth: string;

  beforeAll(async () => {
    token = await provisionEidToken(keyAlgorithm);
    await useSoftHsm(token);
    const pinProgram = await writePinProgram(token.dir, 'pin.sh', `echo ${TEST_PIN}`);
    test = await startTestBridge({ pinProgram });
    auth = await test.pair();
  });

  afterAll(async () => {
    await test?.close();
    await token?.cleanup();
  });

  it('reports the reader, the card, its four certificates and the holder', async () => {
    const { status, body } = await call(test.port, { path: CARD_BRIDGE_ROUTES.card, token: auth });
    expect(status).toBe(200);
    expect(body.readers.some((reader: { cardPresent: boolean }) => reader.cardPresent)).toBe(true);
    expect(body.card.holder).toEqual({
      givenName: 'Jan Pieter',
      surname: 'Peeters',
      name: 'Jan Pieter Peeters',
      ssin: TEST_SSIN,
    });
    expect(body.card.tokenLabel).toBe('BELPIC');
    expect(body.card.protectedAuthenticationPath).toBe(false);
    const { authentication, signature, ca, root } = body.card.certificates;
    expect(authentication.label).toBe('Authentication');
    expect(authentication.keyAlgorithm).toBe(keyAlgorithm);
    expect(Buffer.from(authentication.der, 'base64').equals(Buffer.from(token.authentication.der))).toBe(
      true,
    );
    expect(signature.subject).toContain('(Signature)');
    expect(signature.keyAlgorithm).toBe(keyAlgorithm);
    expect(Buffer.from(ca.der, 'base64').equals(Buffer.from(token.ca))).toBe(true);
    expect(Buffer.from(root.der, 'base64').equals(Buffer.from(token.root))).toBe(true);
  });

  it('signs a log-in challenge bound to the origin (Web eID) with the Authentication key', async () => {
    const nonce = randomBytes(32).toString('base64');
    const { status, body } = await call(test.port, {
      path: CARD_BRIDGE_ROUTES.authenticate,
      token: auth,
      body: { nonce },
    });
    expect(status).toBe(200);
    const expectedAlgorithm = keyAlgorithm === 'RSA-2048' ? 'RS256' : 'ES384';
    expect(body).toMatchObject({ format: 'web-eid:1.0', algorithm: expectedAlgorithm });
    const certificateDer = Buffer.from(body.unverifiedCertificate, 'base64');
    expect(certificateDer.equals(Buffer.from(token.authentication.der))).toBe(true);

    // What the api does: rebuild the signed data from its own origin and nonce.
    const hash = expectedAlgorithm === 'RS256' ? 'sha256' : 'sha384';
    const data = Buffer.concat([sha(hash, DASHBOARD_ORIGIN), sha(hash, nonce)]);
    const signature = Buffer.from(body.signature, 'base64');
    const { verifySignature } = await loadPki();
    await expect(
      verifySignature({ certificateDer, data, signature, algorithm: expectedAlgorithm }),
    ).resolves.toBe(true);
    // Bound to the origin: the same signature does not verify for another site.
    const forOtherSite = Buffer.concat([sha(hash, 'https://evil.test'), sha(hash, nonce)]);
    await expect(
      verifySignature({ certificateDer, data: forOtherSite, signature, algorithm: expectedAlgorithm }),
    ).resolves.toBe(false);
  });

  it.each(['SHA-256', 'SHA-384'] as const)(
    'signs a %s document digest with the Signature key',
    async (digestAlgorithm) => {
      const digest = createHash(digestAlgorithm === 'SHA-256' ? 'sha256' : 'sha384')
        .update('handover document')
        .digest();
      const { status, body } = await call(test.port, {
        path: CARD_BRIDGE_ROUTES.sign,
        token: auth,
        body: {
          digestAlgorithm,
          digest: digest.toString('base64'),
          description: 'Handover of 2 certificates from A to B',
        },
      });
      expect(status).toBe(200);
      expect(body).toMatchObject({
        format: 'certdesk-digest-signature:1',
        digestAlgorithm,
        digest: digest.toString('base64'),
        signatureAlgorithm: keyAlgorithm === 'RSA-2048' ? 'RSASSA-PKCS1-v1_5' : 'ECDSA',
      });
      const certificateDer = Buffer.from(body.certificate, 'base64');
      expect(certificateDer.equals(Buffer.from(token.signature.der))).toBe(true);
      const signature = Buffer.from(body.signature, 'base64');
      const { verifySignedDigest } = await loadPki();
      if (keyAlgorithm === 'EC-P384') expect(signature).toHaveLength(96); // raw r||s
      await expect(
        verifySignedDigest({ certificateDer, digest, hashAlgorithm: digestAlgorithm, signature }),
      ).resolves.toBe(true);
    },
  );

  it('records every signature in the local log, with the SSIN masked and no secret', async () => {
    const lines = (await readFile(test.config.signatureLogPath, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.operation)).toEqual(['authenticate', 'sign', 'sign']);
    const sign = lines[1];
    expect(sign).toMatchObject({
      origin: DASHBOARD_ORIGIN,
      description: 'Handover of 2 certificates from A to B',
      digestAlgorithm: 'SHA-256',
      certificate: { label: 'Signature' },
      holder: { name: 'Jan Pieter Peeters', ssin: '010503-***-**' },
    });
    const text = JSON.stringify(lines);
    expect(text).not.toContain(TEST_SSIN);
    expect(text).not.toContain(TEST_PIN);
    expect(test.logLines.join('\n')).not.toContain(TEST_SSIN);
  });
});

describe('one card operation at a time', () => {
  let token: EidToken;
  let test: TestBridge;

  afterAll(async () => {
    await test?.close();
    await token?.cleanup();
  });

  it('runs concurrent signature requests one after the other', async () => {
    token = await provisionEidToken('EC-P384');
    await useSoftHsm(token);
    const trace = `${token.dir}/trace`;
    // A slow PIN program that records when each PIN entry starts and ends.
    const pinProgram = await writePinProgram(
      token.dir,
      'slow-pin.sh',
      `echo start >> ${trace}; sleep 0.3; echo end >> ${trace}; echo ${TEST_PIN}`,
    );
    test = await startTestBridge({ pinProgram });
    const auth = await test.pair();
    const digest = randomBytes(48).toString('base64');
    const results = await Promise.all(
      [1, 2, 3].map((n) =>
        call(test.port, {
          path: CARD_BRIDGE_ROUTES.sign,
          token: auth,
          body: { digestAlgorithm: 'SHA-384', digest, description: `document ${n}` },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect((await readFile(trace, 'utf8')).trim().split('\n')).toEqual([
      'start',
      'end',
      'start',
      'end',
      'start',
      'end',
    ]);
  });
});
