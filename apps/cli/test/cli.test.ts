import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildEhealthKeystore, createTestPki, type TestPki } from '@certdesk/pki/testing';
import { run } from '../src/main.js';

const execFileAsync = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..', '..');
const bin = join(here, '..', 'bin', 'certdesk.js');
const javaFixture = join(repoRoot, 'libs', 'pki', 'test', 'fixtures', 'java-legacy-ehealth.p12');

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

async function certdesk(argv: string[], env: Record<string, string> = {}): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env,
  });
  return { code, stdout, stderr };
}

const NOW = '2026-11-23T10:00:00Z';
const days = (n: number) => new Date(Date.parse(NOW) + n * 86_400_000);

describe('certdesk inspect', () => {
  let pki: TestPki;
  let dir: string;
  const file = (name: string) => join(dir, name);

  beforeAll(async () => {
    pki = await createTestPki();
    dir = await mkdtemp(join(tmpdir(), 'certdesk-cli-'));
    const ambulance = await pki.issueEhealthCertificate({
      identifierType: 'NIHII-AMBU_SERVICE',
      identifierValue: '79609977',
      holderName: 'Ambulances de Namur',
      notBefore: days(-1000),
      notAfter: days(40),
    });
    const vitalink = await pki.issueEhealthCertificate({
      identifierType: 'EHP',
      identifierValue: '1990001916',
      holderName: 'Vlaams Agentschap Zorg en Gezondheid',
      applicationId: 'VITALINKGATEWAY',
      environment: 'acceptance',
      notBefore: days(-10),
      notAfter: days(1000),
    });
    const etk = await pki.issueEtkCertificate(ambulance);
    // A bundle as people paste them: text before, between and after the certificates.
    await writeFile(
      file('bundle.pem'),
      `Our certificates, exported 2026-11-20\n${ambulance.pem}\nand the Vitalink one:\n${vitalink.pem}-- end of mail --\n`,
    );
    await writeFile(file('vitalink.der'), vitalink.der);
    await writeFile(
      file('ambulance-modern.p12'),
      await buildEhealthKeystore({
        password: 'Modern-Pass-1',
        encryption: 'modern',
        authentication: ambulance,
        etk: [etk],
        caCertificates: ambulance.chain,
      }),
    );
    await writeFile(
      file('ambulance-legacy.p12'),
      await buildEhealthKeystore({
        password: 'Legacy-Pass-1',
        encryption: 'legacy',
        authentication: ambulance,
        etk: [etk],
        caCertificates: ambulance.chain,
      }),
    );
    await writeFile(
      file('pending.p12'),
      await buildEhealthKeystore({ password: 'Pending-Pass-1', encryption: 'modern' }),
    );
    const legacy = await readFile(file('ambulance-legacy.p12'));
    await writeFile(file('truncated.p12'), legacy.subarray(0, Math.floor(legacy.length / 2)));
    await writeFile(file('notes.txt'), 'this is not a certificate\n');
    await writeFile(file('password.txt'), 'Legacy-Pass-1\n');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints one JSON element per file, in order, with the fields of every certificate', async () => {
    const out = await certdesk(['inspect', file('bundle.pem'), file('vitalink.der'), '--now', NOW, '--json']);
    expect(out.code).toBe(0);
    const [bundle, der] = JSON.parse(out.stdout);
    expect(bundle).toMatchObject({ file: file('bundle.pem'), format: 'pem' });
    expect(bundle.certificates).toHaveLength(2);
    expect(Object.keys(bundle.certificates[0])).toEqual([
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
    ]);
    expect(bundle.certificates[0]).toMatchObject({
      status: 'renewable',
      daysLeft: 40,
      hasPrivateKey: false,
      alias: null,
      ehealth: {
        identifierType: 'NIHII-AMBU_SERVICE',
        identifierValue: '79609977',
        applicationId: null,
        holderName: 'AMBULANCES DE NAMUR',
        environment: 'production',
        knownType: true,
        checkDigitsValid: true,
      },
    });
    expect(bundle.certificates[0].serialNumber).toMatch(/^[0-9a-f]+$/);
    expect(bundle.certificates[0].sha256Fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(der).toMatchObject({
      format: 'der',
      certificates: [
        {
          status: 'valid',
          ehealth: { identifierType: 'EHP', applicationId: 'VITALINKGATEWAY', environment: 'acceptance' },
        },
      ],
    });
  });

  it('opens modern and legacy keystores with the password from an environment variable or a file', async () => {
    const modern = await certdesk(
      ['inspect', file('ambulance-modern.p12'), '--password-env', 'KS_PASSWORD', '--now', NOW, '--json'],
      {
        KS_PASSWORD: 'Modern-Pass-1',
      },
    );
    expect(modern.code).toBe(0);
    const [report] = JSON.parse(modern.stdout);
    expect(report.format).toBe('pkcs12');
    const auth = report.certificates.find((c: { alias: string }) => c.alias === 'authentication');
    expect(auth).toMatchObject({ hasPrivateKey: true, ehealth: { identifierValue: '79609977' } });

    const legacy = await certdesk([
      'inspect',
      file('ambulance-legacy.p12'),
      '--password-file',
      file('password.txt'),
      '--json',
    ]);
    expect(legacy.code).toBe(0);
    expect(
      JSON.parse(legacy.stdout)[0].certificates.some((c: { alias: string }) => c.alias === 'authentication'),
    ).toBe(true);
  });

  it('opens the keystore written by Java keytool (legacy encryption)', async () => {
    const fixture = JSON.parse(await readFile(javaFixture.replace(/\.p12$/, '.json'), 'utf8'));
    const out = await certdesk(['inspect', javaFixture, '--password-env', 'P', '--json'], {
      P: fixture.password,
    });
    expect(out.code).toBe(0);
    const fingerprints = JSON.parse(out.stdout)[0].certificates.map(
      (c: { sha256Fingerprint: string }) => c.sha256Fingerprint,
    );
    expect(fingerprints).toContain(fixture.authentication.sha256Fingerprint);
  });

  it('reads a keystore whose request was not completed as an empty list', async () => {
    const out = await certdesk(['inspect', file('pending.p12'), '--password-env', 'P', '--json'], {
      P: 'Pending-Pass-1',
    });
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual([
      { file: file('pending.p12'), format: 'pkcs12', certificates: [] },
    ]);
  });

  it('reports each unreadable file with its code, and exits 2 when a password is the problem', async () => {
    const wrong = await certdesk(
      ['inspect', file('ambulance-modern.p12'), file('bundle.pem'), '--password-env', 'P', '--json'],
      { P: 'nope' },
    );
    expect(wrong.code).toBe(2);
    const [keystore, bundle] = JSON.parse(wrong.stdout);
    expect(keystore).toEqual({
      file: file('ambulance-modern.p12'),
      error: { code: 'WRONG_PASSWORD', message: expect.any(String) },
    });
    expect(bundle.certificates).toHaveLength(2);
    expect(wrong.stdout).not.toContain('"nope"');

    const missing = await certdesk(['inspect', file('ambulance-legacy.p12'), '--json']);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)[0].error.code).toBe('PASSWORD_REQUIRED');
  });

  it('tells a damaged keystore (exit 3, UNREADABLE) from a file that is no certificate at all (UNSUPPORTED_FORMAT)', async () => {
    const out = await certdesk(
      ['inspect', file('truncated.p12'), file('notes.txt'), '--password-env', 'P', '--json'],
      { P: 'Legacy-Pass-1' },
    );
    expect(out.code).toBe(3);
    const [truncated, notes] = JSON.parse(out.stdout);
    expect(truncated.error.code).toBe('UNREADABLE');
    expect(notes.error.code).toBe('UNSUPPORTED_FORMAT');
  });

  it('says to convert a Java JKS keystore to PKCS#12', async () => {
    const jks = join(repoRoot, 'libs', 'pki', 'test', 'fixtures', 'java-keystore.jks');
    const out = await certdesk(['inspect', jks, '--json']);
    expect(out.code).toBe(3);
    const [report] = JSON.parse(out.stdout);
    expect(report.error.code).toBe('UNSUPPORTED_FORMAT');
    expect(report.error.message).toMatch(/PKCS#12/);
    expect(report.error.message).toMatch(/keytool -importkeystore/);
  });

  it('prints a readable table by default', async () => {
    const out = await certdesk(['inspect', file('bundle.pem'), file('notes.txt'), '--now', NOW]);
    expect(out.stdout).toMatch(/IDENTIFIER\s+APP ID\s+HOLDER/);
    expect(out.stdout).toMatch(
      /NIHII-AMBU_SERVICE=79609977\s+AMBULANCES DE NAMUR\s+production\s+\S+\s+renewable\s+40/,
    );
    expect(out.stdout).toMatch(/EHP=1990001916\s+VITALINKGATEWAY/);
    expect(out.stdout).toMatch(/notes\.txt: UNSUPPORTED_FORMAT/);
  });

  it('refuses usage mistakes with exit 64 and the usage', async () => {
    expect((await certdesk(['inspect'])).code).toBe(64);
    expect((await certdesk(['inspect', file('bundle.pem'), '--now', 'yesterday'])).stderr).toMatch(
      /--now must be an ISO-8601/,
    );
    expect((await certdesk(['inspect', file('bundle.pem'), '--password-env', 'UNSET_VARIABLE'])).code).toBe(
      64,
    );
    expect((await certdesk(['frobnicate'])).code).toBe(64);
  });

  it('runs as `npx certdesk` from the repository root (the workspace declares the bin)', async () => {
    const { stdout } = await execFileAsync(
      'npx',
      ['--no-install', 'certdesk', 'inspect', file('vitalink.der'), '--json'],
      { cwd: repoRoot },
    );
    expect(JSON.parse(stdout)[0].certificates[0].ehealth.applicationId).toBe('VITALINKGATEWAY');
  });

  it('exits with the documented codes as a real process', async () => {
    await expect(
      execFileAsync(process.execPath, [bin, 'inspect', file('ambulance-legacy.p12')]),
    ).rejects.toMatchObject({ code: 2 });
    // A damaged keystore is damaged whatever the password: not a password problem.
    await expect(
      execFileAsync(process.execPath, [bin, 'inspect', file('truncated.p12')]),
    ).rejects.toMatchObject({
      code: 3,
    });
    await expect(execFileAsync(process.execPath, [bin, 'inspect', file('notes.txt')])).rejects.toMatchObject({
      code: 3,
    });
  });
});

