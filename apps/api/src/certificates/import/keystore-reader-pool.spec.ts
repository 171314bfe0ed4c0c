import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { CertificateFileError, readCertificateFile } from '@certdesk/pki';
import { buildEhealthKeystore, createTestPki, processGoesQuiet, type TestPki } from '@certdesk/pki/testing';
import { isLightFile, KeystoreReaderPool, TooManyCertificatesError } from './keystore-reader-pool.js';

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

  describe('light files, several to a task', () => {
    it('answers each what reading it alone answers, in order, a refused one without failing the others', async () => {
      const pem = new TextEncoder().encode(pki.root.certificate.pem);
      const der = pki.ehealthProduction.certificate.der;
      const broken = der.slice(0, 100);
      expect(isLightFile(pem) && isLightFile(der)).toBe(true);
      const answers = await pool.readLight([pem, broken, der]);
      expect(answers[0]).toEqual(await readCertificateFile(pem));
      expect(answers[1]).toBeInstanceOf(CertificateFileError);
      expect((answers[1] as CertificateFileError).code).toBe('UNREADABLE');
      expect(answers[2]).toEqual(await readCertificateFile(der));
    });

    it('answers a light file over the certificate limit as too many, the others read', async () => {
      const limited = new KeystoreReaderPool({ maxCertificates: 1 });
      try {
        const one = new TextEncoder().encode(pki.root.certificate.pem);
        const two = new TextEncoder().encode(
          pki.root.certificate.pem + pki.ehealthProduction.certificate.pem,
        );
        const [first, second] = await limited.readLight([one, two]);
        expect(first).toEqual(await readCertificateFile(one));
        expect(second).toBeInstanceOf(TooManyCertificatesError);
        expect(second).toMatchObject({ count: 2, limit: 1 });
      } finally {
        await limited.close();
      }
    });

    it('never puts a keystore, base64 text or a large file with others', () => {
      const large = new TextEncoder().encode(pki.root.certificate.pem.repeat(40));
      expect(large.length).toBeGreaterThan(16 * 1024);
      expect(isLightFile(keystore)).toBe(false);
      expect(isLightFile(new TextEncoder().encode(Buffer.from(keystore).toString('base64')))).toBe(false);
      expect(isLightFile(large)).toBe(false);
    });
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

  describe('a file that asks for too much', () => {
    // Every key derivation at the iteration bound (10,000,000): several seconds even with OpenSSL's derivation (the MAC
    // alone, 0.7 s here, could finish within the budget), what the time budget is for.
    let slowKeystore: Uint8Array;
    const slow = () => slowKeystore;
    const budget = new KeystoreReaderPool({ readTimeoutMs: 700 });
    beforeAll(async () => {
      const authentication = await pki.issueEhealthCertificate({
        identifierType: 'NIHII-AMBU_SERVICE',
        identifierValue: '79609977',
        holderName: 'Ambulances Dupont',
      });
      slowKeystore = await buildEhealthKeystore({
        password: PASSWORD,
        encryption: 'legacy',
        iterations: 10_000_000,
        authentication,
      });
    });
    afterAll(() => budget.close());

    it('is stopped at its time budget and refused as UNREADABLE, while another file is read meanwhile', async () => {
      const started = performance.now();
      let slowSettledAt = 0;
      const refused = budget
        .read(slow(), PASSWORD)
        .catch((error: unknown) => error)
        .finally(() => (slowSettledAt = performance.now()));
      const ordinary = await budget.read(keystore, PASSWORD);
      const ordinaryReadAt = performance.now();
      expect(ordinary.keystore?.authenticationAlias).toBe('authentication');
      // A second thread read it, even on this 2-CPU machine (one thread would have waited behind the slow file).
      expect(slowSettledAt).toBe(0);

      const error = await refused;
      expect(error).toBeInstanceOf(CertificateFileError);
      expect(error).toMatchObject({
        code: 'UNREADABLE',
        message: expect.stringMatching(/longer than 0\.7 s/),
      });
      expect(slowSettledAt - started).toBeGreaterThanOrEqual(650);
      expect(slowSettledAt - started).toBeLessThan(3000);
      expect(ordinaryReadAt).toBeLessThan(slowSettledAt);
    });

    it('stops burning CPU once refused: its thread is terminated, and the pool reads on with a new one', async () => {
      const error = await budget.read(slow(), PASSWORD).catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ message: expect.stringMatching(/longer than 0\.7 s/) });
      // Five derivations at the bound: a thread left deriving would still be busy after 2.5 s.
      expect(await processGoesQuiet(2500)).toBe(true);
      expect((await budget.read(keystore, PASSWORD)).keystore?.authenticationAlias).toBe('authentication');
    });

    it("counts each file's budget from when a thread starts it, not while it waits for one", async () => {
      // Two threads, three slow files and an ordinary one: the last two wait about one budget for a thread.
      const answers = await Promise.all([
        ...[1, 2, 3].map(() => budget.read(slow(), PASSWORD).catch((error: unknown) => error)),
        budget.read(keystore, PASSWORD),
      ]);
      for (const answer of answers.slice(0, 3))
        expect(answer).toMatchObject({ code: 'UNREADABLE', message: expect.stringMatching(/longer than/) });
      expect(answers[3]).toMatchObject({ keystore: { authenticationAlias: 'authentication' } });
    });

    it('answers the count of a file with more certificates than the limit', async () => {
      const few = new KeystoreReaderPool({ maxCertificates: 2 });
      try {
        const pem = [pki.root, pki.ehealthProduction, pki.ehealthAcceptance]
          .map((authority) => authority.certificate.pem)
          .join('');
        const error = await few.read(new TextEncoder().encode(pem), undefined).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TooManyCertificatesError);
        expect(error).toMatchObject({ count: 3, limit: 2 });
        const two = new TextEncoder().encode(
          pki.root.certificate.pem + pki.ehealthProduction.certificate.pem,
        );
        expect((await few.read(two, undefined)).certificates).toHaveLength(2);
      } finally {
        await few.close();
      }
    });
  });
});
