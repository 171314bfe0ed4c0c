// The one entry point for a file of unknown kind: PEM, DER certificate, ETK or PKCS#12 keystore.
import { type ReadCertificate, parseCertificate } from './certificate.js';
import { isCertificationRequest } from './csr.js';
import { CertificateFileError } from './errors.js';
import { type EtkContents, readEtkStructure } from './etk.js';
import { type KeystoreSummary, summarizeKeystore } from './keystore.js';
import { CMS_LABELS, certificatesOf, isCertificateLabel, pemBlocks } from './pem.js';
import { readPkcs12 } from './pkcs12/read.js';
import { sniffFormat } from './sniff.js';

export interface ReadResult {
  format: 'pem' | 'der' | 'pkcs12' | 'etk';
  /** For an ETK: its encryption certificate, then its authentication certificate (roles in `etk`). */
  certificates: ReadCertificate[];
  keystore: KeystoreSummary | null;
  etk: EtkContents | null;
}

export interface ReadOptions {
  /** The keystore password; used in memory only, never returned or logged. */
  password?: string;
}

const JKS_MESSAGE =
  'This is a Java keystore (JKS/JCEKS), which Certdesk does not read. Convert it to PKCS#12 with: ' +
  'keytool -importkeystore -srckeystore KEYSTORE.jks -destkeystore KEYSTORE.p12 -deststoretype PKCS12';

const CSR_MESSAGE =
  'This is a certificate request (PKCS#10 CSR), not a certificate: import the certificate issued for it, or the ' +
  'keystore that holds it.';

/** Base64 alone in a file (how the depot's answer carries an ETK, saved as is): whitespace allowed. */
const BASE64_TEXT = /^[A-Za-z0-9+/\s]+={0,2}\s*$/;

export async function readCertificateFile(bytes: Uint8Array, options: ReadOptions = {}): Promise<ReadResult> {
  return readBytes(bytes, options, true);
}

/** An ETK's contents, from its BER/DER, base64 or PEM (`CMS`, `PKCS7`). */
export async function readEtk(bytes: Uint8Array): Promise<EtkContents> {
  const result = await readCertificateFile(bytes);
  if (!result.etk) throw new CertificateFileError('UNSUPPORTED_FORMAT', 'This file is not an ETK.');
  return result.etk;
}

async function readBytes(bytes: Uint8Array, options: ReadOptions, mayBeBase64: boolean): Promise<ReadResult> {
  const format = sniffFormat(bytes);
  switch (format) {
    case 'pem': {
      const blocks = pemBlocks(bytes);
      const cms = blocks.filter((block) => CMS_LABELS.has(block.label));
      if (cms.length > 0 && !blocks.some((block) => isCertificateLabel(block.label))) {
        if (cms.length > 1)
          throw new CertificateFileError(
            'UNSUPPORTED_FORMAT',
            'This PEM file holds several ETKs: give one per file.',
          );
        return etkResult(readEtkStructure(cms[0]!.der));
      }
      return {
        format,
        certificates: certificatesOf(blocks).map(parseCertificate),
        keystore: null,
        etk: null,
      };
    }
    case 'der':
      return { format, certificates: [readDerCertificate(bytes)], keystore: null, etk: null };
    case 'cms':
      return etkResult(readEtkStructure(bytes));
    case 'pkcs12': {
      const { certificates, keystore } = summarizeKeystore(readPkcs12(bytes, options.password));
      return { format, certificates, keystore, etk: null };
    }
    case 'jks':
      throw new CertificateFileError('UNSUPPORTED_FORMAT', JKS_MESSAGE);
    case 'unknown': {
      const decoded = mayBeBase64 ? base64Content(bytes) : null;
      if (decoded) return readBytes(decoded, options, false);
      throw new CertificateFileError(
        'UNSUPPORTED_FORMAT',
        bytes.length === 0
          ? 'This file is empty.'
          : 'This file is not a certificate, ETK or keystore Certdesk reads (PEM, DER certificate, ETK, PKCS#12 .p12/.pfx).',
      );
    }
  }
}

function etkResult(etk: EtkContents): ReadResult {
  return { format: 'etk', certificates: [etk.encryption, etk.authentication], keystore: null, etk };
}

function readDerCertificate(bytes: Uint8Array): ReadCertificate {
  try {
    return parseCertificate(bytes);
  } catch (error) {
    // A request looks like a certificate from its first bytes: say what it is rather than "damaged".
    if (error instanceof CertificateFileError && isCertificationRequest(bytes))
      throw new CertificateFileError('UNSUPPORTED_FORMAT', CSR_MESSAGE);
    throw error;
  }
}

/** The bytes a base64-only text file stands for, when they are ASN.1 this reader knows; else null. */
function base64Content(bytes: Uint8Array): Uint8Array | null {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (!BASE64_TEXT.test(text)) return null;
  const decoded = Buffer.from(text.replace(/\s+/g, ''), 'base64');
  const inner = sniffFormat(decoded);
  return inner === 'cms' || inner === 'der' || inner === 'pkcs12' ? decoded : null;
}
