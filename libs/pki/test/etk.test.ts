// ETKs as the eHealth ETK Depot publishes them (CMS SignedData, BER), minted by the test PKI and cross-checked
// with openssl; and the ways one can be wrong.
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { describeCertificate } from '@certdesk/domain';
import { parseCertificate, readCertificateFile, readEtk, serialDecimal } from '../src/index.js';
import {
  type TestCertificate,
  type TestEtk,
  type TestPki,
  buildEhealthKeystore,
  createTestPki,
} from '../src/testing/index.js';
import { PASSWORD, errorOf, join, openssl, withTempDir, writeFileSync } from './helpers.js';

let pki: TestPki;
let authentication: TestCertificate;
let etk: TestEtk;

const fingerprint = (der: Uint8Array) =>
  new X509Certificate(der).fingerprint256.replace(/:/g, '').toLowerCase();

beforeAll(async () => {
  pki = await createTestPki();
  authentication = await pki.issueEhealthCertificate({
    identifierType: 'CBE',
    identifierValue: '0820563481',
    holderName: 'Mutualité Test',
    applicationId: 'MYCARENET',
  });
  etk = await pki.issueEtk(authentication);
});

/** openssl's own reading of an ETK: it must accept the signature and find the same content. */
function opensslContent(bytes: Uint8Array): Buffer {
  return withTempDir((dir) => {
    const file = join(dir, 'x.etk');
    writeFileSync(file, bytes);
    return openssl(['cms', '-verify', '-noverify', '-inform', 'DER', '-in', file, '-binary']);
  });
}

