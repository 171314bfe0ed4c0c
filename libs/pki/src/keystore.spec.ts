import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { ParsedCertificate, ReadCertificate } from './certificate.js';
import { summarizeKeystore } from './keystore.js';
import type { KeystoreCertificate, KeystoreKey } from './pkcs12/read.js';

// Pure unit tests of the entry roles, on hand-made keystore contents.
function certificate(
  fingerprint: string,
  serialNumber: string,
  spki: number,
  extra: Partial<ReadCertificate> = {},
): ParsedCertificate {
  return {
    subjectPublicKeyInfo: Uint8Array.of(spki),
    certificate: {
      subject: [],
      issuer: [],
      serialNumber,
      sha256Fingerprint: fingerprint,
      notBefore: new Date(0),
      notAfter: new Date(0),
      keyAlgorithm: 'RSA-2048',
      keySize: 2048,
      hasPrivateKey: false,
      alias: null,
      der: new Uint8Array(),
      keyUsages: [],
      extendedKeyUsages: [],
      isCa: false,
      ...extra,
    },
  };
}
const bag = (
  parsed: ParsedCertificate,
  friendlyName: string | null,
  localKeyId: string | null = null,
): KeystoreCertificate => ({
  parsed,
  friendlyName,
  localKeyId,
  trusted: false,
});
const key = (
  friendlyName: string | null,
  spki: number | null,
  localKeyId: string | null = null,
): KeystoreKey => ({
  friendlyName,
  localKeyId,
  trusted: false,
  publicKeySpki: spki === null ? null : Uint8Array.of(spki),
});

describe('summarizeKeystore', () => {
  it.each([
    { alias: 'authentication', serial: '0a', role: 'authentication' },
    { alias: '10', serial: '0a', role: 'etk' }, // the ETK serial in decimal
    { alias: '11', serial: '0a', role: 'other' }, // digits, but not this certificate's serial
    { alias: 'my key', serial: '0a', role: 'other' },
  ])('a key aliased "$alias" on a certificate with serial $serial is $role', ({ alias, serial, role }) => {
    const { keystore } = summarizeKeystore({
      encryption: 'modern',
      certificates: [bag(certificate('f1', serial, 1), alias)],
      keys: [key(alias, 1)],
    });
    expect(keystore.entries).toEqual([{ alias, role, hasPrivateKey: true, certificateFingerprint: 'f1' }]);
  });

  it("gives each ETK key's public-key fingerprint (SHA-256 of its SubjectPublicKeyInfo), certificate or not", () => {
    const { keystore } = summarizeKeystore({
      encryption: 'legacy',
      certificates: [
        bag(certificate('f1', '01', 1), 'authentication'),
        bag(certificate('f2', '0a', 2), '10'),
      ],
      keys: [key('authentication', 1), key('10', 2), key('11', 3), key('12', null)],
    });
    const sha256 = (byte: number) => createHash('sha256').update(Uint8Array.of(byte)).digest('hex');
    expect(keystore.etkPublicKeys).toEqual([
      { alias: '10', publicKeyFingerprint: sha256(2) },
      { alias: '11', publicKeyFingerprint: sha256(3) },
      { alias: '12', publicKeyFingerprint: null },
    ]);
  });

  it('matches by localKeyId only when the public key cannot be compared', () => {
    const contents = {
      encryption: 'legacy' as const,
      certificates: [bag(certificate('f1', '01', 1), 'a', 'id1')],
      keys: [key('a', null, 'id1')],
    };
    expect(summarizeKeystore(contents).certificates[0]!.hasPrivateKey).toBe(true);
    const mismatch = { ...contents, keys: [key('a', 2, 'id1')] }; // same localKeyId, another public key
    expect(summarizeKeystore(mismatch).keystore.pendingKeyAliases).toEqual(['a']);
  });

  it('lists a certificate stored twice once, keeping its alias; alias-less chain certificates are no entries', () => {
    const ca = certificate('ca', '02', 3, { isCa: true });
    const { certificates, keystore } = summarizeKeystore({
      encryption: 'legacy',
      certificates: [
        bag(certificate('f1', '01', 1), 'authentication'),
        bag(ca, null),
        bag(certificate('mid', '03', 4, { isCa: true }), null),
        bag(ca, 'CN=Root'),
      ],
      keys: [key('authentication', 1)],
    });
    expect(certificates.map((c) => [c.sha256Fingerprint, c.alias])).toEqual([
      ['f1', 'authentication'],
      ['ca', 'CN=Root'],
      ['mid', null],
    ]);
    expect(keystore.entries.map((e) => [e.alias, e.role])).toEqual([
      ['authentication', 'authentication'],
      ['CN=Root', 'ca'],
    ]);
  });

  it('matches thousands of keys to their certificates in one pass, not each key against every certificate', () => {
    const count = 6000;
    // RSA-2048 public keys are 294 bytes, and differ only deep inside: the worst case for comparing byte by byte.
    const spki = (i: number) => {
      const bytes = new Uint8Array(294).fill(0x30);
      bytes.set([i >> 8, i & 0xff], 280);
      return bytes;
    };
    const certificates = Array.from({ length: count }, (_, i) => {
      const parsed = certificate(`f${i}`, '01', 0);
      return bag({ ...parsed, subjectPublicKeyInfo: spki(i) }, null, `id${i}`);
    });
    // Keys in the reverse order, half with a public key, half matched by localKeyId only.
    const keys = Array.from({ length: count }, (_, n) => {
      const i = count - 1 - n;
      return { ...key(`k${i}`, null, `id${i}`), publicKeySpki: i % 2 ? spki(i) : null };
    });
    const started = performance.now();
    const { keystore } = summarizeKeystore({ encryption: 'modern', certificates, keys });
    const ms = performance.now() - started;
    expect(keystore.pendingKeyAliases).toEqual([]);
    expect(keystore.entries[0]).toMatchObject({
      alias: `k${count - 1}`,
      certificateFingerprint: `f${count - 1}`,
    });
    // A comparison of every key with every certificate (18 million) took seconds here; one pass takes milliseconds.
    expect(ms).toBeLessThan(500);
  });
});
