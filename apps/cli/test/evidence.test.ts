import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { publicKeyFingerprint, sealEvidencePack } from '@certdesk/pki';
import { run } from '../src/main.js';

async function certdesk(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
  });
  return { code, stdout, stderr };
}

const installation = generateKeyPairSync('ed25519');
const stranger = generateKeyPairSync('ed25519');
const fingerprint = publicKeyFingerprint(installation.publicKey);
const json = strToU8(
  JSON.stringify({
    organisation: { name: 'Ambulances de Namur' },
    certificates: [{ serialNumber: '0a1b' }],
    auditEvents: [{}, {}],
  }),
);
const pdf = strToU8(`%PDF-1.7\n${'0 0 0 RG\n'.repeat(500)}%%EOF\n`);

function pack(privateKey = installation.privateKey): Uint8Array {
  return sealEvidencePack({
    packId: '0f6c2b8e-43b5-4a55-9a44-5b1f2f3b9a10',
    scope: { kind: 'certificate', id: '5d0b0c40-8b2a-4b7e-9d0e-2b2f8e5f6a11' },
    generatedAt: new Date('2026-12-03T22:00:00Z'),
    json,
    pdf,
    privateKey,
  });
}

describe('certdesk evidence verify', () => {
  let dir: string;
  const file = (name: string) => join(dir, name);
  /** The pack with one of its files replaced, zipped again. */
  const tampered = async (name: string, entry: string, content: Uint8Array) => {
    await writeFile(file(name), zipSync({ ...unzipSync(pack()), [entry]: content }));
    return file(name);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'certdesk-evidence-'));
    await writeFile(file('pack.zip'), pack());
    await writeFile(file('key.pem'), installation.publicKey.export({ type: 'spki', format: 'pem' }));
    await writeFile(file('stranger.pem'), stranger.publicKey.export({ type: 'spki', format: 'pem' }));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('a pack signed by the pinned key verifies, with a summary', async () => {
    const byFingerprint = await certdesk([
      'evidence',
      'verify',
      file('pack.zip'),
      '--fingerprint',
      fingerprint,
    ]);
    expect(byFingerprint).toMatchObject({ code: 0, stderr: '' });
    expect(byFingerprint.stdout).toContain('VALID');
    expect(byFingerprint.stdout).toContain('Ambulances de Namur: 1 certificate(s), 2 audit event(s)');
    expect(byFingerprint.stdout).toContain(`signed with Ed25519 key ${fingerprint}`);
    const colons = fingerprint.toUpperCase().match(/../g)!.join(':');
    expect((await certdesk(['evidence', 'verify', file('pack.zip'), '--fingerprint', colons])).code).toBe(0);
    expect((await certdesk(['evidence', 'verify', file('pack.zip'), '--key', file('key.pem')])).code).toBe(0);
    const json = await certdesk(['evidence', 'verify', file('pack.zip'), '--key', file('key.pem'), '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      valid: true,
      keyPinned: true,
      statement: { keyFingerprint: fingerprint },
    });
  });

  it('without a pinned key it verifies the files but warns that the signer is unproven', async () => {
    const result = await certdesk(['evidence', 'verify', file('pack.zip')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/the key was not pinned/);
  });

  it.each([
    [
      'a changed evidence.json',
      'json.zip',
      'evidence.json',
      strToU8('{"certificates":[]}'),
      /evidence\.json is not the one that was signed/,
    ],
    [
      'a truncated report.pdf',
      'cut.zip',
      'report.pdf',
      pdf.slice(0, 1000),
      /report\.pdf is cut short: 1000 of the \d+ bytes/,
    ],
    [
      'a changed report.pdf',
      'pdf.zip',
      'report.pdf',
      strToU8(Buffer.from(pdf).toString().replace('0 0 0', '1 0 0')),
      /report\.pdf is not the one that was signed/,
    ],
  ])('fails %s with exit code 1', async (_what, name, entry, content, message) => {
    const result = await certdesk([
      'evidence',
      'verify',
      await tampered(name, entry, content),
      '--fingerprint',
      fingerprint,
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^INVALID /);
    expect(result.stderr).toMatch(message);
  });

  it('fails a pack signed by another key, by fingerprint or by key file', async () => {
    await writeFile(file('forged.zip'), pack(stranger.privateKey));
    const byFingerprint = await certdesk([
      'evidence',
      'verify',
      file('forged.zip'),
      '--fingerprint',
      fingerprint,
    ]);
    expect(byFingerprint.code).toBe(1);
    expect(byFingerprint.stderr).toContain(
      `signed by another key: the pack's key has fingerprint ${publicKeyFingerprint(stranger.publicKey)}`,
    );
    const byKey = await certdesk(['evidence', 'verify', file('pack.zip'), '--key', file('stranger.pem')]);
    expect(byKey.code).toBe(1);
    expect(byKey.stderr).toContain('signed by another key');
  });

  it('tells a file that is not a pack with exit code 2', async () => {
    await writeFile(file('garbage.zip'), 'this is not a zip at all');
    const garbage = await certdesk(['evidence', 'verify', file('garbage.zip')]);
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toContain(
      'not a Certdesk evidence pack: it is not a zip file, or it is cut short or damaged',
    );
    const whole = pack();
    await writeFile(file('cut-zip.zip'), whole.slice(0, Math.floor(whole.length / 2)));
    expect((await certdesk(['evidence', 'verify', file('cut-zip.zip')])).code).toBe(2);
    await writeFile(file('other.zip'), zipSync({ 'readme.txt': strToU8('hello') }));
    expect((await certdesk(['evidence', 'verify', file('other.zip')])).stderr).toContain(
      'does not hold evidence.json',
    );
    const missing = await certdesk(['evidence', 'verify', file('nowhere.zip')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read');
  });

  it('refuses unclear arguments with its usage', async () => {
    expect((await certdesk(['evidence', 'verify'])).code).toBe(64);
    expect((await certdesk(['evidence', 'verify', file('pack.zip'), '--fingerprint', 'abc'])).code).toBe(64);
    const both = await certdesk([
      'evidence',
      'verify',
      file('pack.zip'),
      '--fingerprint',
      fingerprint,
      '--key',
      file('key.pem'),
    ]);
    expect(both.code).toBe(64);
    expect((await certdesk(['evidence', 'get', '--certificate', 'x'])).stderr).toContain('CERTDESK_TOKEN');
  });
});
