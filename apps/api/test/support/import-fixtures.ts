// Uploading certificate files to the import endpoint, and making the files: zips (yazl), keystores and certificates
// from the test PKI of libs/pki, and the committed Java keytool fixtures.
import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as asn1js from 'asn1js';
import { ZipFile } from 'yazl';
import { createTestPki, type TestCertificate, type TestPki } from '@certdesk/pki/testing';
import type { TestApp } from './test-app.js';
import { bearer } from './test-app.js';

export const KEYSTORE_PASSWORD = 'Import-Test-Pa55word!';

let sharedPki: Promise<TestPki> | undefined;
/** One test PKI per test file (minting its CAs costs a few hundred milliseconds). */
export function testPki(): Promise<TestPki> {
  sharedPki ??= createTestPki();
  return sharedPki;
}

export interface UploadFile {
  name: string;
  bytes: Uint8Array | string;
}

/** POST /api/v1/certificates/import as multipart, each file under `files`. */
export function upload(
  t: TestApp,
  token: string,
  files: UploadFile[],
  fields: Record<string, string | boolean | undefined>,
) {
  let request = t.http().post('/api/v1/certificates/import').set(bearer(token));
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined) request = request.field(name, String(value));
  }
  for (const file of files) {
    request = request.attach('files', Buffer.from(file.bytes), { filename: file.name });
  }
  return request;
}

/** A zip archive of `entries`, deflated unless `store` is set. */
export function zip(
  entries: { name: string; bytes: Uint8Array | string }[],
  options: { store?: boolean } = {},
): Promise<Buffer> {
  const archive = new ZipFile();
  for (const entry of entries) {
    if (entry.name.endsWith('/')) archive.addEmptyDirectory(entry.name);
    else archive.addBuffer(Buffer.from(entry.bytes), entry.name, { compress: !options.store });
  }
  archive.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    archive.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    archive.outputStream.on('error', reject);
    archive.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

const PKI_FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../../../libs/pki/test/fixtures');

/** A file of libs/pki/test/fixtures (see its README). */
export function pkiFixture(name: string): Buffer {
  return readFileSync(join(PKI_FIXTURES, name));
}

/** The committed Java 17 keytool legacy keystore and what it holds. */
export function javaLegacyKeystore(): {
  bytes: Buffer;
  password: string;
  authentication: { alias: string; sha256Fingerprint: string };
  etk: { alias: string; sha256Fingerprint: string };
  root: { alias: string; sha256Fingerprint: string };
} {
  const facts = JSON.parse(pkiFixture('java-legacy-ehealth.json').toString('utf8'));
  return { bytes: pkiFixture('java-legacy-ehealth.p12'), ...facts };
}

/**
 * `count` renewals of `certificate`: the same subject, issuer and key, each with its own serial number and a notAfter
 * one minute after the previous one, signed by `issuerKeyPkcs8` (an EC CA's). The test PKI mints one in ~20 ms; these
 * take a fraction of a millisecond each.
 */
function renewalsOf(certificate: TestCertificate, issuerKeyPkcs8: Uint8Array, count: number): string[] {
  const issuerKey = createPrivateKey({ key: Buffer.from(issuerKeyPkcs8), format: 'der', type: 'pkcs8' });
  const [tbs, algorithm] = (asn1js.fromBER(certificate.der).result as asn1js.Sequence).valueBlock.value as [
    asn1js.Sequence,
    asn1js.Sequence,
  ];
  const fields = tbs.valueBlock.value;
  const [notBefore, notAfter] = (fields[4] as asn1js.Sequence).valueBlock.value as [
    asn1js.UTCTime,
    asn1js.UTCTime,
  ];
  return Array.from({ length: count }, (_, i) => {
    const renewedTbs = new asn1js.Sequence({
      value: [
        fields[0]!,
        asn1js.Integer.fromBigInt(0x1000n + BigInt(i)),
        ...fields.slice(2, 4),
        new asn1js.Sequence({
          value: [
            notBefore,
            new asn1js.UTCTime({ valueDate: new Date(notAfter.toDate().getTime() + i * 60_000) }),
          ],
        }),
        ...fields.slice(5),
      ],
    });
    const tbsDer = Buffer.from(renewedTbs.toBER());
    const der = new asn1js.Sequence({
      value: [renewedTbs, algorithm, new asn1js.BitString({ valueHex: sign('sha256', tbsDer, issuerKey) })],
    }).toBER();
    const base64 = Buffer.from(der).toString('base64');
    return `-----BEGIN CERTIFICATE-----\n${base64.replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;
  });
}

/**
 * `count` certificates of one identity (CBE `cbe`, EC keys), the first valid from 30 days ago for 430 days and each of
 * the others its renewal a minute later: fast to make by the thousand (renewalsOf).
 */
export async function renewalChain(cbe: string, count: number): Promise<string[]> {
  const pki = await testPki();
  const first = await pki.issueEhealthCertificate({
    identifierType: 'CBE',
    identifierValue: cbe,
    holderName: 'Ambulances de Namur',
    keyAlgorithm: 'EC-P256',
    notBefore: new Date(Date.now() - 30 * 86_400_000),
    notAfter: new Date(Date.now() + 400 * 86_400_000),
  });
  return renewalsOf(first, pki.ehealthProduction.certificate.privateKeyPkcs8, count);
}
