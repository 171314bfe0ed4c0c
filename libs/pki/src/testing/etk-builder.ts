// Writes ETKs as the eHealth ETK Depot publishes them: a CMS SignedData (SHA-256, no signed attributes) whose
// content is the encryption certificate, signed by the depot's ETK-RA key; BER with indefinite lengths and the
// content in 1,000-byte chunks by default, as Java's BouncyCastle writes them, or DER.
import { type KeyObject, sign } from 'node:crypto';
import * as asn1js from 'asn1js';
import { OID } from '../oids.js';

export interface EtkBuildInput {
  /** The encryption certificate (DER): the SignedData's content. */
  encryptionDer: Uint8Array;
  /** The certificate set, as written (DER each): the signer, the authentication certificate, its chain... */
  certificates: Uint8Array[];
  signer: { der: Uint8Array; privateKey: KeyObject };
  encoding: 'ber' | 'der';
}

const CHUNK = 1000;
const SEQUENCE = 0x30;
const SET = 0x31;
const OCTET_STRING = 0x04;
const CONSTRUCTED_OCTET_STRING = 0x24;
const CONTEXT_0 = 0xa0;

export function buildEtk(input: EtkBuildInput): Uint8Array {
  const ber = input.encoding === 'ber';
  const constructed = (tag: number, parts: Uint8Array[]) =>
    ber ? indefinite(tag, parts) : definite(tag, parts);
  const content = input.encryptionDer;
  const encapsulated = ber
    ? indefinite(
        CONSTRUCTED_OCTET_STRING,
        chunks(content).map((chunk) => definite(OCTET_STRING, [chunk])),
      )
    : definite(OCTET_STRING, [content]);
  const sha256 = definite(SEQUENCE, [oid(OID.sha256), NULL]);
  const signerInfo = definite(SEQUENCE, [
    integer(1),
    issuerAndSerialNumber(input.signer.der),
    sha256,
    definite(SEQUENCE, [oid(OID.rsaEncryption), NULL]),
    // No signed attributes: the signature is over the content itself.
    definite(OCTET_STRING, [sign('sha256', content, input.signer.privateKey)]),
  ]);
  const signedData = constructed(SEQUENCE, [
    integer(1),
    definite(SET, [sha256]),
    constructed(SEQUENCE, [oid(OID.data), constructed(CONTEXT_0, [encapsulated])]),
    constructed(CONTEXT_0, input.certificates),
    definite(SET, [signerInfo]),
  ]);
  return constructed(SEQUENCE, [oid(OID.signedData), constructed(CONTEXT_0, [signedData])]);
}

const NULL = Uint8Array.of(0x05, 0x00);

function oid(value: string): Uint8Array {
  return new Uint8Array(new asn1js.ObjectIdentifier({ value }).toBER());
}

function integer(value: number): Uint8Array {
  return new Uint8Array(new asn1js.Integer({ value }).toBER());
}

/** The signer's issuer Name and serial INTEGER, copied from its certificate as encoded. */
function issuerAndSerialNumber(certificateDer: Uint8Array): Uint8Array {
  const certificate = asn1js.fromBER(certificateDer).result as asn1js.Sequence;
  const tbs = (certificate.valueBlock.value[0] as asn1js.Sequence).valueBlock.value;
  const offset = tbs[0]!.idBlock.tagClass === 3 ? 1 : 0; // [0] version
  const serial = tbs[offset]!;
  const issuer = tbs[offset + 2]!;
  return definite(SEQUENCE, [
    new Uint8Array(issuer.valueBeforeDecodeView),
    new Uint8Array(serial.valueBeforeDecodeView),
  ]);
}

function chunks(bytes: Uint8Array): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (let start = 0; start < bytes.length; start += CHUNK) parts.push(bytes.subarray(start, start + CHUNK));
  return parts;
}

function definite(tag: number, parts: Uint8Array[]): Uint8Array {
  const content = Buffer.concat(parts);
  return Buffer.concat([Uint8Array.of(tag), lengthOf(content.length), content]);
}

function indefinite(tag: number, parts: Uint8Array[]): Uint8Array {
  return Buffer.concat([Uint8Array.of(tag, 0x80), ...parts, Uint8Array.of(0x00, 0x00)]);
}

function lengthOf(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}
