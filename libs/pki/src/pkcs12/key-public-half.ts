// The public half of an RSA or EC private key, read from the key's own ASN.1. node:crypto's createPrivateKey would
// do it, through OpenSSL 3.0's key decoder, which holds a lock: two reader threads of one process decoding keys ran
// at 0.99x one thread, so a zip of keystores was not read by every CPU (issue 12, docs/performance.md). Any key this
// does not read exactly (another algorithm, a curve not in NAMED_CURVES, multi-prime RSA, a non-minimal INTEGER, an EC key without its
// public point) is answered null, and the caller asks OpenSSL, whose answer is the reference.
import * as asn1js from 'asn1js';
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
import { NAMED_CURVES, OID } from '../oids.js';

/**
 * SubjectPublicKeyInfo (DER) of a PKCS#8 PrivateKeyInfo: the same bytes as
 * `createPublicKey(createPrivateKey(pkcs8)).export({ format: 'der', type: 'spki' })` for a two-prime RSA key, or
 * an EC key on a curve of NAMED_CURVES that carries its public point uncompressed (as OpenSSL and most tools write
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
  const publicKey = new asn1js.Sequence({
    value: [new asn1js.Integer({ valueHex: modulus }), new asn1js.Integer({ valueHex: exponent })],
  });
  // AlgorithmIdentifier { rsaEncryption, NULL }, as OpenSSL writes it.
  return subjectPublicKeyInfo([oid(OID.rsaEncryption), new asn1js.Null()], publicKey.toBER());
}

/** ECPrivateKey: version 1, the scalar, [0] the curve (optional), [1] the public point (optional). */
function ecPublicHalf(key: DerElement, parameters: DerElement | undefined): Uint8Array | null {
  if (!parameters) return null;
  const curveName = objectIdentifier(parameters, 'EC curve');
  const curve = NAMED_CURVES.get(curveName);
  if (!curve) return null;
  const pointBytes = 1 + 2 * Math.ceil(curve.bits / 8);
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
  if (point.length !== pointBytes || point[0] !== 0x04) return null;
  return subjectPublicKeyInfo([oid(OID.ecPublicKey), oid(curveName)], point);
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

const oid = (value: string) => new asn1js.ObjectIdentifier({ value });

function subjectPublicKeyInfo(
  algorithm: asn1js.BaseBlock[],
  publicKey: ArrayBuffer | Uint8Array,
): Uint8Array {
  const spki = new asn1js.Sequence({
    value: [new asn1js.Sequence({ value: algorithm }), new asn1js.BitString({ valueHex: publicKey })],
  });
  return new Uint8Array(spki.toBER());
}
