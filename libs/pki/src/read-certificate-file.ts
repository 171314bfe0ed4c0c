// The one entry point for a file of unknown kind: PEM, DER certificate or PKCS#12 keystore.
import { type ReadCertificate, parseCertificate } from './certificate.js';
import { CertificateFileError } from './errors.js';
import { type KeystoreSummary, summarizeKeystore } from './keystore.js';
import { certificateBlocks } from './pem.js';
import { readPkcs12 } from './pkcs12/read.js';
import { sniffFormat } from './sniff.js';

export interface ReadResult {
  format: 'pem' | 'der' | 'pkcs12';
  certificates: ReadCertificate[];
  keystore: KeystoreSummary | null;
}

export interface ReadOptions {
  /** The keystore password; used in memory only, never returned or logged. */
  password?: string;
}

const JKS_MESSAGE =
  'This is a Java keystore (JKS/JCEKS), which Certdesk does not read. Convert it to PKCS#12 with: ' +
  'keytool -importkeystore -srckeystore KEYSTORE.jks -destkeystore KEYSTORE.p12 -deststoretype PKCS12';

export async function readCertificateFile(bytes: Uint8Array, options: ReadOptions = {}): Promise<ReadResult> {
  const format = sniffFormat(bytes);
  switch (format) {
    case 'pem':
      return { format, certificates: certificateBlocks(bytes).map(parseCertificate), keystore: null };
    case 'der':
      return { format, certificates: [parseCertificate(bytes)], keystore: null };
    case 'pkcs12': {
      const { certificates, keystore } = summarizeKeystore(readPkcs12(bytes, options.password));
      return { format, certificates, keystore };
    }
    case 'jks':
      throw new CertificateFileError('UNSUPPORTED_FORMAT', JKS_MESSAGE);
    case 'unknown':
      throw new CertificateFileError(
        'UNSUPPORTED_FORMAT',
        bytes.length === 0
          ? 'This file is empty.'
          : 'This file is not a certificate or keystore Certdesk reads (PEM, DER certificate, PKCS#12 .p12/.pfx).',
      );
  }
}
