// A legacy (Java keytool) keystore costs libs/pki hundreds of milliseconds of CPU (its 100,000-iteration MAC). The
// import reads it in a worker thread, so the api keeps answering meanwhile: here, health checks sent one after
// another while such an import is under way.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readCertificateFile } from '@certdesk/pki';
import { createOrganisation, createUser, type TestUser, uniqueCbe } from './support/fixtures.js';
import { javaLegacyKeystore, upload } from './support/import-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('importing a legacy keystore', () => {
  let t: TestApp;
  let manager: TestUser;
  let organisationId: string;

  beforeAll(async () => {
    t = await startTestApp();
    // The organisation the Java keystore's certificate names (NIHII-AMBU_SERVICE=79609977): the import checks it.
    organisationId = (
      await createOrganisation(t, {
        identifiers: [
          { type: 'CBE', value: uniqueCbe() },
          { type: 'NIHII-AMBU_SERVICE', value: '79609977' },
        ],
      })
    ).id;
    manager = await createUser(t, [{ role: 'certificate-manager', organisationId }]);
  });
  afterAll(() => t.close());

  it('leaves the api answering health checks while the keystore is read', async () => {
    const java = javaLegacyKeystore();
    // The baseline, measured here: how long reading this keystore would hold this thread (and every request).
    const started = performance.now();
    await readCertificateFile(java.bytes, { password: java.password });
    const stall = performance.now() - started;

    // A first import starts the pool's thread; the second is the one measured (the same file: read, then
    // found already there).
    await upload(t, manager.token, [{ name: 'java.p12', bytes: java.bytes }], {
      organisationId,
      password: java.password,
    }).expect(200);
    let importing = true;
    const imported = Promise.resolve(
      upload(t, manager.token, [{ name: 'java.p12', bytes: java.bytes }], {
        organisationId,
        password: java.password,
      }),
    ).finally(() => {
      importing = false;
    });
    const latencies: number[] = [];
    while (importing) {
      const sent = performance.now();
      await t.http().get('/health').expect(200);
      if (importing) latencies.push(performance.now() - sent);
    }
    expect((await imported).body.summary).toMatchObject({ alreadyThere: 1, refused: 0 });

    // Health checks were answered during the import, and none of them waited for the read: on this thread the
    // slowest would have taken about as long as the read itself.
    expect(latencies.length).toBeGreaterThan(0);
    expect(Math.max(...latencies)).toBeLessThan(stall / 2);
  });
});
