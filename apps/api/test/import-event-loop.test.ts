// A keystore that asks for much key derivation (here 3,000,000 iterations for each of its five derivations, about a
// second with OpenSSL's derivation, within the bound) costs libs/pki that much CPU. The import reads it in a worker
// thread, so the api keeps answering meanwhile: here, health checks sent one after another while such an import is
// under way. (The Java keytool keystore, 100,000 iterations, now reads in a few hundred milliseconds: too short to
// tell a stalled thread from a loaded machine.)
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readCertificateFile } from '@certdesk/pki';
import { buildEhealthKeystore, createTestPki } from '@certdesk/pki/testing';
import { createOrganisation, createUser, type TestUser, uniqueCbe } from './support/fixtures.js';
import { upload } from './support/import-fixtures.js';
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
    const pki = await createTestPki();
    const java = {
      password: 'Event-Loop-Pa55word!',
      bytes: await buildEhealthKeystore({
        password: 'Event-Loop-Pa55word!',
        encryption: 'legacy',
        iterations: 3_000_000,
        authentication: await pki.issueEhealthCertificate({
          identifierType: 'NIHII-AMBU_SERVICE',
          identifierValue: '79609977',
          holderName: 'Ambulances Dupont',
        }),
      }),
    };
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
