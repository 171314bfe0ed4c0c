// The depot client against the local replay of the ETK Depot: every answer the depot gives, and every way it can fail.
import { X509Certificate } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { type TestCertificate, type TestEtk, type TestPki, createTestPki } from '@certdesk/pki/testing';
import {
  type DepotRequestEvent,
  ETK_DEPOT_ENDPOINTS,
  ETK_DEPOT_NS,
  EtkDepot,
  EtkDepotClient,
  type EtkDepotClientOptions,
  EtkDepotError,
  createRateLimiter,
  etkDepotSettingsFromEnv,
} from '../src/index.js';
import { type EtkDepotReplay, depotAnswers, startEtkDepotReplay } from '../src/testing/index.js';

let pki: TestPki;
let replay: EtkDepotReplay;
let mycarenet: TestCertificate;
let mycarenetEc: TestCertificate;
let hospital: TestCertificate;
let etks: { mycarenet: TestEtk; mycarenetEc: TestEtk; hospital: TestEtk };

const CBE = '0820563481';

beforeAll(async () => {
  pki = await createTestPki();
  const cbe = (applicationId: string) =>
    pki.issueEhealthCertificate({
      identifierType: 'CBE',
      identifierValue: CBE,
      holderName: 'Mutualité Test',
      applicationId,
    });
  mycarenet = await cbe('MYCARENET');
  mycarenetEc = await cbe('MYCARENET-EC');
  hospital = await pki.issueEhealthCertificate({
    identifierType: 'NIHII-HOSPITAL',
    identifierValue: '71089815',
    holderName: 'Hôpital Test',
    environment: 'acceptance',
  });
  etks = {
    mycarenet: await pki.issueEtk(mycarenet),
    mycarenetEc: await pki.issueEtk(mycarenetEc),
    hospital: await pki.issueEtk(hospital),
  };
  replay = await startEtkDepotReplay({
    published: [
      { identifierType: 'CBE', identifierValue: CBE, applicationId: 'MYCARENET', etk: etks.mycarenet.bytes },
      {
        identifierType: 'CBE',
        identifierValue: CBE,
        applicationId: 'MYCARENET-EC',
        etk: etks.mycarenetEc.bytes,
      },
      {
        identifierType: 'NIHII-HOSPITAL',
        identifierValue: '71089815',
        applicationId: null,
        etk: etks.hospital.bytes,
      },
    ],
  });
});

afterEach(() => {
  expect(replay.violations()).toEqual([]);
  replay.respond(undefined);
  replay.requests.length = 0;
});

afterAll(async () => {
  await replay.close();
});

const fingerprintOf = (certificate: TestCertificate) =>
  new X509Certificate(certificate.der).fingerprint256.replace(/:/g, '').toLowerCase();

const NOT_BASE64 =
  `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>` +
  `<p:GetEtkResponse xmlns:p="${ETK_DEPOT_NS}"><p:ETK>%%% not base64 %%%</p:ETK></p:GetEtkResponse>` +
  '</soap:Body></soap:Envelope>';

function client(options: Partial<EtkDepotClientOptions> = {}): EtkDepotClient {
  return new EtkDepotClient({ url: replay.url, environment: 'production', retryDelayMs: 10, ...options });
}

async function depotError(promise: Promise<unknown>): Promise<EtkDepotError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof EtkDepotError) return error;
    throw error;
  }
  throw new Error('expected an EtkDepotError');
}

