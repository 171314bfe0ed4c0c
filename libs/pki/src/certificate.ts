// One X.509 certificate, DER in, the facts a person checks out. One asn1js pass over the structure;
// hashes from node:crypto.
import { hash } from 'node:crypto';
import * as asn1js from 'asn1js';
import type { CertificateFacts, DistinguishedName } from '@certdesk/domain';
import { CertificateFileError } from './errors.js';
import {
  DerStructureError,
  bitStringBytes,
  decodeDer,
  explicitContent,
  integerBytes,
  isContextTag,
  octetsOf,
  oidOf,
  sequenceOf,
} from './der.js';
import { readName } from './names.js';
import { EXTENDED_KEY_USAGE_NAMES, KEY_USAGE_BITS, NAMED_CURVES, OID } from './oids.js';

export interface ReadCertificate extends CertificateFacts {
  /** The certificate itself, DER (public). */
  der: Uint8Array;
  /** Key usage bit names, e.g. ['digitalSignature', 'keyEncipherment']; empty when the extension is absent. */
  keyUsages: string[];
  /** Extended key usages: a name where one is known ('clientAuth'), else the OID. */
  extendedKeyUsages: string[];
  isCa: boolean;
  /** RSA modulus bits; EC curve bits; null when unknown. */
  keySize: number | null;
}

/** A parsed certificate plus what the keystore reader needs to match it to a private key. */
export interface ParsedCertificate {
  certificate: ReadCertificate;
  /** SubjectPublicKeyInfo, DER, as found in the certificate. */
  subjectPublicKeyInfo: Uint8Array;
}

/** Reads a DER certificate. Throws CertificateFileError UNREADABLE when it is not one. */
export function parseCertificate(der: Uint8Array): ReadCertificate {
  return parseCertificateDetailed(der).certificate;
}

export function parseCertificateDetailed(der: Uint8Array | asn1js.BaseBlock): ParsedCertificate {
  try {
    return readCertificateStructure(der instanceof Uint8Array ? decodeDer(der) : der);
  } catch (error) {
    if (error instanceof DerStructureError) {
      throw new CertificateFileError(
        'UNREADABLE',
        `This certificate cannot be read: it is damaged or truncated (${error.message}).`,
      );
    }
    throw error;
  }
}

/** From the certificate's decoded element (already checked by decodeDer, alone or inside a larger structure). */
function readCertificateStructure(root: asn1js.BaseBlock): ParsedCertificate {
  const [tbs] = sequenceOf(root, 'certificate');
  const fields = sequenceOf(tbs, 'tbsCertificate');
  let index = isContextTag(fields[0], 0) ? 1 : 0; // [0] version is optional (v1)
  const serialNode = fields[index++];
  index++; // signature algorithm, repeated outside the TBS
  const issuer = readName(fields[index++], 'issuer');
  const [notBeforeNode, notAfterNode] = sequenceOf(fields[index++], 'validity');
  const subject = readName(fields[index++], 'subject');
  const spkiNode = fields[index++];
  if (!spkiNode) throw new DerStructureError('subjectPublicKeyInfo: missing');
  const extensionsNode = fields.slice(index).find((node) => isContextTag(node, 3));
  const extensions = readExtensions(explicitContent(extensionsNode, 3));
  const { keyAlgorithm, keySize } = describePublicKey(spkiNode);
  const ownDer = root.valueBeforeDecodeView;

  return {
    subjectPublicKeyInfo: spkiNode.valueBeforeDecodeView,
    certificate: {
      subject,
      issuer,
      serialNumber: serialHex(integerBytes(serialNode, 'serialNumber')),
      sha256Fingerprint: hash('sha256', ownDer, 'hex'),
      notBefore: timeOf(notBeforeNode),
      notAfter: timeOf(notAfterNode),
      keyAlgorithm,
      keySize,
      hasPrivateKey: false,
      alias: null,
      der: new Uint8Array(ownDer), // a copy: never a view into a larger (decrypted) buffer
      keyUsages: extensions.keyUsages,
      extendedKeyUsages: extensions.extendedKeyUsages,
      isCa: extensions.isCa,
    },
  };
}

/** Serial as `openssl x509 -serial` prints it, lower-cased: whole bytes of the magnitude, no sign byte. */
export function serialHex(bytes: Uint8Array): string {
  if (bytes.length > 0 && (bytes[0]! & 0x80) !== 0) {
    // Negative (not allowed by RFC 5280, but found in the wild): openssl prints '-' and the magnitude.
    const magnitude =
      (BigInt(`0x${Buffer.from(bytes).toString('hex')}`) - (1n << BigInt(bytes.length * 8))) * -1n;
    const hex = magnitude.toString(16);
    return `-${hex.length % 2 ? `0${hex}` : hex}`;
  }
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return Buffer.from(bytes.subarray(start)).toString('hex') || '00';
}

