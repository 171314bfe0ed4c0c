// Mints X.509 v3 certificates with pkijs, signed with node:crypto.
import { createHash, randomBytes, sign } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { DistinguishedName } from '@certdesk/domain';
import { encodeName } from '../names.js';
import { KEY_USAGE_BITS, type KeyUsageName, OID } from '../oids.js';
import type { TestKeyPair } from './keys.js';

export interface CertificateTemplate {
  subject: DistinguishedName;
  publicKeySpki: Uint8Array;
  issuer: { subject: DistinguishedName; key: TestKeyPair; publicKeySpki: Uint8Array };
  serialNumber: bigint;
  notBefore: Date;
  notAfter: Date;
  isCa: boolean;
  keyUsages: KeyUsageName[];
  extendedKeyUsages?: string[];
}

const SIGNATURE_ALGORITHMS = {
  'RSA-2048': { hash: 'sha256', oid: '1.2.840.113549.1.1.11', nullParams: true },
  'EC-P256': { hash: 'sha256', oid: '1.2.840.10045.4.3.2', nullParams: false },
  'EC-P384': { hash: 'sha384', oid: '1.2.840.10045.4.3.3', nullParams: false },
} as const;

export function randomSerialNumber(): bigint {
  const bytes = randomBytes(16);
  bytes[0]! &= 0x7f; // positive
  bytes[0]! |= 0x01; // no leading zero byte: 16 bytes, as CAs issue them
  return BigInt(`0x${bytes.toString('hex')}`);
}

export function issueCertificate(template: CertificateTemplate): Uint8Array {
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  certificate.serialNumber = integerOf(template.serialNumber);
  certificate.issuer = nameOf(template.issuer.subject);
  certificate.subject = nameOf(template.subject);
  certificate.notBefore = timeOf(template.notBefore);
  certificate.notAfter = timeOf(template.notAfter);
  certificate.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(template.publicKeySpki);
  certificate.extensions = extensionsOf(template);

  const algorithm = SIGNATURE_ALGORITHMS[template.issuer.key.keyAlgorithm];
  const algorithmIdentifier = () =>
    new pkijs.AlgorithmIdentifier({
      algorithmId: algorithm.oid,
      ...(algorithm.nullParams ? { algorithmParams: new asn1js.Null() } : {}),
    });
  certificate.signature = algorithmIdentifier();
  certificate.signatureAlgorithm = algorithmIdentifier();
  const tbs = new Uint8Array(certificate.encodeTBS().toBER());
  certificate.tbsView = tbs;
  certificate.signatureValue = new asn1js.BitString({
    valueHex: sign(algorithm.hash, tbs, template.issuer.key.privateKey),
  });
  return new Uint8Array(certificate.toSchema().toBER());
}

/**
 * Built from our own encoding, so pkijs re-emits it as is: pkijs 4 encodes a Name it built itself as a
 * single multi-valued RDN (all attributes in one SET), which is not what CAs issue.
 */
function nameOf(dn: DistinguishedName): pkijs.RelativeDistinguishedNames {
  return pkijs.RelativeDistinguishedNames.fromBER(encodeName(dn).toBER());
}

/** A positive INTEGER, minimal DER. */
function integerOf(value: bigint): asn1js.Integer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
  return new asn1js.Integer({ valueHex: Buffer.from(hex, 'hex') });
}

/** UTCTime through 2049, GeneralizedTime after (RFC 5280 4.1.2.5). */
function timeOf(date: Date): pkijs.Time {
  return new pkijs.Time({
    type: date.getUTCFullYear() < 2050 ? pkijs.TimeType.UTCTime : pkijs.TimeType.GeneralizedTime,
    value: date,
  });
}

function keyIdentifier(spki: Uint8Array): Uint8Array {
  const [, key] = (asn1js.fromBER(spki).result as asn1js.Sequence).valueBlock.value;
  return createHash('sha1')
    .update((key as asn1js.BitString).valueBlock.valueHexView)
    .digest();
}

function extension(extnID: string, critical: boolean, value: asn1js.BaseBlock): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical, extnValue: value.toBER() });
}

function extensionsOf(template: CertificateTemplate): pkijs.Extension[] {
  const extensions = [
    extension(
      OID.basicConstraints,
      true,
      new asn1js.Sequence({ value: template.isCa ? [new asn1js.Boolean({ value: true })] : [] }),
    ),
    extension(OID.keyUsage, true, keyUsageBits(template.keyUsages)),
    extension(
      '2.5.29.14',
      false,
      new asn1js.OctetString({ valueHex: keyIdentifier(template.publicKeySpki) }),
    ),
    extension(
      '2.5.29.35',
      false,
      new asn1js.Sequence({
        value: [
          new asn1js.Primitive({
            idBlock: { tagClass: 3, tagNumber: 0 },
            valueHex: keyIdentifier(template.issuer.publicKeySpki),
          }),
        ],
      }),
    ),
  ];
  if (template.extendedKeyUsages?.length) {
    extensions.push(
      extension(
        OID.extKeyUsage,
        false,
        new asn1js.Sequence({
          value: template.extendedKeyUsages.map((value) => new asn1js.ObjectIdentifier({ value })),
        }),
      ),
    );
  }
  return extensions;
}

function keyUsageBits(usages: KeyUsageName[]): asn1js.BitString {
  const bits = usages.map((usage) => KEY_USAGE_BITS.indexOf(usage));
  const highest = Math.max(...bits);
  const bytes = new Uint8Array(Math.floor(highest / 8) + 1);
  for (const bit of bits) bytes[bit >> 3]! |= 0x80 >> (bit & 7);
  return new asn1js.BitString({ valueHex: bytes, unusedBits: bytes.length * 8 - (highest + 1) });
}
