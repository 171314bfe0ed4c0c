import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import {
  CertificateFileError,
  type CertificateFileErrorCode,
  type ReadResult,
  readResultInThisRealm,
  sniffFormat,
} from '@certdesk/pki';
import { esmWorker } from '../../core/esm-worker-door.js';

/** What keystore-reader.worker.mjs answers: the result, a CertificateFileError as data, or a count over the limit. */
export type KeystoreReaderAnswer =
  | { ok: true; read: ReadResult }
  | { ok: false; code: CertificateFileErrorCode; message: string }
  | { ok: false; code: 'TOO_MANY_CERTIFICATES'; count: number };

interface KeystoreReaderTask {
  bytes: Uint8Array;
  password: string | undefined;
  maxCertificates: number;
  /** The worker says on it when it starts the file: its time budget counts from then. */
  started: MessagePort;
}

/** Several light files (isLightFile) read in one task: no password, no key derivation. */
interface LightFilesTask {
  files: Uint8Array[];
  maxCertificates: number;
  started: MessagePort;
}

/**
 * The largest file read with others in one task: a few certificates in PEM or DER, whose reading is linear in its
 * bytes and takes well under a millisecond. A thread round trip per such file cost more than the reading (issue 12).
 */
export const LIGHT_FILE_BYTES = 16 * 1024;
/** Light files per task: a task still ends in milliseconds, so other uploads' files are not kept waiting. */
export const LIGHT_FILES_PER_TASK = 64;

/**
 * Whether a file can be read with others in one task: a PEM or DER certificate file of at most LIGHT_FILE_BYTES. A
 * keystore, an ETK, base64 text (which may hold a keystore) or anything larger is read alone, under its own budget.
 */
export function isLightFile(bytes: Uint8Array): boolean {
  if (bytes.length > LIGHT_FILE_BYTES) return false;
  const format = sniffFormat(bytes);
  return format === 'pem' || format === 'der';
}

export interface KeystoreReaderLimits {
  /** Reader threads: at least 2, so that one slow file never holds every reader. */
  threads: number;
  /** How long one file may take; past it, its thread is stopped and replaced. */
  readTimeoutMs: number;
  /** Certificates (or keystore entries) one file may hold. */
  maxCertificates: number;
}

/** A file holding more certificates than the limit: the upload is refused (413) as too large. */
export class TooManyCertificatesError extends Error {
  override readonly name = 'TooManyCertificatesError';

  constructor(
    readonly count: number,
    readonly limit: number,
    /** The file, when the reader knows it (a file read with others). */
    readonly fileName?: string,
  ) {
    super(`a file may hold at most ${limit} certificates; this one holds ${count}`);
  }
}

export const DEFAULT_READER_LIMITS: KeystoreReaderLimits = {
  // One per CPU: a zip of keystores is CPU work (key derivations) that the event loop only waits for.
  threads: Math.max(2, availableParallelism()),
  readTimeoutMs: 15_000,
  maxCertificates: 10_000,
};

/**
 * Reads certificate files and keystores (libs/pki's readCertificateFile) in a small pool of worker threads, so the
 * event loop keeps serving while a keystore is decrypted or a large PEM parsed. One thread per CPU, at least 2 (one
 * hostile file must not hold every tenant's imports), started on the first file, not with the api, and kept. Each file has a
 * time budget from the moment its thread starts it: a keystore whose key derivations ask for more is refused, and
 * its thread terminated (piscina replaces it), so it stops burning CPU. The password travels to the thread in a
 * message, in memory, and nowhere else.
 */
export class KeystoreReaderPool {
  private pool:
    Piscina<KeystoreReaderTask | LightFilesTask, KeystoreReaderAnswer | KeystoreReaderAnswer[]> | undefined;
  private readonly limits: KeystoreReaderLimits;

  constructor(limits: Partial<KeystoreReaderLimits> = {}) {
    this.limits = { ...DEFAULT_READER_LIMITS, ...limits };
    this.limits.threads = Math.max(2, this.limits.threads);
  }

