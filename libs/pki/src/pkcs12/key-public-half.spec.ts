import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { DerStructureError } from '../der.js';
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

/** A DER length's bytes. */
function lengthBytes(n: number): number[] {
  return n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
}
const tlv = (tag: number, content: Uint8Array) =>
  Buffer.concat([Buffer.of(tag, ...lengthBytes(content.length)), content]);

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
    ['an EC key on a curve it does not list (secp256k1)', 'ec', { namedCurve: 'secp256k1' }],
  ])('leaves %s to OpenSSL (null)', (_what, type, options) => {
    expect(publicHalfFromAsn1(pkcs8Of(type, options as KeyOptions))).toBeNull();
  });

  it('leaves to OpenSSL an EC key written without its public point, as some tools write it', () => {
    const pkcs8 = pkcs8Of('ec', { namedCurve: 'P-256' });
    // ECPrivateKey { 1, scalar, [1] point } -> { 1, scalar }: rebuild the PKCS#8 around the shorter key.
    const ecKey = pkcs8.subarray(pkcs8.length - 0x6d);
    expect(ecKey[0]).toBe(0x30);
    const scalar = ecKey.subarray(5, 5 + 34); // version 02 01 01, then 04 20 <32 bytes>
    expect(scalar[0]).toBe(0x04);
    const shortKey = tlv(0x30, Buffer.concat([Buffer.of(0x02, 0x01, 0x01), scalar]));
    const algorithm = Buffer.from('301306072a8648ce3d020106082a8648ce3d030107', 'hex');
    const shortPkcs8 = tlv(
      0x30,
      Buffer.concat([Buffer.of(0x02, 0x01, 0x00), algorithm, tlv(0x04, shortKey)]),
    );
    expect(publicHalfFromAsn1(shortPkcs8)).toBeNull();
    // OpenSSL still reads it (computing the point): the caller's fallback has an answer.
    expect(hex(openSslPublicHalf(shortPkcs8))).toBe(hex(openSslPublicHalf(pkcs8)));
  });

  it('leaves to OpenSSL an RSA key whose modulus is not minimally encoded, which DER would write otherwise', () => {
    const pkcs8 = pkcs8Of('rsa', { modulusLength: 1024 });
    // PrivateKeyInfo { 0, rsaEncryption, OCTET STRING { RSAPrivateKey { 0, n, e, ... } } }
    const keyStart = pkcs8.indexOf(Buffer.from('3082', 'hex'), 20);
    const key = pkcs8.subarray(keyStart);
    const fields: Buffer[] = [];
    // RSAPrivateKey header 30 82 xx xx, then nine INTEGERs.
    for (let p = 4; p < key.length;) {
      const lengthByte = key[p + 1]!;
      const [length, header] =
        lengthByte < 0x80
          ? [lengthByte, 2]
          : lengthByte === 0x81
            ? [key[p + 2]!, 3]
            : [(key[p + 2]! << 8) | key[p + 3]!, 4];
      fields.push(key.subarray(p + header, p + header + length));
      p += header + length;
    }
    expect(fields).toHaveLength(9);
    fields[1] = Buffer.concat([Buffer.of(0), fields[1]!]); // 00 00 8x...: one leading zero too many
    const padded = tlv(0x30, Buffer.concat(fields.map((field) => tlv(0x02, field))));
    const algorithm = Buffer.from('300d06092a864886f70d0101010500', 'hex');
    const paddedPkcs8 = tlv(0x30, Buffer.concat([Buffer.of(0x02, 0x01, 0x00), algorithm, tlv(0x04, padded)]));
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
