// Tells a file's format from its first bytes, without decoding it.

/** `cms`: a CMS ContentInfo (an ETK is a SignedData); `der`: a DER SEQUENCE of SEQUENCEs (a certificate, or a request). */
export type SniffedFormat = 'pem' | 'der' | 'cms' | 'pkcs12' | 'jks' | 'unknown';

const JKS_MAGIC = 0xfeedfeed;
const JCEKS_MAGIC = 0xcececece;

export function sniffFormat(bytes: Uint8Array): SniffedFormat {
  if (bytes.length >= 4) {
    const magic = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
    if (magic === JKS_MAGIC || magic === JCEKS_MAGIC) return 'jks';
  }
  if (bytes[0] === 0x30) {
    const first = firstChildTag(bytes);
    // PFX starts with INTEGER version 3; a Certificate with its TBSCertificate SEQUENCE.
    if (first?.tag === 0x02 && first.content === 3) return 'pkcs12';
    if (first?.tag === 0x30) return 'der';
    // ContentInfo starts with its content type, an OBJECT IDENTIFIER.
    if (first?.tag === 0x06) return 'cms';
  }
  if (looksLikePem(bytes)) return 'pem';
  return 'unknown';
}

function firstChildTag(bytes: Uint8Array): { tag: number; content: number | null } | null {
  const outerLength = headerLength(bytes, 0);
  if (outerLength === null) return null;
  const tag = bytes[outerLength];
  if (tag === undefined) return null;
  const innerHeader = headerLength(bytes, outerLength);
  const content =
    innerHeader !== null && bytes[outerLength + 1] === 1 ? (bytes[outerLength + innerHeader] ?? null) : null;
  return { tag, content };
}

/** Length of the tag+length header at `offset` (short or long form, or BER indefinite), or null. */
function headerLength(bytes: Uint8Array, offset: number): number | null {
  const lengthByte = bytes[offset + 1];
  if (lengthByte === undefined) return null;
  if (lengthByte < 0x80) return 2;
  if (lengthByte === 0x80) return 2; // indefinite length (BER)
  const count = lengthByte & 0x7f;
  return count <= 4 ? 2 + count : null;
}

const PEM_BEGIN = Buffer.from('-----BEGIN ');

function looksLikePem(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(PEM_BEGIN);
}
