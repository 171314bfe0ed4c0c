// The public half of an RSA or EC private key, read from the key's own ASN.1. node:crypto's createPrivateKey would
// do it, through OpenSSL 3.0's key decoder, which holds a lock: two reader threads of one process decoding keys ran
// at 0.99x one thread, so a zip of keystores was not read by every CPU (issue 12, docs/performance.md). Any key this
// does not read exactly (another algorithm or curve, multi-prime RSA, a non-minimal INTEGER, an EC key without its
// public point) is answered null, and the caller asks OpenSSL, whose answer is the reference.
import { DerStructureError } from '../der.js';
import {
  type DerElement,
  bitStringContent,
  explicitElement,
  integerContent,
  objectIdentifier,
  octetStringContent,
  readDerElement,
  sequenceElements,
} from '../der-reader.js';
import { OID } from '../oids.js';

/** AlgorithmIdentifier { rsaEncryption, NULL }, as OpenSSL writes it in a SubjectPublicKeyInfo. */
const RSA_ALGORITHM = Buffer.from('300d06092a864886f70d0101010500', 'hex');
const EC_PUBLIC_KEY_OID = Buffer.from('06072a8648ce3d0201', 'hex');
/** The named curves eHealth and the test PKI use: their OID's DER, and an uncompressed point's length. */
const CURVES = new Map<string, { oid: Buffer; pointBytes: number }>([
  ['1.2.840.10045.3.1.7', { oid: Buffer.from('06082a8648ce3d030107', 'hex'), pointBytes: 65 }],
  ['1.3.132.0.34', { oid: Buffer.from('06052b81040022', 'hex'), pointBytes: 97 }],
  ['1.3.132.0.35', { oid: Buffer.from('06052b81040023', 'hex'), pointBytes: 133 }],
]);

/**
 * SubjectPublicKeyInfo (DER) of a PKCS#8 PrivateKeyInfo: the same bytes as
 * `createPublicKey(createPrivateKey(pkcs8)).export({ format: 'der', type: 'spki' })` for a two-prime RSA key, or
 * an EC key on P-256, P-384 or P-521 that carries its public point uncompressed (as OpenSSL and most tools write
 * it); null for any other key. Throws DerStructureError when the bytes are not a PrivateKeyInfo at all.
 */
export function publicHalfFromAsn1(privateKeyInfo: Uint8Array): Uint8Array | null {
  const [version, algorithm, privateKey] = sequenceElements(readDerElement(privateKeyInfo), 'PrivateKeyInfo');
  if (!isZero(version)) return null;
  const [algorithmOid, parameters] = sequenceElements(algorithm, 'algorithm');
  const keyType = objectIdentifier(algorithmOid, 'algorithm');
  const key = readDerElement(octetStringContent(privateKey, 'privateKey'));
  if (keyType === OID.rsaEncryption) return rsaPublicHalf(key);
  if (keyType === OID.ecPublicKey) return ecPublicHalf(key, parameters);
  return null;
}

/** RSAPrivateKey: version 0 and n, e, d, p, q, dP, dQ, qInv (version 1 has further primes). */
function rsaPublicHalf(key: DerElement): Uint8Array | null {
  const fields = sequenceElements(key, 'RSAPrivateKey');
  if (fields.length !== 9 || !isZero(fields[0])) return null;
  const modulus = minimalPositive(fields[1]);
  const exponent = minimalPositive(fields[2]);
  if (!modulus || !exponent) return null;
  const publicKey = tlv(0x30, Buffer.concat([tlv(0x02, modulus), tlv(0x02, exponent)]));
  return tlv(0x30, Buffer.concat([RSA_ALGORITHM, bitString(publicKey)]));
}

/** ECPrivateKey: version 1, the scalar, [0] the curve (optional), [1] the public point (optional). */
function ecPublicHalf(key: DerElement, parameters: DerElement | undefined): Uint8Array | null {
  if (!parameters) return null;
  const curveName = objectIdentifier(parameters, 'EC curve');
  const curve = CURVES.get(curveName);
  if (!curve) return null;
  const [version, , ...optional] = sequenceElements(key, 'ECPrivateKey');
  const versionBytes = integerContent(version, 'ECPrivateKey version');
  if (versionBytes.length !== 1 || versionBytes[0] !== 1) return null;
  const ownCurve = optional.map((element) => explicitElement(element, 0)).find(Boolean);
  if (ownCurve && objectIdentifier(ownCurve, 'EC curve') !== curveName) return null;
  const publicKey = optional.map((element) => explicitElement(element, 1)).find(Boolean);
  if (!publicKey) return null;
  // An unused-bits count of 0, then the point: uncompressed (04 || x || y) at the curve's length.
  if (publicKey.input[publicKey.contentStart] !== 0) return null;
  const point = bitStringContent(publicKey, 'EC public key');
  if (point.length !== curve.pointBytes || point[0] !== 0x04) return null;
  const algorithm = tlv(0x30, Buffer.concat([EC_PUBLIC_KEY_OID, curve.oid]));
  return tlv(0x30, Buffer.concat([algorithm, bitString(point)]));
}

function isZero(element: DerElement | undefined): boolean {
  try {
    const bytes = integerContent(element, 'version');
    return bytes.length === 1 && bytes[0] === 0;
  } catch {
    return false;
  }
}

/** An INTEGER's content when it is positive and minimally encoded, as DER (and OpenSSL's export) writes it. */
function minimalPositive(element: DerElement | undefined): Uint8Array | null {
  const bytes = integerContent(element, 'RSA key');
  if ((bytes[0]! & 0x80) !== 0) return null;
  if (bytes.length > 1 && bytes[0] === 0 && (bytes[1]! & 0x80) === 0) return null;
  if (bytes.length === 1 && bytes[0] === 0) return null;
  return bytes;
}

function bitString(content: Uint8Array): Buffer {
  return tlv(0x03, Buffer.concat([Buffer.of(0), content]));
}

function tlv(tag: number, content: Uint8Array): Buffer {
  const n = content.length;
  if (n >= 0x1000000) throw new DerStructureError('a key larger than any in use');
  const length =
    n < 0x80
      ? [n]
      : n < 0x100
        ? [0x81, n]
        : n < 0x10000
          ? [0x82, n >> 8, n & 0xff]
          : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Buffer.of(tag, ...length), content]);
}
