// Reads one keystore for the bridge (keystore-reader.ts), in a thread of its own: a legacy keystore's key derivations
// cost up to seconds of CPU, which on the main thread would stall the bridge's HTTP server and the eID signing it
// serves. Plain JavaScript, so Node loads it as it is, from src/ under Jest and from dist/ at run time; @certdesk/pki
// therefore resolves to its build (libs/pki/dist).
import { parentPort } from 'node:worker_threads';
import { CertificateFileError, readCertificateFile } from '@certdesk/pki';

parentPort.once('message', async ({ bytes, password }) => {
  // The bridge's clock for this keystore starts now that libs/pki is loaded.
  parentPort.postMessage({ started: true });
  try {
    parentPort.postMessage({ ok: true, read: await readCertificateFile(bytes, { password }) });
  } catch (error) {
    // An Error crossing threads keeps only its message: the code goes as data and is rebuilt on the other side.
    if (error instanceof CertificateFileError)
      parentPort.postMessage({ ok: false, code: error.code, message: error.message });
    else
      parentPort.postMessage({ ok: false, code: 'UNREADABLE', message: 'This keystore could not be read.' });
  }
});
