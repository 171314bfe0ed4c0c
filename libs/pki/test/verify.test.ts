// Signatures as the eID card makes them (through PKCS#11) and certificate chains to a trust anchor.
import { constants, createHash, createPrivateKey, privateEncrypt, sign } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  type SignatureAlgorithm,
  verifyCertificateChain,
  verifySignature,
  verifySignedDigest,
} from '../src/index.js';
import { type TestCertificate, type TestPki, createTestPki } from '../src/testing/index.js';

let pki: TestPki;
let rsa: { authentication: TestCertificate; signature: TestCertificate };
let ec: { authentication: TestCertificate; signature: TestCertificate };

beforeAll(async () => {
  pki = await createTestPki();
  rsa = await pki.issueCitizenCertificates({
    ssin: '01050399864',
    givenName: 'Anna',
    surname: 'Test',
    keyAlgorithm: 'RSA-2048',
  });
  ec = await pki.issueCitizenCertificates({
    ssin: '85073003328',
    givenName: 'Bert',
    surname: 'Test',
    keyAlgorithm: 'EC-P384',
  });
});

const keyOf = (certificate: TestCertificate) =>
  createPrivateKey({ key: Buffer.from(certificate.privateKeyPkcs8), format: 'der', type: 'pkcs8' });
const HASH = {
  RS256: 'sha256',
  RS384: 'sha384',
  RS512: 'sha512',
  PS256: 'sha256',
  ES256: 'sha256',
  ES384: 'sha384',
  ES512: 'sha512',
} as const;

