// eID cards minted by the test PKI, and what the card-bridge would answer with them, made directly with their keys:
// fast api tests of the eID log-in and the signed handover (the end-to-end test in /test uses a real token).
import { constants, createHash, createPrivateKey, privateEncrypt, sign, type KeyObject } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { DigestAlgorithm, EidAuthenticationTokenDto, EidDigestSignatureDto } from '@certdesk/contracts';
import { type DistinguishedName, formatSsin, withMod97CheckDigits } from '@certdesk/domain';
import {
  createTestPki,
  type IssueCitizenCertificatesOptions,
  type TestCertificate,
  type TestPki,
} from '@certdesk/pki/testing';
import { snapshot } from './db-snapshot.js';
import { startTestApp, type TestApp } from './test-app.js';

export type CardAlgorithm = 'RSA-2048' | 'EC-P384';
export const CARD_ALGORITHMS: CardAlgorithm[] = ['RSA-2048', 'EC-P384'];

/** Where the dashboard runs in these tests: the api's PUBLIC_URL, and the origin the cards sign for. */
export const DASHBOARD_ORIGIN = 'https://certdesk.test';

export interface TestCard {
  keyAlgorithm: CardAlgorithm;
  ssin: string;
  authentication: TestCertificate;
  signature: TestCertificate;
}

let pki: Promise<TestPki> | undefined;
/** One test PKI per test file: its root and Citizen CA are the api's eID trust anchors. */
export function eidTestPki(): Promise<TestPki> {
  pki ??= createTestPki();
  return pki;
}

let ssinCounter = Math.floor(Math.random() * 500);
/** An SSIN with valid check digits (born 1985-01-01), different each call. */
export function uniqueSsin(): string {
  ssinCounter = (ssinCounter % 997) + 1;
  return withMod97CheckDigits(`850101${String(ssinCounter).padStart(3, '0')}`);
}

/** An eID card (Authentication and Signature certificates) of the holder of `ssin`, from `issuer` (default the api's). */
export async function issueCard(
  keyAlgorithm: CardAlgorithm,
  ssin: string,
  options: {
    issuer?: TestPki;
    notBefore?: Date;
    notAfter?: Date;
    name?: [string, string];
    rewriteSubject?: IssueCitizenCertificatesOptions['rewriteSubject'];
  } = {},
): Promise<TestCard> {
  const issuer = options.issuer ?? (await eidTestPki());
  const [givenName, surname] = options.name ?? ['Test', 'Holder'];
  const certificates = await issuer.issueCitizenCertificates({
    ssin,
    givenName,
    surname,
    keyAlgorithm,
    ...(options.notBefore ? { notBefore: options.notBefore } : {}),
    ...(options.notAfter ? { notAfter: options.notAfter } : {}),
    ...(options.rewriteSubject ? { rewriteSubject: options.rewriteSubject } : {}),
  });
  return { keyAlgorithm, ssin, ...certificates };
}

type SubjectRewrite = (subject: DistinguishedName) => DistinguishedName;

/**
 * eID subjects no real card carries, each naming the holder's SSIN so that a reader taking "the" serialNumber would
 * accept it as the holder's (issue 9, item 13): [what, the refusal code, how the holder's card subject is rewritten
 * given another person's SSIN].
 */
export const AMBIGUOUS_EID_SUBJECTS: [string, string, (other: string) => SubjectRewrite][] = [
  [
    "the holder's SSIN, then another serialNumber",
    'EID_SSIN_AMBIGUOUS',
    (other) => (dn) => [...dn, { type: 'SERIALNUMBER', value: other }],
  ],
  [
    "another serialNumber, then the holder's SSIN",
    'EID_SSIN_AMBIGUOUS',
    (other) => (dn) => [{ type: 'SERIALNUMBER', value: other }, ...dn],
  ],
  [
    "the holder's SSIN joined to the CN in one multi-valued RDN",
    'EID_SSIN_AMBIGUOUS',
    () => (dn) => {
      const serialNumber = dn.find((a) => a.type === 'SERIALNUMBER')!;
      return dn.flatMap((a) =>
        a.type === 'SERIALNUMBER'
          ? []
          : a.type === 'CN'
            ? [a, { ...serialNumber, joinedToPrevious: true }]
            : [a],
      );
    },
  ],
  [
    "the holder's SSIN written with separators, not as the card's 11 digits",
    'EID_SSIN_INVALID',
    () => (dn) => dn.map((a) => (a.type === 'SERIALNUMBER' ? { ...a, value: formatSsin(a.value) } : a)),
  ],
];

