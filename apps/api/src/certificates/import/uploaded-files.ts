import { setImmediate as nextTurn } from 'node:timers/promises';
import { inflateRawSync } from 'node:zlib';
import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import yauzl, { type Entry } from 'yauzl';
import type { AppConfig } from '../../config/config.js';

/** One file as uploaded, or one entry of an uploaded zip. */
export interface UploadedFile {
  /** What the answer calls it: the upload's name, or `archive.zip/folder/entry.p12` for a zip entry. */
  name: string;
  /** The file's own name (no folders): a keystore is recorded under it. */
  fileName: string;
  bytes: Buffer;
  /** Set when the file could not even be taken out of its zip: it is refused with this. */
  problem?: { code: 'UNREADABLE' | 'UNSUPPORTED_FORMAT'; message: string };
}

type UploadLimits = AppConfig['upload'];

const ZIP_MAGIC = [Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('PK\x05\x06', 'latin1')];

/** A zip archive (or an empty one), told by its first bytes, whatever its name. */
export function isZip(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.some((magic) =>
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).subarray(0, 4).equals(magic),
  );
}

function tooLarge(message: string): PayloadTooLargeException {
  return new PayloadTooLargeException({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message });
}

/**
 * A file name goes into the answer, the keystore record and, from there, mails and calendar feeds: one with a control
 * character (a CR or LF that would start a new line, a NUL, an escape sequence) refuses the whole upload, as a limit
 * does, before anything is read. The message shows the name with its control characters escaped.
 */
function requirePrintableName(name: string): void {
  if (!/\p{Cc}/u.test(name)) return;
  throw new BadRequestException({
    statusCode: 400,
    code: 'INVALID_FILE_NAME',
    message: `a file name may not hold control characters (line breaks, tabs, NUL...): ${JSON.stringify(name)}`,
  });
}

/**
 * The uploaded files with every zip replaced by its entries, read in memory within the upload limits: at most
 * `maxFiles` files in all, each at most `maxFileBytes`, and at most `maxUnzippedBytes` taken out of zips. Past any
 * limit the whole upload is refused (413) before anything is read into the inventory, so a zip bomb writes nothing.
 * Sizes are counted as the bytes come out, never taken from the archive's word. Zips inside zips are not opened. A
 * file name with a control character refuses the upload (400).
 */
export async function expandUploads(
  uploads: { name: string; bytes: Buffer }[],
  limits: UploadLimits,
): Promise<UploadedFile[]> {
  const files: UploadedFile[] = [];
  const budget = { unzippedBytes: 0, sinceTurn: 0 };
  const room = () => {
    if (files.length >= limits.maxFiles)
      throw tooLarge(`an upload holds at most ${limits.maxFiles} files, zip entries included`);
  };
  for (const upload of uploads) {
    requirePrintableName(upload.name);
    if (!isZip(upload.bytes)) {
      room();
      files.push({ name: upload.name, fileName: baseName(upload.name), bytes: upload.bytes });
      continue;
    }
    const entries = await readZip(upload, limits, budget, files.length).catch((error: unknown) => {
      if (error instanceof PayloadTooLargeException || error instanceof BadRequestException) throw error;
      return [
        {
          name: upload.name,
          fileName: baseName(upload.name),
          bytes: Buffer.alloc(0),
          problem: {
            code: 'UNREADABLE' as const,
            message: 'This zip archive is damaged or truncated: none of its files could be read.',
          },
        },
      ];
    });
    files.push(...entries);
  }
  return files;
}

async function readZip(
  upload: { name: string; bytes: Buffer },
  limits: UploadLimits,
  budget: { unzippedBytes: number; sinceTurn: number },
  filesSoFar: number,
): Promise<UploadedFile[]> {
  const zip = await yauzl.fromBufferPromise(upload.bytes, {
    lazyEntries: true,
    validateEntrySizes: true,
    decodeStrings: true,
  });
  try {
    // Every entry counts (folders too), read from the central directory before any is decompressed.
    if (filesSoFar + zip.entryCount > limits.maxFiles)
      throw tooLarge(`an upload holds at most ${limits.maxFiles} files, zip entries included`);
    const files: UploadedFile[] = [];
    for await (const entry of zip.eachEntry()) {
      requirePrintableName(entry.fileName);
      if (isFolderOrClutter(entry.fileName)) continue;
      const name = `${upload.name}/${entry.fileName}`;
      const file = { name, fileName: baseName(entry.fileName) };
      if (!entry.canDecodeFileData()) {
        files.push({
          ...file,
          bytes: Buffer.alloc(0),
          problem: {
            code: 'UNSUPPORTED_FORMAT',
            message: entry.isEncrypted()
              ? 'This zip entry is encrypted: zip the files without a zip password (the keystore password is sent apart).'
              : 'This zip entry uses a compression method Certdesk does not read (only stored and deflated).',
          },
        });
        continue;
      }
      const bytes = await readEntry(zip, upload.bytes, entry, limits, budget);
      files.push(
        isZip(bytes)
          ? {
              ...file,
              bytes: Buffer.alloc(0),
              problem: {
                code: 'UNSUPPORTED_FORMAT',
                message: 'A zip inside a zip is not opened: put its files in the outer archive.',
              },
            }
          : { ...file, bytes },
      );
    }
    return files;
  } finally {
    zip.close();
  }
}