/** Signs as PKCS#11 returns it: PKCS#1 v1.5 or PSS for RSA, raw r||s for ECDSA. */
function cardSign(certificate: TestCertificate, algorithm: keyof typeof HASH, data: Uint8Array): Buffer {
  const key = keyOf(certificate);
  if (algorithm.startsWith('ES')) return sign(HASH[algorithm], data, { key, dsaEncoding: 'ieee-p1363' });
  if (algorithm.startsWith('PS'))
    return sign(HASH[algorithm], data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
  return sign(HASH[algorithm], data, key);
}

describe('verifySignature', () => {
  const data = Buffer.from('challenge: 6f1c... origin https://certdesk.example');
  const cases: { name: string; holder: () => TestCertificate; algorithm: SignatureAlgorithm }[] = [
    { name: 'RSA-2048 RS256', holder: () => rsa.authentication, algorithm: 'RS256' },
    { name: 'RSA-2048 RS512', holder: () => rsa.signature, algorithm: 'RS512' },
    { name: 'RSA-2048 PS256', holder: () => rsa.authentication, algorithm: 'PS256' },
    { name: 'EC P-384 ES384', holder: () => ec.authentication, algorithm: 'ES384' },
    { name: 'EC P-384 ES256', holder: () => ec.signature, algorithm: 'ES256' },
  ];

  describe.each(cases)('$name', ({ holder, algorithm }) => {
    const signatureFor = (payload: Uint8Array) => cardSign(holder(), algorithm as keyof typeof HASH, payload);

    it('accepts a valid signature', async () => {
      await expect(
        verifySignature({ certificateDer: holder().der, data, signature: signatureFor(data), algorithm }),
      ).resolves.toBe(true);
    });

    it('refuses tampered data', async () => {
      const tampered = Buffer.from(data);
      tampered[0]! ^= 1;
      await expect(
        verifySignature({
          certificateDer: holder().der,
          data: tampered,
          signature: signatureFor(data),
          algorithm,
        }),
      ).resolves.toBe(false);
    });

    it('refuses a forged signature', async () => {
      const forged = signatureFor(data);
      forged[forged.length - 5]! ^= 0x40;
      await expect(
        verifySignature({ certificateDer: holder().der, data, signature: forged, algorithm }),
      ).resolves.toBe(false);
    });

    it('refuses a signature checked against another key', async () => {
      const other =
        holder() === rsa.authentication || holder() === rsa.signature
          ? [rsa.authentication, rsa.signature]
          : [ec.authentication, ec.signature];
      const wrongCertificate = other.find((c) => c !== holder())!;
      await expect(
        verifySignature({
          certificateDer: wrongCertificate.der,
          data,
          signature: signatureFor(data),
          algorithm,
        }),
      ).resolves.toBe(false);
    });
  });

  it('refuses an algorithm that does not fit the key (ES256 with an RSA certificate)', async () => {
    const signature = cardSign(rsa.authentication, 'RS256', data);
    await expect(
      verifySignature({ certificateDer: rsa.authentication.der, data, signature, algorithm: 'ES256' }),
    ).resolves.toBe(false);
  });
});

describe('verifySignedDigest (a card given a hash to sign)', () => {
  const document = Buffer.from('handover document v1');

  it('RSA PKCS#1 v1.5 over DigestInfo: valid, then wrong digest and wrong key', async () => {
    const digest = createHash('sha256').update(document).digest();
    const digestInfo = Buffer.concat([Buffer.from('3031300d060960864801650304020105000420', 'hex'), digest]);
    const signature = privateEncrypt(
      { key: keyOf(rsa.signature), padding: constants.RSA_PKCS1_PADDING },
      digestInfo,
    );
    const check = (
      certificate: TestCertificate,
      d: Buffer,
      hashAlgorithm: 'SHA-256' | 'SHA-384' = 'SHA-256',
    ) => verifySignedDigest({ certificateDer: certificate.der, digest: d, hashAlgorithm, signature });
    await expect(check(rsa.signature, digest)).resolves.toBe(true);
    await expect(
      check(rsa.signature, createHash('sha256').update('another document').digest()),
    ).resolves.toBe(false);
    await expect(check(rsa.authentication, digest)).resolves.toBe(false);
    await expect(check(rsa.signature, Buffer.concat([digest, Buffer.alloc(16)]), 'SHA-384')).resolves.toBe(
      false,
    );
  });

  it.each(['SHA-256', 'SHA-384'] as const)(
    'ECDSA P-384 raw r||s over a %s digest: valid, then tampered',
    async (hashAlgorithm) => {
      const hash = hashAlgorithm === 'SHA-256' ? 'sha256' : 'sha384';
      const signature = sign(hash, document, { key: keyOf(ec.signature), dsaEncoding: 'ieee-p1363' });
      const digest = createHash(hash).update(document).digest();
      expect(signature).toHaveLength(96);
      await expect(
        verifySignedDigest({ certificateDer: ec.signature.der, digest, hashAlgorithm, signature }),
      ).resolves.toBe(true);
      const forged = Buffer.from(signature);
      forged[10]! ^= 1;
      await expect(
        verifySignedDigest({ certificateDer: ec.signature.der, digest, hashAlgorithm, signature: forged }),
      ).resolves.toBe(false);
      await expect(
        verifySignedDigest({ certificateDer: ec.authentication.der, digest, hashAlgorithm, signature }),
      ).resolves.toBe(false);
    },
  );
});

describe('verifyCertificateChain', () => {
  const now = new Date();

  it('accepts an eID certificate through the Citizen CA to the root, and returns the path leaf first', async () => {
    const result = await verifyCertificateChain({
      leafDer: ec.authentication.der,
      intermediatesDer: [pki.citizenCa.certificate.der],
      trustAnchorsDer: [pki.root.certificate.der],
      at: now,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.chain.map((c) => c.sha256Fingerprint)).toHaveLength(3);
    expect(result.chain[0]!.subject.find((a) => a.type === 'SERIALNUMBER')?.value).toBe('85073003328');
    expect(result.chain[2]!.isCa).toBe(true);
  });

  it('refuses an expired certificate, with a reason', async () => {
    const expired = await pki.issueEhealthCertificate({
      identifierType: 'SSIN',
      identifierValue: '85073003328',
      holderName: 'Bert Test',
      keyAlgorithm: 'EC-P256',
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2023-01-01T00:00:00Z'),
    });
    const result = await verifyCertificateChain({
      leafDer: expired.der,
      intermediatesDer: expired.chain.slice(0, 1),
      trustAnchorsDer: [pki.root.certificate.der],
      at: now,
    });
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/expired/) });
  });

  it('refuses a chain to another trust anchor', async () => {
    const otherPki = await createTestPki();
    const result = await verifyCertificateChain({
      leafDer: rsa.authentication.der,
      intermediatesDer: [pki.citizenCa.certificate.der],
      trustAnchorsDer: [otherPki.root.certificate.der],
      at: now,
    });
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/trusted anchor|path/i) });
  });

  it('refuses a chain with a missing intermediate', async () => {
    const result = await verifyCertificateChain({
      leafDer: rsa.authentication.der,
      intermediatesDer: [],
      trustAnchorsDer: [pki.root.certificate.der],
      at: now,
    });
    expect(result.ok).toBe(false);
  });
});