/** The serial number as a decimal string (the ETK alias convention). */
export function serialDecimal(serialNumberHex: string): string {
  return serialNumberHex.startsWith('-')
    ? `-${BigInt(`0x${serialNumberHex.slice(1)}`).toString(10)}`
    : BigInt(`0x${serialNumberHex}`).toString(10);
}

function timeOf(node: asn1js.BaseBlock | undefined): Date {
  if (node instanceof asn1js.UTCTime || node instanceof asn1js.GeneralizedTime) return node.toDate();
  throw new DerStructureError('validity: expected a time');
}

interface ExtensionFacts {
  keyUsages: string[];
  extendedKeyUsages: string[];
  isCa: boolean;
}

function readExtensions(node: asn1js.BaseBlock | undefined): ExtensionFacts {
  const facts: ExtensionFacts = { keyUsages: [], extendedKeyUsages: [], isCa: false };
  if (!node) return facts;
  for (const extension of sequenceOf(node, 'extensions')) {
    const parts = sequenceOf(extension, 'extension');
    const id = oidOf(parts[0], 'extension id');
    const valueNode = parts[parts.length - 1];
    if (id === OID.keyUsage) facts.keyUsages = keyUsageNames(decodeDer(octetsOf(valueNode, 'keyUsage')));
    else if (id === OID.extKeyUsage) {
      facts.extendedKeyUsages = sequenceOf(decodeDer(octetsOf(valueNode, 'extKeyUsage')), 'extKeyUsage').map(
        (purpose) => {
          const oid = oidOf(purpose, 'extKeyUsage');
          return EXTENDED_KEY_USAGE_NAMES.get(oid) ?? oid;
        },
      );
    } else if (id === OID.basicConstraints) {
      const [cA] = sequenceOf(decodeDer(octetsOf(valueNode, 'basicConstraints')), 'basicConstraints');
      facts.isCa = cA instanceof asn1js.Boolean && cA.getValue();
    }
  }
  return facts;
}

function keyUsageNames(node: asn1js.BaseBlock): string[] {
  if (!(node instanceof asn1js.BitString)) throw new DerStructureError('keyUsage: expected a BIT STRING');
  const bytes = node.valueBlock.valueHexView;
  const names: string[] = [];
  KEY_USAGE_BITS.forEach((name, bit) => {
    const byte = bytes[bit >> 3] ?? 0;
    if (byte & (0x80 >> (bit & 7))) names.push(name);
  });
  return names;
}

/** 'RSA-2048', 'EC-P256', 'EC-P384', 'Ed25519', ... and the size in bits. */
export function describePublicKey(spki: asn1js.BaseBlock): { keyAlgorithm: string; keySize: number | null } {
  const [algorithmNode, keyNode] = sequenceOf(spki, 'subjectPublicKeyInfo');
  const [algorithmOid, parameters] = sequenceOf(algorithmNode, 'algorithm');
  const algorithm = oidOf(algorithmOid, 'algorithm');
  switch (algorithm) {
    case OID.rsaEncryption:
    case OID.rsassaPss: {
      const [modulus] = sequenceOf(decodeDer(bitStringBytes(keyNode, 'RSA key')), 'RSA key');
      const bits = unsignedBitLength(integerBytes(modulus, 'RSA modulus'));
      return { keyAlgorithm: `RSA-${bits}`, keySize: bits };
    }
    case OID.ecPublicKey: {
      const curve = parameters instanceof asn1js.ObjectIdentifier ? parameters.getValue() : undefined;
      const known = curve ? NAMED_CURVES.get(curve) : undefined;
      return known
        ? { keyAlgorithm: `EC-${known.name}`, keySize: known.bits }
        : { keyAlgorithm: `EC-${curve ?? 'explicit'}`, keySize: null };
    }
    case OID.ed25519:
      return { keyAlgorithm: 'Ed25519', keySize: 256 };
    case OID.ed448:
      return { keyAlgorithm: 'Ed448', keySize: 456 };
    default:
      return { keyAlgorithm: algorithm, keySize: null };
  }
}

function unsignedBitLength(bytes: Uint8Array): number {
  let start = 0;
  while (start < bytes.length && bytes[start] === 0) start++;
  if (start === bytes.length) return 0;
  return (bytes.length - start - 1) * 8 + (32 - Math.clz32(bytes[start]!));
}

/** The subject's SERIALNUMBER attribute: on a Belgian eID certificate, the holder's SSIN. */
export function subjectSerialNumber(certificate: { subject: DistinguishedName }): string | null {
  return certificate.subject.find((attribute) => attribute.type === 'SERIALNUMBER')?.value ?? null;
}
