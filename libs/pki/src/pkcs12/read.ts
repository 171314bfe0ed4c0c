// Opens a PKCS#12 file: checks its MAC, decrypts its safes and keys, and returns the certificates and,
// for each private key, only its public half. Decrypted key material never leaves this module.
import { type KeyObject, createHmac, createPrivateKey, createPublicKey, timingSafeEqual } from 'node:crypto';
import * as asn1js from 'asn1js';
import { type ParsedCertificate, parseCertificateDetailed } from '../certificate.js';
import {
  DerStructureError,
  decodeDer,
  elementsOf,
  encodedBytes,
  explicitContent,
  octetsOf,
  oidOf,
  sequenceOf,
  smallInteger,
} from '../der.js';
import { CertificateFileError } from '../errors.js';
import { DIGEST_OIDS, OID, UNREAD_MAC_ALGORITHM_OIDS } from '../oids.js';
import { bmpPassword, digestLength, pkcs12Kdf, pkcs12KdfImplementation } from './kdf.js';
import {
  type PbeScheme,
  decryptPrivateKeyNatively,
  iterationCount,
  pbeDecrypt,
  readPbeScheme,
} from './pbe.js';
import { publicHalfFromAsn1 } from './key-public-half.js';

export interface BagAttributes {
  friendlyName: string | null;
  localKeyId: string | null; // hex
  /** Java writes its trustedCertEntry certificates with this marker. */
  trusted: boolean;
}

export interface KeystoreCertificate extends BagAttributes {
  parsed: ParsedCertificate;
}

export interface KeystoreKey extends BagAttributes {
  /** SubjectPublicKeyInfo (DER) of the key's public half; null when node:crypto cannot read the key type. */
  publicKeySpki: Uint8Array | null;
}

export interface Pkcs12Contents {
  encryption: 'legacy' | 'modern' | 'mixed' | 'none';
  certificates: KeystoreCertificate[];
  keys: KeystoreKey[];
}

const damaged = (detail: string) =>
  new CertificateFileError('UNREADABLE', `This keystore is damaged or truncated (${detail}).`);
const wrongPassword = () =>
  new CertificateFileError(
    'WRONG_PASSWORD',
    'The password does not open this keystore: check it and try again.',
  );
const passwordRequired = () =>
  new CertificateFileError(
    'PASSWORD_REQUIRED',
    'This keystore is protected by a password: give its password.',
  );

/** An encrypted part; its algorithm is read only once the MAC has been checked (see checkMac). */
interface EncryptedItem {
  algorithm: asn1js.BaseBlock | undefined;
  ciphertext: Uint8Array;
  /** A shrouded key's whole EncryptedPrivateKeyInfo (DER, as found), which OpenSSL can decrypt itself. */
  encryptedPrivateKeyInfo?: Uint8Array;
}

export function readPkcs12(bytes: Uint8Array, password: string | undefined): Pkcs12Contents {
  try {
    return new Pkcs12Reader(password).read(bytes);
  } catch (error) {
    if (error instanceof DerStructureError) throw damaged(error.message);
    throw error;
  }
}

class Pkcs12Reader {
  private readonly schemesUsed = new Set<'legacy' | 'modern'>();
  private readonly certificates: KeystoreCertificate[] = [];
  private readonly keys: KeystoreKey[] = [];
  /** True once the password is known to be right (MAC verified); then a failed decryption means damage. */
  private passwordConfirmed = false;

  constructor(private readonly password: string | undefined) {}

