// PKCS#12 keystores: both encryptions, the eHealth layout, Java's own legacy files, OpenSSL in both
// directions, and every way a keystore can fail to open.
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as asn1js from 'asn1js';
import { describeCertificate } from '@certdesk/domain';
import { parseCertificate, readCertificateFile, serialDecimal } from '../src/index.js';
import {
  type TestCertificate,
  type TestPki,
  buildEhealthKeystore,
  buildKeystore,
  createTestPki,
} from '../src/testing/index.js';
import { PASSWORD, errorOf, openssl, withTempDir, writeFileSync } from './helpers.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const ENCRYPTIONS = ['legacy', 'modern'] as const;

let pki: TestPki;
let authentication: TestCertificate;
let etk: TestCertificate;
let ehealthKeystores: Record<(typeof ENCRYPTIONS)[number], Uint8Array>;

beforeAll(async () => {
  pki = await createTestPki();
  authentication = await pki.issueEhealthCertificate({
    identifierType: 'NIHII-AMBU_SERVICE',
    identifierValue: '79609977',
    holderName: 'Ambulance Service Test',
  });
  etk = await pki.issueEtkCertificate(authentication);
  const build = (encryption: 'legacy' | 'modern') =>
    buildEhealthKeystore({
      password: PASSWORD,
      encryption,
      authentication,
      etk: [etk],
      caCertificates: [pki.root.certificate.der],
    });
  ehealthKeystores = { legacy: await build('legacy'), modern: await build('modern') };
});

const fingerprintOf = (certificate: TestCertificate | Uint8Array) =>
  parseCertificate(certificate instanceof Uint8Array ? certificate : certificate.der).sha256Fingerprint;

describe.each(ENCRYPTIONS)('an eHealth keystore, %s encryption', (encryption) => {
  it('opens with its password and names the authentication and ETK entries', async () => {
    const result = await readCertificateFile(ehealthKeystores[encryption], { password: PASSWORD });
    expect(result.format).toBe('pkcs12');
    const etkAlias = serialDecimal(parseCertificate(etk.der).serialNumber);
    expect(result.keystore).toMatchObject({
      encryption,
      authenticationAlias: 'authentication',
      etkAliases: [etkAlias],
      pendingKeyAliases: [],
    });
    expect(result.keystore!.entries).toEqual(
      expect.arrayContaining([
        {
          alias: 'authentication',
          role: 'authentication',
          hasPrivateKey: true,
          certificateFingerprint: fingerprintOf(authentication),
        },
        { alias: etkAlias, role: 'etk', hasPrivateKey: true, certificateFingerprint: fingerprintOf(etk) },
        {
          alias: 'CN=Certdesk Test Root CA,O=Certdesk tests,C=BE',
          role: 'ca',
          hasPrivateKey: false,
          certificateFingerprint: fingerprintOf(pki.root.certificate),
        },
      ]),
    );
  });

  it('lists each certificate once, with its key and alias', async () => {
    const { certificates } = await readCertificateFile(ehealthKeystores[encryption], { password: PASSWORD });
    const byFingerprint = new Map(certificates.map((c) => [c.sha256Fingerprint, c]));
    expect(certificates).toHaveLength(4); // authentication, ETK, eHealth issuing CA, root
    expect(byFingerprint.get(fingerprintOf(authentication))).toMatchObject({
      alias: 'authentication',
      hasPrivateKey: true,
    });
    expect(byFingerprint.get(fingerprintOf(etk))).toMatchObject({
      hasPrivateKey: true,
      keyUsages: ['keyEncipherment', 'dataEncipherment'],
    });
    expect(byFingerprint.get(fingerprintOf(pki.ehealthProduction.certificate))).toMatchObject({
      hasPrivateKey: false,
      isCa: true,
    });
    const description = describeCertificate(byFingerprint.get(fingerprintOf(authentication))!, {
      now: new Date(),
    });
    expect(description.ehealth).toMatchObject({
      identifierType: 'NIHII-AMBU_SERVICE',
      identifierValue: '79609977',
      environment: 'production',
    });
  });

  it('opens in openssl pkcs12 with the same certificates and keys', () => {
    const out = withTempDir((dir) => {
      const file = join(dir, 'keystore.p12');
      writeFileSync(file, ehealthKeystores[encryption]);
      return openssl(
        [
          'pkcs12',
          '-in',
          file,
          '-passin',
          'env:CERTDESK_TEST_PASS',
          '-nodes',
          ...(encryption === 'legacy' ? ['-legacy'] : []),
        ],
        PASSWORD,
      ).toString();
    });
    expect(out.match(/BEGIN PRIVATE KEY/g)).toHaveLength(2);
    expect(out.match(/BEGIN CERTIFICATE/g)).toHaveLength(4);
    expect(out).toContain('friendlyName: authentication');
  });
});

