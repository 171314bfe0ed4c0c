// Runs libs/pki's readCertificateFile in a worker thread (KeystoreReaderPool): a legacy PKCS#12 keystore costs
// about half a second of synchronous CPU (its 100,000-iteration SHA-1 MAC), which on the main thread would stall
// every other request. Plain JavaScript, so Node loads it as it is, from src/ under Jest and from dist/ at run time;
// @certdesk/pki therefore resolves to its build (libs/pki/dist), as it does for dist/main.js.
import { CertificateFileError, readCertificateFile } from '@certdesk/pki';

/**
 * @param {{ bytes: Uint8Array; password: string | undefined }} task
 * @returns {Promise<import('./keystore-reader-pool.js').KeystoreReaderAnswer>}
 */
export default async function readInThread({ bytes, password }) {
  try {
    const read = await readCertificateFile(bytes, { password });
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
