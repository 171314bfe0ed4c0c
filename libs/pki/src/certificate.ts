// One X.509 certificate, DER in, the facts a person checks out. One pass of der-reader over the structure
// (asn1js only for rare encodings of a time or a name); hashes from node:crypto.
import { hash } from 'node:crypto';
import * as asn1js from 'asn1js';
import type { CertificateFacts, DistinguishedName } from '@certdesk/domain';
import { CertificateFileError } from './errors.js';
import { DerStructureError, decodeDer } from './der.js';
import {
  type DerElement,
  GENERALIZED_TIME,
  UTC_TIME,
  bitStringContent,
  booleanValue,
  contentOf,
  encodingOf,
  explicitElement,
  integerContent,
  isContextElement,
  objectIdentifier,
  octetStringContent,
  readDerElement,
  sequenceElements,
} from './der-reader.js';
import { readNameElement } from './names.js';
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

/** From its DER, or from its element already decoded by asn1js inside a larger structure (an ETK). */
export function parseCertificateDetailed(der: Uint8Array | asn1js.BaseBlock): ParsedCertificate {
  try {
    return readCertificateStructure(
      readDerElement(der instanceof Uint8Array ? der : der.valueBeforeDecodeView),
    );
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

function readCertificateStructure(root: DerElement): ParsedCertificate {
  const [tbs] = sequenceElements(root, 'certificate');
  const fields = sequenceElements(tbs, 'tbsCertificate');
  let index = isContextElement(fields[0], 0) ? 1 : 0; // [0] version is optional (v1)
  const serialElement = fields[index++];
  index++; // signature algorithm, repeated outside the TBS
  const issuer = readNameElement(fields[index++], 'issuer');
  const [notBeforeElement, notAfterElement] = sequenceElements(fields[index++], 'validity');
  const subject = readNameElement(fields[index++], 'subject');
  const spkiElement = fields[index++];
  if (!spkiElement) throw new DerStructureError('subjectPublicKeyInfo: missing');
  const extensionsElement = fields.slice(index).find((element) => isContextElement(element, 3));
  const extensions = readExtensions(explicitElement(extensionsElement, 3));
  const { keyAlgorithm, keySize } = describePublicKeyElement(spkiElement);
  const ownDer = encodingOf(root);

  return {
    subjectPublicKeyInfo: encodingOf(spkiElement),
    certificate: {
      subject,
      issuer,
      serialNumber: serialHex(integerContent(serialElement, 'serialNumber')),
      sha256Fingerprint: hash('sha256', ownDer, 'hex'),
      notBefore: timeOf(notBeforeElement),
      notAfter: timeOf(notAfterElement),
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

/** The forms RFC 5280 requires; any other is read by asn1js, as before. */
const UTC_TIME_FORM = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/;
const GENERALIZED_TIME_FORM = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/;

function timeOf(element: DerElement | undefined): Date {
  const isTime =
    element?.tagClass === 1 &&
    !element.constructed &&
    (element.tagNumber === UTC_TIME || element.tagNumber === GENERALIZED_TIME);
  if (!isTime) throw new DerStructureError('validity: expected a time');
  const content = contentOf(element);
  const text = Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('latin1');
  const parts = (element.tagNumber === UTC_TIME ? UTC_TIME_FORM : GENERALIZED_TIME_FORM).exec(text);
  if (parts) {
    const [year, month, day, hour, minute, second] = parts.slice(1).map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    // UTCTime's two-digit year: 50-99 are 1950-1999 (RFC 5280 4.1.2.5.1).
    const fullYear = element.tagNumber === UTC_TIME ? (year >= 50 ? 1900 + year : 2000 + year) : year;
    const date = new Date(Date.UTC(fullYear, month - 1, day, hour, minute, second));
    date.setUTCFullYear(fullYear); // Date.UTC reads years 0-99 as 1900-1999
    return date;
  }
  const node = decodeDer(encodingOf(element));
  if (node instanceof asn1js.UTCTime || node instanceof asn1js.GeneralizedTime) return node.toDate();
  throw new DerStructureError('validity: expected a time');
}

interface ExtensionFacts {
  keyUsages: string[];
  extendedKeyUsages: string[];
  isCa: boolean;
}

function readExtensions(element: DerElement | undefined): ExtensionFacts {
  const facts: ExtensionFacts = { keyUsages: [], extendedKeyUsages: [], isCa: false };
  if (!element) return facts;
  for (const extension of sequenceElements(element, 'extensions')) {
    const parts = sequenceElements(extension, 'extension');
    const id = objectIdentifier(parts[0], 'extension id');
    const valueElement = parts[parts.length - 1];
    if (id === OID.keyUsage) {
      facts.keyUsages = keyUsageNames(readDerElement(octetStringContent(valueElement, 'keyUsage')));
    } else if (id === OID.extKeyUsage) {
      const purposes = readDerElement(octetStringContent(valueElement, 'extKeyUsage'));
      facts.extendedKeyUsages = sequenceElements(purposes, 'extKeyUsage').map((purpose) => {
        const oid = objectIdentifier(purpose, 'extKeyUsage');
        return EXTENDED_KEY_USAGE_NAMES.get(oid) ?? oid;
      });
    } else if (id === OID.basicConstraints) {
      const constraints = readDerElement(octetStringContent(valueElement, 'basicConstraints'));
      const [cA] = sequenceElements(constraints, 'basicConstraints');
      facts.isCa = booleanValue(cA) === true;
    }
  }
  return facts;
}

function keyUsageNames(element: DerElement): string[] {
  const bytes = bitStringContent(element, 'keyUsage');
  const names: string[] = [];
  KEY_USAGE_BITS.forEach((name, bit) => {
    const byte = bytes[bit >> 3] ?? 0;
    if (byte & (0x80 >> (bit & 7))) names.push(name);
  });
  return names;
}

/** 'RSA-2048', 'EC-P256', 'EC-P384', 'Ed25519', ... and the size in bits, from a SubjectPublicKeyInfo. */
function describePublicKeyElement(spki: DerElement): { keyAlgorithm: string; keySize: number | null } {
  const [algorithmElement, keyElement] = sequenceElements(spki, 'subjectPublicKeyInfo');
  const [algorithmOid, parameters] = sequenceElements(algorithmElement, 'algorithm');
  const algorithm = objectIdentifier(algorithmOid, 'algorithm');
  switch (algorithm) {
    case OID.rsaEncryption:
    case OID.rsassaPss: {
      const rsaKey = readDerElement(bitStringContent(keyElement, 'RSA key'));
      const [modulus] = sequenceElements(rsaKey, 'RSA key');
      const bits = unsignedBitLength(integerContent(modulus, 'RSA modulus'));
      return { keyAlgorithm: `RSA-${bits}`, keySize: bits };
    }
    case OID.ecPublicKey: {
      const curve =
        parameters?.tagClass === 1 && parameters.tagNumber === 6
          ? objectIdentifier(parameters, 'EC curve')
          : undefined;
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
