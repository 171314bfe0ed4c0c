// Signature and chain verification, for eID log-in challenges and signed documents (issue 5).
import {
  type KeyObject,
  X509Certificate,
  constants,
  publicDecrypt,
  timingSafeEqual,
  verify,
} from 'node:crypto';
import * as asn1js from 'asn1js';
import type * as Pkijs from 'pkijs';
import { type ReadCertificate, parseCertificate } from './certificate.js';
import { CertificateFileError } from './errors.js';
import { OID } from './oids.js';

export type SignatureAlgorithm =
  'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512';
export type DigestAlgorithm = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

const HASH_OF: Record<SignatureAlgorithm, string> = {
  RS256: 'sha256',
  RS384: 'sha384',
  RS512: 'sha512',
  PS256: 'sha256',
  PS384: 'sha384',
  PS512: 'sha512',
  ES256: 'sha256',
  ES384: 'sha384',
  ES512: 'sha512',
};

function publicKeyOf(certificateDer: Uint8Array): KeyObject {
  try {
    return new X509Certificate(certificateDer).publicKey;
  } catch {
    throw new CertificateFileError(
      'UNREADABLE',
      'The signer certificate cannot be read: it is damaged or not a certificate.',
    );
  }
}

/**
 * Verifies a signature over `data` with the certificate's public key. ES*: raw r||s (IEEE P1363), as
 * PKCS#11 CKM_ECDSA returns it. PS*: any salt length. A signature by another key type is false.
 */
export async function verifySignature(input: {
  certificateDer: Uint8Array;
  data: Uint8Array;
  signature: Uint8Array;
  algorithm: SignatureAlgorithm;
}): Promise<boolean> {
  const key = publicKeyOf(input.certificateDer);
  const family = input.algorithm.slice(0, 2);
  const keyType = key.asymmetricKeyType;
  if (
    (family === 'ES') !== (keyType === 'ec') ||
    (family !== 'ES' && keyType !== 'rsa' && keyType !== 'rsa-pss')
  ) {
    return false;
  }
  const options =
    family === 'ES'
      ? { key, dsaEncoding: 'ieee-p1363' as const }
      : family === 'PS'
        ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }
        : { key, padding: constants.RSA_PKCS1_PADDING };
  try {
    return verify(HASH_OF[input.algorithm], input.data, options, input.signature);
  } catch {
    return false;
  }
}

const DIGEST_OIDS: Record<DigestAlgorithm, { oid: string; length: number }> = {
  'SHA-1': { oid: OID.sha1, length: 20 },
  'SHA-256': { oid: OID.sha256, length: 32 },
  'SHA-384': { oid: OID.sha384, length: 48 },
  'SHA-512': { oid: OID.sha512, length: 64 },
};

/** @noble/curves verifies ECDSA over a given digest (node:crypto always hashes); loaded on first use. */
async function curveFor(namedCurve: string | undefined) {
  const { p256, p384, p521 } = await import('@noble/curves/nist.js');
  return ({ prime256v1: p256, secp384r1: p384, secp521r1: p521 } as const)[namedCurve as 'prime256v1'];
}

/**
 * Verifies a signature over a precomputed digest (what a card signs when given a hash):
 * RSA PKCS#1 v1.5 over DigestInfo(hashAlgorithm, digest); ECDSA raw r||s over the digest.
 */
