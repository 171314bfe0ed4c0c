// Runs libs/pki's readCertificateFile in a worker thread (KeystoreReaderPool): a legacy PKCS#12 keystore costs
// about half a second of synchronous CPU (its 100,000-iteration SHA-1 MAC), and a 5,000-certificate PEM about as
// much, which on the main thread would stall every other request. Plain JavaScript, so Node loads it as it is, from
// src/ under Jest and from dist/ at run time; @certdesk/pki therefore resolves to its build (libs/pki/dist), as it
// does for dist/main.js.
import { CertificateFileError, readCertificateFile } from '@certdesk/pki';

/**
 * @param {{ bytes: Uint8Array; password: string | undefined; maxCertificates: number; started: MessagePort }} task
 * @returns {Promise<import('./keystore-reader-pool.js').KeystoreReaderAnswer>}
 */
export default async function readInThread(task) {
  // One handler for both kinds of task: piscina loads a named export by requiring the module again, and two loads of
  // this ES module racing in one thread crashed Node 20 (v8 IsGraphAsync on a module not yet instantiated).
  if ('files' in task) return readLightFiles(task);
  const { bytes, password, maxCertificates, started } = task;
  // The pool's clock for this file starts now, not while the task waited in the queue behind other files.
  started.postMessage('started');
  try {
    return await readOne(bytes, password, maxCertificates);
  } finally {
    started.close();
  }
}

/**
 * Several light files (PEM or DER certificates, no password) in one task: one thread round trip for all of them.
 * @param {{ files: Uint8Array[]; maxCertificates: number; started: MessagePort }} task
 * @returns {Promise<import('./keystore-reader-pool.js').KeystoreReaderAnswer[]>}
 */
async function readLightFiles({ files, maxCertificates, started }) {
  started.postMessage('started');
  try {
    const answers = [];
    for (const bytes of files) answers.push(await readOne(bytes, undefined, maxCertificates));
    return answers;
  } finally {
    started.close();
  }
}

/**
 * @param {Uint8Array} bytes
 * @param {string | undefined} password
 * @param {number} maxCertificates
 * @returns {Promise<import('./keystore-reader-pool.js').KeystoreReaderAnswer>}
 */
async function readOne(bytes, password, maxCertificates) {
  try {
    const read = await readCertificateFile(bytes, { password });
    const count = Math.max(read.certificates.length, read.keystore?.entries.length ?? 0);
    // Over the limit, nothing but the count crosses back: the main thread would only have to take it apart.
    if (count > maxCertificates) return { ok: false, code: 'TOO_MANY_CERTIFICATES', count };
    // Each certificate's DER as a compact copy: a view would carry its whole underlying buffer across the thread
    // boundary, and only the certificates themselves may leave the reader.
    const certificates = read.certificates.map((certificate) => ({
      ...certificate,
      der: new Uint8Array(certificate.der),
    }));
    return { ok: true, read: { ...read, certificates } };
  } catch (error) {
    // An Error crossing threads keeps only its message: the code goes as data and is rebuilt on the other side.
    if (error instanceof CertificateFileError) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}
