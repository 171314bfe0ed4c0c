// An eHealth ETK (encryption token): a CMS SignedData, often BER, whose content is the holder's encryption
// certificate and whose certificate set holds the depot's signer (ETK-RA), the holder's authentication certificate
// and sometimes its chain. What is wrong with one is reported beside what was read, never thrown, unless nothing
// can be read at all.
import { X509Certificate, createHash, createPublicKey, verify } from 'node:crypto';
import type * as asn1js from 'asn1js';
import { formatDistinguishedName } from '@certdesk/domain';
import { type ParsedCertificate, parseCertificateDetailed, serialHex } from './certificate.js';
import {
  DerStructureError,
  bitStringBytes,
  decodeDer,
  elementsOf,
  encodedBytes,
  explicitContent,
  integerBytes,
  isContextTag,
  octetsOf,
  oidOf,
  sequenceOf,
} from './der.js';
import { CertificateFileError } from './errors.js';
import type { ReadCertificate } from './certificate.js';
import { readName } from './names.js';
import { DIGEST_OIDS, OID } from './oids.js';

export type EtkRole = 'encryption' | 'authentication';

export type EtkProblemCode =
  /** The encryption certificate's signature does not verify with the authentication certificate's key. */
  | 'NOT_ISSUED_BY_AUTHENTICATION'
  /** The encryption and authentication certificates name different holders. */
  | 'SUBJECT_MISMATCH'
  /** The CMS signature does not verify with the signer's certificate. */
  | 'SIGNATURE_INVALID'
  /** The CMS signature could not be checked: no signer certificate among the certificates, or an unknown algorithm. */
  | 'SIGNATURE_UNVERIFIABLE';

export interface EtkProblem {
  code: EtkProblemCode;
  message: string;
}

export interface EtkContents {
  /** The holder's encryption certificate: the SignedData's content. */
  encryption: ReadCertificate;
  /** The holder's authentication certificate (the keystore's `authentication` entry), from the certificate set. */
  authentication: ReadCertificate;
  /** The depot's signer (ETK-RA) when it is among the certificates. Its validity is not judged: real ones expired. */
  signer: ReadCertificate | null;
  /** The other certificates of the set (the authentication certificate's chain), in file order. */
  chain: ReadCertificate[];
  /** Whether the CMS signature verifies with the signer's key (dates aside); 'unverifiable' when it cannot be checked. */
  signature: 'valid' | 'invalid' | 'unverifiable';
  problems: EtkProblem[];
}

const notAnEtk = (detail: string) =>
  new CertificateFileError('UNSUPPORTED_FORMAT', `This CMS file is not an ETK: ${detail}.`);
const damaged = (detail: string) =>
  new CertificateFileError('UNREADABLE', `This ETK is damaged or truncated (${detail}).`);

/** Reads a BER or DER ContentInfo holding an ETK. Throws CertificateFileError when it is not a readable ETK. */
export function readEtkStructure(bytes: Uint8Array): EtkContents {
  let structure: SignedDataParts;
  try {
    structure = signedDataOf(bytes);
  } catch (error) {
    if (error instanceof DerStructureError) throw damaged(error.message);
    throw error;
  }
  const encryption = readCertificateIn(structure.content, 'its content is not a certificate');
  // Already decoded with the ETK: not decoded again.
  const set = structure.certificates.map((node) =>
    readCertificateIn(node, 'a certificate of its certificate set cannot be read'),
  );
  let signature: SignatureCheck;
  try {
    signature = checkSignature(structure.signerInfos, structure.content, set);
  } catch (error) {
    if (error instanceof DerStructureError) throw damaged(`its signer information: ${error.message}`);
    throw error;
  }
  const problems: EtkProblem[] = [];
  if (signature.state === 'invalid')
    problems.push({
      code: 'SIGNATURE_INVALID',
      message: 'The depot’s signature over this ETK does not verify.',
    });
  if (signature.state === 'unverifiable')
    problems.push({
      code: 'SIGNATURE_UNVERIFIABLE',
      message: `The depot’s signature over this ETK could not be checked (${signature.reason}).`,
    });

  const fingerprintOf = (parsed: ParsedCertificate) => parsed.certificate.sha256Fingerprint;
  const { signer } = signature;
  const others = set.filter(
    (parsed) => parsed !== signer && fingerprintOf(parsed) !== fingerprintOf(encryption),
  );
  const authentication = authenticationAmong(others, encryption, problems);
  return {
    encryption: encryption.certificate,
    authentication: authentication.certificate,
    signer: signer?.certificate ?? null,
    chain: others.filter((parsed) => parsed !== authentication).map((parsed) => parsed.certificate),
    signature: signature.state,
    problems,
  };
}

