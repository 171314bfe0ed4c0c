// Uploading certificate files to the import endpoint, and making the files: zips (yazl), keystores and certificates
// from the test PKI of libs/pki, and the committed Java keytool fixtures.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ZipFile } from 'yazl';
import { createTestPki, type TestPki } from '@certdesk/pki/testing';
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
