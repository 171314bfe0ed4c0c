// PEM and DER certificate files, read as a user would hand them to Certdesk.
import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { describeCertificate, formatDistinguishedName } from '@certdesk/domain';
import { parseCertificate, readCertificateFile, subjectSerialNumber } from '../src/index.js';
import { type TestCertificate, type TestPki, createTestPki } from '../src/testing/index.js';
import { errorOf, join, openssl, withTempDir, writeFileSync } from './helpers.js';

let pki: TestPki;
let vitalink: TestCertificate;
let ecCertificate: TestCertificate;

beforeAll(async () => {
  pki = await createTestPki();
  vitalink = await pki.issueEhealthCertificate({
    identifierType: 'EHP',
    identifierValue: '1990001916',
    holderName: 'Vlaams Agentschap Zorg en Gezondheid',
    applicationId: 'VITALINKGATEWAY',
  });
  ecCertificate = await pki.issueEhealthCertificate({
    identifierType: 'NIHII-HOSPITAL',
    identifierValue: '71000436',
    holderName: 'Hôpital Test',
    environment: 'acceptance',
    keyAlgorithm: 'EC-P384',
  });
});

/** What `openssl x509` says about a certificate: the reference the reader must match. */
function opensslFacts(certificate: TestCertificate) {
  return withTempDir((dir) => {
    const file = join(dir, 'cert.pem');
    writeFileSync(file, certificate.pem);
    const out = openssl(['x509', '-in', file, '-noout', '-serial', '-fingerprint', '-sha256']).toString();
    return {
      serialNumber: /serial=([0-9A-F]+)/.exec(out)![1]!.toLowerCase(),
      sha256Fingerprint: /Fingerprint=([0-9A-F:]+)/.exec(out)![1]!.replace(/:/g, '').toLowerCase(),
    };
  });
}

describe('a DER certificate', () => {
  it('reads every fact, matching openssl and node:crypto', async () => {
    const result = await readCertificateFile(vitalink.der);
    expect(result.format).toBe('der');
    expect(result.keystore).toBeNull();
    const [certificate] = result.certificates;
    const reference = new X509Certificate(vitalink.der);
    expect(certificate).toMatchObject({
      ...opensslFacts(vitalink),
      notBefore: new Date(reference.validFrom),
      notAfter: new Date(reference.validTo),
      keyAlgorithm: 'RSA-2048',
      keySize: 2048,
      keyUsages: ['digitalSignature', 'keyEncipherment'],
      extendedKeyUsages: ['clientAuth'],
      isCa: false,
      hasPrivateKey: false,
      alias: null,
    });
    expect(Buffer.from(certificate!.der).equals(vitalink.der)).toBe(true);
  });

  it('gives domain the application-ID subject: CN="EHP=1990001916, VITALINKGATEWAY"', async () => {
    const [certificate] = (await readCertificateFile(vitalink.der)).certificates;
    expect(formatDistinguishedName(certificate!.subject, { style: 'readable' })).toBe(
      'CN="EHP=1990001916, VITALINKGATEWAY", OU=eHealth-platform Belgium, OU=VLAAMS AGENTSCHAP ZORG EN GEZONDHEID, ' +
        'OU="EHP=1990001916", OU=VITALINKGATEWAY, O=Federal Government, C=BE',
    );
    const description = describeCertificate(certificate!, { now: new Date() });
    expect(description.ehealth).toMatchObject({
      identifierType: 'EHP',
      identifierValue: '1990001916',
      applicationId: 'VITALINKGATEWAY',
      holderName: 'VLAAMS AGENTSCHAP ZORG EN GEZONDHEID',
      environment: 'production',
    });
    expect(description.status).toBe('valid');
  });

  it('reads an EC key as EC-P384 and the acceptance issuer as acceptance', async () => {
    const [certificate] = (await readCertificateFile(ecCertificate.der)).certificates;
    expect(certificate).toMatchObject({
      keyAlgorithm: 'EC-P384',
      keySize: 384,
      ...opensslFacts(ecCertificate),
    });
    expect(describeCertificate(certificate!, { now: new Date() }).ehealth).toMatchObject({
      identifierType: 'NIHII-HOSPITAL',
      holderName: 'HOPITAL TEST',
      environment: 'acceptance',
      checkDigitsValid: true,
    });
  });

  it('reads CA certificates as CAs, with their key usages', () => {
    const root = parseCertificate(pki.root.certificate.der);
    expect(root).toMatchObject({
      isCa: true,
      keyUsages: ['keyCertSign', 'cRLSign'],
      keyAlgorithm: 'EC-P256',
    });
    expect(formatDistinguishedName(root.subject)).toBe(formatDistinguishedName(root.issuer));
  });

  it('exposes the eID SSIN (subject SERIALNUMBER)', async () => {
    const { authentication } = await pki.issueCitizenCertificates({
      ssin: '01050399864',
      givenName: 'Jean',
      surname: 'Test',
      keyAlgorithm: 'EC-P384',
    });
    expect(subjectSerialNumber(parseCertificate(authentication.der))).toBe('01050399864');
    expect(subjectSerialNumber(parseCertificate(vitalink.der))).toBeNull();
  });

  it('says a DER certificate request is a request (UNSUPPORTED_FORMAT), as for a PEM one', async () => {
    const [der, pem] = withTempDir((dir) => {
      const key = join(dir, 'key.pem');
      openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key]);
      const request = (form: string) =>
        openssl([
          'req',
          '-new',
          '-key',
          key,
          '-subj',
          '/CN=CBE=0820563481/O=Federal Government/C=BE',
          '-outform',
          form,
        ]);
      return [request('DER'), request('PEM')];
    });
    const derError = await errorOf(readCertificateFile(der));
    expect(derError.code).toBe('UNSUPPORTED_FORMAT');
    expect(derError.message).toMatch(/certificate request/);
    expect((await errorOf(readCertificateFile(pem))).code).toBe('UNSUPPORTED_FORMAT');
  });

  it('refuses a truncated certificate as UNREADABLE', async () => {
    const error = await errorOf(readCertificateFile(vitalink.der.subarray(0, 300)));
    expect(error.code).toBe('UNREADABLE');
  });

  it('refuses a certificate whose validity date is damaged, rather than reading a date of 1899', async () => {
    // notBefore: UTCTime (tag 0x17), 13 bytes 'YYMMDDHHMMSSZ'; its month's first digit becomes 0xff.
    const der = Buffer.from(vitalink.der);
    const notBefore = der.indexOf(Buffer.from([0x17, 0x0d]));
    der[notBefore + 2 + 2] = 0xff;
    const error = await errorOf(readCertificateFile(der));
    expect(error.code).toBe('UNREADABLE');
    expect(error.message).toMatch(/damaged/);
  });

  it('refuses an OID cut inside a subidentifier, even in a field Certdesk does not show', async () => {
    // The outer signature algorithm (after the TBS): its OID's last byte gets its continuation bit.
    const der = Buffer.from(vitalink.der);
    const tbsLength = der.readUInt16BE(6); // 30 82 LLLL 30 82 LLLL: the TBS is the first element
    const algorithm = 4 + 4 + tbsLength; // SEQUENCE { OID, NULL }: 30 0d 06 09 ...
    expect(der[algorithm + 2]).toBe(0x06);
    der[algorithm + 4 + der[algorithm + 3]! - 1]! |= 0x80;
    expect((await errorOf(readCertificateFile(der))).code).toBe('UNREADABLE');
  });
});