describe('certdesk check', () => {
  it.each([
    ['ssin', '01050399864', true, '01050399864', null],
    ['ssin', '01.05.03-998.64', true, '01050399864', null],
    ['cbe', '0566.988.259', true, '0566988259', null],
    ['cbe', 'BE0566988259', true, '0566988259', null],
    ['nihii', '79609977', true, '79609977', null],
    ['nihii', '71000436', true, '71000436', null],
  ])('%s %s is valid', async (kind, input, valid, normalized, reason) => {
    const out = await certdesk(['check', kind, input, '--json']);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({ kind, input, valid, normalized, reason });
  });

  it.each([
    ['ssin', '01050399865', 'CHECK_DIGITS'],
    ['cbe', '0566988258', 'CHECK_DIGITS'],
    ['nihii', '79609978', 'CHECK_DIGITS_UNVERIFIED'],
    ['nihii', '7960997A', 'INVALID_CHARACTERS'],
  ])('%s %s is not valid (%s), exit 1', async (kind, input, reason) => {
    const out = await certdesk(['check', kind, input, '--json']);
    expect(out.code).toBe(1);
    expect(JSON.parse(out.stdout)).toMatchObject({ kind, input, valid: false, reason });
    expect(Object.keys(JSON.parse(out.stdout))).toEqual(['kind', 'input', 'valid', 'normalized', 'reason']);
  });

  it('explains in words without --json', async () => {
    expect((await certdesk(['check', 'nihii', '79609978'])).stdout).toMatch(
      /not a valid nihii: .*modulo-89|not a valid nihii: .*verif/i,
    );
  });
});
