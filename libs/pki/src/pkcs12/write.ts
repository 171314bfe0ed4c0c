// Writes PKCS#12 keystores in the two layouts Certdesk reads: legacy (as Java's eHealth tools write them:
// certificates under RC2-40, keys under 3DES, SHA-1 MAC) and modern (OpenSSL 3's defaults: AES-256-CBC
// with PBKDF2-HMAC-SHA256, SHA-256 MAC). Used by the test PKI; the reader never depends on it.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import { OID } from '../oids.js';
import { bmpPassword, pkcs12Kdf } from './kdf.js';
import { encodePbeScheme, newPbeScheme, pbeEncrypt } from './pbe.js';

export interface KeystoreEntryInput {
  alias: string;
  /** Absent: a trusted certificate entry (as `keytool -importcert` writes). */
  privateKeyPkcs8?: Uint8Array;
  /** Leaf first, then its chain. Empty with a key: a key whose certificate is not there yet. */
  certificates: Uint8Array[];
}

export interface WriteKeystoreOptions {
  password: string;
  encryption: 'legacy' | 'modern';
  entries: KeystoreEntryInput[];
  /** Iterations for the ciphers and the MAC; OpenSSL's default 2048 unless given. */
  iterations?: number;
}

const oid = (value: string) => new asn1js.ObjectIdentifier({ value });
const explicit = (tagNumber: number, value: asn1js.BaseBlock) =>
  new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber }, value: [value] });
const octets = (bytes: Uint8Array) => new asn1js.OctetString({ valueHex: bytes });

function attributes(
  alias: string | null,
  localKeyId: Uint8Array | null,
  trusted: boolean,
): asn1js.Set | null {
  const list: asn1js.Sequence[] = [];
  const attribute = (type: string, value: asn1js.BaseBlock) =>
    new asn1js.Sequence({ value: [oid(type), new asn1js.Set({ value: [value] })] });
  if (localKeyId) list.push(attribute(OID.localKeyId, octets(localKeyId)));
  if (alias !== null) list.push(attribute(OID.friendlyName, new asn1js.BmpString({ value: alias })));
  if (trusted) list.push(attribute(OID.oracleTrustedKeyUsage, oid(OID.anyExtendedKeyUsage)));
  return list.length ? new asn1js.Set({ value: list }) : null;
}

function safeBag(bagId: string, value: asn1js.BaseBlock, bagAttributes: asn1js.Set | null): asn1js.Sequence {
  return new asn1js.Sequence({
    value: [oid(bagId), explicit(0, value), ...(bagAttributes ? [bagAttributes] : [])],
  });
}

function der(node: asn1js.BaseBlock): Uint8Array {
  return new Uint8Array(node.toBER());
}

