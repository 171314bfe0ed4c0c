import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { createTestPki, type TestPki } from '@certdesk/pki/testing';
import { ConfigError, loadConfig } from '../config/config.js';
import { EidTrustStore } from './eid-trust-store.js';

const BASE_ENV = { TOKEN_SECRET: 'x'.repeat(32) };

describe('EID_TRUST_ANCHORS', () => {
  let pki: TestPki;
  let dir: string;
  let citizenPem: string;
  beforeAll(async () => {
    pki = await createTestPki();
    dir = await mkdtemp(join(tmpdir(), 'certdesk-eid-trust-'));
    const card = await pki.issueCitizenCertificates({
      ssin: '85010100110',
      givenName: 'A',
      surname: 'B',
      keyAlgorithm: 'EC-P384',
    });
    citizenPem = card.authentication.pem;
  });

  const storeFor = async (pem: string) => {
    const path = join(dir, `${Math.random().toString(36).slice(2)}.pem`);
    await writeFile(path, pem);
    const store = new EidTrustStore(loadConfig({ ...BASE_ENV, EID_TRUST_ANCHORS: path }));
    await store.onModuleInit();
    return store;
  };

  it('is optional: without it eID log-in and signatures are off', async () => {
    const store = new EidTrustStore(loadConfig(BASE_ENV));
    await store.onModuleInit();
    expect(store.get()).toBeNull();
  });

  it("takes the bundle's roots as anchors and its other CA certificates (Citizen CAs) as intermediates", async () => {
    const store = await storeFor(pki.citizenCa.certificate.pem + pki.root.certificate.pem);
    expect(store.get()).toEqual({
      anchors: [pki.root.certificate.der],
      intermediates: [pki.citizenCa.certificate.der],
    });
  });

  it('stops the start-up naming the variable when the file is missing', () => {
    expect(() => loadConfig({ ...BASE_ENV, EID_TRUST_ANCHORS: join(dir, 'missing.pem') })).toThrow(
      /EID_TRUST_ANCHORS: must be the path of a PEM bundle/,
    );
  });

  it.each([
    ['no certificate at all', () => 'hello', /is not a readable PEM bundle/],
    ['a citizen certificate (not a CA)', () => `${pki.root.certificate.pem}${citizenPem}`, /not a CA/],
    ['no root', () => pki.citizenCa.certificate.pem, /no root \(self-signed\) certificate/],
  ])('stops the start-up when the bundle holds %s', async (_, pem, message) => {
    const error = await storeFor(pem()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      { variable: 'EID_TRUST_ANCHORS', message: expect.stringMatching(message) },
    ]);
  });
});
