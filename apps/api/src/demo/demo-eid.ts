// The demo's eID: a test PKI made once per checkout (in .certdesk/demo-eid, git-ignored) whose root and Citizen CA
// `npm start` passes to the api as EID_TRUST_ANCHORS, and the eID certificates of the demo's card holders, which
// `npm run demo:card` (scripts/demo-card.mjs) puts on a SoftHSM2 token. Test material only: worthless outside the demo,
// and never trusted unless the demo runs.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTestPki, type TestCertificate } from '@certdesk/pki/testing';
import { DEMO_CARD_HOLDERS, type DemoPerson, demoName } from './demo-directory.js';

/** Bumped when the files' layout changes: older material is then made again. */
const FORMAT = 'certdesk-demo-eid:1';
const TRUST_ANCHORS = 'trust-anchors.pem';
const MANIFEST = 'manifest.json';

/** One demo card, as scripts/demo-card.mjs reads it (base64 DER certificates, base64 PKCS#8 keys). */
export interface DemoCardFile {
  key: string;
  name: string;
  givenName: string;
  surname: string;
  ssin: string;
  keyAlgorithm: 'RSA-2048' | 'EC-P384';
  authentication: StoredCertificate;
  signature: StoredCertificate;
  citizenCa: string;
  root: string;
}

interface StoredCertificate {
  certificate: string;
  privateKeyPkcs8: string;
  keyAlgorithm: string;
}

export interface DemoEid {
  /** The PEM bundle for EID_TRUST_ANCHORS: the demo root and its Citizen CA. */
  trustAnchorsPath: string;
  /** The card file of each demo card holder, by their key. */
  cardPath(key: string): string;
}

const cardFileName = (key: string) => `card-${key}.json`;
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const stored = (certificate: TestCertificate): StoredCertificate => ({
  certificate: base64(certificate.der),
  privateKeyPkcs8: base64(certificate.privateKeyPkcs8),
  keyAlgorithm: certificate.keyAlgorithm,
});

/**
 * The demo eID material in `dir`, made when missing or when it lacks a card holder of the demo. Written to a fresh
 * folder first and renamed into place, so a second `npm start` at the same moment never reads half a PKI.
 */
export async function ensureDemoEid(dir: string): Promise<DemoEid> {
  const result: DemoEid = {
    trustAnchorsPath: join(dir, TRUST_ANCHORS),
    cardPath: (key) => join(dir, cardFileName(key)),
  };
  if (await isComplete(dir)) return result;
  const fresh = `${dir}.${randomBytes(4).toString('hex')}.tmp`;
  await mkdir(fresh, { recursive: true, mode: 0o700 });
  try {
    const pki = await createTestPki();
    await writeFile(join(fresh, TRUST_ANCHORS), pki.root.certificate.pem + pki.citizenCa.certificate.pem);
    for (const holder of DEMO_CARD_HOLDERS) {
      const card = await pki.issueCitizenCertificates({
        ssin: holder.ssin,
        givenName: holder.givenName,
        surname: holder.surname,
        keyAlgorithm: holder.card,
      });
      const file: DemoCardFile = {
        key: holder.key,
        name: demoName(holder),
        givenName: holder.givenName,
        surname: holder.surname,
        ssin: holder.ssin,
        keyAlgorithm: holder.card,
        authentication: stored(card.authentication),
        signature: stored(card.signature),
        citizenCa: base64(pki.citizenCa.certificate.der),
        root: base64(pki.root.certificate.der),
      };
      await writeFile(join(fresh, cardFileName(holder.key)), `${JSON.stringify(file, null, 2)}\n`, {
        mode: 0o600,
      });
    }
    await writeFile(join(fresh, MANIFEST), `${JSON.stringify(manifestFor(DEMO_CARD_HOLDERS))}\n`);
    // Another start may have made it meanwhile: keep theirs when it is complete.
    if (await isComplete(dir)) return result;
    await rm(dir, { recursive: true, force: true });
    await rename(fresh, dir);
  } finally {
    await rm(fresh, { recursive: true, force: true });
  }
  return result;
}

const manifestFor = (holders: readonly DemoPerson[]) => ({
  format: FORMAT,
  cards: holders.map((holder) => `${holder.key}:${holder.ssin}:${holder.card}`).sort(),
});

async function isComplete(dir: string): Promise<boolean> {
  if (!existsSync(join(dir, TRUST_ANCHORS))) return false;
  try {
    const manifest = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as unknown;
    return JSON.stringify(manifest) === JSON.stringify(manifestFor(DEMO_CARD_HOLDERS));
  } catch {
    return false;
  }
}
