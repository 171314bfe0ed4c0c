// The test PKI every later test mints its certificates with: it must produce what real ones look like.
import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { describeCertificate, formatDistinguishedName } from '@certdesk/domain';
import { parseCertificate } from '../src/index.js';
import { type TestPki, createTestPki } from '../src/testing/index.js';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki();
});

const ehealthHolder = {
  identifierType: 'CBE',
  identifierValue: '0566988259',
  holderName: 'Organisation Test',
};

describe('createTestPki', () => {
  it('names the eHealth issuing CAs exactly as domain classifies them', async () => {
    const production = await pki.issueEhealthCertificate({ ...ehealthHolder, keyAlgorithm: 'EC-P256' });
    const acceptance = await pki.issueEhealthCertificate({
      ...ehealthHolder,
      environment: 'acceptance',
      keyAlgorithm: 'EC-P256',
    });
    const environmentOf = (der: Uint8Array) =>
      describeCertificate(parseCertificate(der), { now: new Date() }).ehealth?.environment;
    expect(environmentOf(production.der)).toBe('production');
    expect(environmentOf(acceptance.der)).toBe('acceptance');
    expect(formatDistinguishedName(parseCertificate(pki.ehealthProduction.certificate.der).subject)).toBe(
      'CN=ZetesConfidens Private Trust PKI - eHealth issuing CA 001,SERIALNUMBER=001,O=ZETES SA,C=BE',
    );
  });

  it('gives every certificate its chain, issuer first up to the root', async () => {
    const certificate = await pki.issueEhealthCertificate({ ...ehealthHolder, keyAlgorithm: 'EC-P256' });
    expect(certificate.chain).toEqual([pki.ehealthProduction.certificate.der, pki.root.certificate.der]);
    const issuer = new X509Certificate(certificate.chain[0]!);
    expect(new X509Certificate(certificate.der).verify(issuer.publicKey)).toBe(true);
    expect(new X509Certificate(certificate.der).checkIssued(issuer)).toBe(true);
  });

  it('honours the serial number, validity and key algorithm it is given', async () => {
    const notBefore = new Date('2024-01-01T00:00:00Z');
    const notAfter = new Date('2024-04-01T00:00:00Z');
    const certificate = await pki.issueEhealthCertificate({
      ...ehealthHolder,
      applicationId: 'my-app',
      notBefore,
      notAfter,
      keyAlgorithm: 'EC-P384',
      serialNumber: 0x8f12n,
    });
    const facts = parseCertificate(certificate.der);
    expect(facts).toMatchObject({ serialNumber: '8f12', notBefore, notAfter, keyAlgorithm: 'EC-P384' });
    expect(describeCertificate(facts, { now: new Date('2024-02-01T00:00:00Z') })).toMatchObject({
      status: 'renewable',
      ehealth: { applicationId: 'MY-APP', identifierType: 'CBE', checkDigitsValid: true },
    });
  });

  it('gives every certificate its own key', async () => {
    const certificates = await Promise.all(
      [1, 2, 3].map(() => pki.issueEhealthCertificate({ ...ehealthHolder })),
    );
    const keys = certificates.map((c) => Buffer.from(c.publicKeySpki).toString('hex'));
    expect(new Set(keys).size).toBe(3);
    expect(certificates.every((c) => c.keyAlgorithm === 'RSA-2048')).toBe(true);
  });

  it("issues the ETK with the holder's own authentication key: same subject and validity", async () => {
    const authentication = await pki.issueEhealthCertificate({ ...ehealthHolder, keyAlgorithm: 'EC-P256' });
    const etk = await pki.issueEtkCertificate(authentication, { keyAlgorithm: 'EC-P256' });
    const [a, e] = [parseCertificate(authentication.der), parseCertificate(etk.der)];
    expect(e.subject).toEqual(a.subject);
    expect(e.issuer).toEqual(a.subject);
    expect([e.notBefore, e.notAfter]).toEqual([a.notBefore, a.notAfter]);
    expect(new X509Certificate(etk.der).verify(new X509Certificate(authentication.der).publicKey)).toBe(true);
    expect(etk.chain[0]).toEqual(authentication.der);
  });

  it.each(['RSA-2048', 'EC-P384'] as const)(
    'issues eID-shaped citizen certificates (%s)',
    async (keyAlgorithm) => {
      const { authentication, signature } = await pki.issueCitizenCertificates({
        ssin: '01050399864',
        givenName: 'Jean Pierre',
        surname: 'Test',
        keyAlgorithm,
      });
      const a = parseCertificate(authentication.der);
      const s = parseCertificate(signature.der);
      expect(formatDistinguishedName(a.subject)).toBe(
        'SERIALNUMBER=01050399864,GIVENNAME=Jean Pierre,SURNAME=Test,CN=Jean Pierre Test (Authentication),C=BE',
      );
      expect(formatDistinguishedName(s.subject)).toContain('CN=Jean Pierre Test (Signature)');
      expect(a).toMatchObject({ keyAlgorithm, keyUsages: ['digitalSignature'] });
      expect(s).toMatchObject({ keyAlgorithm, keyUsages: ['nonRepudiation'] });
      expect(formatDistinguishedName(a.issuer)).toContain('CN=Citizen CA');
      expect(authentication.publicKeySpki).not.toEqual(signature.publicKeySpki);
    },
  );
});
