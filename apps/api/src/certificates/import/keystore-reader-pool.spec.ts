import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { CertificateFileError, readCertificateFile } from '@certdesk/pki';
import { buildEhealthKeystore, createTestPki, type TestPki } from '@certdesk/pki/testing';
import { KeystoreReaderPool } from './keystore-reader-pool.js';

const PASSWORD = 'Pool-Test-Pa55word!';
const fixture = (name: string) =>
  readFileSync(new URL(`../../../../../libs/pki/test/fixtures/${name}`, import.meta.url));
/** The Java keytool keystore: 100,000 MAC iterations, the slow case the pool exists for. */
const java = {
  bytes: fixture('java-legacy-ehealth.p12'),
  password: (JSON.parse(fixture('java-legacy-ehealth.json').toString('utf8')) as { password: string })
    .password,
};

describe('KeystoreReaderPool', () => {
  const pool = new KeystoreReaderPool();
  let pki: TestPki;
  let keystore: Uint8Array;

  beforeAll(async () => {
    pki = await createTestPki();
    const authentication = await pki.issueEhealthCertificate({
      identifierType: 'NIHII-AMBU_SERVICE',
      identifierValue: '79609977',
      holderName: 'Ambulances Dupont',
    });
    keystore = await buildEhealthKeystore({
      password: PASSWORD,
      encryption: 'legacy',
      authentication,
      etk: [await pki.issueEtkCertificate(authentication)],
    });
  });
  afterAll(() => pool.close());

  it('answers what readCertificateFile answers on this thread', async () => {
    for (const [bytes, password] of [
      [keystore, PASSWORD],
      [java.bytes, java.password],
      [pki.root.certificate.der, undefined],
    ] as const) {
      const inThread = await pool.read(bytes, password);
      const here = await readCertificateFile(bytes, { password });
      expect(inThread).toEqual(here);
      // Dates this code can use as Dates (`instanceof`), whatever realm the message arrived in.
      for (const certificate of inThread.certificates) expect(certificate.notAfter).toBeInstanceOf(Date);
    }
  });

  it.each([
    ['a wrong password', () => keystore, 'Not-The-Pa55word!', 'WRONG_PASSWORD'],
    ['no password', () => keystore, undefined, 'PASSWORD_REQUIRED'],
    [
      'a file that is no certificate',
      () => new TextEncoder().encode('hello'),
      undefined,
      'UNSUPPORTED_FORMAT',
    ],
    ['an empty file', () => new Uint8Array(0), undefined, 'UNSUPPORTED_FORMAT'],
  ])(
    'refuses %s with the CertificateFileError readCertificateFile throws',
    async (_what, bytes, password, code) => {
      const thrown = await pool.read(bytes(), password).catch((error: unknown) => error);
      const expected = await readCertificateFile(bytes(), { password }).catch((error: unknown) => error);
      expect(thrown).toBeInstanceOf(CertificateFileError);
      expect(thrown).toMatchObject({ code, message: (expected as Error).message });
      if (password) expect((thrown as Error).message).not.toContain(password);
    },
  );

  it('leaves the bytes it was given as they were', async () => {
    const bytes = Buffer.from(keystore);
    await pool.read(bytes, PASSWORD);
    expect(bytes).toEqual(Buffer.from(keystore));
  });

  it('keeps this thread free while a legacy keystore is read', async () => {
    let done = false;
    const reading = pool.read(java.bytes, java.password).finally(() => {
      done = true;
    });
    // Counting event-loop turns, not time: a read on this thread would leave none before it ends.
    let turns = 0;
    while (!done) {
      await nextTurn();
      turns += 1;
    }
    await reading;
    expect(turns).toBeGreaterThan(100);
  });

  it('reads again after being closed (the threads start on the next file)', async () => {
    await pool.close();
    expect(await pool.read(keystore, PASSWORD)).toEqual(
      await readCertificateFile(keystore, { password: PASSWORD }),
    );
  });
});