export function writePkcs12(options: WriteKeystoreOptions): Uint8Array {
  const { password, encryption } = options;
  const iterations = options.iterations ?? 2048;
  const certificateBags: asn1js.Sequence[] = [];
  const keyBags: asn1js.Sequence[] = [];
  const written = new Set<string>();
  const idOf = (certificate: Uint8Array) => Buffer.from(certificate).toString('base64');
  // A certificate that is an entry of its own (a trusted CA) is written once, with its alias, not as chain.
  const entryCertificates = new Set(
    options.entries.flatMap((entry) => (entry.certificates[0] ? [idOf(entry.certificates[0])] : [])),
  );

  for (const entry of options.entries) {
    const [leaf, ...chain] = entry.certificates;
    const hasKey = entry.privateKeyPkcs8 !== undefined;
    // OpenSSL's convention: localKeyId = SHA-1 of the leaf certificate (of the key when there is none).
    const localKeyId = hasKey
      ? createHash('sha1')
          .update(leaf ?? entry.privateKeyPkcs8!)
          .digest()
      : null;
    if (hasKey) {
      const scheme = newPbeScheme(encryption === 'legacy' ? 'legacy-keys' : 'modern', iterations);
      const encryptedKey = new asn1js.Sequence({
        value: [encodePbeScheme(scheme), octets(pbeEncrypt(scheme, password, entry.privateKeyPkcs8!))],
      });
      keyBags.push(
        safeBag(OID.pkcs8ShroudedKeyBag, encryptedKey, attributes(entry.alias, localKeyId, false)),
      );
    }
    const certificateBag = (certificate: Uint8Array, bagAttributes: asn1js.Set | null) =>
      safeBag(
        OID.certBag,
        new asn1js.Sequence({ value: [oid(OID.x509Certificate), explicit(0, octets(certificate))] }),
        bagAttributes,
      );
    if (leaf) {
      certificateBags.push(certificateBag(leaf, attributes(entry.alias, localKeyId, !hasKey)));
      written.add(idOf(leaf));
    }
    for (const certificate of chain) {
      const key = idOf(certificate);
      if (written.has(key) || entryCertificates.has(key)) continue;
      written.add(key);
      certificateBags.push(certificateBag(certificate, null));
    }
  }

  const contentInfos: asn1js.Sequence[] = [];
  if (certificateBags.length) {
    const scheme = newPbeScheme(encryption === 'legacy' ? 'legacy-certificates' : 'modern', iterations);
    const plaintext = der(new asn1js.Sequence({ value: certificateBags }));
    const encryptedData = new asn1js.Sequence({
      value: [
        new asn1js.Integer({ value: 0 }),
        new asn1js.Sequence({
          value: [
            oid(OID.data),
            encodePbeScheme(scheme),
            new asn1js.Primitive({
              idBlock: { tagClass: 3, tagNumber: 0 },
              valueHex: pbeEncrypt(scheme, password, plaintext),
            }),
          ],
        }),
      ],
    });
    contentInfos.push(new asn1js.Sequence({ value: [oid(OID.encryptedData), explicit(0, encryptedData)] }));
  }
  if (keyBags.length) {
    contentInfos.push(
      new asn1js.Sequence({
        value: [oid(OID.data), explicit(0, octets(der(new asn1js.Sequence({ value: keyBags }))))],
      }),
    );
  }
  const authSafe = der(new asn1js.Sequence({ value: contentInfos }));

  const hashName = encryption === 'legacy' ? 'sha1' : 'sha256';
  const macSalt = randomBytes(8);
  const macKey = pkcs12Kdf(
    hashName,
    bmpPassword(password),
    macSalt,
    iterations,
    'mac',
    hashName === 'sha1' ? 20 : 32,
  );
  const mac = createHmac(hashName, macKey).update(authSafe).digest();
  const pfx = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 3 }),
      new asn1js.Sequence({ value: [oid(OID.data), explicit(0, octets(authSafe))] }),
      new asn1js.Sequence({
        value: [
          new asn1js.Sequence({
            value: [
              new asn1js.Sequence({
                value: [oid(hashName === 'sha1' ? OID.sha1 : OID.sha256), new asn1js.Null()],
              }),
              octets(mac),
            ],
          }),
          octets(macSalt),
          new asn1js.Integer({ value: iterations }),
        ],
      }),
    ],
  });
  return der(pfx);
}

/**
 * Test material: `keystore` with its MacData changed as a hostile file would have it (an iteration count past any
 * bound, a digest of another length than its hash's). Its MAC no longer holds: what is tested is that the reader
 * refuses such a file before doing the work it asks for.
 */
export function withMacData(
  keystore: Uint8Array,
  change: { iterations?: bigint; digestLength?: number },
): Uint8Array {
  const pfx = asn1js.fromBER(keystore).result as asn1js.Sequence;
  const macData = pfx.valueBlock.value[2] as asn1js.Sequence;
  const [digestInfo, salt] = macData.valueBlock.value as [asn1js.Sequence, asn1js.OctetString];
  const [algorithm] = digestInfo.valueBlock.value as [asn1js.Sequence];
  const digest =
    change.digestLength === undefined
      ? digestInfo.valueBlock.value[1]!
      : octets(randomBytes(change.digestLength));
  const iterations =
    change.iterations === undefined
      ? macData.valueBlock.value[2]!
      : asn1js.Integer.fromBigInt(change.iterations);
  const hostile = new asn1js.Sequence({
    value: [
      pfx.valueBlock.value[0]!,
      pfx.valueBlock.value[1]!,
      new asn1js.Sequence({
        value: [new asn1js.Sequence({ value: [algorithm, digest] }), salt, iterations],
      }),
    ],
  });
  return der(hostile);
}