/** Folder entries and what archivers add on their own (macOS resource forks, .DS_Store) are not files to import. */
function isFolderOrClutter(path: string): boolean {
  if (path.endsWith('/')) return true;
  const segments = path.split('/');
  return segments[0] === '__MACOSX' || segments.some((s) => s === '.DS_Store' || s.startsWith('._'));
}

/**
 * Entries that say they inflate to at most this are inflated in one call, from the upload's bytes: a stream per entry
 * (yauzl's, through zlib's thread pool) cost about a millisecond each, more than reading the certificate it holds
 * (issue 12). A larger entry goes through yauzl's stream, so one big entry never holds the event loop.
 */
const INFLATED_AT_ONCE_BYTES = 1024 * 1024;
/** Bytes inflated at once between two turns of the event loop (yauzl gives one between entries too): a few ms. */
const INFLATED_BETWEEN_TURNS = 1024 * 1024;

async function readEntry(
  zip: yauzl.ZipFile,
  archive: Buffer,
  entry: Entry,
  limits: UploadLimits,
  budget: { unzippedBytes: number; sinceTurn: number },
): Promise<Buffer> {
  if (entry.uncompressedSize > limits.maxFileBytes)
    throw tooLarge(`a file may hold at most ${limits.maxFileBytes} bytes; ${entry.fileName} is larger`);
  if (budget.unzippedBytes + entry.uncompressedSize > limits.maxUnzippedBytes)
    throw tooLarge(`the zip archives of an upload may hold at most ${limits.maxUnzippedBytes} bytes in all`);
  const bytes =
    entry.uncompressedSize <= INFLATED_AT_ONCE_BYTES
      ? await inflateAtOnce(archive, entry, budget)
      : await inflateStreamed(zip, entry, limits, budget);
  // Counted as they came out, whatever the header said: within the limits checked above, since an entry that inflates
  // to more than its header says is refused (validateEntrySizes and inflateAtOnce) before it is counted.
  budget.unzippedBytes += bytes.length;
  if (bytes.length > limits.maxFileBytes || budget.unzippedBytes > limits.maxUnzippedBytes)
    throw tooLarge(`the zip archives of an upload may hold at most ${limits.maxUnzippedBytes} bytes in all`);
  return bytes;
}

/**
 * A small entry's bytes, inflated in one call straight from the archive. zlib stops at the size the header declares
 * (maxOutputLength), so an entry that lies about its size never inflates past it, and one whose size differs from its
 * header's is damaged, as yauzl's validateEntrySizes has it. The local header is checked as yauzl checks it.
 */
async function inflateAtOnce(archive: Buffer, entry: Entry, budget: { sinceTurn: number }): Promise<Buffer> {
  const header = entry.relativeOffsetOfLocalHeader;
  if (header + 30 > archive.length || archive.readUInt32LE(header) !== 0x04034b50)
    throw new Error(`invalid local file header for ${entry.fileName}`);
  const dataStart = header + 30 + archive.readUInt16LE(header + 26) + archive.readUInt16LE(header + 28);
  if (dataStart + entry.compressedSize > archive.length)
    throw new Error(`the data of ${entry.fileName} overflows the archive`);
  const data = archive.subarray(dataStart, dataStart + entry.compressedSize);
  const bytes =
    entry.compressionMethod === 0
      ? Buffer.from(data) // a copy: the archive's buffer is released once its entries are read
      : inflateRawSync(data, {
          maxOutputLength: Math.max(1, entry.uncompressedSize),
          chunkSize: Math.max(64, entry.uncompressedSize),
        });
  if (bytes.length !== entry.uncompressedSize)
    throw new Error(
      `${entry.fileName} inflates to ${bytes.length} bytes, not the ${entry.uncompressedSize} it says`,
    );
  budget.sinceTurn += bytes.length + data.length;
  if (budget.sinceTurn >= INFLATED_BETWEEN_TURNS) {
    budget.sinceTurn = 0;
    await nextTurn();
  }
  return bytes;
}

/** A large entry's bytes through yauzl's stream, stopped as soon as they go over the limits. */
async function inflateStreamed(
  zip: yauzl.ZipFile,
  entry: Entry,
  limits: UploadLimits,
  budget: { unzippedBytes: number },
): Promise<Buffer> {
  const stream = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    // validateEntrySizes stops an entry that lies about its size; this stops one that lies within the limits.
    if (size > limits.maxFileBytes || budget.unzippedBytes + size > limits.maxUnzippedBytes) {
      stream.destroy();
      throw tooLarge(
        `the zip archives of an upload may hold at most ${limits.maxUnzippedBytes} bytes in all`,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}