  read(bytes: Uint8Array): Pkcs12Contents {
    const [version, authSafe, macData] = sequenceOf(decodeDer(bytes), 'PFX');
    if (smallInteger(version, 'PFX version') !== 3) throw new DerStructureError('PFX version');
    const [contentType, content] = sequenceOf(authSafe, 'authSafe');
    const authSafeType = oidOf(contentType, 'authSafe content type');
    if (authSafeType === OID.signedData) {
      throw new CertificateFileError(
        'UNSUPPORTED_FORMAT',
        'This keystore uses public-key integrity (a signed PKCS#12), which Certdesk does not read.',
      );
    }
    if (authSafeType !== OID.data) throw new DerStructureError('authSafe content type');
    const authSafeBytes = octetsOf(explicitContent(content, 0), 'authSafe content');
    const contentInfos = sequenceOf(decodeDer(authSafeBytes), 'AuthenticatedSafe');

    const plainSafes: Uint8Array[] = [];
    const encryptedSafes: EncryptedItem[] = [];
    const otherContent: string[] = [];
    for (const info of contentInfos) {
      const [type, body] = sequenceOf(info, 'ContentInfo');
      const typeOid = oidOf(type, 'ContentInfo type');
      const inner = explicitContent(body, 0);
      if (typeOid === OID.data) plainSafes.push(octetsOf(inner, 'SafeContents'));
      else if (typeOid === OID.encryptedData) encryptedSafes.push(readEncryptedData(inner));
      else otherContent.push(typeOid);
    }

    // Shrouded keys in the plain safes are found before any decryption, so the password check can use them.
    const plainBags = plainSafes.flatMap((safe) => safeBags(safe));
    const shroudedKeys = plainBags
      .filter((bag) => bag.id === OID.pkcs8ShroudedKeyBag)
      .map((bag) => encryptedKeyOf(bag));
    const needsPassword = macData !== undefined || encryptedSafes.length > 0 || shroudedKeys.length > 0;
    if (needsPassword && this.password === undefined) throw passwordRequired();

    if (macData) this.checkMac(macData, authSafeBytes, [...encryptedSafes, ...shroudedKeys]);
    if (otherContent.length > 0) {
      // Authentic (the MAC holds, or there is none): content we do not read, such as public-key privacy
      // (envelopedData). With a failed MAC it would have been reported as damage already.
      throw new CertificateFileError(
        'UNSUPPORTED_FORMAT',
        `This keystore holds content Certdesk does not read (${otherContent.join(', ')}).`,
      );
    }

    for (const bag of plainBags) this.readBag(bag);
    for (const safe of encryptedSafes) {
      const plaintext = this.decrypt(safe);
      let bags: SafeBag[];
      try {
        bags = safeBags(plaintext);
      } catch (error) {
        if (error instanceof DerStructureError && !this.passwordConfirmed) throw wrongPassword();
        throw error;
      }
      for (const bag of bags) this.readBag(bag);
    }

    const kinds = [...this.schemesUsed];
    return {
      encryption: kinds.length === 0 ? 'none' : kinds.length === 2 ? 'mixed' : kinds[0]!,
      certificates: this.certificates,
      keys: this.keys,
    };
  }

  private checkMac(macData: asn1js.BaseBlock, authSafeBytes: Uint8Array, encrypted: EncryptedItem[]): void {
    const [digestInfo, saltNode, iterationsNode] = sequenceOf(macData, 'MacData');
    const [algorithm, digestNode] = sequenceOf(digestInfo, 'MAC DigestInfo');
    const [digestOidNode, digestParameters] = sequenceOf(algorithm, 'MAC algorithm');
    const digestOid = oidOf(digestOidNode, 'MAC algorithm');
    if (digestParameters !== undefined && !(digestParameters instanceof asn1js.Null)) {
      throw new DerStructureError('MAC algorithm parameters');
    }
    const hashName = DIGEST_OIDS.get(digestOid);
    if (!hashName) {
      const unread = UNREAD_MAC_ALGORITHM_OIDS.get(digestOid);
      if (unread) {
        throw new CertificateFileError(
          'UNSUPPORTED_FORMAT',
          `This keystore's integrity check uses ${unread}, which Certdesk does not read: ` +
            're-export it with `openssl pkcs12 -macalg sha256` and try again.',
        );
      }
      throw new DerStructureError('MAC algorithm');
    }
    const expected = octetsOf(digestNode, 'MAC digest');
    // The KDF derives as many bytes as the digest is long, each block costing every iteration again: a digest
    // of any other length than the hash's own is damage, and must not multiply the work.
    const length = digestLength(hashName)!;
    if (expected.length !== length)
      throw new DerStructureError(`MAC digest of ${expected.length} bytes, not ${length}`);
    const salt = octetsOf(saltNode, 'MAC salt');
    const iterations = iterationsNode ? iterationCount(iterationsNode, 'MAC iterations') : 1;
    const key = pkcs12Kdf(hashName, bmpPassword(this.password!), salt, iterations, 'mac', length);
    const actual = createHmac(hashName, key).update(authSafeBytes).digest();
    key.fill(0);
    if (actual.length === expected.length && timingSafeEqual(actual, expected)) {
      this.passwordConfirmed = true;
      return;
    }
    // The MAC fails both for a wrong password and for a damaged file. If the password decrypts one of
    // the encrypted parts into well-formed ASN.1, the password is right and the file is damaged.
    if (encrypted.some((item) => this.decryptsToDer(item))) throw damaged('its integrity check fails');
    throw wrongPassword();
  }

