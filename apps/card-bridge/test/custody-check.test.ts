// "Check that I can still open this keystore", through the real certdesk-card-bridge command: the password comes from
// the person at the PC (here its password program), never over HTTP, and the answer holds only the outcome, the time
// and public fingerprints, whatever happens. The password never appears in what the bridge prints.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  API_KEYSTORE_REPORT_PATH,
  CARD_BRIDGE_ROUTES,
  type KeystoreCheckResultDto,
} from '@certdesk/contracts';
import type { TestCertificate } from '@certdesk/pki/testing';
import { type BridgeCommand, PAIRING_CODE_LINE, startBridgeCommand } from '../src/testing/index.js';
import { DASHBOARD_ORIGIN, call } from './support/http.js';
import { type SoftHsm, createSoftHsm, testPki } from './support/softhsm.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const AMBULANCE = 'NIHII-AMBU_SERVICE=79609977 20190507-144322.p12';
const RENEWING = 'NIHII-AMBU_SERVICE=79609977 20260101-100000.p12';
const CORRUPT = 'CBE=0206653946 20240101-000000.p12';
const SLOW = 'CBE=0206653946 20240102-000000.p12';
const JAVA_TOOL = 'CBE=0206653946 20240103-000000.jks';
const PASSWORD = 'Ambu-2019!custody';
const JKS_FIXTURE = new URL('../../../libs/pki/test/fixtures/java-keystore.jks', import.meta.url);
const RESULT_FIELDS = ['checkedAt', 'etkPublicKeyFingerprint', 'keystoreCertificateFingerprints', 'outcome'];
/** A failed attempt's whole answer: the outcome, the time and why; no fingerprint, nothing else. */
const failedWith = (failure: string) => ({
  outcome: 'failed',
  checkedAt: expect.any(String),
  keystoreCertificateFingerprints: [],
  etkPublicKeyFingerprint: null,
  failure,
});
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('checking that a keystore still opens, through the bridge command', () => {
  let token: SoftHsm;
  let bridge: BridgeCommand;
  let pairingToken: string;
  let typedPasswordFile: string;
  let authentication: TestCertificate;
  let etk: TestCertificate;
  let newerEtk: TestCertificate;
  let caDers: Uint8Array[];
  /** Stands in for the Certdesk api: what the bridge reported to it. */
  let api: Server;
  const reported: { path: string; authorization: string; body: string }[] = [];

  /** What the person at the PC types next (the password program prints the file). */
  const willType = (password: string) => writeFile(typedPasswordFile, password);
  /** `bearer` null: no pairing token. */
  const check = (body: unknown, bearer: string | null = pairingToken) =>
    call(bridge.port, { path: CARD_BRIDGE_ROUTES.checkKeystore, body, token: bearer ?? undefined });

  // Tokens, keys, keystores and the bridge's build take tens of seconds on a loaded machine.
  beforeAll(async () => {
    // The command runs the built bridge (dist): build it (incremental, quick when up to date).
    await promisify(execFile)(
      process.execPath,
      [join(packageDir, '../../node_modules/typescript/bin/tsc'), '-b', 'tsconfig.lib.json'],
      { cwd: packageDir },
    );
    // The keystore check needs no card: the bridge runs with its PKCS#11 module and an empty token store.
    token = await createSoftHsm();
    const folder = join(token.dir, 'keystore');
    await mkdir(folder);
    const { buildEhealthKeystore } = await import('@certdesk/pki/testing');
    const pki = await testPki();
    authentication = await pki.issueEhealthCertificate({
      identifierType: 'NIHII-AMBU_SERVICE',
      identifierValue: '79609977',
      holderName: 'AMBULANCE DE TEST',
      environment: 'acceptance',
    });
    etk = await pki.issueEtkCertificate(authentication);
    caDers = [pki.ehealthAcceptance.certificate.der, pki.root.certificate.der];
    await writeFile(
      join(folder, AMBULANCE),
      await buildEhealthKeystore({
        password: PASSWORD,
        encryption: 'legacy',
        authentication,
        etk: [etk],
        caCertificates: caDers,
      }),
    );
    // Between completing a renewal and activating its ETK, a keystore holds the old ETK and the new one.
    const renewed = await pki.issueEhealthCertificate({
      identifierType: 'NIHII-AMBU_SERVICE',
      identifierValue: '79609977',
      holderName: 'AMBULANCE DE TEST',
      environment: 'acceptance',
      notBefore: new Date(Date.now() - 60_000),
    });
    newerEtk = await pki.issueEtkCertificate(renewed);
    await writeFile(
      join(folder, RENEWING),
      await buildEhealthKeystore({
        password: PASSWORD,
        encryption: 'modern',
        authentication: renewed,
        etk: [newerEtk, etk],
      }),
    );
    const good = await buildEhealthKeystore({ password: PASSWORD, encryption: 'modern', authentication });
    await writeFile(join(folder, CORRUPT), good.subarray(0, Math.floor(good.length / 2)));
    await writeFile(join(token.dir, 'elsewhere.p12'), good);
    // Every key derivation at the iteration bound: seconds, far beyond the bridge's budget below.
    const slow = await buildEhealthKeystore({
      password: PASSWORD,
      encryption: 'legacy',
      iterations: 10_000_000,
      authentication,
    });
    await writeFile(join(folder, SLOW), slow);
    await copyFile(JKS_FIXTURE, join(folder, JAVA_TOOL));

    typedPasswordFile = join(token.dir, 'typed-password');
    await willType(PASSWORD);
    api = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        reported.push({ path: request.url ?? '', authorization: request.headers.authorization ?? '', body });
        response.writeHead(201).end();
      });
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const apiPort = (api.address() as { port: number }).port;
    bridge = await startBridgeCommand(token, [DASHBOARD_ORIGIN], {
      passwordScript: `cat '${typedPasswordFile}'`,
      keystoreTimeoutSeconds: 1.5,
      apiUrl: `http://127.0.0.1:${apiPort}`,
    });
    const code = (await bridge.waitForOutput(PAIRING_CODE_LINE))[1]!;
    const paired = await call(bridge.port, { path: CARD_BRIDGE_ROUTES.pair, body: { code } });
    pairingToken = paired.body.token as string;
  }, 180_000);

  afterAll(async () => {
    await bridge?.stop();
    await new Promise((resolve) => (api ? api.close(resolve) : resolve(undefined)));
    await token?.cleanup();
  });

  it("opens it with the password typed on the PC: the certificates' and the ETK's fingerprints, nothing else", async () => {
    const answer = await check({ fileName: AMBULANCE });
    expect(answer.status).toBe(200);
    const result = answer.body as KeystoreCheckResultDto;
    expect(Object.keys(result).sort()).toEqual(RESULT_FIELDS);
    expect(result.outcome).toBe('opened');
    expect(Math.abs(Date.parse(result.checkedAt) - Date.now())).toBeLessThan(60_000);
    // The same fingerprints libs/pki gives for the same keystore.
    const { readCertificateFile } = await import('@certdesk/pki');
    const { readFile } = await import('node:fs/promises');
    const read = await readCertificateFile(await readFile(join(token.dir, 'keystore', AMBULANCE)), {
      password: PASSWORD,
    });
    expect(result.keystoreCertificateFingerprints.sort()).toEqual(
      read.certificates.map((c) => c.sha256Fingerprint).sort(),
    );
    expect(result.keystoreCertificateFingerprints).toEqual(
      expect.arrayContaining([sha256(authentication.der), sha256(etk.der), ...caDers.map(sha256)]),
    );
    expect(result.etkPublicKeyFingerprint).toBe(sha256(etk.publicKeySpki));
    expect(read.keystore!.etkPublicKeys).toEqual([
      { alias: expect.any(String), publicKeyFingerprint: result.etkPublicKeyFingerprint },
    ]);
  });

  it('opens one by the absolute path picked on the PC, outside the keystore folder', async () => {
    const answer = await check({ path: join(token.dir, 'elsewhere.p12') });
    expect(answer.body).toMatchObject({ outcome: 'opened', etkPublicKeyFingerprint: null });
    expect(answer.body.keystoreCertificateFingerprints).toContain(sha256(authentication.der));
  });

  it('gives the newest ETK of a keystore in the middle of a renewal', async () => {
    const answer = await check({ fileName: RENEWING });
    // The whole answer, so that a failure shows what the bridge said.
    expect(answer.body).toMatchObject({
      outcome: 'opened',
      etkPublicKeyFingerprint: sha256(newerEtk.publicKeySpki),
    });
    expect(answer.body.etkPublicKeyFingerprint).not.toBe(sha256(etk.publicKeySpki));
  });

  it('answers a wrong password as a failed attempt, with nothing else, and never prints the password', async () => {
    const wrong = 'Wrong-Passw0rd-9f3a';
    await willType(wrong);
    try {
      const answer = await check({ fileName: AMBULANCE });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(failedWith('wrong-password'));
      expect(JSON.stringify(answer)).not.toContain(wrong);
    } finally {
      await willType(PASSWORD);
    }
    expect(bridge.output()).toMatch(/keystore checked .*"outcome":"failed","failure":"wrong-password"/);
    expect(bridge.output()).not.toContain(wrong);
    expect(bridge.output()).not.toContain(PASSWORD);
  });

  it.each([
    ['a missing file', { fileName: 'CBE=0206653946 20990101-000000.p12' }, 'keystore-not-found'],
    ['a missing path', { path: '/nonexistent/ehealth/keystore/x.p12' }, 'keystore-not-found'],
    ['a truncated file', { fileName: CORRUPT }, 'unreadable'],
    ['a Java keystore the bridge cannot read', { fileName: JAVA_TOOL }, 'unreadable'],
  ])('answers %s as failed (%s) with nothing else', async (_what, body, failure) => {
    const answer = await check(body);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(failedWith(failure));
  });

  it('stops a keystore that takes longer than the time budget, answers unreadable, and keeps serving', async () => {
    const started = performance.now();
    const answer = await check({ fileName: SLOW });
    expect(answer.body).toMatchObject({ outcome: 'failed', failure: 'unreadable' });
    expect(performance.now() - started).toBeLessThan(6000);
    const status = await call(bridge.port, { path: CARD_BRIDGE_ROUTES.status, token: pairingToken });
    expect(status.status).toBe(200);
  });

  it('answers cancelled when the person at the PC does not give the password, and nothing is tried', async () => {
    await willType('');
    try {
      const answer = await check({ fileName: AMBULANCE });
      expect(answer.status).toBe(409);
      expect(answer.body.error.code).toBe('KEYSTORE_PASSWORD_CANCELLED');
    } finally {
      await willType(PASSWORD);
    }
  });

  it.each([
    [
      'a password sent over HTTP',
      { fileName: AMBULANCE, password: PASSWORD },
      /never takes a keystore password/,
    ],
    ['both a file name and a path', { fileName: AMBULANCE, path: '/tmp/x.p12' }, /./],
    ['a relative path', { path: 'keystore/x.p12' }, /path must be an absolute path/],
    ['a path to something else than a keystore', { path: '/etc/passwd' }, /must name a keystore file/],
    ['a path out of the folder by file name', { fileName: '../elsewhere.p12' }, /must be a file name/],
    ['control characters', { path: '/tmp/a\u0000b.p12' }, /control characters/],
    ['a huge path', { path: `/${'a'.repeat(5000)}.p12` }, /path/],
    ['a nested object', { path: { path: '/tmp/x.p12' } }, /path/],
    ['an array', [{ fileName: AMBULANCE }], /./],
  ])('refuses %s (400), trying nothing', async (_what, body, message) => {
    const answer = await check(body);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(message) });
    expect(JSON.stringify(answer.body)).not.toContain(PASSWORD);
  });

  it('refuses an unpaired caller and another origin', async () => {
    expect((await check({ fileName: AMBULANCE }, null)).body.error.code).toBe('PAIRING_REQUIRED');
    expect((await check({ fileName: AMBULANCE }, 'forged-token')).body.error.code).toBe('PAIRING_REQUIRED');
    const foreign = await call(bridge.port, {
      path: CARD_BRIDGE_ROUTES.checkKeystore,
      body: { fileName: AMBULANCE },
      token: pairingToken,
      origin: 'https://evil.example',
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('ORIGIN_NOT_ALLOWED');
  });
  // The command sets V8 flags (bin/certdesk-card-bridge.js); one that removed WebAssembly would break node's fetch,
  // which carries this report.
  it("reports a keystore to the api with the user's api token, from the command as people run it", async () => {
    reported.length = 0;
    const answer = await call(bridge.port, {
      path: CARD_BRIDGE_ROUTES.reportKeystore,
      body: { fileName: AMBULANCE, password: PASSWORD, apiToken: 'user-api-token' },
      token: pairingToken,
    });
    expect([answer.status, answer.body.apiStatus]).toEqual([200, 201]);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({
      path: API_KEYSTORE_REPORT_PATH,
      authorization: 'Bearer user-api-token',
    });
    const report = JSON.parse(reported[0]!.body) as {
      fileName: string;
      certificates: { sha256Fingerprint: string }[];
    };
    expect(report.fileName).toBe(AMBULANCE);
    expect(report.certificates.map((c) => c.sha256Fingerprint)).toContain(sha256(authentication.der));
    expect(reported[0]!.body).not.toContain(PASSWORD);
  });
});
