import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { PayloadTooLargeException } from '@nestjs/common';
import { ZipFile } from 'yazl';
import { expandUploads } from './uploaded-files.js';

const LIMITS = {
  maxFiles: 1000,
  maxFileBytes: 4 * 1024 * 1024,
  maxUnzippedBytes: 16 * 1024 * 1024,
  maxCertificatesPerFile: 100,
  readTimeoutMs: 1000,
  readerThreads: 2,
};

function zip(entries: { name: string; bytes: Buffer; store?: boolean }[]): Promise<Buffer> {
  const archive = new ZipFile();
  for (const entry of entries) archive.addBuffer(entry.bytes, entry.name, { compress: !entry.store });
  archive.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    archive.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    archive.outputStream.on('error', reject);
    archive.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/** The archive with the uncompressed size its central directory gives its one entry replaced: a header that lies. */
function withDeclaredSize(archive: Buffer, uncompressedSize: number): Buffer {
  const lying = Buffer.from(archive);
  const central = lying.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  expect(central).toBeGreaterThan(0);
  lying.writeUInt32LE(uncompressedSize, central + 24);
  return lying;
}

const unreadable = {
  code: 'UNREADABLE',
  message: 'This zip archive is damaged or truncated: none of its files could be read.',
};

describe('expandUploads', () => {
  it('takes every entry out of a zip as it was, small or large, deflated or stored', async () => {
    const small = Array.from({ length: 300 }, (_, i) => ({
      name: `certificates/${i}.pem`,
      bytes: Buffer.from(`-----BEGIN CERTIFICATE-----\n${randomBytes(700).toString('base64')}\n`),
    }));
    const entries = [
      ...small,
      { name: 'stored.der', bytes: randomBytes(2000), store: true },
      { name: 'empty.pem', bytes: Buffer.alloc(0) },
      // Over the size inflated at once: read through yauzl's stream.
      { name: 'large.pem', bytes: Buffer.alloc(3 * 1024 * 1024, 'A') },
    ];
    const files = await expandUploads([{ name: 'upload.zip', bytes: await zip(entries) }], LIMITS);
    expect(files.map((f) => f.name)).toEqual(entries.map((e) => `upload.zip/${e.name}`));
    files.forEach((file, i) => expect(file.bytes.equals(entries[i]!.bytes)).toBe(true));
    expect(files.every((f) => f.problem === undefined)).toBe(true);
  });

  it('refuses as damaged an entry that inflates to more than its header says, without inflating past it', async () => {
    const archive = await zip([{ name: 'zeros.pem', bytes: Buffer.alloc(1024 * 1024) }]);
    // 100 bytes said, a megabyte inside, a tenth of it allowed per file: damaged, not too large, since nothing past
    // the 100 bytes said is inflated.
    const files = await expandUploads([{ name: 'lies.zip', bytes: withDeclaredSize(archive, 100) }], {
      ...LIMITS,
      maxFileBytes: 100 * 1024,
    });
    expect(files).toEqual([
      { name: 'lies.zip', fileName: 'lies.zip', bytes: Buffer.alloc(0), problem: unreadable },
    ]);
  });

  it('refuses as damaged an entry that inflates to less than its header says', async () => {
    const archive = await zip([{ name: 'short.pem', bytes: Buffer.alloc(1000, 'A') }]);
    const files = await expandUploads(
      [{ name: 'short.zip', bytes: withDeclaredSize(archive, 5000) }],
      LIMITS,
    );
    expect(files[0]!.problem).toEqual(unreadable);
  });

  it('counts the bytes taken out against the limits: a zip bomb is refused as too large', async () => {
    const bomb = await zip(
      Array.from({ length: 20 }, (_, i) => ({ name: `zeros-${i}.bin`, bytes: Buffer.alloc(512 * 1024) })),
    );
    expect(bomb.length).toBeLessThan(64 * 1024);
    await expect(
      expandUploads([{ name: 'bomb.zip', bytes: bomb }], { ...LIMITS, maxUnzippedBytes: 4 * 1024 * 1024 }),
    ).rejects.toBeInstanceOf(PayloadTooLargeException);
    await expect(
      expandUploads([{ name: 'bomb.zip', bytes: bomb }], { ...LIMITS, maxFileBytes: 256 * 1024 }),
    ).rejects.toBeInstanceOf(PayloadTooLargeException);
  });

  it('refuses an archive whose entry points outside it as damaged', async () => {
    const archive = await zip([{ name: 'a.pem', bytes: Buffer.from('certificate') }]);
    const broken = Buffer.from(archive);
    const central = broken.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    broken.writeUInt32LE(central - 10, central + 42); // the entry's local header offset, into the central directory
    const files = await expandUploads([{ name: 'broken.zip', bytes: broken }], LIMITS);
    expect(files[0]!.problem).toEqual(unreadable);
  });
});
