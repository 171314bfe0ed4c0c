// The PKCS#12 key-derivation function (RFC 7292 appendix B.2): a loop of hash iterations, 100,000 of them
// for a Java keystore's MAC. It runs in the OpenSSL that Node itself is built with, through a small Node-API
// binding (native/pkcs12-kdf.c, built by `npm install`): OpenSSL's PKCS12_key_gen_uni, the function
// `openssl pkcs12` runs. node:crypto offers no PKCS#12 KDF, and every way of looping in JavaScript pays
// a call per iteration: node:crypto hash() ~1.1 µs, hash-wasm's SHA-1 called directly ~0.31 µs, against
// ~0.10 µs in OpenSSL (measured and compared in docs/performance.md). Where the binding could not be
// built (no compiler), the same derivation runs as a JavaScript loop over node:crypto hashes, slower but
// identical; both are checked against the published vectors, `openssl kdf` and node-forge in kdf.spec.ts.
import { hash } from 'node:crypto';
import { createRequire } from 'node:module';

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

type NativeDerive = (
  hashName: string,
  passwordBmp: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  id: number,
  length: number,
) => Buffer;

/** OpenSSL's KDF through the binding, or null when it was not built (or does not load on this platform). */
const nativeDerive: NativeDerive | null = (() => {
  try {
    // Two levels up from src/pkcs12/ and from dist/pkcs12/ alike: the package root, where node-gyp builds.
    const binding = createRequire(import.meta.url)('../../build/Release/pkcs12_kdf.node') as {
      derive: NativeDerive;
    };
    return binding.derive;
  } catch {
    return null;
  }
})();

/** Which implementation pkcs12Kdf runs here: OpenSSL's ('openssl') or the JavaScript loop. */
export const pkcs12KdfImplementation: 'openssl' | 'javascript' = nativeDerive ? 'openssl' : 'javascript';

export function pkcs12Kdf(
  hashName: string,
  passwordBmp: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  purpose: Pkcs12KdfPurpose,
  length: number,
): Buffer {
  checkArguments(hashName, iterations, length);
  if (!nativeDerive) return pkcs12KdfInJavaScript(hashName, passwordBmp, salt, iterations, purpose, length);
  return nativeDerive(hashName, passwordBmp, salt, iterations, PURPOSE_ID[purpose], length);
}

function checkArguments(hashName: string, iterations: number, length: number): void {
  if (!HASH_SIZES[hashName]) throw new Error(`PKCS#12 KDF: unsupported hash ${hashName}`);
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > 0x7fffffff)
    throw new Error(`PKCS#12 KDF: ${iterations} iterations`);
  if (!Number.isInteger(length) || length < 1 || length > 4096)
    throw new Error(`PKCS#12 KDF: ${length} bytes asked`);
}

/** The same derivation as a JavaScript loop over node:crypto hashes: the fallback, and the tests' cross-check. */
export function pkcs12KdfInJavaScript(
  hashName: string,
  passwordBmp: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  purpose: Pkcs12KdfPurpose,
  length: number,
): Buffer {
  checkArguments(hashName, iterations, length);
  const { u, v } = HASH_SIZES[hashName]!;
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
  I.fill(0);
  output.fill(0, length);
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