describe('what the depot publishes', () => {
  it('reads one ETK, with its certificates, from one request', async () => {
    const discovery = await client().discover({
      identifierType: 'NIHII-HOSPITAL',
      identifierValue: '71089815',
    });
    expect(replay.requests).toHaveLength(1);
    expect(replay.requests[0]!.identifier).toEqual({
      type: 'NIHII-HOSPITAL',
      value: '71089815',
      applicationId: null,
    });
    expect(discovery.query).toEqual({
      identifierType: 'NIHII-HOSPITAL',
      identifierValue: '71089815',
      applicationId: null,
      environment: 'production',
    });
    expect(discovery.lookups).toEqual([{ applicationId: null, answer: 'ETK', errors: [] }]);
    const [found] = discovery.etks;
    expect(found).toMatchObject({ identifierType: 'NIHII-HOSPITAL', applicationId: null, unreadable: null });
    expect(Buffer.from(found!.etk).equals(Buffer.from(etks.hospital.bytes))).toBe(true);
    expect(found!.contents!.authentication.sha256Fingerprint).toBe(fingerprintOf(hospital));
    expect(found!.contents!.encryption.sha256Fingerprint).toBe(fingerprintOf(etks.hospital.encryption));
    expect(found!.contents!.problems).toEqual([]);
  });

  it('follows a MatchingEtk list with one request per application', async () => {
    const discovery = await client().discover({ identifierType: 'cbe', identifierValue: '0820.563.481' });
    expect(replay.requests.map((r) => r.identifier)).toEqual([
      { type: 'CBE', value: CBE, applicationId: null },
      { type: 'CBE', value: CBE, applicationId: 'MYCARENET' },
      { type: 'CBE', value: CBE, applicationId: 'MYCARENET-EC' },
    ]);
    expect(discovery.lookups.map((l) => [l.applicationId, l.answer])).toEqual([
      [null, 'MATCHING_ETK'],
      ['MYCARENET', 'ETK'],
      ['MYCARENET-EC', 'ETK'],
    ]);
    expect(
      discovery.etks.map((e) => [e.applicationId, e.contents!.authentication.sha256Fingerprint]),
    ).toEqual([
      ['MYCARENET', fingerprintOf(mycarenet)],
      ['MYCARENET-EC', fingerprintOf(mycarenetEc)],
    ]);
  });

  it('asks for one application only when one is given', async () => {
    const discovery = await client().discover({
      identifierType: 'CBE',
      identifierValue: '820563481', // the old 9-digit form: the depot is asked the padded 10 digits
      applicationId: 'mycarenet-ec',
    });
    expect(replay.requests.map((r) => r.identifier)).toEqual([
      { type: 'CBE', value: CBE, applicationId: 'MYCARENET-EC' },
    ]);
    expect(discovery.etks.map((e) => e.applicationId)).toEqual(['MYCARENET-EC']);
  });

  it('answers "nothing published" (NO_MATCHING_ETK) as a normal answer without ETKs', async () => {
    const discovery = await client().discover({ identifierType: 'NIHII-LABO', identifierValue: '89999964' });
    expect(discovery.etks).toEqual([]);
    expect(discovery.lookups).toEqual([
      {
        applicationId: null,
        answer: 'NO_ETK',
        errors: [{ code: 'NO_MATCHING_ETK', message: expect.any(String) }],
      },
    ]);
  });

  it('refuses bad check digits before asking the depot', async () => {
    const error = await depotError(
      client().discover({ identifierType: 'CBE', identifierValue: '0820563482' }),
    );
    expect(error.code).toBe('INVALID_IDENTIFIER');
    const application = await depotError(
      client().discover({ identifierType: 'CBE', identifierValue: CBE, applicationId: 'A&B</x>' }),
    );
    expect(application.code).toBe('INVALID_IDENTIFIER');
    expect(replay.requests).toHaveLength(0);
  });

  it('reports an ETK whose certificates are garbage, and one not issued by its authentication certificate, beside the good ones', async () => {
    const stranger = await pki.issueEtk(mycarenet, {
      encryption: etks.hospital.encryption,
      certificates: [pki.etkRa.certificate.der, mycarenet.der],
    });
    const garbage = await pki.issueEtk(mycarenet, { certificates: [Buffer.from('3003020100', 'hex')] });
    replay.respond((request) =>
      request.identifier?.applicationId === 'MYCARENET'
        ? depotAnswers.etk(garbage.bytes)
        : request.identifier?.applicationId === 'MYCARENET-EC'
          ? depotAnswers.etk(stranger.bytes)
          : undefined,
    );
    const discovery = await client().discover({ identifierType: 'CBE', identifierValue: CBE });
    const [unreadable, mismatched] = discovery.etks;
    expect(unreadable).toMatchObject({
      applicationId: 'MYCARENET',
      contents: null,
      unreadable: { code: 'UNREADABLE' },
    });
    expect(mismatched!.contents!.problems.map((p) => p.code)).toContain('NOT_ISSUED_BY_AUTHENTICATION');
  });

  it('reads the answer by namespace, whatever the prefixes, and refuses another namespace', async () => {
    const base64 = Buffer.from(etks.hospital.bytes).toString('base64');
    const answer = (namespace: string) =>
      `<?xml version="1.0"?><e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body>` +
      `<GetEtkResponse xmlns="${namespace}"><s:Status xmlns:s="urn:be:fgov:ehealth:commons:1_0:core">` +
      `<Code xmlns="">200</Code></s:Status><ETK>\n${base64.replace(/(.{64})/g, '$1\n')}</ETK></GetEtkResponse>` +
      '</e:Body></e:Envelope>';
    replay.respond(() => ({ body: answer(ETK_DEPOT_NS) }));
    const discovery = await client().discover({
      identifierType: 'NIHII-HOSPITAL',
      identifierValue: '71089815',
    });
    expect(discovery.etks[0]!.contents!.authentication.sha256Fingerprint).toBe(fingerprintOf(hospital));

    replay.respond(() => ({ body: answer('urn:be:fgov:ehealth:etkdepot:2_0:protocol') }));
    const error = await depotError(
      client().discover({ identifierType: 'NIHII-HOSPITAL', identifierValue: '71089815' }),
    );
    expect(error).toMatchObject({
      code: 'DEPOT_ERROR',
      message: expect.stringMatching(/not a GetEtkResponse/),
    });
  });
});