function readCertificateIn(der: Uint8Array | asn1js.BaseBlock, what: string): ParsedCertificate {
  try {
    return parseCertificateDetailed(der);
  } catch (error) {
    if (error instanceof CertificateFileError) throw damaged(what);
    throw error;
  }
}

interface SignedDataParts {
  content: Uint8Array;
  certificates: asn1js.BaseBlock[];
  signerInfos: asn1js.BaseBlock | undefined;
}

/** ContentInfo { signedData, [0] SignedData { version, digestAlgorithms, encapContentInfo, [0] certificates, ... } }. */
function signedDataOf(bytes: Uint8Array): SignedDataParts {
  const [contentType, wrapped] = sequenceOf(decodeDer(bytes), 'ContentInfo');
  const type = oidOf(contentType, 'ContentInfo type');
  if (type !== OID.signedData) throw notAnEtk(`it holds ${type}, not a SignedData`);
  const fields = sequenceOf(explicitContent(wrapped, 0), 'SignedData');
  const [, , encapsulated, ...rest] = fields;
  const [, eContent] = sequenceOf(encapsulated, 'encapContentInfo');
  if (eContent === undefined)
    throw notAnEtk('its SignedData has no content (a certificate bundle, .p7b, rather than an ETK)');
  const content = octetsOf(explicitContent(eContent, 0), 'eContent');
  const certificateSet = rest.find((node) => isContextTag(node, 0));
  // CertificateChoices other than a plain Certificate (attribute certificates, ...) are not ours to read.
  const certificates = certificateSet
    ? elementsOf(certificateSet, 'certificates').filter((node) => node.idBlock.tagClass === 1)
    : [];
  const signerInfos = rest.find((node) => node.idBlock.tagClass === 1 && node.idBlock.tagNumber === 17);
  return { content, certificates, signerInfos };
}

/**
 * The holder's authentication certificate: the one whose key signed the encryption certificate; failing that (an
 * ETK to report, not to refuse), the one the encryption certificate names as issuer, or one with the same subject.
 */
function authenticationAmong(
  candidates: ParsedCertificate[],
  encryption: ParsedCertificate,
  problems: EtkProblem[],
): ParsedCertificate {
  const endEntities = candidates.filter((parsed) => !parsed.certificate.isCa);
  const issuing = endEntities.find((parsed) => signs(parsed, encryption));
  const name = (dn: ReadCertificate['subject']) => formatDistinguishedName(dn);
  const encryptionIssuer = name(encryption.certificate.issuer);
  const encryptionSubject = name(encryption.certificate.subject);
  const chosen =
    issuing ??
    endEntities.find((parsed) => name(parsed.certificate.subject) === encryptionIssuer) ??
    endEntities.find((parsed) => name(parsed.certificate.subject) === encryptionSubject) ??
    endEntities[0];
  if (!chosen) throw damaged('it holds no authentication certificate');
  if (!issuing) {
    problems.push({
      code: 'NOT_ISSUED_BY_AUTHENTICATION',
      message:
        'The encryption certificate is not signed by the authentication certificate this ETK carries: the ETK does ' +
        'not belong to that certificate.',
    });
  }
  if (name(chosen.certificate.subject) !== encryptionSubject) {
    problems.push({
      code: 'SUBJECT_MISMATCH',
      message: `The encryption certificate names ${encryptionSubject}, the authentication certificate ${name(chosen.certificate.subject)}.`,
    });
  }
  return chosen;
}

function signs(issuer: ParsedCertificate, subject: ParsedCertificate): boolean {
  try {
    return new X509Certificate(subject.certificate.der).verify(
      new X509Certificate(issuer.certificate.der).publicKey,
    );
  } catch {
    return false;
  }
}

/** Signature algorithms of a SignerInfo, by OID: the hash is the digest algorithm's, or the one named here. */
const SIGNATURE_FAMILIES: ReadonlyMap<string, { family: 'rsa' | 'ecdsa'; hash?: string }> = new Map([
  [OID.rsaEncryption, { family: 'rsa' }],
  ['1.2.840.113549.1.1.11', { family: 'rsa', hash: 'sha256' }],
  ['1.2.840.113549.1.1.12', { family: 'rsa', hash: 'sha384' }],
  ['1.2.840.113549.1.1.13', { family: 'rsa', hash: 'sha512' }],
  ['1.2.840.113549.1.1.5', { family: 'rsa', hash: 'sha1' }],
  [OID.ecPublicKey, { family: 'ecdsa' }],
  ['1.2.840.10045.4.3.2', { family: 'ecdsa', hash: 'sha256' }],
  ['1.2.840.10045.4.3.3', { family: 'ecdsa', hash: 'sha384' }],
  ['1.2.840.10045.4.3.4', { family: 'ecdsa', hash: 'sha512' }],
]);
const MESSAGE_DIGEST = '1.2.840.113549.1.9.4';