describe('an ETK from the depot', () => {
  it('is BER with indefinite lengths, as the depot writes them, and openssl verifies it', () => {
    expect(Buffer.from(etk.bytes.subarray(0, 2)).toString('hex')).toBe('3080');
    expect(opensslContent(etk.bytes).equals(Buffer.from(etk.encryption.der))).toBe(true);
  });

  it('reads as format etk: the encryption certificate, then the authentication certificate', async () => {
    const result = await readCertificateFile(etk.bytes);
    expect(result.format).toBe('etk');
    expect(result.keystore).toBeNull();
    expect(result.certificates.map((c) => c.sha256Fingerprint)).toEqual([
      fingerprint(etk.encryption.der),
      fingerprint(authentication.der),
    ]);
    expect(result.etk).toMatchObject({ signature: 'valid', problems: [], chain: [] });
    expect(result.etk!.encryption.keyUsages).toEqual(['keyEncipherment', 'dataEncipherment']);
    expect(result.etk!.signer!.sha256Fingerprint).toBe(fingerprint(pki.etkRa.certificate.der));
  });

  it('gives the authentication certificate its eHealth identity, status and days left', async () => {
    const { etk: contents } = await readCertificateFile(etk.bytes);
    const now = new Date();
    const described = describeCertificate(contents!.authentication, { now });
    expect(described.ehealth).toMatchObject({
      identifierType: 'CBE',
      identifierValue: '0820563481',
      applicationId: 'MYCARENET',
      environment: 'production',
    });
    expect(described.status).toBe('valid');
    expect(described.daysLeft).toBeGreaterThan(900);
  });

  it('is not refused because the depot’s signer (ETK-RA) has expired', async () => {
    const signer = new X509Certificate(pki.etkRa.certificate.der);
    expect(new Date(signer.validTo).getTime()).toBeLessThan(Date.now());
    expect(signer.subject).toContain('CN=ETK-RA');
    expect((await readEtk(etk.bytes)).signature).toBe('valid');
  });

  it('reads the same from DER, from base64 text (as the depot’s answer carries it) and from openssl’s PEM', async () => {
    const der = await pki.issueEtk(authentication, { encoding: 'der', encryption: etk.encryption });
    expect(der.bytes[1]).not.toBe(0x80);
    const pem = withTempDir((dir) => {
      writeFileSync(join(dir, 'x.etk'), etk.bytes);
      return openssl(['cms', '-cmsout', '-inform', 'DER', '-in', join(dir, 'x.etk'), '-outform', 'PEM']);
    });
    expect(pem.toString()).toMatch(/-----BEGIN CMS-----/);
    const base64 = Buffer.from(
      `${Buffer.from(etk.bytes)
        .toString('base64')
        .replace(/(.{76})/g, '$1\n')}\n`,
    );
    for (const bytes of [der.bytes, base64, Buffer.from(`Our ETK:\n${pem.toString()}`)]) {
      const result = await readCertificateFile(bytes);
      expect(result.format).toBe('etk');
      expect(result.certificates.map((c) => c.sha256Fingerprint)).toEqual([
        fingerprint(etk.encryption.der),
        fingerprint(authentication.der),
      ]);
      expect(result.etk!.signature).toBe('valid');
    }
  });

  it.each([
    ['with signed attributes', []],
    ['with signed attributes, signer named by key identifier', ['-keyid']],
  ])('verifies one that openssl signed %s', async (_name, extra) => {
    const signed = withTempDir((dir) => {
      const file = (name: string) => join(dir, name);
      writeFileSync(file('enc.der'), etk.encryption.der);
      writeFileSync(file('ra.pem'), pki.etkRa.certificate.pem);
      writeFileSync(file('auth.pem'), authentication.pem);
      const key = createPrivateKey({
        key: Buffer.from(pki.etkRa.certificate.privateKeyPkcs8),
        format: 'der',
        type: 'pkcs8',
      });
      writeFileSync(file('ra.key'), key.export({ type: 'pkcs8', format: 'pem' }));
      return openssl([
        'cms',
        '-sign',
        '-nodetach',
        '-binary',
        '-md',
        'sha256',
        ...extra,
        '-in',
        file('enc.der'),
        '-signer',
        file('ra.pem'),
        '-inkey',
        file('ra.key'),
        '-certfile',
        file('auth.pem'),
        '-outform',
        'DER',
      ]);
    });
    const contents = await readEtk(signed);
    expect(contents).toMatchObject({ signature: 'valid', problems: [] });
    expect(contents.signer!.sha256Fingerprint).toBe(fingerprint(pki.etkRa.certificate.der));
    expect(contents.authentication.sha256Fingerprint).toBe(fingerprint(authentication.der));

    // The same signed attributes over changed content: its messageDigest no longer matches.
    const changed = Buffer.from(signed);
    const at = changed.indexOf(Buffer.from(etk.encryption.der)) + etk.encryption.der.length - 1;
    changed[at]! ^= 0xff;
    expect((await readEtk(changed)).signature).toBe('invalid');
  });

  it('keeps the authentication certificate’s chain apart, and reads EC encryption keys', async () => {
    const withChain = await pki.issueEtk(authentication, { includeChain: true, keyAlgorithm: 'EC-P384' });
    const contents = await readEtk(withChain.bytes);
    expect(contents.authentication.sha256Fingerprint).toBe(fingerprint(authentication.der));
    expect(contents.chain.map((c) => c.sha256Fingerprint)).toEqual(authentication.chain.map(fingerprint));
    expect(contents.encryption.keyAlgorithm).toBe('EC-P384');
    expect(contents.problems).toEqual([]);
  });
});

describe('the test keystore of an ETK', () => {
  it('holds the ETK key under the encryption certificate’s serial in decimal, with the published public key', async () => {
    const keystore = await buildEhealthKeystore({
      password: PASSWORD,
      encryption: 'modern',
      authentication,
      etk: [etk.encryption],
    });
    const published = await readEtk(etk.bytes);
    const alias = serialDecimal(published.encryption.serialNumber);
    expect(alias).toBe(etk.encryption.serialNumber.toString(10));
    const read = await readCertificateFile(keystore, { password: PASSWORD });
    const entry = read.keystore!.entries.find((e) => e.alias === alias);
    expect(entry).toMatchObject({ role: 'etk', hasPrivateKey: true });
    expect(entry!.certificateFingerprint).toBe(published.encryption.sha256Fingerprint);
    // The key in the keystore is the one whose public half the depot publishes.
    const publishedKey = new X509Certificate(published.encryption.der).publicKey.export({
      type: 'spki',
      format: 'der',
    });
    const keystoreKey = createPublicKey(
      createPrivateKey({ key: Buffer.from(etk.encryption.privateKeyPkcs8), format: 'der', type: 'pkcs8' }),
    ).export({ type: 'spki', format: 'der' });
    expect(keystoreKey.equals(publishedKey)).toBe(true);
  });
});

