// Reads a keystore off the bridge's main thread, within a time budget.
import { Worker } from 'node:worker_threads';
import type { CertificateFileErrorCode, ReadResult } from '@certdesk/pki';
import { loadPki } from '../pki.js';

/** Far more than any real keystore takes (a Java legacy one: about a second), far less than a hostile one asks. */
export const KEYSTORE_READ_TIMEOUT_MS = 15_000;

type WorkerAnswer =
  | { started: true }
  | { ok: true; read: ReadResult }
  | { ok: false; code: CertificateFileErrorCode; message: string };

/**
 * libs/pki's readCertificateFile(bytes, {password}), in a worker thread started for this one keystore, so the HTTP
 * server keeps answering meanwhile. A keystore that takes longer than `timeoutMs` (counted once the thread has loaded
 * libs/pki) is refused as UNREADABLE and its thread terminated: it stops burning CPU. Failures come back as libs/pki's
 * CertificateFileError, code intact. The password goes to the thread in a message, in memory, and nowhere else.
 */
export async function readKeystoreInThread(
  bytes: Uint8Array,
  password: string,
  timeoutMs = KEYSTORE_READ_TIMEOUT_MS,
): Promise<ReadResult> {
  const { CertificateFileError, readResultInThisRealm } = await loadPki();
  const worker = new Worker(new URL('./keystore-reader.worker.mjs', import.meta.url));
  const own = new Uint8Array(bytes);
  let timer: NodeJS.Timeout | undefined;
  try {
    const answer = await new Promise<Exclude<WorkerAnswer, { started: true }>>((resolve, reject) => {
      worker.on('message', (message: WorkerAnswer) => {
        if (!('started' in message)) return resolve(message);
        timer = setTimeout(() => {
          const seconds = (timeoutMs / 1000).toLocaleString('en', { maximumFractionDigits: 1 });
          reject(
            new CertificateFileError(
              'UNREADABLE',
              `Reading this keystore took longer than ${seconds} s, so it was stopped: it asks for far more work ` +
                '(key-derivation iterations) than a keystore needs.',
            ),
          );
        }, timeoutMs);
      });
      worker.on('error', reject);
      worker.on('exit', (code) => reject(new Error(`the keystore reader stopped (exit code ${code})`)));
      worker.postMessage({ bytes: own, password }, [own.buffer]);
    });
    if (answer.ok) return readResultInThisRealm(answer.read);
    throw new CertificateFileError(answer.code, answer.message);
  } finally {
    clearTimeout(timer);
    await worker.terminate();
  }
}
