// Object identifiers this library reads or writes, named once. (Distinguished-name attribute types are
// @certdesk/domain's DN_ATTRIBUTE_TYPES.)

export const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  ecPublicKey: '1.2.840.10045.2.1',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',

  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',

  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  basicConstraints: '2.5.29.19',

  // PKCS#7 / CMS content types
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  encryptedData: '1.2.840.113549.1.7.6',
  /** PBMAC1 (RFC 9579), the newer PKCS#12 MAC. */
  pbmac1: '1.2.840.113549.1.5.14',

  // PKCS#12 bags and attributes
  keyBag: '1.2.840.113549.1.12.10.1.1',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  /** Java's marker for a trustedCertEntry in a PKCS#12 keystore. */
  oracleTrustedKeyUsage: '2.16.840.1.113894.746875.1.1',
  anyExtendedKeyUsage: '2.5.29.37.0',

  // Password-based encryption
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  pbeWithSha1And3KeyTripleDesCbc: '1.2.840.113549.1.12.1.3',
  pbeWithSha1And2KeyTripleDesCbc: '1.2.840.113549.1.12.1.4',
  pbeWithSha1And128BitRc2Cbc: '1.2.840.113549.1.12.1.5',
  pbeWithSha1And40BitRc2Cbc: '1.2.840.113549.1.12.1.6',
  hmacWithSha1: '1.2.840.113549.2.7',
  hmacWithSha224: '1.2.840.113549.2.8',
  hmacWithSha256: '1.2.840.113549.2.9',
  hmacWithSha384: '1.2.840.113549.2.10',
  hmacWithSha512: '1.2.840.113549.2.11',
  aes128Cbc: '2.16.840.1.101.3.4.1.2',
  aes192Cbc: '2.16.840.1.101.3.4.1.22',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  desEde3Cbc: '1.2.840.113549.3.7',
} as const;

export const NAMED_CURVES: ReadonlyMap<string, { name: string; bits: number; nodeName: string }> = new Map([
  ['1.2.840.10045.3.1.7', { name: 'P256', bits: 256, nodeName: 'prime256v1' }],
  ['1.3.132.0.34', { name: 'P384', bits: 384, nodeName: 'secp384r1' }],
  ['1.3.132.0.35', { name: 'P521', bits: 521, nodeName: 'secp521r1' }],
  ['1.3.132.0.10', { name: 'secp256k1', bits: 256, nodeName: 'secp256k1' }],
  ['1.3.36.3.3.2.8.1.1.7', { name: 'brainpoolP256r1', bits: 256, nodeName: 'brainpoolP256r1' }],
  ['1.3.36.3.3.2.8.1.1.11', { name: 'brainpoolP384r1', bits: 384, nodeName: 'brainpoolP384r1' }],
]);

/** Digest OIDs by node:crypto hash name. */
export const DIGEST_OIDS: ReadonlyMap<string, string> = new Map([
  [OID.sha1, 'sha1'],
  [OID.sha256, 'sha256'],
  [OID.sha384, 'sha384'],
  [OID.sha512, 'sha512'],
  ['2.16.840.1.101.3.4.2.4', 'sha224'],
]);

/**
 * MAC algorithms a PKCS#12 may name that this library does not compute (the digests OpenSSL's `-macalg` takes, and
 * PBMAC1): such a keystore is a format we do not read. Any other OID in its place is damage, since a MAC's algorithm
 * is not covered by the MAC itself and one flipped bit in sha256's OID names a neighbour of the same arc.
 */
export const UNREAD_MAC_ALGORITHM_OIDS: ReadonlyMap<string, string> = new Map([
  ['2.16.840.1.101.3.4.2.5', 'SHA-512/224'],
  ['2.16.840.1.101.3.4.2.6', 'SHA-512/256'],
  ['2.16.840.1.101.3.4.2.7', 'SHA3-224'],
  ['2.16.840.1.101.3.4.2.8', 'SHA3-256'],
  ['2.16.840.1.101.3.4.2.9', 'SHA3-384'],
  ['2.16.840.1.101.3.4.2.10', 'SHA3-512'],
  [OID.pbmac1, 'PBMAC1'],
]);

export const EXTENDED_KEY_USAGE_NAMES: ReadonlyMap<string, string> = new Map([
  ['1.3.6.1.5.5.7.3.1', 'serverAuth'],
  ['1.3.6.1.5.5.7.3.2', 'clientAuth'],
  ['1.3.6.1.5.5.7.3.3', 'codeSigning'],
  ['1.3.6.1.5.5.7.3.4', 'emailProtection'],
  ['1.3.6.1.5.5.7.3.8', 'timeStamping'],
  ['1.3.6.1.5.5.7.3.9', 'OCSPSigning'],
  ['2.5.29.37.0', 'anyExtendedKeyUsage'],
]);

/** KeyUsage bit names, in bit order (RFC 5280 4.2.1.3). */
export const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
export type KeyUsageName = (typeof KEY_USAGE_BITS)[number];
