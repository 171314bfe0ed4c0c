// Password-based encryption as PKCS#12 files use it:
// - legacy (PKCS#12 PBE, RFC 7292 B/C): SHA-1 KDF + 3DES (node:crypto) or RC2 (node-forge: RC2 is only in
//   OpenSSL's legacy provider, which a library cannot switch on);
// - modern (PBES2, RFC 8018): PBKDF2 + AES-CBC (node:crypto).
// Where the PKCS#12 KDF's binding was not built (kdf.ts), a legacy private key in a cipher OpenSSL's default
// provider has is decrypted by OpenSSL itself (decryptPrivateKeyNatively), KDF included: its loop runs natively.
import {
  type KeyObject,
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  pbkdf2Sync,
  randomBytes,
} from 'node:crypto';
import * as asn1js from 'asn1js';
import { createRequire } from 'node:module';
import type Forge from 'node-forge';
import { DerStructureError, integerBytes, octetsOf, oidOf, sequenceOf, smallInteger } from '../der.js';
import { CertificateFileError } from '../errors.js';
import { OID } from '../oids.js';
import { bmpPassword, pkcs12Kdf } from './kdf.js';

type LegacyCipher = 'des-ede3-cbc' | 'des-ede-cbc' | 'rc2-128' | 'rc2-40';

export type PbeScheme =
  | { kind: 'legacy'; cipher: LegacyCipher; salt: Uint8Array; iterations: number }
  | {
      kind: 'modern';
      prf: string; // node:crypto digest name for PBKDF2's HMAC
      salt: Uint8Array;
      iterations: number;
      cipher: string; // node:crypto cipher name
      keyLength: number;
      iv: Uint8Array;
    };

const LEGACY_CIPHERS: ReadonlyMap<string, { cipher: LegacyCipher; keyLength: number }> = new Map([
  [OID.pbeWithSha1And3KeyTripleDesCbc, { cipher: 'des-ede3-cbc', keyLength: 24 }],
  [OID.pbeWithSha1And2KeyTripleDesCbc, { cipher: 'des-ede-cbc', keyLength: 16 }],
  [OID.pbeWithSha1And128BitRc2Cbc, { cipher: 'rc2-128', keyLength: 16 }],
  [OID.pbeWithSha1And40BitRc2Cbc, { cipher: 'rc2-40', keyLength: 5 }],
]);
const LEGACY_OIDS = new Map([...LEGACY_CIPHERS].map(([oid, { cipher }]) => [cipher, oid]));

const PBES2_CIPHERS: ReadonlyMap<string, { cipher: string; keyLength: number }> = new Map([
  [OID.aes128Cbc, { cipher: 'aes-128-cbc', keyLength: 16 }],
  [OID.aes192Cbc, { cipher: 'aes-192-cbc', keyLength: 24 }],
  [OID.aes256Cbc, { cipher: 'aes-256-cbc', keyLength: 32 }],
  [OID.desEde3Cbc, { cipher: 'des-ede3-cbc', keyLength: 24 }],
]);
const PBES2_CIPHER_OIDS = new Map([...PBES2_CIPHERS].map(([oid, { cipher }]) => [cipher, oid]));

const PRFS: ReadonlyMap<string, string> = new Map([
  [OID.hmacWithSha1, 'sha1'],
  [OID.hmacWithSha224, 'sha224'],
  [OID.hmacWithSha256, 'sha256'],
  [OID.hmacWithSha384, 'sha384'],
  [OID.hmacWithSha512, 'sha512'],
]);
const PRF_OIDS = new Map([...PRFS].map(([oid, name]) => [name, oid]));

/**
 * Upper bound on every iteration count a keystore names (its ciphers' and its MAC's): a hostile file must not keep
 * us busy for minutes. Real keystores use 2,048 (OpenSSL) to a few hundred thousand.
 */
export const MAX_ITERATIONS = 10_000_000;

function unsupported(algorithm: string): CertificateFileError {
  return new CertificateFileError(
    'UNSUPPORTED_FORMAT',
    `This keystore is encrypted with an algorithm Certdesk does not read (${algorithm}). ` +
      'Re-export it with `openssl pkcs12` (AES-256) and try again.',
  );
}

