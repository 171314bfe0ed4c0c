// `certdesk inspect` on ETK files and `certdesk etk lookup` against the local replay of the eHealth ETK Depot.
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { type TestCertificate, type TestEtk, type TestPki, createTestPki } from '@certdesk/pki/testing';
import { type EtkDepotReplay, depotAnswers, startEtkDepotReplay } from '@certdesk/etk-depot/testing';
import { run } from '../src/main.js';

const execFileAsync = promisify(execFile);
const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'certdesk.js');

const NOW = '2026-11-23T10:00:00Z';
const days = (n: number) => new Date(Date.parse(NOW) + n * 86_400_000);
const CBE = '0820563481';

/** The fields every certificate of `inspect --json` has, in order. */
const INSPECT_FIELDS = [
  'subject',
  'issuer',
  'serialNumber',
  'sha256Fingerprint',
  'notBefore',
  'notAfter',
  'keyAlgorithm',
  'hasPrivateKey',
  'alias',
  'status',
  'daysLeft',
  'ehealth',
];

async function certdesk(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env,
  });
  return { code, stdout, stderr };
}

const fingerprintOf = (certificate: TestCertificate) =>
  new X509Certificate(certificate.der).fingerprint256.replace(/:/g, '').toLowerCase();

let pki: TestPki;
let dir: string;
let replay: EtkDepotReplay;
let hospital: TestCertificate;
let hospitalEtk: TestEtk;
let mycarenet: TestCertificate;
let mycarenetEc: TestCertificate;

beforeAll(async () => {
  pki = await createTestPki();
  dir = await mkdtemp(join(tmpdir(), 'certdesk-cli-etk-'));
  hospital = await pki.issueEhealthCertificate({
    identifierType: 'NIHII-HOSPITAL',
    identifierValue: '71089815',
    holderName: 'Hôpital Test',
    notBefore: days(-1000),
    notAfter: days(40),
  });
  hospitalEtk = await pki.issueEtk(hospital);
  const cbe = (applicationId: string) =>
    pki.issueEhealthCertificate({
      identifierType: 'CBE',
      identifierValue: CBE,
      holderName: 'Mutualité',
      applicationId,
    });
  mycarenet = await cbe('MYCARENET');
  mycarenetEc = await cbe('MYCARENET-EC');
  replay = await startEtkDepotReplay({
    published: [
      {
        identifierType: 'NIHII-HOSPITAL',
        identifierValue: '71089815',
        applicationId: null,
        etk: hospitalEtk.bytes,
      },
      {
        identifierType: 'CBE',
        identifierValue: CBE,
        applicationId: 'MYCARENET',
        etk: (await pki.issueEtk(mycarenet)).bytes,
      },
      {
        identifierType: 'CBE',
        identifierValue: CBE,
        applicationId: 'MYCARENET-EC',
        etk: (await pki.issueEtk(mycarenetEc)).bytes,
      },
    ],
  });
  await writeFile(join(dir, 'hospital.etk'), hospitalEtk.bytes);
});

afterEach(() => {
  expect(replay.violations()).toEqual([]);
  replay.respond(undefined);
  replay.requests.length = 0;
});

afterAll(async () => {
  await replay.close();
  await rm(dir, { recursive: true, force: true });
});

describe('certdesk inspect an ETK', () => {
  it('gives format etk and both certificates with the usual fields and their role', async () => {
    const out = await certdesk(['inspect', join(dir, 'hospital.etk'), '--now', NOW, '--json']);
    expect(out.code).toBe(0);
    const [report] = JSON.parse(out.stdout);
    expect(report.format).toBe('etk');
    const [encryption, authentication] = report.certificates;
    expect(Object.keys(encryption)).toEqual([...INSPECT_FIELDS, 'role']);
    expect(encryption).toMatchObject({
      role: 'encryption',
      sha256Fingerprint: fingerprintOf(hospitalEtk.encryption),
    });
    expect(authentication).toMatchObject({
      role: 'authentication',
      sha256Fingerprint: fingerprintOf(hospital),
      status: 'renewable',
      daysLeft: 40,
      ehealth: { identifierType: 'NIHII-HOSPITAL', identifierValue: '71089815', environment: 'production' },
    });
    // Signed by the depot's ETK-RA, whose certificate has expired: read all the same.
    expect(report.etk).toEqual({
      signature: 'valid',
      signer: 'CN=ETK-RA,OU=eHealth-platform Belgium,O=Federal Government,C=BE',
      problems: [],
    });
  });

  it('shows the roles in its table', async () => {
    const out = await certdesk(['inspect', join(dir, 'hospital.etk'), '--now', NOW]);
    expect(out.stdout).toMatch(/\(etk, 2 certificates\)/);
    expect(out.stdout).toMatch(/ROLE\s+IDENTIFIER/);
    expect(out.stdout).toMatch(/authentication\s+NIHII-HOSPITAL=71089815\s+HOPITAL TEST\s+production/);
    expect(out.stdout).toMatch(/signed by CN=ETK-RA/);
  });
});

