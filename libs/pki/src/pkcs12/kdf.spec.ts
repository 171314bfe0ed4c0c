import { execFileSync } from 'node:child_process';
import { pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import forge from 'node-forge';
import {
  bmpPassword,
  pkcs12Kdf,
  pkcs12KdfImplementation,
  pkcs12KdfInJavaScript,
  type Pkcs12KdfPurpose,
} from './kdf.js';

const ID_OF: Record<Pkcs12KdfPurpose, number> = { key: 1, iv: 2, mac: 3 };

// Both implementations give the same answers: what the readers call (OpenSSL's, through the binding, where it
// is built) and the JavaScript loop it falls back to.
describe.each([
  ['pkcs12Kdf', pkcs12Kdf],
  ['the JavaScript fallback', pkcs12KdfInJavaScript],
] as const)('%s (RFC 7292 appendix B)', (_name, pkcs12Kdf) => {
  // The published vectors every PKCS#12 implementation is checked against (Dr S. Henson's test.txt,
  // also in OpenSSL's and Bouncy Castle's tests): SHA-1, ID 1 = key, 2 = IV, 3 = MAC.
  it.each([
    ['smeg', '0a58cf64530d823f', 1, 'key', 24, '8aaae6297b6cb04642ab5b077851284eb7128f1a2a7fbca3'],
    ['smeg', '0a58cf64530d823f', 1, 'iv', 8, '79993dfe048d3b76'],
    ['smeg', '642b99ab44fb4b1f', 1, 'key', 24, 'f3a95fec48d7711e985cfe67908c5ab79fa3d7c5caa5d966'],
    ['smeg', '642b99ab44fb4b1f', 1, 'iv', 8, 'c0a38d64a79bea1d'],
    ['smeg', '3d83c0e4546ac140', 1, 'mac', 20, '8d967d88f6caa9d714800ab3d48051d63f73a312'],
    ['queeg', '05dec959acff72f7', 1000, 'key', 24, 'ed2034e36328830ff09df1e1a07dd357185dac0d4f9eb3d4'],
    ['queeg', '05dec959acff72f7', 1000, 'iv', 8, '11dedad7758d4860'],
    ['queeg', '1682c0fc5b3f7ec5', 1000, 'key', 24, '483dd6e919d7de2e8e648ba8f862f3fbfbdc2bcb2c02957f'],
    ['queeg', '1682c0fc5b3f7ec5', 1000, 'iv', 8, '9d461d1b00355c50'],
    ['queeg', '263216fcc2fab31c', 1000, 'mac', 20, '5ec4c7a80df652294c3925b6489a7ab857c83476'],
  ] as const)(
    'published vector: %s, salt %s, %i iterations, %s %i bytes',
    (password, salt, iterations, purpose, length, expected) => {
      const derived = pkcs12Kdf(
        'sha1',
        bmpPassword(password),
        Buffer.from(salt, 'hex'),
        iterations,
        purpose,
        length,
      );
      expect(derived.toString('hex')).toBe(expected);
    },
  );

  // Every hash a PKCS#12 MAC can name, iteration counts from 1 to the 100,000 of Java's keystore MAC,
  // outputs of one to three hash blocks, and passwords that are non-ASCII, empty, longer than a block.
  const cases: {
    hash: 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
    purpose: Pkcs12KdfPurpose;
    length: number;
    password: string;
    iterations: number;
  }[] = [
    { hash: 'sha1', purpose: 'key', length: 24, password: 'Keystore-Pa55word!', iterations: 2 },
    { hash: 'sha1', purpose: 'key', length: 5, password: 'Keystore-Pa55word!', iterations: 2048 },
    { hash: 'sha1', purpose: 'iv', length: 8, password: 'Java-Legacy-2024', iterations: 50_000 },
    { hash: 'sha1', purpose: 'mac', length: 20, password: 'Java-Legacy-2024', iterations: 100_000 },
    { hash: 'sha1', purpose: 'mac', length: 20, password: '', iterations: 3 },
    { hash: 'sha1', purpose: 'key', length: 60, password: 'Été 2024 ✓ 😀', iterations: 7 },
    { hash: 'sha224', purpose: 'mac', length: 28, password: 'été-2024', iterations: 1000 },
    { hash: 'sha256', purpose: 'mac', length: 32, password: 'été-2024', iterations: 2048 },
    {
      hash: 'sha256',
      purpose: 'key',
      length: 70,
      password: 'a long password that spans more than one sixty-four byte block',
      iterations: 5,
    },
    { hash: 'sha384', purpose: 'mac', length: 48, password: 'Keystore-Pa55word!', iterations: 2048 },
    { hash: 'sha512', purpose: 'key', length: 130, password: 'x'.repeat(70), iterations: 10 },
    { hash: 'sha512', purpose: 'mac', length: 64, password: 'Keystore-Pa55word!', iterations: 10_000 },
  ];
  const salt = Buffer.from('0a58cf64530d823f5e', 'hex');

  it.each(cases)(
    '$hash $purpose $length bytes, $iterations iterations: what OpenSSL derives (openssl kdf PKCS12KDF)',
    ({ hash, purpose, length, password, iterations }) => {
      const expected = execFileSync(
        'openssl',
        [
          'kdf',
          '-binary',
          '-keylen',
          String(length),
          '-kdfopt',
          `digest:${hash}`,
          '-kdfopt',
          `hexpass:${bmpPassword(password).toString('hex')}`,
          '-kdfopt',
          `hexsalt:${salt.toString('hex')}`,
          '-kdfopt',
          `iter:${iterations}`,
          '-kdfopt',
          `id:${ID_OF[purpose]}`,
          'PKCS12KDF',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const actual = pkcs12Kdf(hash, bmpPassword(password), salt, iterations, purpose, length);
      expect(actual.toString('hex')).toBe(expected.toString('hex'));
    },
  );

  it.each(cases.filter((c) => c.hash !== 'sha224' && c.iterations <= 2048))(
    '$hash $purpose $length bytes, $iterations iterations: what node-forge derives',
    ({ hash, purpose, length, password, iterations }) => {
      const md = {
        sha1: forge.md.sha1,
        sha256: forge.md.sha256,
        sha384: forge.md.sha384,
        sha512: forge.md.sha512,
      }[hash as 'sha1' | 'sha256' | 'sha384' | 'sha512'];
      const expected = forge.pkcs12.generateKey(
        password, // forge writes the BMPString itself, from the UTF-16 code units
        forge.util.createBuffer(salt.toString('binary')),
        ID_OF[purpose],
        iterations,
        length,
        md.create(),
      );
      const actual = pkcs12Kdf(hash, bmpPassword(password), salt, iterations, purpose, length);
      expect(actual.toString('hex')).toBe(Buffer.from(expected.getBytes(), 'binary').toString('hex'));
    },
  );

  it('writes the password as a terminated big-endian BMPString', () => {
    expect(bmpPassword('aé').toString('hex')).toBe('006100e90000');
    expect(bmpPassword('😀').toString('hex')).toBe('d83dde000000'); // UTF-16 code units, as Java
  });

  it('refuses a hash it has no block size for', () => {
    expect(() => pkcs12Kdf('md5', bmpPassword('p'), salt, 1, 'mac', 16)).toThrow(/md5/);
  });
});

describe('pkcs12Kdf speed', () => {
  /** The best of three runs, in ms: the machine is shared. */
  const best = (run: () => unknown) =>
    Math.min(
      ...[1, 2, 3].map(() => {
        const started = performance.now();
        run();
        return performance.now() - started;
      }),
    );

  it('runs in OpenSSL (the binding is built by npm install, with a C compiler)', () => {
    expect(pkcs12KdfImplementation).toBe('openssl');
  });

  // A Java keystore asks for 100,000 iterations for its MAC and 50,000 per key and IV: 500,000 in all,
  // which `openssl pkcs12` derives in ~70 ms. Node's own PBKDF2 (two SHA-1 blocks per iteration, in
  // OpenSSL) is the yardstick measured beside it: a loop paying a JavaScript call per iteration is ~5x it.
  it('derives a Java keystore MAC key no slower than node:crypto derives PBKDF2 of as many iterations', () => {
    const iterations = 200_000;
    const salt = Buffer.from('0a58cf64530d823f5e0a58cf64530d823f5e1234', 'hex');
    const password = 'Java-Legacy-2024';
    const ours = best(() => pkcs12Kdf('sha1', bmpPassword(password), salt, iterations, 'mac', 20));
    const pbkdf2 = best(() => pbkdf2Sync(password, salt, iterations, 20, 'sha1'));
    expect(ours / pbkdf2).toBeLessThanOrEqual(1);
  });
});