describe('a PEM file', () => {
  it('reads a bundle with text around and between the certificates (openssl x509 -text output)', async () => {
    const text = withTempDir((dir) => {
      const file = join(dir, 'cert.pem');
      writeFileSync(file, vitalink.pem);
      return openssl(['x509', '-in', file, '-text']).toString();
    });
    const bundle = `Here is the bundle you asked for.\r\n\r\n${text}\nand the issuer:\n${pki.ehealthProduction.certificate.pem}\n# root\n${pki.root.certificate.pem}trailing words`;
    const result = await readCertificateFile(Buffer.from(bundle));
    expect(result.format).toBe('pem');
    expect(result.certificates.map((c) => c.sha256Fingerprint)).toEqual(
      [vitalink, pki.ehealthProduction.certificate, pki.root.certificate].map(
        (c) => opensslFacts(c).sha256Fingerprint,
      ),
    );
  });

  it('reads a single certificate with Windows line endings', async () => {
    const result = await readCertificateFile(Buffer.from(ecCertificate.pem.replace(/\n/g, '\r\n')));
    expect(result.certificates).toHaveLength(1);
    expect(result.certificates[0]!.keyAlgorithm).toBe('EC-P384');
  });

  it('reads a TRUSTED CERTIFICATE block (openssl -trustout) as its certificate, beside plain ones', async () => {
    const trusted = withTempDir((dir) => {
      const file = join(dir, 'cert.pem');
      writeFileSync(file, pki.ehealthProduction.certificate.pem);
      return openssl(['x509', '-in', file, '-addtrust', 'clientAuth', '-trustout']).toString();
    });
    expect(trusted).toMatch(/-----BEGIN TRUSTED CERTIFICATE-----/);
    const result = await readCertificateFile(
      Buffer.from(`${vitalink.pem}${trusted}${pki.root.certificate.pem}`),
    );
    expect(result.certificates.map((c) => c.sha256Fingerprint)).toEqual(
      [vitalink, pki.ehealthProduction.certificate, pki.root.certificate].map(
        (c) => opensslFacts(c).sha256Fingerprint,
      ),
    );
  });

  it.each([
    { name: 'a truncated PEM (no END line)', content: () => vitalink.pem.slice(0, 400), code: 'UNREADABLE' },
    {
      name: 'a PEM whose base64 is damaged',
      content: () => vitalink.pem.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!'),
      code: 'UNREADABLE',
    },
    {
      name: 'a PEM holding only a private key',
      content: () => '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n',
      code: 'UNSUPPORTED_FORMAT',
    },
    {
      name: 'a text file',
      content: () => 'Dear colleague, the certificate is attached.\n',
      code: 'UNSUPPORTED_FORMAT',
    },
    { name: 'an empty file', content: () => '', code: 'UNSUPPORTED_FORMAT' },
  ])('refuses $name as $code', async ({ content, code }) => {
    const error = await errorOf(readCertificateFile(Buffer.from(content())));
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(10);
  });
});
