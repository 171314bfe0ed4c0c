import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import {
  EvidencePackError,
  publicKeyFingerprint,
  sealEvidencePack,
  verifyEvidencePack,
} from './evidence-pack.js';

const installationKey = generateKeyPairSync('ed25519');
const otherKey = generateKeyPairSync('ed25519');
const pem = (key: typeof installationKey) => key.publicKey.export({ type: 'spki', format: 'pem' }).toString();

const pdf = strToU8('%PDF-1.7\n' + 'x'.repeat(2000) + '\n%%EOF\n');
const json = strToU8(JSON.stringify({ certificates: [{ serial: '01' }] }));

function pack(privateKey = installationKey.privateKey): Uint8Array {
  return sealEvidencePack({
    packId: '0b0b2a35-2c5e-4f53-8f5b-7c2fb0b4a6c1',
    scope: { kind: 'certificate', id: '9d0ab7c2-0000-4000-8000-000000000001' },
    generatedAt: new Date('2026-12-03T10:00:00Z'),
    json,
    pdf,
    privateKey,
  });
}

/** The pack with one file replaced, zipped again as an attacker would. */
function withFile(bytes: Uint8Array, name: string, content: Uint8Array): Uint8Array {
  return zipSync({ ...unzipSync(bytes), [name]: content });
}

function failure(run: () => unknown): EvidencePackError {
  try {
    run();
  } catch (error) {
    if (error instanceof EvidencePackError) return error;
    throw error;
  }
  throw new Error('verification passed');
}

describe('evidence pack', () => {
  it('verifies against the pinned key or its fingerprint, and returns what was signed', () => {
    const bytes = pack();
    const byKey = verifyEvidencePack(bytes, { publicKey: pem(installationKey) });
    expect(byKey.keyPinned).toBe(true);
    expect(byKey.statement.keyFingerprint).toBe(publicKeyFingerprint(installationKey.publicKey));
    expect(strFromU8(byKey.json)).toBe(strFromU8(json));
    const colons = publicKeyFingerprint(installationKey.publicKey).toUpperCase().match(/../g)!.join(':');
    expect(verifyEvidencePack(bytes, { fingerprint: colons }).keyPinned).toBe(true);
    expect(verifyEvidencePack(bytes).keyPinned).toBe(false);
  });

  it('fails a changed evidence.json', () => {
    const changed = strToU8(strFromU8(json).replace('01', '02'));
    expect(failure(() => verifyEvidencePack(withFile(pack(), 'evidence.json', changed))).code).toBe(
      'JSON_CHANGED',
    );
  });

  it('tells a truncated PDF from a changed one', () => {
    const truncated = failure(() => verifyEvidencePack(withFile(pack(), 'report.pdf', pdf.slice(0, 1000))));
    expect(truncated.code).toBe('PDF_TRUNCATED');
    expect(truncated.message).toContain('1000 of the');
    const changed = pdf.slice();
    changed[100] = 0x79;
    expect(failure(() => verifyEvidencePack(withFile(pack(), 'report.pdf', changed))).code).toBe(
      'PDF_CHANGED',
    );
  });

  it('fails a pack signed by another key than the pinned one', () => {
    const forged = pack(otherKey.privateKey);
    expect(failure(() => verifyEvidencePack(forged, { publicKey: pem(installationKey) })).code).toBe(
      'WRONG_KEY',
    );
    const byFingerprint = failure(() =>
      verifyEvidencePack(forged, { fingerprint: publicKeyFingerprint(installationKey.publicKey) }),
    );
    expect(byFingerprint.code).toBe('WRONG_KEY');
    expect(byFingerprint.message).toContain(publicKeyFingerprint(otherKey.publicKey));
  });

  it('fails a statement changed after signing (digests rewritten to fit new files)', () => {
    const entries = unzipSync(pack());
    const signature = JSON.parse(strFromU8(entries['signature.json']!)) as { statement: string };
    signature.statement = signature.statement.replace('"certificate"', '"organisation"');
    const bytes = withFile(pack(), 'signature.json', strToU8(JSON.stringify(signature)));
    expect(failure(() => verifyEvidencePack(bytes, { publicKey: pem(installationKey) })).code).toBe(
      'BAD_SIGNATURE',
    );
  });

  it('refuses what is not a pack: garbage, a cut zip, a zip without the files, an extra file', () => {
    expect(failure(() => verifyEvidencePack(strToU8('hello'))).code).toBe('NOT_A_PACK');
    const bytes = pack();
    expect(failure(() => verifyEvidencePack(bytes.slice(0, bytes.length - 30))).code).toBe('NOT_A_PACK');
    expect(failure(() => verifyEvidencePack(zipSync({ 'a.txt': strToU8('a') }))).message).toContain(
      'does not hold evidence.json, report.pdf, signature.json',
    );
    expect(failure(() => verifyEvidencePack(withFile(bytes, 'extra.exe', strToU8('MZ')))).code).toBe(
      'NOT_A_PACK',
    );
  });
});