  private decryptsToDer(item: EncryptedItem): boolean {
    try {
      const scheme = readPbeScheme(item.algorithm);
      // OpenSSL's "bad decrypt" is exactly pbeDecrypt's null: the quick answer for the usual case (a wrong
      // password). Any other answer is settled below, where "well-formed ASN.1" is checked as always.
      if (
        item.encryptedPrivateKeyInfo &&
        decryptPrivateKeyNatively(scheme, this.password!, item.encryptedPrivateKeyInfo) === null
      )
        return false;
      const plaintext = pbeDecrypt(scheme, this.password!, item.ciphertext);
      if (!plaintext) return false;
      const ok = decodeDer(plaintext) instanceof asn1js.Sequence;
      plaintext.fill(0);
      return ok;
    } catch {
      return false;
    }
  }

  private schemeOf(item: EncryptedItem): PbeScheme {
    const scheme = readPbeScheme(item.algorithm);
    this.schemesUsed.add(scheme.kind);
    return scheme;
  }

  private decrypt(item: EncryptedItem, scheme = this.schemeOf(item)): Buffer {
    const plaintext = pbeDecrypt(scheme, this.password ?? '', item.ciphertext);
    if (plaintext) return plaintext;
    throw this.notDecrypted();
  }

  private notDecrypted(): CertificateFileError {
    if (this.passwordConfirmed) return damaged('an encrypted part does not decrypt');
    return wrongPassword();
  }

  /**
   * The public half of a shrouded key, decrypted by pbeDecrypt wherever its key derivation runs natively (PBKDF2, or
   * the PKCS#12 KDF's binding): unlike OpenSSL's key decoder, that runs in parallel in the import's reader threads.
   * Only a legacy key without the binding is decrypted by OpenSSL, whose loop is native where ours is not.
   */
  private publicHalfOfShroudedKey(item: EncryptedItem): Uint8Array | null {
    const scheme = this.schemeOf(item);
    const derivesNatively = scheme.kind === 'modern' || pkcs12KdfImplementation === 'openssl';
    const privateKey =
      item.encryptedPrivateKeyInfo && !derivesNatively
        ? decryptPrivateKeyNatively(scheme, this.password ?? '', item.encryptedPrivateKeyInfo)
        : undefined;
    if (privateKey === null) throw this.notDecrypted();
    if (privateKey) return spkiOf(privateKey);
    const privateKeyInfo = this.decrypt(item, scheme);
    try {
      return publicHalf(privateKeyInfo);
    } finally {
      privateKeyInfo.fill(0);
    }
  }