/** An iteration count of the file, within 1..MAX_ITERATIONS. */
export function iterationCount(node: asn1js.BaseBlock | undefined, what: string): number {
  const bytes = integerBytes(node, what);
  // A positive INTEGER of more than 6 bytes: past any bound, and too large a number for the message.
  if (bytes.length > 6 && !((bytes[0] ?? 0) & 0x80)) throw tooManyIterations(what, null);
  const iterations = smallInteger(node, what);
  if (iterations < 1) throw new DerStructureError(`${what}: ${iterations}`);
  if (iterations > MAX_ITERATIONS) throw tooManyIterations(what, iterations);
  return iterations;
}

function tooManyIterations(what: string, iterations: number | null): CertificateFileError {
  const claimed = iterations === null ? 'an enormous number of' : iterations.toLocaleString('en');
  return new CertificateFileError(
    'UNREADABLE',
    `This keystore asks for ${claimed} ${what}; Certdesk reads at most ${MAX_ITERATIONS.toLocaleString('en')} ` +
      '(keystores use a few thousand to a few hundred thousand). It was not read.',
  );
}

/** Reads an encryption AlgorithmIdentifier. */
export function readPbeScheme(algorithmIdentifier: asn1js.BaseBlock | undefined): PbeScheme {
  const [oidNode, params] = sequenceOf(algorithmIdentifier, 'encryption algorithm');
  const oid = oidOf(oidNode, 'encryption algorithm');
  const legacy = LEGACY_CIPHERS.get(oid);
  if (legacy) {
    const [salt, iterations] = sequenceOf(params, 'PBE parameters');
    return {
      kind: 'legacy',
      cipher: legacy.cipher,
      salt: octetsOf(salt, 'PBE salt'),
      iterations: iterationCount(iterations, 'PBE iterations'),
    };
  }
  if (oid !== OID.pbes2) throw unsupported(oid);
  const [kdf, scheme] = sequenceOf(params, 'PBES2 parameters');
  const [kdfOid, kdfParams] = sequenceOf(kdf, 'PBES2 KDF');
  if (oidOf(kdfOid, 'PBES2 KDF') !== OID.pbkdf2) throw unsupported(oidOf(kdfOid, 'PBES2 KDF'));
  const kdfFields = sequenceOf(kdfParams, 'PBKDF2 parameters');
  const salt = octetsOf(kdfFields[0], 'PBKDF2 salt');
  const iterations = iterationCount(kdfFields[1], 'PBKDF2 iterations');
  let prf = 'sha1'; // the DEFAULT when the PRF is absent
  for (const field of kdfFields.slice(2)) {
    if (field instanceof asn1js.Sequence) {
      const prfOid = oidOf(field.valueBlock.value[0], 'PBKDF2 PRF');
      prf = PRFS.get(prfOid) ?? '';
      if (!prf) throw unsupported(prfOid);
    }
  }
  const [cipherOid, ivNode] = sequenceOf(scheme, 'PBES2 cipher');
  const cipherId = oidOf(cipherOid, 'PBES2 cipher');
  const cipher = PBES2_CIPHERS.get(cipherId);
  if (!cipher) throw unsupported(cipherId);
  return { kind: 'modern', prf, salt, iterations, ...cipher, iv: octetsOf(ivNode, 'PBES2 IV') };
}

interface CipherMaterial {
  key: Buffer;
  iv: Buffer;
}

function deriveMaterial(scheme: PbeScheme, password: string): CipherMaterial {
  if (scheme.kind === 'modern') {
    // PBES2 passwords are the password's bytes (UTF-8), as OpenSSL and Java write them.
    return {
      key: pbkdf2Sync(
        Buffer.from(password, 'utf8'),
        scheme.salt,
        scheme.iterations,
        scheme.keyLength,
        scheme.prf,
      ),
      iv: Buffer.from(scheme.iv),
    };
  }
  const keyLength = LEGACY_CIPHERS.get(LEGACY_OIDS.get(scheme.cipher)!)!.keyLength;
  const bmp = bmpPassword(password);
  return {
    key: pkcs12Kdf('sha1', bmp, scheme.salt, scheme.iterations, 'key', keyLength),
    iv: pkcs12Kdf('sha1', bmp, scheme.salt, scheme.iterations, 'iv', 8),
  };
}