describe('a depot that fails', () => {
  const hospitalQuery = { identifierType: 'NIHII-HOSPITAL', identifierValue: '71089815' };

  it('reports a SOAP fault as DEPOT_ERROR, without retrying it', async () => {
    replay.respond(() => depotAnswers.fault('SystemError: database unavailable'));
    const error = await depotError(client().discover(hospitalQuery));
    expect(error.code).toBe('DEPOT_ERROR');
    expect(error.message).toMatch(/SOAP fault.*database unavailable/);
    expect(replay.requests).toHaveLength(1);
  });

  it('reports garbage as DEPOT_ERROR, without retrying it', async () => {
    replay.respond(() => depotAnswers.garbage());
    const error = await depotError(client().discover(hospitalQuery));
    expect(error.code).toBe('DEPOT_ERROR');
    expect(replay.requests).toHaveLength(1);
  });

  it('retries 5xx answers a bounded number of times, then reports the depot unreachable', async () => {
    const events: DepotRequestEvent[] = [];
    replay.respond(() => depotAnswers.unavailable(503));
    const error = await depotError(
      client({ attempts: 3, onRequest: (e) => events.push(e) }).discover(hospitalQuery),
    );
    expect(error.code).toBe('DEPOT_UNREACHABLE');
    expect(replay.requests).toHaveLength(3);
    expect(events.map((e) => [e.attempt, e.outcome])).toEqual([
      [1, 'http-error'],
      [2, 'http-error'],
      [3, 'http-error'],
    ]);
  });

  it('succeeds when a retry is answered', async () => {
    let calls = 0;
    replay.respond(() => (calls++ === 0 ? depotAnswers.destroy() : undefined));
    const discovery = await client().discover(hospitalQuery);
    expect(discovery.etks).toHaveLength(1);
    expect(replay.requests).toHaveLength(2);
  });

  it('reports a depot that does not answer within the time-out as unreachable, within the bounds', async () => {
    replay.respond(() => depotAnswers.hang());
    const started = Date.now();
    const error = await depotError(client({ timeoutMs: 300, attempts: 2 }).discover(hospitalQuery));
    expect(error).toMatchObject({
      code: 'DEPOT_UNREACHABLE',
      message: expect.stringMatching(/within 0.3 s/),
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(replay.requests).toHaveLength(2);
  });

  it('reports a closed port as unreachable', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const error = await depotError(
      new EtkDepotClient({
        url: `http://127.0.0.1:${port}/EtkDepot/v1`,
        environment: 'acceptance',
        attempts: 2,
        retryDelayMs: 10,
      }).discover(hospitalQuery),
    );
    expect(error).toMatchObject({
      code: 'DEPOT_UNREACHABLE',
      message: expect.stringMatching(/ECONNREFUSED/),
    });
  });

  it.each([
    ['a huge answer', () => depotAnswers.huge(3 * 1024 * 1024), /larger than 1048576 bytes/],
    [
      'a huge answer without Content-Length',
      () => depotAnswers.huge(64 * 1024 * 1024, true),
      /larger than 1048576/,
    ],
    ['an entity-expansion bomb behind a DTD', () => depotAnswers.entityBomb(), /DTD/],
    ['deeply nested XML', () => depotAnswers.deeplyNested(100_000), /nested deeper than 32/],
    ['an ETK that is not base64', () => ({ body: NOT_BASE64 }), /not base64/],
  ])('refuses %s as DEPOT_ERROR, quickly', async (_name, answer, message) => {
    replay.respond(answer);
    const started = Date.now();
    const error = await depotError(client().discover(hospitalQuery));
    expect(error.code).toBe('DEPOT_ERROR');
    expect(error.message).toMatch(message);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(replay.requests).toHaveLength(1);
  });
});

describe('the replay checks requests as the schema fixes them', () => {
  const post = (body: string, soapAction = '""') =>
    fetch(replay.url, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: soapAction },
      body,
    });

  it('refuses unqualified elements, an unpadded value and a wrong SOAPAction with a Client fault', async () => {
    const response = await post(
      `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><e:GetEtkRequest xmlns:e="${ETK_DEPOT_NS}">` +
        '<e:SearchCriteria><e:Identifier><Type>CBE</Type><e:Value>820563481</e:Value></e:Identifier></e:SearchCriteria>' +
        '</e:GetEtkRequest></s:Body></s:Envelope>',
      'GetEtk',
    );
    expect(response.status).toBe(500);
    expect(await response.text()).toMatch(/soap:Client/);
    const unpadded = await post(
      `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><e:GetEtkRequest xmlns:e="${ETK_DEPOT_NS}">` +
        '<e:SearchCriteria><e:Identifier><e:Type>CBE</e:Type><e:Value>820563481</e:Value></e:Identifier></e:SearchCriteria>' +
        '</e:GetEtkRequest></s:Body></s:Envelope>',
    );
    expect(unpadded.status).toBe(500);
    expect(replay.violations()).toEqual([
      expect.stringMatching(/request 0: SOAPAction/),
      expect.stringMatching(/request 0: .*lacks \{urn:be:fgov:ehealth:etkdepot:1_0:protocol\}Type/),
      expect.stringMatching(/request 1: Value "820563481" is not 10 digits/),
    ]);
    replay.requests.length = 0; // seen: the afterEach check is for the client's requests
  });
});