describe('keystores written by openssl pkcs12', () => {
  const opensslKeystore = (extraArguments: string[]) =>
    withTempDir((dir) => {
      const key = join(dir, 'key.pem');
      const cert = join(dir, 'cert.pem');
      const chain = join(dir, 'chain.pem');
      const out = join(dir, 'out.p12');
      writeFileSync(
        key,
        createPrivateKey({
          key: Buffer.from(authentication.privateKeyPkcs8),
          format: 'der',
          type: 'pkcs8',
        }).export({ format: 'pem', type: 'pkcs8' }),
      );
      writeFileSync(cert, authentication.pem);
      writeFileSync(chain, pki.ehealthProduction.certificate.pem + pki.root.certificate.pem);
      openssl(
        [
          'pkcs12',
          '-export',
          '-inkey',
          key,
          '-in',
          cert,
          '-certfile',
          chain,
          '-name',
          'authentication',
          '-passout',
          'env:CERTDESK_TEST_PASS',
          '-out',
          out,
          ...extraArguments,
        ],
        PASSWORD,
      );
      return readFileSync(out);
    });

  it.each(ENCRYPTIONS)('%s: open, with the key matched to its certificate', async (encryption) => {
    const bytes = opensslKeystore(encryption === 'legacy' ? ['-legacy'] : []);
    const result = await readCertificateFile(bytes, { password: PASSWORD });
    expect(result.keystore).toMatchObject({
      encryption,
      authenticationAlias: 'authentication',
      pendingKeyAliases: [],
    });
    expect(result.certificates.map((c) => [c.sha256Fingerprint, c.hasPrivateKey, c.alias])).toEqual([
      [fingerprintOf(authentication), true, 'authentication'],
      [fingerprintOf(pki.ehealthProduction.certificate), false, null],
      [fingerprintOf(pki.root.certificate), false, null],
    ]);
  });

  it('an integrity check with SHA3-256 is UNSUPPORTED_FORMAT, with the command that re-exports it', async () => {
    const error = await errorOf(
      readCertificateFile(opensslKeystore(['-macalg', 'sha3-256']), { password: PASSWORD }),
    );
    expect(error.code).toBe('UNSUPPORTED_FORMAT');
    expect(error.message).toContain('SHA3-256');
    expect(error.message).toContain('openssl pkcs12 -macalg sha256');
  });
});

describe('a keystore written by Java 17 keytool (legacy format, committed fixture)', () => {
  const expected = JSON.parse(readFileSync(join(fixtures, 'java-legacy-ehealth.json'), 'utf8'));
  const bytes = readFileSync(join(fixtures, 'java-legacy-ehealth.p12'));

  it('opens, with its authentication and ETK entries', async () => {
    const result = await readCertificateFile(bytes, { password: expected.password });
    expect(result.keystore).toMatchObject({
      encryption: 'legacy',
      authenticationAlias: 'authentication',
      etkAliases: [expected.etk.alias],
      pendingKeyAliases: [],
    });
    const entries = result.keystore!.entries;
    expect(entries.find((e) => e.alias === 'authentication')).toEqual({
      alias: 'authentication',
      role: 'authentication',
      hasPrivateKey: true,
      certificateFingerprint: expected.authentication.sha256Fingerprint,
    });
    expect(entries.find((e) => e.role === 'etk')?.certificateFingerprint).toBe(
      expected.etk.sha256Fingerprint,
    );
    expect(entries.filter((e) => e.role === 'ca').map((e) => e.certificateFingerprint)).toEqual(
      expect.arrayContaining(expected.chain),
    );
    const authenticationCertificate = result.certificates.find((c) => c.alias === 'authentication')!;
    expect(authenticationCertificate.serialNumber).toBe(expected.authentication.serialNumber);
    expect(
      describeCertificate(authenticationCertificate, { now: new Date('2026-01-01T00:00:00Z') }),
    ).toMatchObject({
      status: 'valid',
      ehealth: {
        identifierType: 'NIHII-AMBU_SERVICE',
        identifierValue: '79609977',
        environment: 'production',
      },
    });
  });

  it('refuses a wrong password as WRONG_PASSWORD', async () => {
    expect((await errorOf(readCertificateFile(bytes, { password: 'not-the-password' }))).code).toBe(
      'WRONG_PASSWORD',
    );
  });

  it('with a damaged MAC value and the right password, is UNREADABLE (not WRONG_PASSWORD)', async () => {
    const [, , macData] = (asn1js.fromBER(bytes).result as asn1js.Sequence).valueBlock.value;
    const [digestInfo] = (macData as asn1js.Sequence).valueBlock.value;
    const [, digest] = (digestInfo as asn1js.Sequence).valueBlock.value;
    const damaged = Buffer.from(bytes);
    damaged[(digest as asn1js.OctetString).valueBlock.valueHexView.byteOffset]! ^= 0x01;
    expect((await errorOf(readCertificateFile(damaged, { password: expected.password }))).code).toBe(
      'UNREADABLE',
    );
  });
});