describe('an ETK that is wrong', () => {
  it('reports an encryption certificate not issued by the authentication certificate it carries', async () => {
    const stranger = await pki.issueEhealthCertificate({
      identifierType: 'NIHII-HOSPITAL',
      identifierValue: '71089815',
      holderName: 'Other Hospital',
    });
    const mixed = await pki.issueEtk(authentication, {
      encryption: etk.encryption,
      certificates: [pki.etkRa.certificate.der, stranger.der],
    });
    const contents = await readEtk(mixed.bytes);
    expect(contents.authentication.sha256Fingerprint).toBe(fingerprint(stranger.der));
    expect(contents.problems.map((p) => p.code)).toEqual([
      'NOT_ISSUED_BY_AUTHENTICATION',
      'SUBJECT_MISMATCH',
    ]);
    expect(contents.signature).toBe('valid');
  });

  it('reports the same holder’s other certificate (same subject, another key) as not the issuer', async () => {
    const renewed = await pki.issueEhealthCertificate({
      identifierType: 'CBE',
      identifierValue: '0820563481',
      holderName: 'Mutualité Test',
      applicationId: 'MYCARENET',
    });
    const mixed = await pki.issueEtk(authentication, {
      encryption: etk.encryption,
      certificates: [pki.etkRa.certificate.der, renewed.der],
    });
    expect((await readEtk(mixed.bytes)).problems.map((p) => p.code)).toEqual([
      'NOT_ISSUED_BY_AUTHENTICATION',
    ]);
  });

  it('reports a signature that does not verify, and one without its signer, but still reads them', async () => {
    const tampered = Buffer.from(etk.bytes);
    // BER ends with the signature, then three end-of-contents (SignedData, [0], ContentInfo).
    tampered[tampered.length - 7]! ^= 0xff;
    const bad = await readEtk(tampered);
    expect(bad.signature).toBe('invalid');
    expect(bad.problems.map((p) => p.code)).toEqual(['SIGNATURE_INVALID']);
    expect(bad.authentication.sha256Fingerprint).toBe(fingerprint(authentication.der));

    const unsigned = await pki.issueEtk(authentication, {
      encryption: etk.encryption,
      certificates: [authentication.der],
    });
    const contents = await readEtk(unsigned.bytes);
    expect(contents.signature).toBe('unverifiable');
    expect(contents.signer).toBeNull();
    expect(contents.problems.map((p) => p.code)).toEqual(['SIGNATURE_UNVERIFIABLE']);
  });

  it.each([
    {
      name: 'a garbage certificate in its set',
      make: () => pki.issueEtk(authentication, { certificates: [Buffer.from('30820004deadbeef', 'hex')] }),
      code: 'UNREADABLE',
    },
    {
      name: 'no authentication certificate',
      make: () => pki.issueEtk(authentication, { certificates: [pki.etkRa.certificate.der] }),
      code: 'UNREADABLE',
    },
    {
      name: 'a truncated ETK',
      make: async () => ({ bytes: etk.bytes.subarray(0, 1500) }),
      code: 'UNREADABLE',
    },
  ])('refuses $name as $code, with a message', async ({ make, code }) => {
    const error = await errorOf(readCertificateFile((await make()).bytes));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/ETK/);
  });

  it('says a certificate bundle (.p7b, a SignedData without content) is not an ETK', async () => {
    const p7b = withTempDir((dir) => {
      writeFileSync(join(dir, 'a.pem'), authentication.pem);
      return openssl(['crl2pkcs7', '-nocrl', '-certfile', join(dir, 'a.pem'), '-outform', 'DER']);
    });
    const error = await errorOf(readCertificateFile(p7b));
    expect(error.code).toBe('UNSUPPORTED_FORMAT');
    expect(error.message).toMatch(/not an ETK/);
  });

  it('reads a garbage encryption certificate as UNREADABLE', async () => {
    const garbage = await pki.issueEtk(authentication, {
      encryption: { ...etk.encryption, der: parseCertificate(etk.encryption.der).der.subarray(0, 200) },
    });
    expect((await errorOf(readCertificateFile(garbage.bytes))).code).toBe('UNREADABLE');
  });
});