describe('certdesk etk lookup', () => {
  const lookup = (args: string[], env: Record<string, string> = {}) =>
    certdesk(['etk', 'lookup', ...args, '--now', NOW, '--json'], env);

  it('prints the ETK the depot publishes, each certificate with the fields of inspect', async () => {
    const out = await lookup(['NIHII-HOSPITAL', '71089815', '--depot-url', replay.url]);
    expect(out.code).toBe(0);
    const result = JSON.parse(out.stdout);
    expect(Object.keys(result)).toEqual(['query', 'etks', 'lookups']);
    expect(result.query).toMatchObject({
      identifierType: 'NIHII-HOSPITAL',
      identifierValue: '71089815',
      applicationId: null,
      environment: 'production',
    });
    expect(result.etks).toHaveLength(1);
    const [item] = result.etks;
    expect(item).toMatchObject({
      identifierType: 'NIHII-HOSPITAL',
      identifierValue: '71089815',
      applicationId: null,
      environment: 'production',
    });
    expect(Object.keys(item.encryptionCertificate)).toEqual([...INSPECT_FIELDS, 'role']);
    expect(item.encryptionCertificate.sha256Fingerprint).toBe(fingerprintOf(hospitalEtk.encryption));
    expect(item.authenticationCertificate).toMatchObject({
      role: 'authentication',
      sha256Fingerprint: fingerprintOf(hospital),
      status: 'renewable',
      daysLeft: 40,
    });
    // The same fields, with the same values, as `inspect` gives for the ETK file.
    const inspected = await certdesk(['inspect', join(dir, 'hospital.etk'), '--now', NOW, '--json']);
    const [report] = JSON.parse(inspected.stdout);
    expect(item.encryptionCertificate).toEqual(report.certificates[0]);
    expect(item.authenticationCertificate).toEqual(report.certificates[1]);
  });

  it('follows a MatchingEtk list: one query per application', async () => {
    const out = await lookup(['CBE', '0820.563.481', '--depot-url', replay.url]);
    expect(out.code).toBe(0);
    const result = JSON.parse(out.stdout);
    expect(replay.requests.map((r) => r.identifier?.applicationId)).toEqual([
      null,
      'MYCARENET',
      'MYCARENET-EC',
    ]);
    expect(
      result.etks.map(
        (e: { applicationId: string; authenticationCertificate: { sha256Fingerprint: string } }) => [
          e.applicationId,
          e.authenticationCertificate.sha256Fingerprint,
        ],
      ),
    ).toEqual([
      ['MYCARENET', fingerprintOf(mycarenet)],
      ['MYCARENET-EC', fingerprintOf(mycarenetEc)],
    ]);
  });

  it('exits 0 with no ETK when nothing is published (NO_MATCHING_ETK)', async () => {
    const out = await lookup(['NIHII-LABO', '89999964', '--depot-url', replay.url]);
    expect(out.code).toBe(0);
    const result = JSON.parse(out.stdout);
    expect(result.etks).toEqual([]);
    expect(result.lookups[0].errors[0].code).toBe('NO_MATCHING_ETK');
    const text = await certdesk(['etk', 'lookup', 'NIHII-LABO', '89999964', '--depot-url', replay.url]);
    expect(text.stdout).toMatch(/no ETK published for NIHII-LABO 89999964, production \(NO_MATCHING_ETK\)/);
  });

  it('exits 1 on bad check digits, without asking the depot', async () => {
    const out = await lookup(['CBE', '0820563482', '--depot-url', replay.url]);
    expect(out.code).toBe(1);
    expect(JSON.parse(out.stdout).error).toMatchObject({
      code: 'INVALID_IDENTIFIER',
      reason: 'CHECK_DIGITS',
    });
    expect(replay.requests).toHaveLength(0);
  });

  it.each([
    ['a SOAP fault', () => depotAnswers.fault(), 'DEPOT_ERROR'],
    ['garbage', () => depotAnswers.garbage(), 'DEPOT_ERROR'],
  ])('exits 3 with %s (%s)', async (_name, answer, code) => {
    replay.respond(answer);
    const out = await lookup(['NIHII-HOSPITAL', '71089815', '--depot-url', replay.url]);
    expect(out.code).toBe(3);
    expect(JSON.parse(out.stdout)).toEqual({
      query: expect.any(Object),
      error: { code, message: expect.any(String) },
    });
  });

  it('exits 3 when the depot publishes an ETK that cannot be read', async () => {
    const garbage = await pki.issueEtk(hospital, { certificates: [Buffer.from('3003020100', 'hex')] });
    replay.respond(() => depotAnswers.etk(garbage.bytes));
    const out = await lookup(['NIHII-HOSPITAL', '71089815', '--depot-url', replay.url]);
    expect(out.code).toBe(3);
    expect(JSON.parse(out.stdout).error).toMatchObject({
      code: 'DEPOT_ERROR',
      message: expect.stringMatching(/cannot be read/),
    });
  });

  it('exits 3 with DEPOT_UNREACHABLE when nothing listens, after bounded retries', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const started = Date.now();
    const out = await lookup([
      'NIHII-HOSPITAL',
      '71089815',
      '--depot-url',
      `http://127.0.0.1:${port}/EtkDepot/v1`,
    ]);
    expect(out.code).toBe(3);
    expect(JSON.parse(out.stdout).error.code).toBe('DEPOT_UNREACHABLE');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('takes the acceptance address from ETK_DEPOT_ACCEPTANCE_URL, and asks nothing with ETK_DEPOT=off', async () => {
    const acceptance = await lookup(['NIHII-HOSPITAL', '71089815', '--environment', 'acceptance'], {
      ETK_DEPOT_ACCEPTANCE_URL: replay.url,
    });
    expect(acceptance.code).toBe(0);
    expect(JSON.parse(acceptance.stdout).etks[0].environment).toBe('acceptance');
    expect(replay.requests).toHaveLength(1);

    const off = await lookup(['NIHII-HOSPITAL', '71089815'], { ETK_DEPOT: 'off', ETK_DEPOT_URL: replay.url });
    expect(off.code).toBe(3);
    expect(JSON.parse(off.stdout).error.code).toBe('DEPOT_DISABLED');
    expect(replay.requests).toHaveLength(1);
  });

  it('refuses usage mistakes with exit 64', async () => {
    expect((await certdesk(['etk', 'lookup', 'CBE'])).code).toBe(64);
    expect((await certdesk(['etk', 'lookup', 'CBE', CBE, '--environment', 'test'])).code).toBe(64);
    const badUrl = await certdesk(['etk', 'lookup', 'CBE', CBE], { ETK_DEPOT_URL: 'not a url' });
    expect(badUrl).toMatchObject({ code: 64, stderr: expect.stringMatching(/ETK_DEPOT_URL/) });
    expect(replay.requests).toHaveLength(0);
  });

  it('exits with the documented codes as a real process', async () => {
    const { stdout } = await execFileAsync(process.execPath, [
      bin,
      'etk',
      'lookup',
      'NIHII-HOSPITAL',
      '71089815',
      '--depot-url',
      replay.url,
      '--json',
    ]);
    expect(JSON.parse(stdout).etks).toHaveLength(1);
    await expect(
      execFileAsync(process.execPath, [bin, 'etk', 'lookup', 'CBE', '0820563482']),
    ).rejects.toMatchObject({
      code: 1,
    });
    replay.respond(() => depotAnswers.fault());
    await expect(
      execFileAsync(process.execPath, [
        bin,
        'etk',
        'lookup',
        'NIHII-HOSPITAL',
        '71089815',
        '--depot-url',
        replay.url,
      ]),
    ).rejects.toMatchObject({ code: 3 });
  });
});
