// The PKCS#12 key-derivation function (RFC 7292 appendix B.2), on node:crypto hashes.
// pkijs has one but does not export it (and it only derives MAC keys); this one also derives the
// key and IV of the legacy PBE ciphers, and is checked against the published vectors, OpenSSL's
// PKCS12KDF and node-forge's in kdf.spec.ts.
//
// Its cost is one node:crypto hash() call per iteration (about 1 µs, nearly all of it the call, not
// SHA-1 itself). Measured on Node 20 against it: Hash#copy() per iteration is slower; @noble/hashes is
// slower; hash-wasm's hasher is as fast fed the previous digest, and ~1.35x faster fed an
// ArrayBuffer-backed copy of it, but it must be loaded asynchronously (15-140 ms on the shared machine)
// and kept beside this loop for synchronous callers: a second code path for about a quarter off a Java
// keystore, so it is not used. Private keys avoid this loop altogether: OpenSSL decrypts them,
// KDF included (pbe.ts, decryptPrivateKeyNatively); the MAC and the RC2-encrypted certificates, which
// OpenSSL cannot open in-process, still come here.
import { hash } from 'node:crypto';

export type Pkcs12KdfPurpose = 'key' | 'iv' | 'mac';
const PURPOSE_ID: Record<Pkcs12KdfPurpose, number> = { key: 1, iv: 2, mac: 3 };

/** Output size u and block size v of each hash, in bytes. */
const HASH_SIZES: Record<string, { u: number; v: number }> = {
  sha1: { u: 20, v: 64 },
  sha224: { u: 28, v: 64 },
  sha256: { u: 32, v: 64 },
  sha384: { u: 48, v: 128 },
  sha512: { u: 64, v: 128 },
};

/** The output size of a hash this KDF supports, in bytes: the only length a PKCS#12 MAC over it can have. */
export function digestLength(hashName: string): number | undefined {
  return HASH_SIZES[hashName]?.u;
}

/** The password as PKCS#12 wants it: BMPString (UTF-16 big-endian) with a two-byte terminator. */
export function bmpPassword(password: string): Buffer {
  const bytes = Buffer.alloc(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) bytes.writeUInt16BE(password.charCodeAt(i), i * 2);
  return bytes;
}

export function pkcs12Kdf(
  hashName: string,
  passwordBmp: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  purpose: Pkcs12KdfPurpose,
  length: number,
): Buffer {
  const sizes = HASH_SIZES[hashName];
  if (!sizes) throw new Error(`PKCS#12 KDF: unsupported hash ${hashName}`);
  const { u, v } = sizes;
  const diversifier = Buffer.alloc(v, PURPOSE_ID[purpose]);
  const I = Buffer.concat([repeatTo(salt, v), repeatTo(passwordBmp, v)]);
  const blocks = Math.ceil(length / u);
  const output = Buffer.alloc(blocks * u);
  for (let i = 0; i < blocks; i++) {
    let A = hash(hashName, Buffer.concat([diversifier, I]), 'buffer');
    for (let j = 1; j < iterations; j++) A = hash(hashName, A, 'buffer');
    A.copy(output, i * u);
    if (i + 1 < blocks) addToEachBlock(I, repeatTo(A, v, v), v);
  }
  return output.subarray(0, length);
}

/** `bytes` repeated to fill a multiple of v (or exactly `size`) bytes; empty stays empty. */
function repeatTo(bytes: Uint8Array, v: number, size = v * Math.ceil(bytes.length / v)): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = bytes[i % bytes.length]!;
  return out;
}

/** I_j = (I_j + B + 1) mod 2^(8v) for every v-byte block of I. */
function addToEachBlock(I: Buffer, B: Buffer, v: number): void {
  for (let offset = 0; offset < I.length; offset += v) {
    let carry = 1;
    for (let k = v - 1; k >= 0; k--) {
      const sum = I[offset + k]! + B[k]! + carry;
      I[offset + k] = sum & 0xff;
      carry = sum >> 8;
    }
  }
}
