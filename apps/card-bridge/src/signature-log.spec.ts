// The signature log makes its folder once, and again when someone removed it meanwhile.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from '@jest/globals';
import type { CardCertificateDto } from '@certdesk/contracts';
import { SignatureLog } from './signature-log.js';

const root = await mkdtemp(join(tmpdir(), 'signature-log-'));
afterAll(() => rm(root, { recursive: true, force: true }));

const entry = (description: string) => ({
  at: '2026-12-03T10:00:00.000Z',
  operation: 'sign' as const,
  origin: 'https://certdesk.test',
  description,
  digestAlgorithm: 'SHA-384' as const,
  digest: Buffer.alloc(48).toString('base64'),
  certificate: {
    label: 'Signature',
    issuer: 'CN=Citizen CA',
    serialNumber: '01',
    sha256Fingerprint: 'ab',
  } as CardCertificateDto,
  holder: { name: 'An Smet', givenName: 'An', surname: 'Smet', ssin: '01050399864' },
});

it('keeps logging after its folder was removed, and never writes the SSIN whole', async () => {
  const folder = join(root, 'logs');
  const log = new SignatureLog(join(folder, 'signatures.jsonl'));
  await log.append(entry('first'));
  await rm(folder, { recursive: true });
  await log.append(entry('second'));
  const lines = (await readFile(join(folder, 'signatures.jsonl'), 'utf8')).trim().split('\n');
  expect(lines.map((l) => JSON.parse(l).description)).toEqual(['second']);
  expect(lines[0]).not.toContain('01050399864');
});