function blockSize(scheme: PbeScheme): number {
  return scheme.kind === 'modern' && scheme.cipher.startsWith('aes') ? 16 : 8;
}

/**
 * Decrypts; returns null when the result is not validly padded (a wrong password, almost always).
 * The plaintext buffer is the caller's to wipe.
 */
export function pbeDecrypt(scheme: PbeScheme, password: string, ciphertext: Uint8Array): Buffer | null {
  const size = blockSize(scheme);
  if (ciphertext.length === 0 || ciphertext.length % size !== 0) return null;
  const { key, iv } = deriveMaterial(scheme, password);
  let padded: Buffer;
  if (scheme.kind === 'legacy' && scheme.cipher.startsWith('rc2')) {
    padded = rc2(key, iv, ciphertext, scheme.cipher === 'rc2-40' ? 40 : 128, false);
  } else {
    const cipherName = scheme.kind === 'legacy' ? scheme.cipher : scheme.cipher;
    const decipher = createDecipheriv(cipherName, key, iv).setAutoPadding(false);
    padded = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  }
  key.fill(0);
  return unpad(padded, size);
}

export function pbeEncrypt(scheme: PbeScheme, password: string, plaintext: Uint8Array): Buffer {
  const size = blockSize(scheme);
  const { key, iv } = deriveMaterial(scheme, password);
  const padLength = size - (plaintext.length % size);
  const padded = Buffer.concat([plaintext, Buffer.alloc(padLength, padLength)]);
  try {
    if (scheme.kind === 'legacy' && scheme.cipher.startsWith('rc2')) {
      return rc2(key, iv, padded, scheme.cipher === 'rc2-40' ? 40 : 128, true);
    }
    const cipher = createCipheriv(scheme.cipher, key, iv).setAutoPadding(false);
    return Buffer.concat([cipher.update(padded), cipher.final()]);
  } finally {
    key.fill(0);
    padded.fill(0);
  }
}

/**
 * Decrypts an EncryptedPrivateKeyInfo inside OpenSSL (node:crypto's createPrivateKey with a passphrase),
 * whose PKCS#12 KDF and PBKDF2 loops run natively: a Java keystore's 50,000-iteration key derivations
 * otherwise cost one node:crypto call per iteration (see kdf.ts).
 *
 * Returns the key; null when the password does not decrypt it (OpenSSL's "bad decrypt" is the padding
 * check that makes pbeDecrypt return null, on the same key and IV); undefined when OpenSSL cannot answer:
 * a cipher only its legacy provider has (RC2), a password it would not see as bmpPassword does (empty,
 * with an unpaired surrogate, or too long), or any other failure (a key type it does not read, BER it
 * does not accept). The caller then decrypts with pbeDecrypt, whose answer is the reference.
 */
export function decryptPrivateKeyNatively(
  scheme: PbeScheme,
  password: string,
  encryptedPrivateKeyInfo: Uint8Array,
): KeyObject | null | undefined {
  const openSslHasCipher =
    scheme.kind === 'modern' || scheme.cipher === 'des-ede3-cbc' || scheme.cipher === 'des-ede-cbc';
  // OpenSSL turns the UTF-8 passphrase into the BMPString itself (PKCS12_key_gen_utf8): the same bytes as
  // bmpPassword for every well-formed, non-empty string. Node hands OpenSSL at most 1,024 bytes of it
  // (PEM_BUFSIZE): a longer one must never reach OpenSSL, where a cut would read as a wrong password.
  if (
    !openSslHasCipher ||
    password.length === 0 ||
    Buffer.byteLength(password, 'utf8') > OPENSSL_PASSPHRASE_LIMIT ||
    !isWellFormed(password)
  )
    return undefined;
  try {
    return createPrivateKey({
      key: Buffer.from(
        encryptedPrivateKeyInfo.buffer,
        encryptedPrivateKeyInfo.byteOffset,
        encryptedPrivateKeyInfo.byteLength,
      ),
      format: 'der',
      type: 'pkcs8',
      passphrase: password,
    });
  } catch (error) {
    return (error as { code?: unknown }).code === 'ERR_OSSL_BAD_DECRYPT' ? null : undefined;
  }
}