describe('passwords beyond ASCII, and the empty password', () => {
  // Keys are decrypted by OpenSSL where it can (it encodes the password itself), the rest by our KDF:
  // both must read the password as Java and openssl pkcs12 write it.
  const build = (encryption: 'legacy' | 'modern', password: string) =>
    buildEhealthKeystore({ password, encryption, authentication, etk: [etk] });

  it.each(ENCRYPTIONS)('%s: a non-ASCII password opens it, here and in openssl', async (encryption) => {
    const password = 'Été 2024 ✓ Пароль 😀';
    const bytes = await build(encryption, password);
    const result = await readCertificateFile(bytes, { password });
    expect(result.certificates.filter((c) => c.hasPrivateKey).map((c) => c.sha256Fingerprint)).toEqual(
      expect.arrayContaining([fingerprintOf(authentication), fingerprintOf(etk)]),
    );
    const out = withTempDir((dir) => {
      const file = join(dir, 'keystore.p12');
      writeFileSync(file, bytes);
      return openssl(
        [
          'pkcs12',
          '-in',
          file,
          '-passin',
          'env:CERTDESK_TEST_PASS',
          '-nodes',
          ...(encryption === 'legacy' ? ['-legacy'] : []),
        ],
        password,
      ).toString();
    });
    expect(out.match(/BEGIN PRIVATE KEY/g)).toHaveLength(2);
    const error = await errorOf(readCertificateFile(bytes, { password: 'Ete 2024 ✓ Пароль 😀' }));
    expect(error.code).toBe('WRONG_PASSWORD');
  });

  it.each(ENCRYPTIONS)('%s: an empty password opens a keystore written with it', async (encryption) => {
    const result = await readCertificateFile(await build(encryption, ''), { password: '' });
    expect(result.keystore).toMatchObject({ authenticationAlias: 'authentication', pendingKeyAliases: [] });
    expect(result.certificates.filter((c) => c.hasPrivateKey)).toHaveLength(2);
  });
});

describe('a keystore whose request was not completed (a key, no certificate yet)', () => {
  it.each(ENCRYPTIONS)(
    '%s: reads fine, with an empty certificate list and the pending key',
    async (encryption) => {
      const bytes = await buildEhealthKeystore({ password: PASSWORD, encryption });
      const result = await readCertificateFile(bytes, { password: PASSWORD });
      expect(result.certificates).toEqual([]);
      expect(result.keystore).toEqual({
        encryption,
        entries: [
          {
            alias: 'authentication',
            role: 'authentication',
            hasPrivateKey: true,
            certificateFingerprint: null,
          },
        ],
        authenticationAlias: 'authentication',
        etkAliases: [],
        etkPublicKeys: [],
        pendingKeyAliases: ['authentication'],
      });
    },
  );
});