export async function verifySignedDigest(input: {
  certificateDer: Uint8Array;
  digest: Uint8Array;
  hashAlgorithm: DigestAlgorithm;
  signature: Uint8Array;
}): Promise<boolean> {
  const key = publicKeyOf(input.certificateDer);
  const hash = DIGEST_OIDS[input.hashAlgorithm];
  if (!hash || input.digest.length !== hash.length) return false;
  try {
    if (key.asymmetricKeyType === 'rsa') {
      const recovered = publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, input.signature);
      const expected = digestInfo(hash.oid, input.digest);
      return recovered.length === expected.length && timingSafeEqual(recovered, expected);
    }
    if (key.asymmetricKeyType === 'ec') {
      const curve = await curveFor(key.asymmetricKeyDetails?.namedCurve);
      if (!curve) return false;
      const jwk = key.export({ format: 'jwk' });
      const point = Buffer.concat([
        Buffer.of(4),
        Buffer.from(jwk.x!, 'base64url'),
        Buffer.from(jwk.y!, 'base64url'),
      ]);
      return curve.verify(input.signature, input.digest, point, {
        prehash: false,
        lowS: false,
        format: 'compact',
      });
    }
    return false;
  } catch {
    return false;
  }
}

function digestInfo(hashOid: string, digest: Uint8Array): Buffer {
  const info = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: hashOid }), new asn1js.Null()] }),
      new asn1js.OctetString({ valueHex: digest }),
    ],
  });
  return Buffer.from(info.toBER());
}

export type ChainVerification = { ok: true; chain: ReadCertificate[] } | { ok: false; reason: string };

/**
 * Builds and checks a path from the leaf through the intermediates to one of the trust anchors, at
 * `at` (validity, signatures, CA constraints), with pkijs's path validation. Revocation is not checked.
 * `chain` runs from the leaf to the anchor.
 */
export async function verifyCertificateChain(input: {
  leafDer: Uint8Array;
  intermediatesDer: Uint8Array[];
  trustAnchorsDer: Uint8Array[];
  at: Date;
}): Promise<ChainVerification> {
  const pkijs = await import('pkijs'); // on first use: reading files does not need it
  const derOf = new Map<Pkijs.Certificate, Uint8Array>();
  const load = (der: Uint8Array, what: string): Pkijs.Certificate | string => {
    try {
      const certificate = pkijs.Certificate.fromBER(der);
      derOf.set(certificate, der);
      return certificate;
    } catch {
      return `the ${what} certificate cannot be read`;
    }
  };
  const leaf = load(input.leafDer, 'signer');
  if (typeof leaf === 'string') return { ok: false, reason: leaf };
  const intermediates = input.intermediatesDer.map((der) => load(der, 'intermediate'));
  const anchors = input.trustAnchorsDer.map((der) => load(der, 'trust anchor'));
  const unreadable = [...intermediates, ...anchors].find((item) => typeof item === 'string');
  if (typeof unreadable === 'string') return { ok: false, reason: unreadable };
  if (anchors.length === 0) return { ok: false, reason: 'no trust anchor is configured' };

  const engine = new pkijs.CertificateChainValidationEngine({
    trustedCerts: anchors as Pkijs.Certificate[],
    // pkijs takes the LAST of `certs` as the end-entity certificate.
    certs: [...(intermediates as Pkijs.Certificate[]), leaf],
    checkDate: input.at,
  });
  let result: Pkijs.CertificateChainValidationEngineVerifyResult;
  try {
    result = await engine.verify();
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  }
  if (!result.result) return { ok: false, reason: describeFailure(result.resultMessage) };
  const path = result.certificatePath ?? [leaf];
  const chain = path.map((certificate) =>
    parseCertificate(derOf.get(certificate) ?? new Uint8Array(certificate.toSchema().toBER())),
  );
  if (chain[0]?.sha256Fingerprint !== parseCertificate(input.leafDer).sha256Fingerprint) chain.reverse();
  return { ok: true, chain };
}

function reasonOf(error: unknown): string {
  if (error && typeof error === 'object' && 'resultMessage' in error)
    return describeFailure(String(error.resultMessage));
  return describeFailure(error instanceof Error ? error.message : String(error));
}

function describeFailure(message: string): string {
  if (/not yet valid or expired/i.test(message))
    return `a certificate in the chain is expired or not yet valid (${message})`;
  if (/no valid certificate paths/i.test(message))
    return `the chain does not lead to a trusted anchor (${message})`;
  return message || 'the certificate chain is not valid';
}