  private readBag(bag: SafeBag): void {
    switch (bag.id) {
      case OID.certBag: {
        const [certType, certValue] = sequenceOf(bag.value, 'CertBag');
        if (oidOf(certType, 'CertBag type') !== OID.x509Certificate) return; // SDSI certificates: none seen in use
        const der = octetsOf(explicitContent(certValue, 0), 'CertBag value');
        this.certificates.push({ ...bag.attributes, parsed: parseCertificateDetailed(der) });
        return;
      }
      case OID.keyBag: {
        const privateKeyInfo = encodedCopy(bag.value);
        try {
          this.keys.push({ ...bag.attributes, publicKeySpki: publicHalf(privateKeyInfo) });
        } finally {
          privateKeyInfo.fill(0);
        }
        return;
      }
      case OID.pkcs8ShroudedKeyBag:
        this.keys.push({
          ...bag.attributes,
          publicKeySpki: this.publicHalfOfShroudedKey(encryptedKeyOf(bag)),
        });
        return;
      case OID.safeContentsBag:
        for (const nested of bagsOf(bag.value)) this.readBag(nested);
        return;
      default:
        return; // CRL and secret bags: nothing Certdesk shows
    }
  }
}

interface SafeBag {
  id: string;
  value: asn1js.BaseBlock | undefined;
  attributes: BagAttributes;
}

function safeBags(safeContents: Uint8Array): SafeBag[] {
  return bagsOf(decodeDer(safeContents));
}

function bagsOf(node: asn1js.BaseBlock | undefined): SafeBag[] {
  return sequenceOf(node, 'SafeContents').map((bagNode) => {
    const [id, value, attributes] = sequenceOf(bagNode, 'SafeBag');
    return {
      id: oidOf(id, 'SafeBag type'),
      value: explicitContent(value, 0),
      attributes: readAttributes(attributes),
    };
  });
}

function readAttributes(node: asn1js.BaseBlock | undefined): BagAttributes {
  const attributes: BagAttributes = { friendlyName: null, localKeyId: null, trusted: false };
  if (!node) return attributes;
  for (const attribute of elementsOf(node, 'bag attributes')) {
    const [type, values] = sequenceOf(attribute, 'bag attribute');
    const first = elementsOf(values, 'bag attribute values')[0];
    switch (oidOf(type, 'bag attribute type')) {
      case OID.friendlyName:
        if (first instanceof asn1js.BaseStringBlock) attributes.friendlyName = first.valueBlock.value;
        break;
      case OID.localKeyId:
        attributes.localKeyId = Buffer.from(octetsOf(first, 'localKeyId')).toString('hex');
        break;
      case OID.oracleTrustedKeyUsage:
        attributes.trusted = true;
        break;
    }
  }
  return attributes;
}

function readEncryptedData(node: asn1js.BaseBlock | undefined): EncryptedItem {
  const [, encryptedContentInfo] = sequenceOf(node, 'EncryptedData');
  const [, algorithm, content] = sequenceOf(encryptedContentInfo, 'EncryptedContentInfo');
  return { algorithm, ciphertext: octetsOf(content, 'encrypted content') };
}

function encryptedKeyOf(bag: SafeBag): EncryptedItem {
  const [algorithm, data] = sequenceOf(bag.value, 'EncryptedPrivateKeyInfo');
  return {
    algorithm,
    ciphertext: octetsOf(data, 'encrypted key'),
    encryptedPrivateKeyInfo: encodedBytes(bag.value!),
  };
}

function encodedCopy(node: asn1js.BaseBlock | undefined): Buffer {
  if (!node) throw new DerStructureError('KeyBag: missing');
  return Buffer.from(node.valueBeforeDecodeView);
}

/**
 * The public half of a PKCS#8 private key, as SubjectPublicKeyInfo DER: an RSA or EC key's from its own ASN.1
 * (key-public-half.ts), any other through node:crypto. Wipes nothing (the caller does).
 */
function publicHalf(privateKeyInfo: Buffer): Uint8Array | null {
  try {
    const fromAsn1 = publicHalfFromAsn1(privateKeyInfo);
    if (fromAsn1) return fromAsn1;
  } catch {
    // Not a PrivateKeyInfo this reader takes: OpenSSL's answer below is the reference.
  }
  try {
    return spkiOf(createPrivateKey({ key: privateKeyInfo, format: 'der', type: 'pkcs8' }));
  } catch {
    return null;
  }
}

function spkiOf(privateKey: KeyObject): Uint8Array {
  return new Uint8Array(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }));
}