  get threads(): number {
    return this.limits.threads;
  }

  /**
   * readCertificateFile(bytes, {password}), in a thread; a CertificateFileError comes back as one, code intact. A
   * file over the time budget is refused as UNREADABLE; one over the certificate limit throws TooManyCertificatesError.
   */
  async read(bytes: Uint8Array, password: string | undefined): Promise<ReadResult> {
    // A compact copy, handed over rather than copied again: the upload may be a view into a larger, shared buffer.
    const own = new Uint8Array(bytes);
    const answer = await this.run<KeystoreReaderTask, KeystoreReaderAnswer>(
      (started) => ({ bytes: own, password, maxCertificates: this.limits.maxCertificates, started }),
      [own.buffer],
    );
    return this.resultOf(answer);
  }

  /**
   * Reads light files (isLightFile) together, in one task of one thread, under one time budget. Answers each file's
   * result, or the error it would have thrown alone (CertificateFileError, TooManyCertificatesError), in order.
   */
  async readLight(
    files: readonly Uint8Array[],
  ): Promise<(ReadResult | CertificateFileError | TooManyCertificatesError)[]> {
    const own = files.map((bytes) => new Uint8Array(bytes));
    const answers = await this.run<LightFilesTask, KeystoreReaderAnswer[]>(
      (started) => ({ files: own, maxCertificates: this.limits.maxCertificates, started }),
      own.map((bytes) => bytes.buffer),
    );
    return answers.map((answer) => {
      try {
        return this.resultOf(answer);
      } catch (error) {
        if (error instanceof CertificateFileError || error instanceof TooManyCertificatesError) return error;
        throw error;
      }
    });
  }

  /** Runs one task in a thread, its time budget counted from when the thread starts it. */
  private async run<Task, Answer>(
    task: (started: MessagePort) => Task,
    transfer: ArrayBufferLike[],
  ): Promise<Answer> {
    this.pool ??= new Piscina({
      ...esmWorker(new URL('./keystore-reader.worker.mjs', import.meta.url)),
      // Every thread stays: piscina replaces a stopped thread only up to minThreads, and a file queued meanwhile
      // would otherwise wait for a thread that never comes.
      minThreads: this.limits.threads,
      maxThreads: this.limits.threads,
    });
    const { port1: started, port2: startedInThread } = new MessageChannel();
    const timeout = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    started.once('message', () => {
      timer = setTimeout(() => timeout.abort(), this.limits.readTimeoutMs);
    });
    try {
      return (await this.pool.run(task(startedInThread) as KeystoreReaderTask | LightFilesTask, {
        transferList: [...(transfer as ArrayBuffer[]), startedInThread],
        signal: timeout.signal,
      })) as Answer;
    } catch (error) {
      if (timeout.signal.aborted) throw tooSlow(this.limits.readTimeoutMs);
      throw error;
    } finally {
      clearTimeout(timer);
      started.close();
    }
  }

  private resultOf(answer: KeystoreReaderAnswer): ReadResult {
    if (answer.ok) return readResultInThisRealm(answer.read);
    if (answer.code === 'TOO_MANY_CERTIFICATES')
      throw new TooManyCertificatesError(answer.count, this.limits.maxCertificates);
    throw new CertificateFileError(answer.code, answer.message);
  }

  /** Stops the threads (the api's shutdown); a file being read then fails. */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.destroy();
  }
}

function tooSlow(budgetMs: number): CertificateFileError {
  const seconds = (budgetMs / 1000).toLocaleString('en', { maximumFractionDigits: 1 });
  return new CertificateFileError(
    'UNREADABLE',
    `Reading this file took longer than ${seconds} s, so it was stopped: it asks for far more work (key-derivation ` +
      'iterations) than a keystore needs. Export the keystore again with the usual settings and import that file.',
  );
}
