// Inspecting a keystore runs its key derivations in a worker thread, within a time budget: the bridge keeps answering
// meanwhile, and a keystore that asks for unbounded work is refused instead of holding a CPU.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KeystoreFolder } from '../src/keystores/keystore-folder.js';
import { testPki } from './support/softhsm.js';

const JAVA = new URL('../../../libs/pki/test/fixtures/java-legacy-ehealth.p12', import.meta.url);
const JAVA_FACTS = new URL('../../../libs/pki/test/fixtures/java-legacy-ehealth.json', import.meta.url);
const HOSTILE = 'CBE=0206653946 20240101-000000.p12';
const SLOW = 'CBE=0206653946 20240102-000000.p12';
const PASSWORD = 'Ambu-2019!';

describe('reading a keystore for an inspection', () => {
  let dir: string;
  let folder: KeystoreFolder;
  let javaPassword: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'certdesk-keystore-reading-'));
    const { buildEhealthKeystore, withMacData } = await import('@certdesk/pki/testing');
    const pki = await testPki();
    const keystore = await buildEhealthKeystore({
      password: PASSWORD,
      encryption: 'legacy',
      authentication: await pki.issueEhealthCertificate({
        identifierType: 'CBE',
        identifierValue: '0206653946',
        holderName: 'Hostile Test',
        keyAlgorithm: 'EC-P256',
      }),
    });
    await writeFile(join(dir, HOSTILE), withMacData(keystore, { iterations: 2n ** 40n }));
    // Every key derivation at the iteration bound (10,000,000): seconds even with OpenSSL's derivation.
    const slow = await buildEhealthKeystore({
      password: PASSWORD,
      encryption: 'legacy',
      iterations: 10_000_000,
      authentication: await pki.issueEhealthCertificate({
        identifierType: 'CBE',
        identifierValue: '0206653946',
        holderName: 'Slow Test',
        keyAlgorithm: 'EC-P256',
      }),
    });
    await writeFile(join(dir, SLOW), slow);
    await copyFile(JAVA, join(dir, 'NIHII-AMBU_SERVICE=79609977 20190507-144322.p12'));
    javaPassword = (JSON.parse(await readFile(JAVA_FACTS, 'utf8')) as { password: string }).password;
    folder = new KeystoreFolder(dir, () => new Date(), 'test-pc', 700);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("keeps the bridge's thread free while a legacy keystore is read", async () => {
    let done = false;
    const reading = folder
      .inspect('NIHII-AMBU_SERVICE=79609977 20190507-144322.p12', javaPassword)
      .finally(() => (done = true));
    // Counting event-loop turns, not time: a read on this thread would leave none before it ends.
    let turns = 0;
    while (!done) {
      await nextTurn();
      turns += 1;
    }
    expect((await reading).authenticationEntryPresent).toBe(true);
    expect(turns).toBeGreaterThan(100);
  });

  it('refuses at once a keystore claiming 2^40 MAC iterations', async () => {
    const started = performance.now();
    await expect(folder.inspect(HOSTILE, PASSWORD)).rejects.toMatchObject({
      code: 'KEYSTORE_CORRUPT',
      message: expect.stringMatching(/1,099,511,627,776 MAC iterations/),
    });
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('stops one that takes longer than its time budget, and its thread stops burning CPU', async () => {
    const started = performance.now();
    await expect(folder.inspect(SLOW, PASSWORD)).rejects.toMatchObject({
      code: 'KEYSTORE_CORRUPT',
      message: expect.stringMatching(/took longer than 0\.7 s, so it was stopped/),
    });
    expect(performance.now() - started).toBeLessThan(3000);
    const { processGoesQuiet } = await import('@certdesk/pki/testing');
    // Five derivations at the bound: a thread left deriving would still be busy after 2.5 s.
    expect(await processGoesQuiet(2500)).toBe(true);
  });
});
