// A keystore names its own work: how many iterations its MAC's key derivation takes, how long the MAC is. A hostile
// file of a few kilobytes must be refused before that work, not after hours of it.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { CertificateFileError } from '../errors.js';
import { readCertificateFile } from '../read-certificate-file.js';
import { buildEhealthKeystore, createTestPki, withMacData } from '../testing/index.js';

const PASSWORD = 'Hostile-Test-Pa55word!';

async function refusal(bytes: Uint8Array): Promise<{ error: CertificateFileError; ms: number }> {
  const started = performance.now();
  const error = await readCertificateFile(bytes, { password: PASSWORD }).then(
    () => {
      throw new Error('expected the keystore to be refused');
    },
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof CertificateFileError)) throw error;
  return { error, ms: performance.now() - started };
}

describe('reading a keystore that asks for unbounded work', () => {
  let keystores: Record<'legacy' | 'modern', Uint8Array>;

  beforeAll(async () => {
    const pki = await createTestPki();
    const authentication = await pki.issueEhealthCertificate({
      identifierType: 'NIHII-AMBU_SERVICE',
      identifierValue: '79609977',
      holderName: 'Ambulances Dupont',
      keyAlgorithm: 'EC-P256',
    });
    const build = (encryption: 'legacy' | 'modern') =>
      buildEhealthKeystore({ password: PASSWORD, encryption, authentication });
    keystores = { legacy: await build('legacy'), modern: await build('modern') };
  });

  it.each([
    ['2^40', 2n ** 40n, /1,099,511,627,776 MAC iterations/],
    ['2^64', 2n ** 64n, /an enormous number of MAC iterations/],
    ['one more than the limit', 10_000_001n, /10,000,001 MAC iterations/],
  ])(
    'refuses at once a MAC claiming %s iterations, saying so (UNREADABLE)',
    async (_what, iterations, message) => {
      for (const keystore of Object.values(keystores)) {
        const hostile = withMacData(keystore, { iterations });
        expect(hostile.length).toBeLessThan(4096);
        const { error, ms } = await refusal(hostile);
        expect(error.code).toBe('UNREADABLE');
        expect(error.message).toMatch(message);
        expect(error.message).toContain('at most 10,000,000');
        // Before the bound, 10,000,001 iterations took about ten seconds here, and 2^40 would take weeks.
        expect(ms).toBeLessThan(1000);
      }
    },
  );

  it.each([1024 * 1024, 64 * 1024, 21, 0])(
    'refuses at once a MAC digest of %i bytes, as damage (UNREADABLE)',
    async (digestLength) => {
      for (const keystore of Object.values(keystores)) {
        const { error, ms } = await refusal(withMacData(keystore, { digestLength }));
        expect(error.code).toBe('UNREADABLE');
        expect(error.message).toMatch(/damaged or truncated \(MAC digest of \d+ bytes, not (20|32)\)/);
        // Each hash-sized block of the digest cost every iteration again: 64 KiB took seconds, 1 MiB minutes.
        expect(ms).toBeLessThan(1000);
      }
    },
  );

  it('still reads the same keystores as they were written, and tells a wrong password', async () => {
    for (const keystore of Object.values(keystores)) {
      const read = await readCertificateFile(keystore, { password: PASSWORD });
      expect(read.keystore?.authenticationAlias).toBe('authentication');
      const untouched = withMacData(keystore, {});
      expect(Buffer.from(untouched)).toEqual(Buffer.from(keystore));
      const wrong = await readCertificateFile(keystore, { password: 'not it' }).catch((e: unknown) => e);
      expect(wrong).toMatchObject({ code: 'WRONG_PASSWORD' });
    }
  });
});
