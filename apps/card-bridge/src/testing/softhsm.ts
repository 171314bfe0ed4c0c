// SoftHSM2 tokens shaped like a Belgian eID card, in a temp folder each test owns: objects labelled
// Authentication and Signature (private keys + certificates), CA and Root (certificates), issued by the test
// PKI's citizen CA. The keys are the test PKI's own, imported, so certificates and keys match.
// Test support only (`@certdesk/card-bridge/testing`): the bridge itself never imports it.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SHARE_ENV, Worker } from 'node:worker_threads';
import type { TestCertificate, TestPki } from '@certdesk/pki/testing';

const run = promisify(execFile);

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';
export const TEST_SSIN = '01050399864';
export const TEST_PIN = '1234';
const SO_PIN = '12345678';
const TOKEN_LABEL = 'BELPIC';

export interface SoftHsm {
  dir: string;
  /** The SOFTHSM2_CONF file. */
  config: string;
  tokensDir: string;
  cleanup(): Promise<void>;
}

export interface EidToken extends SoftHsm {
  keyAlgorithm: 'RSA-2048' | 'EC-P384';
  authentication: TestCertificate;
  signature: TestCertificate;
  ca: Uint8Array;
  root: Uint8Array;
  pki: TestPki;
  /** Removes the token, as pulling the card out would. */
  remove(): Promise<void>;
}

let sharedPki: Promise<TestPki> | null = null;
/** One test PKI per test file: minting its authorities costs RSA key generation. */
export function testPki(): Promise<TestPki> {
  // Loaded lazily, as the bridge loads libs/pki (src/pki.ts).
  sharedPki ??= import('@certdesk/pki/testing').then(({ createTestPki }) => createTestPki());
  return sharedPki;
}

/** An empty SoftHSM2 store: only the free slot, with an uninitialised token (a reader with no eID in it). */
export async function createSoftHsm(): Promise<SoftHsm> {
  const dir = await mkdtemp(join(tmpdir(), 'certdesk-softhsm-'));
  const tokensDir = join(dir, 'tokens');
  await run('mkdir', ['-p', tokensDir]);
  const config = join(dir, 'softhsm2.conf');
  await writeFile(
    config,
    `directories.tokendir = ${tokensDir}\nobjectstore.backend = file\nlog.level = ERROR\n`,
  );
  return { dir, config, tokensDir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface ProvisionEidTokenOptions {
  /** The holder's SSIN (default TEST_SSIN). */
  ssin?: string;
  givenName?: string;
  surname?: string;
  /** The test PKI issuing the card (default one per test file): the relying party trusts its root. */
  pki?: TestPki;
  /** The Authentication and Signature certificates' validity (default: from yesterday, for years). */
  notBefore?: Date;
  notAfter?: Date;
}

export async function provisionEidToken(
  keyAlgorithm: 'RSA-2048' | 'EC-P384',
  options: ProvisionEidTokenOptions = {},
): Promise<EidToken> {
  const hsm = await createSoftHsm();
  const env = { ...process.env, SOFTHSM2_CONF: hsm.config };
  const pki = options.pki ?? (await testPki());
  const { authentication, signature } = await pki.issueCitizenCertificates({
    ssin: options.ssin ?? TEST_SSIN,
    givenName: options.givenName ?? 'Jan Pieter',
    surname: options.surname ?? 'Peeters',
    keyAlgorithm,
    notBefore: options.notBefore,
    notAfter: options.notAfter,
  });
  const ca = pki.citizenCa.certificate.der;
  const root = pki.root.certificate.der;

  await run(
    'softhsm2-util',
    ['--init-token', '--free', '--label', TOKEN_LABEL, '--pin', TEST_PIN, '--so-pin', SO_PIN],
    { env },
  );
  const objects: { label: string; id: string; certificate: Uint8Array; key?: Uint8Array }[] = [
    {
      label: 'Authentication',
      id: '02',
      certificate: authentication.der,
      key: authentication.privateKeyPkcs8,
    },
    { label: 'Signature', id: '03', certificate: signature.der, key: signature.privateKeyPkcs8 },
    { label: 'CA', id: '04', certificate: ca },
    { label: 'Root', id: '05', certificate: root },
  ];
  for (const object of objects) {
    if (object.key) {
      const keyFile = join(hsm.dir, `${object.label}.key.pem`);
      const base64 = Buffer.from(object.key)
        .toString('base64')
        .replace(/(.{64})/g, '$1\n');
      await writeFile(keyFile, `-----BEGIN PRIVATE KEY-----\n${base64}\n-----END PRIVATE KEY-----\n`, {
        mode: 0o600,
      });
      await run(
        'softhsm2-util',
        [
          '--import',
          keyFile,
          '--token',
          TOKEN_LABEL,
          '--label',
          object.label,
          '--id',
          object.id,
          '--pin',
          TEST_PIN,
        ],
        { env },
      );
      await rm(keyFile);
    }
    const certificateFile = join(hsm.dir, `${object.label}.der`);
    await writeFile(certificateFile, object.certificate);
    await run(
      'pkcs11-tool',
      [
        '--module',
        SOFTHSM_MODULE,
        '--token-label',
        TOKEN_LABEL,
        '--login',
        '--pin',
        TEST_PIN,
        '--write-object',
        certificateFile,
        '--type',
        'cert',
        '--label',
        object.label,
        '--id',
        object.id,
      ],
      { env },
    );
  }
  return {
    ...hsm,
    keyAlgorithm,
    authentication,
    signature,
    ca,
    root,
    pki,
    remove: async () => {
      await run('softhsm2-util', ['--delete-token', '--token', TOKEN_LABEL], { env });
    },
  };
}

/**
 * Marks the user PIN as blocked (CKF_USER_PIN_LOCKED) in the token's file, as a card reports after too many
 * wrong PINs: SoftHSM2 itself never blocks a PIN. The file holds the token flags as the attribute
 * CKA_OS_TOKENFLAGS (0x8000534B), type ulong (2), then the 8-byte big-endian value.
 */
export async function blockUserPin(hsm: SoftHsm): Promise<void> {
  const CKF_USER_PIN_LOCKED = 0x40000n;
  const marker = Buffer.from('000000008000534b0000000000000002', 'hex');
  for (const tokenDir of await readdir(hsm.tokensDir)) {
    const file = join(hsm.tokensDir, tokenDir, 'token.object');
    const bytes = await readFile(file);
    const at = bytes.indexOf(marker);
    if (at === -1) throw new Error(`no token flags in ${file}`);
    const offset = at + marker.length;
    bytes.writeBigUInt64BE(bytes.readBigUInt64BE(offset) | CKF_USER_PIN_LOCKED, offset);
    await writeFile(file, bytes);
  }
}

/**
 * SoftHSM2 reads SOFTHSM2_CONF from the real process environment when the module initialises; Jest gives
 * each test file a copy of process.env, so it is set through a thread that shares the real one.
 */
export async function useSoftHsm(hsm: SoftHsm): Promise<void> {
  const worker = new Worker(`process.env.SOFTHSM2_CONF = ${JSON.stringify(hsm.config)};`, {
    eval: true,
    env: SHARE_ENV,
  });
  await new Promise((resolve, reject) => worker.once('exit', resolve).once('error', reject));
}

/** Writes an executable PIN program (a shell script) into `dir`. */
export async function writePinProgram(dir: string, name: string, script: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\n${script}\n`, { mode: 0o700 });
  return path;
}
