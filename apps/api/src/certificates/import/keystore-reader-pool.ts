import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { CertificateFileError, type CertificateFileErrorCode, type ReadResult } from '@certdesk/pki';

/** What keystore-reader.worker.mjs answers: the result, or a CertificateFileError as data. */
export type KeystoreReaderAnswer =
  { ok: true; read: ReadResult } | { ok: false; code: CertificateFileErrorCode; message: string };

interface KeystoreReaderTask {
  bytes: Uint8Array;
  password: string | undefined;
}

/** A thread stays this long after its last file: the files of one zip, or of imports in a row, reuse it. */
const IDLE_THREAD_MS = 60_000;

/**
 * Reads certificate files and keystores (libs/pki's readCertificateFile) in a small pool of worker threads, so the
 * event loop keeps serving while a keystore is decrypted. CPUs - 1 threads (at least one), started on the first
 * file, not with the api. The password travels to the thread in a message, in memory, and nowhere else.
 */
export class KeystoreReaderPool {
  private pool: Piscina<KeystoreReaderTask, KeystoreReaderAnswer> | undefined;

  constructor(private readonly threads = Math.max(1, availableParallelism() - 1)) {}

  /** readCertificateFile(bytes, {password}), in a thread; a CertificateFileError comes back as one, code intact. */
  async read(bytes: Uint8Array, password: string | undefined): Promise<ReadResult> {
    this.pool ??= new Piscina({
      filename: fileURLToPath(new URL('./keystore-reader.worker.mjs', import.meta.url)),
      minThreads: 0,
      maxThreads: this.threads,
      idleTimeout: IDLE_THREAD_MS,
    });
    // A compact copy, handed over rather than copied again: the upload may be a view into a larger, shared buffer.
    const own = new Uint8Array(bytes);
    const answer = await this.pool.run({ bytes: own, password }, { transferList: [own.buffer] });
    if (!answer.ok) throw new CertificateFileError(answer.code, answer.message);
    return withLocalDates(answer.read);
  }

  /** Stops the threads (the api's shutdown); a file being read then fails. */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.destroy();
  }
}

/**
 * The dates rebuilt here: a message's Dates are made in Node's main realm, and code running in another one (Jest's
 * test context) would not see them as `instanceof Date`.
 */
function withLocalDates(read: ReadResult): ReadResult {
  return {
    ...read,
    certificates: read.certificates.map((certificate) => ({
      ...certificate,
      notBefore: new Date(certificate.notBefore.getTime()),
      notAfter: new Date(certificate.notAfter.getTime()),
    })),
  };
}
