// PEM: every certificate block in a text, whatever text surrounds them (openssl -text output, bundles).
import * as asn1js from 'asn1js';
import { CertificateFileError } from './errors.js';

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
const BEGIN_LINE = /-----BEGIN ([A-Z0-9 ]+)-----/g;
/** openssl's trust-store form: the certificate followed by its trust settings (X509_AUX). */
const TRUSTED_CERTIFICATE = 'TRUSTED CERTIFICATE';
const CERTIFICATE_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE', TRUSTED_CERTIFICATE]);
/** A CMS SignedData, which is how an ETK is written in PEM (`openssl cms -outform PEM` writes `CMS`). */
export const CMS_LABELS = new Set(['PKCS7', 'CMS', 'ETK']);
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function isCertificateLabel(label: string): boolean {
  return CERTIFICATE_LABELS.has(label);
}

export interface PemBlock {
  label: string;
  der: Uint8Array;
}

/** Every well-formed block, in file order; throws when a block's base64 is damaged or a BEGIN has no END. */
export function pemBlocks(bytes: Uint8Array): PemBlock[] {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(BLOCK)) {
    const label = match[1]!;
    const body = match[2]!.replace(/\s+/g, '');
    if (!BASE64.test(body)) {
      if (!CERTIFICATE_LABELS.has(label) && !CMS_LABELS.has(label)) {
        blocks.push({ label, der: new Uint8Array(0) }); // not ours to judge: only named in messages
        continue;
      }
      throw new CertificateFileError('UNREADABLE', 'A PEM block is damaged: its base64 text is not valid.');
    }
    blocks.push({ label, der: Buffer.from(body, 'base64') });
  }
  const ours = (label: string) => CERTIFICATE_LABELS.has(label) || CMS_LABELS.has(label);
  const begins = [...text.matchAll(BEGIN_LINE)].filter((m) => ours(m[1]!)).length;
  if (begins > blocks.filter((block) => ours(block.label)).length) {
    throw new CertificateFileError(
      'UNREADABLE',
      'This PEM file is truncated: a BEGIN line has no matching END line.',
    );
  }
  return blocks;
}

/** The DER of every certificate block, in file order. */
export function certificateBlocks(bytes: Uint8Array): Uint8Array[] {
  return certificatesOf(pemBlocks(bytes));
}

export function certificatesOf(blocks: PemBlock[]): Uint8Array[] {
  const certificates = blocks
    .filter((block) => CERTIFICATE_LABELS.has(block.label))
    .map((block) => (block.label === TRUSTED_CERTIFICATE ? leadingElement(block.der) : block.der));
  if (certificates.length === 0) {
    const labels = [...new Set(blocks.map((block) => block.label))];
    throw new CertificateFileError(
      'UNSUPPORTED_FORMAT',
      labels.length > 0
        ? `This PEM file holds no certificate (it holds: ${labels.join(', ')}).`
        : 'This PEM file holds no certificate.',
    );
  }
  return certificates;
}

/** The certificate at the start of a TRUSTED CERTIFICATE block, without the trust settings after it. */
function leadingElement(der: Uint8Array): Uint8Array {
  const { offset } = asn1js.fromBER(der, { parseEmbedded: false, copyInput: false });
  if (offset <= 0) {
    throw new CertificateFileError(
      'UNREADABLE',
      'A PEM TRUSTED CERTIFICATE block is damaged: it does not start with a certificate.',
    );
  }
  return der.subarray(0, offset);
}