const OPENSSL_PASSPHRASE_LIMIT = 1024;
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
function isWellFormed(text: string): boolean {
  return !UNPAIRED_SURROGATE.test(text);
}

/** PKCS#7 padding check: every pad byte equals the pad length, 1..blockSize. */
function unpad(padded: Buffer, size: number): Buffer | null {
  const padLength = padded[padded.length - 1] ?? 0;
  if (padLength < 1 || padLength > size || padLength > padded.length) return null;
  for (let i = padded.length - padLength; i < padded.length; i++) if (padded[i] !== padLength) return null;
  return padded.subarray(0, padded.length - padLength);
}

// node-forge (CommonJS) loads on the first RC2 use only: most processes never meet a legacy keystore.
let forgeModule: typeof Forge | undefined;
function forge(): typeof Forge {
  forgeModule ??= createRequire(import.meta.url)('node-forge') as typeof Forge;
  return forgeModule;
}

/** RC2-CBC without padding (node-forge), on whole blocks. */
function rc2(key: Buffer, iv: Buffer, input: Uint8Array, effectiveBits: number, encrypt: boolean): Buffer {
  const { rc2: rc2Cipher, util } = forge();
  const keyBuffer = util.createBuffer(key.toString('binary'));
  const cipher = encrypt
    ? rc2Cipher.createEncryptionCipher(keyBuffer, effectiveBits)
    : rc2Cipher.createDecryptionCipher(keyBuffer, effectiveBits);
  cipher.start(util.createBuffer(iv.toString('binary')));
  cipher.update(util.createBuffer(Buffer.from(input).toString('binary')));
  cipher.finish(() => true); // whole blocks: padding is ours
  return Buffer.from(cipher.output.getBytes(), 'binary');
}

/** A fresh scheme for writing: what Java's legacy keystores and OpenSSL 3's defaults use. */
export function newPbeScheme(
  kind: 'legacy-keys' | 'legacy-certificates' | 'modern',
  iterations = 2048,
): PbeScheme {
  if (kind === 'modern') {
    return {
      kind: 'modern',
      prf: 'sha256',
      salt: randomBytes(8),
      iterations,
      cipher: 'aes-256-cbc',
      keyLength: 32,
      iv: randomBytes(16),
    };
  }
  return {
    kind: 'legacy',
    cipher: kind === 'legacy-keys' ? 'des-ede3-cbc' : 'rc2-40',
    salt: randomBytes(8),
    iterations,
  };
}

/** The AlgorithmIdentifier that describes `scheme`. */
export function encodePbeScheme(scheme: PbeScheme): asn1js.Sequence {
  const oid = (value: string) => new asn1js.ObjectIdentifier({ value });
  const octets = (bytes: Uint8Array) => new asn1js.OctetString({ valueHex: bytes });
  if (scheme.kind === 'legacy') {
    return new asn1js.Sequence({
      value: [
        oid(LEGACY_OIDS.get(scheme.cipher)!),
        new asn1js.Sequence({
          value: [octets(scheme.salt), new asn1js.Integer({ value: scheme.iterations })],
        }),
      ],
    });
  }
  return new asn1js.Sequence({
    value: [
      oid(OID.pbes2),
      new asn1js.Sequence({
        value: [
          new asn1js.Sequence({
            value: [
              oid(OID.pbkdf2),
              new asn1js.Sequence({
                value: [
                  octets(scheme.salt),
                  new asn1js.Integer({ value: scheme.iterations }),
                  new asn1js.Sequence({ value: [oid(PRF_OIDS.get(scheme.prf)!), new asn1js.Null()] }),
                ],
              }),
            ],
          }),
          new asn1js.Sequence({ value: [oid(PBES2_CIPHER_OIDS.get(scheme.cipher)!), octets(scheme.iv)] }),
        ],
      }),
    ],
  });
}
