import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { createTestPki } from '@certdesk/pki/testing';
import { startApi, type RunningApi } from './support/api.js';

const certdesk = join(dirname(fileURLToPath(import.meta.url)), '..', 'apps', 'cli', 'bin', 'certdesk.js');
const run = (args: string[], env: Record<string, string> = {}) =>
  promisify(execFile)(process.execPath, [certdesk, ...args], { env: { ...process.env, ...env } }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );

/**
 * An auditor's round trip: an administrator downloads a certificate's evidence pack with `certdesk evidence get`,
 * the auditor checks it offline with `certdesk evidence verify` against the fingerprint the installation publishes,
 * and a pack changed on the way fails.
 */
describe('certdesk evidence get and verify, against a running api', () => {
  let api: RunningApi;
  let dir: string;
  let token: string;
  let certificateId: string;
  let fingerprint: string;

  beforeAll(async () => {
    const pki = await createTestPki();
    api = await startApi(pki);
    dir = await mkdtemp(join(tmpdir(), 'certdesk-evidence-e2e-'));
    const organisation = await api.call('/api/v1/organisations', {
      token: api.adminToken,
      body: { name: 'Ambulances de Namur', identifiers: [{ type: 'NIHII-AMBU_SERVICE', value: '79609977' }] },
    });
    const certificate = await pki.issueEhealthCertificate({
      identifierType: 'NIHII-AMBU_SERVICE',
      identifierValue: '79609977',
      holderName: 'Ambulances de Namur',
    });
    const imported = await api.importFiles(api.adminToken, { organisationId: organisation.body.id }, [
      { name: 'ambulance.pem', bytes: Buffer.from(certificate.pem) },
    ]);
    expect(imported.status).toBe(200);
    certificateId = imported.body.files[0].certificates[0].certificateId;
    token = (await api.call('/api/v1/auth/tokens', { token: api.adminToken, body: { name: 'audit 2026' } }))
      .body.token;
    fingerprint = (await api.call('/api/v1/installation/evidence-key')).body.fingerprint;
  });
  afterAll(async () => {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('downloads a pack that verifies offline against the published fingerprint', async () => {
    const pack = join(dir, 'pack.zip');
    const got = await run(
      ['evidence', 'get', '--certificate', certificateId, '--language', 'nl', '--out', pack],
      {
        CERTDESK_TOKEN: token,
        CERTDESK_API_URL: api.url,
      },
    );
    expect(got).toMatchObject({ code: 0 });
    expect(got.stdout).toContain(`VALID    ${pack}`);
    expect(got.stdout).toContain('Ambulances de Namur: 1 certificate(s)');

    const verified = await run(['evidence', 'verify', pack, '--fingerprint', fingerprint]);
    expect(verified).toMatchObject({ code: 0, stderr: '' });
    expect(verified.stdout).toContain(`certificate ${certificateId}`);

    // Someone edits the JSON on the way to the auditor.
    const entries = unzipSync(await readFile(pack));
    const edited = strFromU8(entries['evidence.json']!).replace('Ambulances de Namur', 'Ambulances de Liège');
    await writeFile(join(dir, 'edited.zip'), zipSync({ ...entries, 'evidence.json': strToU8(edited) }));
    const refused = await run(['evidence', 'verify', join(dir, 'edited.zip'), '--fingerprint', fingerprint]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('evidence.json is not the one that was signed');
  });

  it('says why when the api refuses', async () => {
    const missing = await run(
      [
        'evidence',
        'get',
        '--certificate',
        '00000000-0000-4000-8000-000000000000',
        '--out',
        join(dir, 'none.zip'),
      ],
      { CERTDESK_TOKEN: token, CERTDESK_API_URL: api.url },
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('the api answered 404: certificate not found');
    const badLanguage = await run(['evidence', 'get', '--certificate', certificateId, '--language', 'de'], {
      CERTDESK_TOKEN: token,
      CERTDESK_API_URL: api.url,
    });
    expect(badLanguage.code).toBe(2);
    expect(badLanguage.stderr).toContain('language must be one of en, fr, nl');
  });
});