describe('politeness and settings', () => {
  it('spaces requests by the rate limit hook', async () => {
    // The k-th request cannot be let go before k intervals have passed. A lower bound only: scheduling jitter on a busy
    // machine can make a request later, never earlier (timers fire at most a millisecond early).
    const released: number[] = [];
    const limit = createRateLimiter(10);
    const limited = client({
      beforeRequest: async (signal) => {
        await limit(signal);
        released.push(performance.now());
      },
    });
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 6 }, () =>
        limited.discover({ identifierType: 'NIHII-HOSPITAL', identifierValue: '71089815' }),
      ),
    );
    expect(replay.requests).toHaveLength(6);
    released.sort((a, b) => a - b);
    released.forEach((at, k) => expect(at - started).toBeGreaterThanOrEqual(k * 100 - 2));
  });

  it('asks nothing with ETK_DEPOT=off', async () => {
    const depot = new EtkDepot(etkDepotSettingsFromEnv({ ETK_DEPOT: 'off', ETK_DEPOT_URL: replay.url }));
    const error = await depotError(
      depot.discover({ identifierType: 'CBE', identifierValue: CBE }, 'production'),
    );
    expect(error.code).toBe('DEPOT_DISABLED');
    expect(replay.requests).toHaveLength(0);
  });

  it('reads the addresses from ETK_DEPOT_URL and ETK_DEPOT_ACCEPTANCE_URL, defaulting to the real endpoints', async () => {
    expect(etkDepotSettingsFromEnv({})).toEqual({ enabled: true, urls: ETK_DEPOT_ENDPOINTS });
    const depot = new EtkDepot(etkDepotSettingsFromEnv({ ETK_DEPOT_ACCEPTANCE_URL: replay.url }), {
      retryDelayMs: 10,
    });
    const discovery = await depot.discover(
      { identifierType: 'NIHII-HOSPITAL', identifierValue: '71089815' },
      'acceptance',
    );
    expect(discovery.etks[0]!.environment).toBe('acceptance');
    expect(() => etkDepotSettingsFromEnv({ ETK_DEPOT_URL: 'ftp://depot' })).toThrow(/ETK_DEPOT_URL/);
    expect(() => etkDepotSettingsFromEnv({ ETK_DEPOT: 'sometimes' })).toThrow(/ETK_DEPOT/);
  });
});
