import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import * as asn1js from 'asn1js';
import { decodeDer } from '../der.js';
import {
  type PbeScheme,
  decryptPrivateKeyNatively,
  encodePbeScheme,
  newPbeScheme,
  pbeDecrypt,
  pbeEncrypt,
  readPbeScheme,
} from './pbe.js';

describe('password-based encryption', () => {
  const plaintext = Buffer.from('30820122300d06092a864886f70d01010105000382010f00', 'hex');
  it.each(['legacy-keys', 'legacy-certificates', 'modern'] as const)(
    '%s: round-trips through its encoded parameters',
    (kind) => {
      const scheme = newPbeScheme(kind, 100);
      const ciphertext = pbeEncrypt(scheme, 'pass word', plaintext);
      const reread = readPbeScheme(decodeDer(new Uint8Array(encodePbeScheme(scheme).toBER())));
      expect(reread).toEqual({
        ...scheme,
        salt: expect.anything(),
        ...('iv' in scheme ? { iv: expect.anything() } : {}),
      });
      expect(pbeDecrypt(reread, 'pass word', ciphertext)?.toString('hex')).toBe(plaintext.toString('hex'));
    },
  );

  it('returns null, not garbage, when the padding shows a wrong password', () => {
    const scheme = newPbeScheme('modern', 100);
    const ciphertext = pbeEncrypt(scheme, 'right', plaintext);
    const results = ['wrong1', 'wrong2', 'wrong3', 'wrong4'].map((password) =>
      pbeDecrypt(scheme, password, ciphertext),
    );
    // A wrong key yields valid PKCS#7 padding about once in 256 tries.
    expect(results.filter((result) => result === null).length).toBeGreaterThanOrEqual(3);
  });

  it('refuses an algorithm it does not know, naming it', () => {
    const unknown = decodeDer(Buffer.from('300d06092a864886f70d0101050500', 'hex')); // sha1WithRSAEncryption
    expect(() => readPbeScheme(unknown)).toThrow(/1\.2\.840\.113549\.1\.1\.5/);
  });
});

describe('decryptPrivateKeyNatively (OpenSSL decrypts the key, KDF included)', () => {
  const privateKeyInfo = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
    format: 'der',
    type: 'pkcs8',
  });
  const spki = (key: Parameters<typeof createPublicKey>[0]) =>
    createPublicKey(key).export({ format: 'der', type: 'spki' }).toString('hex');
  /** An EncryptedPrivateKeyInfo as a PKCS#12 shrouded key bag holds it, encrypted by pbeEncrypt. */
  const encryptedKey = (scheme: PbeScheme, password: string) =>
    new Uint8Array(
      new asn1js.Sequence({
        value: [
          encodePbeScheme(scheme),
          new asn1js.OctetString({ valueHex: pbeEncrypt(scheme, password, privateKeyInfo) }),
        ],
      }).toBER(),
    );
  const schemes: [string, PbeScheme][] = [
    ['3-key 3DES (Java, openssl -legacy)', newPbeScheme('legacy-keys', 100)],
    ['2-key 3DES', { kind: 'legacy', cipher: 'des-ede-cbc', salt: randomBytes(8), iterations: 100 }],
    ['PBES2 AES-256-CBC', newPbeScheme('modern', 100)],
  ];
  const passwords = ['Keystore-Pa55word!', 'été-2024', 'Пароль 😀 ✓'];

  describe.each(schemes)('%s', (_name, scheme) => {
    it.each(passwords)('agrees with pbeDecrypt for the password %p', (password) => {
      const encrypted = encryptedKey(scheme, password);
      const reread = readPbeScheme(sequenceFirst(encrypted));
      const key = decryptPrivateKeyNatively(reread, password, encrypted);
      const plaintext = pbeDecrypt(reread, password, octetsAfterAlgorithm(encrypted))!;
      expect(key).toBeTruthy();
      expect(spki(key!)).toBe(spki(createPrivateKey({ key: plaintext, format: 'der', type: 'pkcs8' })));
    });

    it('answers null (never a key) for a wrong password, as pbeDecrypt does', () => {
      const encrypted = encryptedKey(scheme, 'right');
      const answers = ['wrong1', 'wrong2', 'wrong3', 'wrong4'].map((password) =>
        decryptPrivateKeyNatively(scheme, password, encrypted),
      );
      // A wrong key yields valid padding about once in 256 tries: then OpenSSL cannot read the key
      // (undefined, and the caller asks pbeDecrypt), still never a key.
      expect(answers.every((answer) => answer === null || answer === undefined)).toBe(true);
      expect(answers.filter((answer) => answer === null).length).toBeGreaterThanOrEqual(3);
    });
  });

  it.each([
    ['RC2 (only in OpenSSL legacy provider)', newPbeScheme('legacy-certificates', 100), 'p'],
    ['an empty password', newPbeScheme('legacy-keys', 100), ''],
    ['a password with an unpaired surrogate', newPbeScheme('legacy-keys', 100), 'a\ud800b'],
    [
      'a password longer than the 1,024 bytes Node gives OpenSSL',
      newPbeScheme('modern', 100),
      'é'.repeat(513),
    ],
  ])('leaves %s to pbeDecrypt (undefined)', (_name, scheme, password) => {
    const encrypted = encryptedKey(scheme, password);
    expect(decryptPrivateKeyNatively(scheme, password, encrypted)).toBeUndefined();
    expect(pbeDecrypt(scheme, password, octetsAfterAlgorithm(encrypted))?.toString('hex')).toBe(
      privateKeyInfo.toString('hex'),
    );
  });
});

function sequenceFirst(der: Uint8Array): asn1js.BaseBlock {
  return (decodeDer(der) as asn1js.Sequence).valueBlock.value[0]!;
}

function octetsAfterAlgorithm(der: Uint8Array): Uint8Array {
  return ((decodeDer(der) as asn1js.Sequence).valueBlock.value[1] as asn1js.OctetString).valueBlock
    .valueHexView;
}
