// PEM: every certificate block in a text, whatever text surrounds them (openssl -text output, bundles).
import { CertificateFileError } from './errors.js';

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
const BEGIN_LINE = /-----BEGIN ([A-Z0-9 ]+)-----/g;
const CERTIFICATE_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The DER of every certificate block, in file order. */
export function certificateBlocks(bytes: Uint8Array): Uint8Array[] {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const blocks: Uint8Array[] = [];
  const otherLabels = new Set<string>();
  for (const match of text.matchAll(BLOCK)) {
    const label = match[1]!;
    if (!CERTIFICATE_LABELS.has(label)) {
      otherLabels.add(label);
      continue;
    }
    const body = match[2]!.replace(/\s+/g, '');
    if (!BASE64.test(body)) {
      throw new CertificateFileError(
        'UNREADABLE',
        'A PEM certificate block is damaged: its base64 text is not valid.',
      );
    }
    blocks.push(Buffer.from(body, 'base64')); // parseCertificate keeps a copy of its own
  }
  const certificateBegins = [...text.matchAll(BEGIN_LINE)].filter((m) =>
    CERTIFICATE_LABELS.has(m[1]!),
  ).length;
  if (certificateBegins > blocks.length) {
    throw new CertificateFileError(
      'UNREADABLE',
      'This PEM file is truncated: a BEGIN line has no matching END line.',
    );
  }
  if (blocks.length === 0) {
    throw new CertificateFileError(
      'UNSUPPORTED_FORMAT',
      otherLabels.size > 0
        ? `This PEM file holds no certificate (it holds: ${[...otherLabels].join(', ')}).`
        : 'This PEM file holds no certificate.',
    );
  }
  return blocks;
}
