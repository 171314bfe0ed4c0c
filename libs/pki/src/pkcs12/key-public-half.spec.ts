import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import * as asn1js from 'asn1js';
import { DerStructureError } from '../der.js';
import { integerContent, octetStringContent, readDerElement, sequenceElements } from '../der-reader.js';
import { OID } from '../oids.js';
import { publicHalfFromAsn1 } from './key-public-half.js';

type KeyOptions = Parameters<typeof generateKeyPairSync>[1];

function pkcs8Of(type: string, options: KeyOptions): Buffer {
  const { privateKey } = generateKeyPairSync(type as 'rsa', options as { modulusLength: number });
  return privateKey.export({ format: 'der', type: 'pkcs8' });
}

/** What OpenSSL answers: the reference the ASN.1 reading must equal, byte for byte. */
function openSslPublicHalf(pkcs8: Buffer): Buffer {
  return createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })).export({
    format: 'der',
    type: 'spki',
  });
}

const hex = (bytes: Uint8Array | null) => (bytes ? Buffer.from(bytes).toString('hex') : null);

/** PrivateKeyInfo { 0, algorithm, OCTET STRING { key } }, DER. */
function privateKeyInfo(algorithm: asn1js.BaseBlock[], key: asn1js.BaseBlock): Buffer {
  return Buffer.from(
    new asn1js.Sequence({
      value: [
        new asn1js.Integer({ value: 0 }),
        new asn1js.Sequence({ value: algorithm }),
        new asn1js.OctetString({ valueHex: key.toBER() }),
      ],
    }).toBER(),
  );
}

/** The key inside a PrivateKeyInfo (RSAPrivateKey, ECPrivateKey): its elements. */
const keyElements = (pkcs8: Buffer) =>
  sequenceElements(
    readDerElement(octetStringContent(sequenceElements(readDerElement(pkcs8), 'pkcs8')[2], 'key')),
    'key',
  );

describe('publicHalfFromAsn1', () => {
  it.each([
    ['RSA-1024, e = 65537', 'rsa', { modulusLength: 1024 }],
    ['RSA-2048, e = 65537 (eHealth certificates)', 'rsa', { modulusLength: 2048 }],
    ['RSA-2048, e = 3', 'rsa', { modulusLength: 2048, publicExponent: 3 }],
    ['RSA-3072', 'rsa', { modulusLength: 3072 }],
    ['RSA-4096', 'rsa', { modulusLength: 4096 }],
    ['an odd-sized RSA key (1031 bits)', 'rsa', { modulusLength: 1031 }],
    ['EC P-256', 'ec', { namedCurve: 'P-256' }],
    ['EC P-384', 'ec', { namedCurve: 'P-384' }],
    ['EC P-521', 'ec', { namedCurve: 'P-521' }],
    ['EC secp256k1', 'ec', { namedCurve: 'secp256k1' }],
    ['EC brainpoolP256r1', 'ec', { namedCurve: 'brainpoolP256r1' }],
    ['EC brainpoolP384r1', 'ec', { namedCurve: 'brainpoolP384r1' }],
  ])('gives the very bytes OpenSSL gives for %s', (_what, type, options) => {
    // A few keys each: a modulus or a coordinate with its high bit set (a leading zero in DER) comes up by chance.
    const keys = ((options as { modulusLength?: number }).modulusLength ?? 0) >= 3072 ? 1 : 4;
    for (let i = 0; i < keys; i++) {
      const pkcs8 = pkcs8Of(type, options as KeyOptions);
      expect(hex(publicHalfFromAsn1(pkcs8))).toBe(hex(openSslPublicHalf(pkcs8)));
    }
  });

  it.each([
    ['an Ed25519 key', 'ed25519', {}],
    ['an RSA-PSS key', 'rsa-pss', { modulusLength: 2048 }],
    [
      'an EC key on a curve libs/pki does not list (brainpoolP512r1)',
      'ec',
      { namedCurve: 'brainpoolP512r1' },
    ],
  ])('leaves %s to OpenSSL (null)', (_what, type, options) => {
    expect(publicHalfFromAsn1(pkcs8Of(type, options as KeyOptions))).toBeNull();
  });

  it('leaves to OpenSSL an EC key written without its public point, as some tools write it', () => {
    const pkcs8 = pkcs8Of('ec', { namedCurve: 'P-256' });
    // ECPrivateKey { 1, scalar, [0] curve, [1] point } -> { 1, scalar }
    const [, scalar] = keyElements(pkcs8);
    const shortKey = new asn1js.Sequence({
      value: [
        new asn1js.Integer({ value: 1 }),
        new asn1js.OctetString({ valueHex: octetStringContent(scalar, 'scalar') }),
      ],
    });
    const p256 = '1.2.840.10045.3.1.7';
    const shortPkcs8 = privateKeyInfo(
      [new asn1js.ObjectIdentifier({ value: OID.ecPublicKey }), new asn1js.ObjectIdentifier({ value: p256 })],
      shortKey,
    );
    expect(publicHalfFromAsn1(shortPkcs8)).toBeNull();
    // OpenSSL still reads it (computing the point): the caller's fallback has an answer.
    expect(hex(openSslPublicHalf(shortPkcs8))).toBe(hex(openSslPublicHalf(pkcs8)));
  });

  it('leaves to OpenSSL an RSA key whose modulus is not minimally encoded, which DER would write otherwise', () => {
    const pkcs8 = pkcs8Of('rsa', { modulusLength: 1024 });
    // RSAPrivateKey { 0, n, e, d, p, q, dP, dQ, qInv }, n given one leading zero too many (00 00 8x...).
    const fields = keyElements(pkcs8).map((field) => Buffer.from(integerContent(field, 'field')));
    expect(fields).toHaveLength(9);
    fields[1] = Buffer.concat([Buffer.of(0), fields[1]!]);
    const padded = new asn1js.Sequence({
      value: fields.map((field) => new asn1js.Integer({ valueHex: field })),
    });
    const paddedPkcs8 = privateKeyInfo(
      [new asn1js.ObjectIdentifier({ value: OID.rsaEncryption }), new asn1js.Null()],
      padded,
    );
    expect(integerContent(keyElements(paddedPkcs8)[1], 'n').subarray(0, 2)).toEqual(Buffer.of(0, 0));
    expect(publicHalfFromAsn1(paddedPkcs8)).toBeNull();
  });

  it.each([
    ['empty bytes', Buffer.alloc(0)],
    ['a truncated key', pkcs8Of('rsa', { modulusLength: 1024 }).subarray(0, 200)],
    ['a SEQUENCE nested 10,000 deep', Buffer.from('3080'.repeat(10_000), 'hex')],
    ['text', Buffer.from('-----BEGIN PRIVATE KEY-----')],
  ])('refuses %s as not a PrivateKeyInfo (DerStructureError)', (_what, bytes) => {
    expect(() => publicHalfFromAsn1(bytes)).toThrow(DerStructureError);
  });
});