describe('keystores that do not open', () => {
  const keystore = () => ehealthKeystores.modern;

  it.each(ENCRYPTIONS)('%s: a wrong password is WRONG_PASSWORD', async (encryption) => {
    const error = await errorOf(
      readCertificateFile(ehealthKeystores[encryption], { password: 'Wrong-Pa55word!' }),
    );
    expect(error.code).toBe('WRONG_PASSWORD');
    expect(error.message).not.toContain('Wrong-Pa55word!');
  });

  it.each(ENCRYPTIONS)('%s: no password is PASSWORD_REQUIRED', async (encryption) => {
    expect((await errorOf(readCertificateFile(ehealthKeystores[encryption]))).code).toBe('PASSWORD_REQUIRED');
  });

  it.each([0.9, 0.5, 0.1])('a keystore truncated to %p of its size is UNREADABLE', async (fraction) => {
    const bytes = keystore().subarray(0, Math.floor(keystore().length * fraction));
    expect((await errorOf(readCertificateFile(bytes, { password: PASSWORD }))).code).toBe('UNREADABLE');
  });

  it("a flipped bit in the MAC's digest OID is damage, though it then names a real digest of the same arc", async () => {
    // The MAC does not cover its own algorithm: sha256 (2.16.840.1.101.3.4.2.1) with 0x10 flipped in its
    // last byte reads 2.16.840.1.101.3.4.2.17 (SHAKE128 with a length), which no keystore uses.
    const sha256Oid = Buffer.from('0609608648016503040201', 'hex');
    const damaged = Buffer.from(keystore());
    const position = damaged.lastIndexOf(sha256Oid);
    expect(position).toBeGreaterThan(damaged.length - 100);
    damaged[position + sha256Oid.length - 1]! ^= 0x10;
    expect((await errorOf(readCertificateFile(damaged, { password: PASSWORD }))).code).toBe('UNREADABLE');
  });

  it.each(ENCRYPTIONS)(
    '%s: a flipped bit is a damaged file, never a wrong password or a silent success',
    async (encryption) => {
      const original = ehealthKeystores[encryption];
      const codes: string[] = [];
      // One bit at ~60 positions spread over the file: structure, encrypted certificates, keys, MAC.
      // (The first 7 bytes are the header that makes it a PKCS#12 at all; a flip there is "not a keystore".)
      for (let position = 7; position < original.length; position += Math.floor(original.length / 60)) {
        const damaged = Buffer.from(original);
        damaged[position]! ^= 0x10;
        codes.push((await errorOf(readCertificateFile(damaged, { password: PASSWORD }))).code);
      }
      expect(codes.filter((code) => code !== 'UNREADABLE')).toEqual([]);
    },
  );

  it.each([
    ['a Java JKS keystore', 'java-keystore.jks'],
    ['a Java JCEKS keystore', 'java-keystore.jceks'],
  ])('%s is UNSUPPORTED_FORMAT, with the keytool command to convert it', async (_name, file) => {
    const error = await errorOf(
      readCertificateFile(readFileSync(join(fixtures, file)), { password: 'changeit' }),
    );
    expect(error.code).toBe('UNSUPPORTED_FORMAT');
    expect(error.message).toMatch(/PKCS#12/);
    expect(error.message).toContain('keytool -importkeystore');
  });
});

describe('buildKeystore', () => {
  it('writes any layout: an EC key, several chains, a trusted certificate', async () => {
    const ec = await pki.issueEhealthCertificate({
      identifierType: 'CBE',
      identifierValue: '0566988259',
      holderName: 'Org',
      keyAlgorithm: 'EC-P256',
    });
    const bytes = await buildKeystore({
      password: 'p',
      encryption: 'modern',
      entries: [
        { alias: 'ec', privateKeyPkcs8: ec.privateKeyPkcs8, certificates: [ec.der, ...ec.chain] },
        { alias: 'trusted', certificates: [pki.citizenCa.certificate.der] },
      ],
    });
    const result = await readCertificateFile(bytes, { password: 'p' });
    expect(result.certificates.find((c) => c.alias === 'ec')).toMatchObject({
      keyAlgorithm: 'EC-P256',
      hasPrivateKey: true,
    });
    expect(result.keystore!.entries.map((e) => [e.alias, e.role, e.hasPrivateKey])).toEqual([
      ['ec', 'other', true],
      ['trusted', 'ca', false],
    ]);
  });
});
