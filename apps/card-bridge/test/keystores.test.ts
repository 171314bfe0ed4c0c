// The eHealth keystores on this PC: listed from the keystore folder, inspected with their password through
// libs/pki, and reported (nothing secret) to the api.
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { API_KEYSTORE_REPORT_PATH, CARD_BRIDGE_ROUTES } from '@certdesk/contracts';
import type { TestCertificate } from '@certdesk/pki/testing';
import { loadPki } from '../src/pki.js';
import { startTestBridge, type TestBridge } from './support/bridge.js';
import { call } from './support/http.js';
import { testPki } from './support/softhsm.js';

const AMBULANCE = 'NIHII-AMBU_SERVICE=79609977 20190507-144322.p12';
const PENDING = 'CBE=0206653946 20241103-091500.p12';
const PASSWORD = 'Ambu-2019!';
const JKS_FIXTURE = new URL('../../../libs/pki/test/fixtures/java-keystore.jks', import.meta.url);

interface ApiRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('keystores on this PC', () => {
  let dir: string;
  let folder: string;
  let test: TestBridge;
  let token: string;
  let authentication: TestCertificate;
  let etk: TestCertificate;
  let api: Server;
  let apiStatus = 201;
  const apiRequests: ApiRequest[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'certdesk-keystores-'));
    folder = join(dir, 'keystore');
    await mkdir(folder);
    const pki = await testPki();
    const { buildEhealthKeystore } = await import('@certdesk/pki/testing');
    authentication = await pki.issueEhealthCertificate({
      identifierType: 'NIHII-AMBU_SERVICE',
      identifierValue: '79609977',
      holderName: 'AMBULANCE DE TEST',
      environment: 'acceptance',
    });
    etk = await pki.issueEtkCertificate(authentication);
    const caCertificates = [pki.ehealthAcceptance.certificate.der, pki.root.certificate.der];
    await writeFile(
      join(folder, AMBULANCE),
      await buildEhealthKeystore({
        password: PASSWORD,
        encryption: 'legacy',
        authentication,
        etk: [etk],
        caCertificates,
      }),
    );
    await writeFile(join(folder, AMBULANCE.replace('.p12', '.ehcsr')), 'request');
    await writeFile(
      join(folder, PENDING),
      await buildEhealthKeystore({ password: 'short', encryption: 'modern' }),
    );
    const good = await buildEhealthKeystore({ password: PASSWORD, encryption: 'modern', authentication });
    await writeFile(join(folder, 'truncated.p12'), good.subarray(0, Math.floor(good.length / 2)));
    await copyFile(JKS_FIXTURE, join(folder, 'old-tool.jks'));
    await writeFile(join(folder, 'notes.txt'), 'not a keystore');
    await writeFile(join(dir, 'outside.p12'), good);
    await symlink(join(dir, 'outside.p12'), join(folder, 'link-outside.p12'));

    api = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        apiRequests.push({
          method: request.method ?? '',
          url: request.url ?? '',
          headers: request.headers,
          body,
        });
        response.writeHead(apiStatus, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    test = await startTestBridge({ keystoreFolder: folder, apiUrl });
    token = await test.pair();
  });

  afterAll(async () => {
    await test?.close();
    await new Promise((resolve) => api?.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  const inspect = (fileName: string, password = PASSWORD) =>
    call(test.port, { path: CARD_BRIDGE_ROUTES.inspectKeystore, token, body: { fileName, password } });

  it('lists the keystores with what their names say', async () => {
    const { status, body } = await call(test.port, { path: CARD_BRIDGE_ROUTES.keystores, token });
    expect(status).toBe(200);
    expect(body.folder).toBe(folder);
    expect(body.folderExists).toBe(true);
    // Not notes.txt, and not the link that leads out of the folder.
    expect(body.keystores.map((k: { fileName: string }) => k.fileName)).toEqual(
      [PENDING, AMBULANCE, 'old-tool.jks', 'truncated.p12'].sort(),
    );
    const ambulance = body.keystores.find((k: { fileName: string }) => k.fileName === AMBULANCE);
    expect(ambulance).toMatchObject({
      path: join(folder, AMBULANCE),
      identifierType: 'NIHII-AMBU_SERVICE',
      identifierValue: '79609977',
      applicationId: null,
      createdAt: '2019-05-07T14:43:22',
      requestFilePresent: true,
    });
    expect(body.keystores.find((k: { fileName: string }) => k.fileName === PENDING).requestFilePresent).toBe(
      false,
    );
    expect(
      body.keystores.find((k: { fileName: string }) => k.fileName === 'truncated.p12').identifierType,
    ).toBeNull();
  });

  it('says when the keystore folder does not exist', async () => {
    const other = await startTestBridge({ keystoreFolder: join(dir, 'missing') });
    try {
      const { body } = await call(other.port, {
        path: CARD_BRIDGE_ROUTES.keystores,
        token: await other.pair(),
      });
      expect(body).toEqual({ folder: join(dir, 'missing'), folderExists: false, keystores: [] });
    } finally {
      await other.close();
    }
  });

  it('inspects a completed legacy keystore: certificates, authentication entry, ETK key, password policy', async () => {
    const { status, body } = await inspect(AMBULANCE);
    expect(status).toBe(200);
    expect(body.hostName).toBe(hostname());
    expect(body.file.fileName).toBe(AMBULANCE);
    expect(body.authenticationEntryPresent).toBe(true);
    expect(body.requestCompleted).toBe(true);
    const { serialDecimal, parseCertificate } = await loadPki();
    expect(body.etkKeys).toEqual([serialDecimal(parseCertificate(etk.der).serialNumber)]);
    expect(body.pendingKeys).toEqual([]);
    expect(body.passwordPolicy).toEqual({ compliant: true, failedRules: [] });
    const own = body.certificates.find((c: { alias: string | null }) => c.alias === 'authentication');
    expect(own).toMatchObject({
      hasPrivateKey: true,
      keyAlgorithm: authentication.keyAlgorithm,
      ehealth: {
        identifierType: 'NIHII-AMBU_SERVICE',
        identifierValue: '79609977',
        environment: 'acceptance',
      },
    });
    expect(body.entries.map((e: { role: string }) => e.role).sort()).toEqual([
      'authentication',
      'ca',
      'ca',
      'etk',
    ]);
    expect(JSON.stringify(body)).not.toContain(PASSWORD);
  });

  it('inspects a keystore whose request was not completed, and says its password breaks the policy', async () => {
    const { status, body } = await inspect(PENDING, 'short');
    expect(status).toBe(200);
    expect(body.authenticationEntryPresent).toBe(true);
    expect(body.requestCompleted).toBe(false);
    expect(body.pendingKeys).toEqual(['authentication']);
    expect(body.passwordPolicy.compliant).toBe(false);
    expect(body.passwordPolicy.failedRules.map((r: { rule: string }) => r.rule)).toEqual([
      'MIN_LENGTH',
      'DIGIT_OR_SYMBOL',
    ]);
  });

  it.each([
    ['a wrong password', AMBULANCE, 'not-the-password', 422, 'KEYSTORE_WRONG_PASSWORD'],
    ['a damaged file', 'truncated.p12', PASSWORD, 422, 'KEYSTORE_CORRUPT'],
    ['a Java JKS keystore', 'old-tool.jks', 'changeit', 422, 'KEYSTORE_UNSUPPORTED'],
    ['a file that is not there', 'SSIN=85010112345 20160226-134804.p12', PASSWORD, 404, 'KEYSTORE_NOT_FOUND'],
    ['a link out of the keystore folder', 'link-outside.p12', PASSWORD, 404, 'KEYSTORE_NOT_FOUND'],
    ['a file that is not a keystore', 'notes.txt', PASSWORD, 404, 'KEYSTORE_NOT_FOUND'],
    ['a path instead of a file name', '../outside.p12', PASSWORD, 400, 'BAD_REQUEST'],
  ])('refuses %s', async (_name, fileName, password, status, code) => {
    const response = await inspect(fileName, password);
    expect([response.status, response.body.error.code]).toEqual([status, code]);
    expect(JSON.stringify(response.body)).not.toContain(password);
  });

  it('reports an inspection to the api with the user token, and nothing secret', async () => {
    apiRequests.length = 0;
    apiStatus = 201;
    const { status, body } = await call(test.port, {
      path: CARD_BRIDGE_ROUTES.reportKeystore,
      token,
      body: { fileName: AMBULANCE, password: PASSWORD, apiToken: 'user-api-token' },
    });
    expect(status).toBe(200);
    expect(body.apiStatus).toBe(201);
    expect(apiRequests).toHaveLength(1);
    const [sent] = apiRequests as [ApiRequest];
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe(API_KEYSTORE_REPORT_PATH);
    expect(sent.headers.authorization).toBe('Bearer user-api-token');
    const report = JSON.parse(sent.body);
    expect(report).toMatchObject({
      hostName: hostname(),
      path: join(folder, AMBULANCE),
      fileName: AMBULANCE,
      identifierType: 'NIHII-AMBU_SERVICE',
      identifierValue: '79609977',
      authenticationEntryPresent: true,
      requestCompleted: true,
    });
    const { parseCertificate } = await loadPki();
    expect(report.certificates.map((c: { sha256Fingerprint: string }) => c.sha256Fingerprint)).toContain(
      parseCertificate(authentication.der).sha256Fingerprint.replace(/:/g, '').toLowerCase(),
    );
    expect(report).not.toHaveProperty('passwordPolicy');
    expect(sent.body).not.toContain(PASSWORD);
    expect(sent.body).not.toContain('PRIVATE');
    expect(body.report).toEqual(report);
  });

  it('says when the api refuses the report', async () => {
    apiStatus = 403;
    const { status, body } = await call(test.port, {
      path: CARD_BRIDGE_ROUTES.reportKeystore,
      token,
      body: { fileName: AMBULANCE, password: PASSWORD, apiToken: 'expired-token' },
    });
    expect([status, body.error.code]).toEqual([502, 'API_REPORT_FAILED']);
    expect(body.error.message).toContain('403');
  });

  it('says when no api is configured', async () => {
    const other = await startTestBridge({ keystoreFolder: folder, apiUrl: null });
    try {
      const { status, body } = await call(other.port, {
        path: CARD_BRIDGE_ROUTES.reportKeystore,
        token: await other.pair(),
        body: { fileName: AMBULANCE, password: PASSWORD, apiToken: 't' },
      });
      expect([status, body.error.code]).toEqual([503, 'API_NOT_CONFIGURED']);
    } finally {
      await other.close();
    }
  });
});