interface SignatureCheck {
  state: EtkContents['signature'];
  signer: ParsedCertificate | null;
  reason: string;
}

/**
 * The first SignerInfo, checked with node:crypto: over the content itself, or over the signed attributes (whose
 * messageDigest must be the content's). No chain and no dates: the depot's signer has expired.
 */
function checkSignature(
  signerInfos: asn1js.BaseBlock | undefined,
  content: Uint8Array,
  certificates: ParsedCertificate[],
): SignatureCheck {
  const unverifiable = (reason: string, signer: ParsedCertificate | null = null): SignatureCheck => ({
    state: 'unverifiable',
    signer,
    reason,
  });
  const [signerInfo] = signerInfos ? elementsOf(signerInfos, 'signerInfos') : [];
  if (!signerInfo) return unverifiable('it has no signer');
  const [, sid, digestAlgorithm, ...rest] = sequenceOf(signerInfo, 'SignerInfo');
  const signedAttributes = isContextTag(rest[0], 0) ? rest.shift() : undefined;
  const [signatureAlgorithm, signatureNode] = rest;
  const signer = certificates.find((parsed) => identifies(sid, parsed)) ?? null;
  if (!signer) return unverifiable('its signer’s certificate is not in the ETK');
  const digestOid = oidOf(sequenceOf(digestAlgorithm, 'digestAlgorithm')[0], 'digestAlgorithm');
  const algorithmOid = oidOf(sequenceOf(signatureAlgorithm, 'signatureAlgorithm')[0], 'signatureAlgorithm');
  const algorithm = SIGNATURE_FAMILIES.get(algorithmOid);
  const hash = algorithm?.hash ?? DIGEST_OIDS.get(digestOid);
  if (!algorithm || !hash)
    return unverifiable(`its algorithm ${algorithmOid} is not one Certdesk checks`, signer);
  let signed: Uint8Array = content;
  if (signedAttributes) {
    const digest = attributeValue(signedAttributes, MESSAGE_DIGEST);
    const contentDigest = createHash(DIGEST_OIDS.get(digestOid) ?? hash)
      .update(content)
      .digest();
    if (!digest || !contentDigest.equals(octetsOf(digest, 'messageDigest')))
      return { state: 'invalid', signer, reason: 'the signed digest is not the content’s' };
    // The signature covers the attributes as a SET (tag 0x31), not as the [0] they are stored under.
    signed = Buffer.concat([Uint8Array.of(0x31), encodedBytes(signedAttributes).subarray(1)]);
  }
  try {
    const valid = verify(
      hash,
      signed,
      {
        key: createPublicKey({ key: Buffer.from(signer.subjectPublicKeyInfo), format: 'der', type: 'spki' }),
      },
      octetsOf(signatureNode, 'signature'),
    );
    return {
      state: valid ? 'valid' : 'invalid',
      signer,
      reason: valid ? '' : 'the signature does not verify',
    };
  } catch (error) {
    return unverifiable((error as Error).message, signer);
  }
}

/** SignerIdentifier: IssuerAndSerialNumber, or [0] SubjectKeyIdentifier (SHA-1 of the key, RFC 5280's method 1). */
function identifies(sid: asn1js.BaseBlock | undefined, parsed: ParsedCertificate): boolean {
  if (isContextTag(sid, 0)) {
    const [, key] = sequenceOf(decodeDer(parsed.subjectPublicKeyInfo), 'subjectPublicKeyInfo');
    const keyIdentifier = createHash('sha1').update(bitStringBytes(key, 'subjectPublicKey')).digest();
    return keyIdentifier.equals(octetsOf(sid, 'subjectKeyIdentifier'));
  }
  const [issuer, serial] = sequenceOf(sid, 'issuerAndSerialNumber');
  return (
    serialHex(integerBytes(serial, 'serialNumber')) === parsed.certificate.serialNumber &&
    formatDistinguishedName(readName(issuer, 'issuer')) === formatDistinguishedName(parsed.certificate.issuer)
  );
}

/** The first value of an attribute in a SET OF Attribute { type, SET OF value }. */
function attributeValue(attributes: asn1js.BaseBlock, oid: string): asn1js.BaseBlock | undefined {
  for (const attribute of elementsOf(attributes, 'attributes')) {
    const [type, values] = sequenceOf(attribute, 'attribute');
    if (oidOf(type, 'attribute type') === oid) return elementsOf(values, 'attribute values')[0];
  }
  return undefined;
}