/** The api with the test PKI as its eID trust anchors, at DASHBOARD_ORIGIN. */
export async function startEidTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const testPki = await eidTestPki();
  const dir = await mkdtemp(join(tmpdir(), 'certdesk-eid-'));
  const bundle = join(dir, 'eid-trust.pem');
  await writeFile(bundle, testPki.root.certificate.pem + testPki.citizenCa.certificate.pem);
  return startTestApp({ EID_TRUST_ANCHORS: bundle, PUBLIC_URL: DASHBOARD_ORIGIN, ...env });
}

const keyOf = (certificate: TestCertificate): KeyObject =>
  createPrivateKey({ key: Buffer.from(certificate.privateKeyPkcs8), format: 'der', type: 'pkcs8' });

const NODE_HASH: Record<DigestAlgorithm, 'sha256' | 'sha384'> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384' };

/** The card-bridge's `authenticate` answer: the Authentication key over H(origin) || H(nonce). */
export function webEidToken(
  certificate: TestCertificate,
  origin: string,
  nonce: string,
): EidAuthenticationTokenDto {
  const rsa = certificate.keyAlgorithm.startsWith('RSA');
  const hash = rsa ? 'sha256' : 'sha384';
  const h = (text: string) => createHashOf(hash, Buffer.from(text, 'utf8'));
  const signedData = Buffer.concat([h(origin), h(nonce)]);
  const signature = rsa
    ? sign(hash, signedData, keyOf(certificate))
    : sign(hash, signedData, { key: keyOf(certificate), dsaEncoding: 'ieee-p1363' });
  return {
    format: 'web-eid:1.0',
    unverifiedCertificate: Buffer.from(certificate.der).toString('base64'),
    algorithm: rsa ? 'RS256' : 'ES384',
    signature: signature.toString('base64'),
    appVersion: 'https://certdesk.test/card-bridge/test',
  };
}

/**
 * The card-bridge's `sign` answer over the digest of `document` (what a card signs when given the digest): RSA
 * PKCS#1 v1.5 over the DigestInfo; ECDSA raw r||s over the digest (signing the document with its hash is the same).
 */
export function digestSignature(
  certificate: TestCertificate,
  document: string,
  digestAlgorithm: DigestAlgorithm = certificate.keyAlgorithm.startsWith('RSA') ? 'SHA-256' : 'SHA-384',
): EidDigestSignatureDto {
  const bytes = Buffer.from(document, 'utf8');
  const digest = createHashOf(NODE_HASH[digestAlgorithm], bytes);
  const rsa = certificate.keyAlgorithm.startsWith('RSA');
  const signature = rsa
    ? privateEncrypt(
        { key: keyOf(certificate), padding: constants.RSA_PKCS1_PADDING },
        Buffer.concat([DIGEST_INFO_PREFIX[digestAlgorithm], digest]),
      )
    : sign(NODE_HASH[digestAlgorithm], bytes, { key: keyOf(certificate), dsaEncoding: 'ieee-p1363' });
  return {
    format: 'certdesk-digest-signature:1',
    certificate: Buffer.from(certificate.der).toString('base64'),
    digestAlgorithm,
    digest: digest.toString('base64'),
    signatureAlgorithm: rsa ? 'RSASSA-PKCS1-v1_5' : 'ECDSA',
    signature: signature.toString('base64'),
  };
}

const DIGEST_INFO_PREFIX: Record<DigestAlgorithm, Buffer> = {
  'SHA-256': Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  'SHA-384': Buffer.from('3041300d060960864801650304020205000430', 'hex'),
};

function createHashOf(algorithm: string, data: Buffer): Buffer {
  return createHash(algorithm).update(data).digest();
}

/** A copy of a signature with one bit flipped: a forgery. */
export function forged<T extends { signature: string }>(answer: T): T {
  const bytes = Buffer.from(answer.signature, 'base64');
  bytes[bytes.length - 5]! ^= 0x01;
  return { ...answer, signature: bytes.toString('base64') };
}

const EID_TABLES = ['eid_used_nonce', 'handover', 'handover_certificate', 'handover_signature'];

/**
 * snapshot() plus the tables of the eID log-in and the handover, and the sessions (less when each was last used,
 * which any authenticated call touches): a refused request must change none of them.
 */
export async function snapshotWithEid(t: TestApp): Promise<Record<string, unknown[]>> {
  const db = t.app.get(DataSource);
  const result = await snapshot(t);
  for (const table of EID_TABLES) result[table] = await db.query(`SELECT * FROM ${table} ORDER BY 1, 2`);
  result.access_token = await db.query(
    'SELECT id, user_id, kind, token_hash, expires_at, revoked_at FROM access_token ORDER BY id',
  );
  return result;
}
