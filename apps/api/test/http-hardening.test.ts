import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../src/config/config.js';
import { createApp } from '../src/create-app.js';
import { createOrganisation } from './support/fixtures.js';
import { snapshot } from './support/db-snapshot.js';
import { seedCertificates } from './support/seed-certificates.js';
import { ADMIN, bearer, startTestApp, type TestApp } from './support/test-app.js';

const REQUIRED_ENV = { TOKEN_SECRET: 'test-token-secret-that-is-long-enough-000' };

/** The CSP directives of an answer, by name. */
function csp(header: string | undefined): Map<string, string[]> {
  expect(header).toBeDefined();
  return new Map(
    header!
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name!, values]),
  );
}

/** What issue 9 asks of every answer. */
function expectSecurityHeaders(headers: Record<string, string>): void {
  const policy = csp(headers['content-security-policy']);
  expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  expect(policy.get('script-src')).toEqual(["'self'"]);
  expect(policy.get('default-src')).toEqual(["'self'"]);
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
}

describe('HTTP hardening', () => {
  let t: TestApp;
  let organisationId: string;
  let certificateId: string;

  beforeAll(async () => {
    t = await startTestApp();
    organisationId = (await createOrganisation(t)).id;
    certificateId = (await seedCertificates(t, [{ organisationId, toDays: 90 }]))[0]!.id;
  });
  afterAll(() => t.close());

  describe('security headers', () => {
    it.each([
      ['a public answer', '/health', 200],
      ['an answer needing a log-in', '/api/v1/auth/me', 401],
      ['an unknown api path', '/api/v1/no-such-route', 404],
      ['the calendar feed', '/calendar/00000000-0000-4000-8000-000000000000/x.ics', 404],
      ['the OpenAPI document', '/api/docs-json', 200],
    ])('come with %s', async (_, path, status) => {
      const response = await t.http().get(path);
      expect(response.status).toBe(status);
      expectSecurityHeaders(response.headers);
    });

    it('come with an error of the body parser too', async () => {
      const response = await t
        .http()
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send('{"email":');
      expect(response.status).toBe(400);
      expectSecurityHeaders(response.headers);
    });

    it('let Swagger UI (/api/docs) have its inline styles, never inline scripts', async () => {
      const response = await t.http().get('/api/docs');
      expect(response.status).toBe(200);
      expectSecurityHeaders(response.headers);
      expect(csp(response.headers['content-security-policy']).get('style-src')).toEqual([
        "'self'",
        "'unsafe-inline'",
      ]);
    });

    describe('on the dashboard', () => {
      let app: INestApplication;
      let dashboardDir: string;
      beforeAll(async () => {
        dashboardDir = await mkdtemp(join(tmpdir(), 'certdesk-dashboard-'));
        await mkdir(join(dashboardDir, 'assets'));
        await writeFile(join(dashboardDir, 'index.html'), '<!doctype html><title>Certdesk</title>');
        await writeFile(join(dashboardDir, 'assets', 'index-abc.js'), 'console.log(1)');
        const config = loadConfig({ ...REQUIRED_ENV, NODE_ENV: 'test', DATABASE_URL: t.database.url });
        app = await createApp(config, { logger: ['error'], dashboardDir });
        await app.init();
      });
      afterAll(async () => {
        await app.close();
        await rm(dashboardDir, { recursive: true, force: true });
      });

      it.each(['/', '/certificates', '/assets/index-abc.js'])('%s', async (path) => {
        const response = await request(app.getHttpServer()).get(path);
        expect(response.status).toBe(200);
        expectSecurityHeaders(response.headers);
        const policy = csp(response.headers['content-security-policy']);
        // Styles from the dashboard's own files only; the card-bridge on loopback, on any port the user gives.
        expect(policy.get('style-src')).toEqual(["'self'"]);
        expect(policy.get('connect-src')).toEqual(["'self'", 'http://127.0.0.1:*']);
      });
    });
  });

  // A browser on a shared PC keeps what it may in its disk cache, where the next user can read it.
  describe('caching', () => {
    it.each([
      ['who is logged in', '/api/v1/auth/me', 200],
      ['the people and their SSINs', '/api/v1/people', 200],
      ['a certificate', () => `/api/v1/certificates/${certificateId}`, 200],
      ['an api path that does not exist', '/api/v1/no-such-route', 404],
    ])('%s: the answer is never stored', async (_, path, status) => {
      const response = await t
        .http()
        .get(typeof path === 'function' ? path() : path)
        .set(bearer(t.adminToken));
      expect(response.status).toBe(status);
      expect(response.headers['cache-control']).toBe('no-store');
      // Nothing to revalidate a stored answer with, since none is stored.
      expect(response.headers.etag).toBeUndefined();
    });

    it('an answer refused for want of a log-in, or of a well-formed body, is not stored either', async () => {
      const unauthenticated = await t.http().get('/api/v1/certificates');
      expect(unauthenticated.status).toBe(401);
      expect(unauthenticated.headers['cache-control']).toBe('no-store');
      const malformed = await t
        .http()
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send('{"email":');
      expect(malformed.status).toBe(400);
      expect(malformed.headers['cache-control']).toBe('no-store');
    });

    it('the calendar feed keeps its own caching, for the calendar programs that poll it', async () => {
      const feed = await t
        .http()
        .get(`/api/v1/organisations/${organisationId}/calendar-feed`)
        .set(bearer(t.adminToken));
      expect(feed.status).toBe(200);
      expect(feed.headers['cache-control']).toBe('no-store');
      const calendar = await t.http().get(new URL((feed.body as { url: string }).url).pathname);
      expect(calendar.status).toBe(200);
      expect(calendar.headers['cache-control']).toBe('private, no-cache');
    });
  });

  describe('routes', () => {
    it('answers a path with a trailing slash as the same route, a made-up one 404', async () => {
      const plain = await t.http().get('/api/v1/people').set(bearer(t.adminToken));
      const slashed = await t.http().get('/api/v1/people/').set(bearer(t.adminToken));
      expect(plain.status).toBe(200);
      expect(slashed.status).toBe(200);
      expect(slashed.body).toEqual(plain.body);
      await t.http().get('/api/v1/no-such-route/').set(bearer(t.adminToken)).expect(404);
    });

    it('lets an overlong id reach its route (400 or 404), not a 414', async () => {
      const response = await t
        .http()
        .get(`/api/v1/certificates/${'a'.repeat(12_000)}`)
        .set(bearer(t.adminToken));
      expect([400, 404]).toContain(response.status);
      expect(response.body.code).toMatch(/^(BAD_REQUEST|NOT_FOUND)$/);
    });
  });

  describe('control characters', () => {
    it.each([
      ['a carriage return', 'Ambulances\rX-INJECTED:1', 'U+000D (carriage return)'],
      ['a line feed', 'Ambulances\nde Namur', 'U+000A (line feed)'],
      ['a NUL', 'Ambulances\u0000', 'U+0000 (NUL)'],
      ['an escape', 'Ambulances\u001b[31m', 'U+001B (escape)'],
    ])('a name with %s is refused (400) and nothing is written', async (_, name, character) => {
      const before = await snapshot(t);
      const response = await t
        .http()
        .post('/api/v1/organisations')
        .set(bearer(t.adminToken))
        .send({ name, identifiers: [] });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        statusCode: 400,
        code: 'CONTROL_CHARACTER',
        message: `name has a control character, ${character}: it must be a single line of text`,
        details: { field: 'name' },
      });
      expect(await snapshot(t)).toEqual(before);
    });

    it('a nested text is checked too, and named by its path', async () => {
      const response = await t
        .http()
        .patch(`/api/v1/certificates/${certificateId}`)
        .set(bearer(t.adminToken))
        .send({ keystore: { fileName: 'NIHII=1 20240101-120000.p12', host: 'PC\u0007' } });
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual({ field: 'keystore.host' });
    });

    it('notes keep their lines and tabs, but not a bare carriage return', async () => {
      const notes = 'First line\r\nsecond line\n\tindented';
      const saved = await t
        .http()
        .patch(`/api/v1/certificates/${certificateId}`)
        .set(bearer(t.adminToken))
        .send({ notes });
      expect(saved.status).toBe(200);
      expect(saved.body.notes).toBe(notes);
      const before = await snapshot(t);
      const refused = await t
        .http()
        .patch(`/api/v1/certificates/${certificateId}`)
        .set(bearer(t.adminToken))
        .send({ notes: 'one\rtwo' });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'CONTROL_CHARACTER', details: { field: 'notes' } });
      expect(await snapshot(t)).toEqual(before);
    });

    it('a NUL in a query string answers 400, not 500', async () => {
      const response = await t.http().get('/api/v1/certificates?q=a%00b').set(bearer(t.adminToken));
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'CONTROL_CHARACTER', details: { field: 'q' } });
    });

    it('a NUL in a route parameter answers 400', async () => {
      const response = await t.http().get('/api/v1/organisations/a%00b').set(bearer(t.adminToken));
      expect(response.status).toBe(400);
    });

    it('the text fields of a multipart upload are checked too', async () => {
      const before = await snapshot(t);
      const response = await t
        .http()
        .post('/api/v1/certificates/import')
        .set(bearer(t.adminToken))
        .field('organisationId', organisationId)
        .field('host', 'PC\u0000')
        .attach('files', Buffer.from('not a certificate'), 'x.pem');
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'CONTROL_CHARACTER', details: { field: 'host' } });
      expect(await snapshot(t)).toEqual(before);
    });
  });

  describe('a body that is not valid JSON', () => {
    it.each([
      ['cut short', '{"email":"admin@certdesk.test","password":"hunter2-secret'],
      ['with a stray token', '{"email":"admin@certdesk.test","password":"hunter2-secret" x}'],
      ['read in another charset', '{"password":"hunter2-secret"}', 'application/json; charset=utf-16'],
    ])('%s: 400 saying so, without quoting what was sent', async (_, body, type = 'application/json') => {
      const before = await snapshot(t);
      const response = await t.http().post('/api/v1/auth/login').set('Content-Type', type).send(body);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        statusCode: 400,
        code: 'BAD_REQUEST',
        message: 'the request body is not valid JSON',
      });
      expect(response.text).not.toContain('hunter2');
      expect(await snapshot(t)).toEqual(before);
    });
  });

  describe('request bodies of another media type', () => {
    const credentials = { email: ADMIN.email, password: ADMIN.password };
    const refusal = (accepted: string[]) => ({
      statusCode: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: `this endpoint takes a body of type ${accepted.join(' or ')} (the Content-Type header)`,
      details: { accepted },
    });

    it.each([
      ['a form post', 'application/x-www-form-urlencoded', new URLSearchParams(credentials).toString()],
      ['plain text holding JSON', 'text/plain', JSON.stringify(credentials)],
      [
        'a JSON-like type the api does not parse',
        'application/merge-patch+json',
        JSON.stringify(credentials),
      ],
    ])('refuses %s to the log-in (415) with the right password, issuing no token', async (_, type, body) => {
      const before = await snapshot(t);
      const response = await t.http().post('/api/v1/auth/login').set('Content-Type', type).send(body);
      expect(response.status).toBe(415);
      expect(response.body).toEqual(refusal(['application/json']));
      expect(response.body.accessToken).toBeUndefined();
      expectSecurityHeaders(response.headers);
      expect(await snapshot(t)).toEqual(before);
    });

    it('refuses a body without a Content-Type, and a multipart one where JSON is taken', async () => {
      const before = await snapshot(t);
      const untyped = await t
        .http()
        .post('/api/v1/organisations')
        .set(bearer(t.adminToken))
        .set('Content-Type', '')
        .send(Buffer.from(JSON.stringify({ name: 'Untyped', identifiers: [], contacts: [] })));
      const multipart = await t
        .http()
        .post('/api/v1/organisations')
        .set(bearer(t.adminToken))
        .field('name', 'Multipart');
      for (const response of [untyped, multipart]) {
        expect(response.status).toBe(415);
        expect(response.body).toEqual(refusal(['application/json']));
      }
      expect(await snapshot(t)).toEqual(before);
    });

    it('takes the import as multipart only, as its OpenAPI operation says', async () => {
      const before = await snapshot(t);
      const response = await t
        .http()
        .post('/api/v1/certificates/import')
        .set(bearer(t.adminToken))
        .send({ organisationId, files: [] });
      expect(response.status).toBe(415);
      expect(response.body).toEqual(refusal(['multipart/form-data']));
      expect(await snapshot(t)).toEqual(before);
      const document = (await t.http().get('/api/docs-json')).body as {
        paths: Record<string, { post: { requestBody: { content: Record<string, unknown> } } }>;
      };
      expect(Object.keys(document.paths['/api/v1/certificates/import']!.post.requestBody.content)).toEqual([
        'multipart/form-data',
      ]);
    });

    it('takes JSON with its parameters and in any letter case, and a request without a body whatever its type', async () => {
      const typed = await t
        .http()
        .post('/api/v1/auth/login')
        .set('Content-Type', 'Application/JSON; charset=UTF-8')
        .send(JSON.stringify(credentials));
      expect(typed.status).toBe(200);
      expect(typeof typed.body.accessToken).toBe('string');
      // No body, so nothing to refuse: the header alone changes nothing.
      const logout = await t
        .http()
        .post('/api/v1/auth/logout')
        .set(bearer(typed.body.accessToken as string))
        .set('Content-Type', 'text/plain');
      expect(logout.status).toBe(204);
      expect(
        (
          await t
            .http()
            .get('/api/v1/auth/me')
            .set(bearer(typed.body.accessToken as string))
        ).status,
      ).toBe(401);
    });
  });

  describe('deeply nested JSON', () => {
    const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

    it.each([
      ['an endpoint that needs a log-in', '/api/v1/organisations', true],
      ['the public log-in', '/api/v1/auth/login', false],
    ])('answers 400 with a clear message on %s', async (_, path, authenticated) => {
      const before = await snapshot(t);
      for (const body of [nested(5_000), `${'['.repeat(100_000)}${']'.repeat(100_000)}`]) {
        const response = await t
          .http()
          .post(path)
          .set(authenticated ? bearer(t.adminToken) : {})
          .set('Content-Type', 'application/json')
          .send(body);
        expect(response.status).toBe(400);
        expect(response.body).toEqual({
          statusCode: 400,
          code: 'BAD_REQUEST',
          message: 'the JSON body is nested deeper than 32 levels',
        });
      }
      expect(await snapshot(t)).toEqual(before);
    });

    it('still takes a body nested as deep as the api needs', async () => {
      const response = await t
        .http()
        .post('/api/v1/organisations')
        .set(bearer(t.adminToken))
        .send({
          name: 'Nested enough',
          identifiers: [],
          contacts: [{ email: 'info@nested.test', language: 'fr', generic: true }],
        });
      expect(response.status).toBe(201);
    });

    it('keeps the size limit (413)', async () => {
      const response = await t
        .http()
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ email: 'x'.repeat(2_000_000) }));
      expect(response.status).toBe(413);
      expect(response.body).toMatchObject({
        code: 'PAYLOAD_TOO_LARGE',
        message: expect.stringMatching(/bytes/),
      });
    });

    it('keeps the size limit on a body sent in chunks, without a length (413), writing nothing', async () => {
      const before = await snapshot(t);
      const chunk = `"${'x'.repeat(64 * 1024)}",`;
      const response = await new Promise<{ status: number; body: { code?: string } }>((resolve, reject) => {
        const req = t
          .http()
          .post('/api/v1/organisations')
          .set(bearer(t.adminToken))
          .set('Content-Type', 'application/json');
        req.write('{"name":"Chunked","notes":[');
        for (let i = 0; i < 24; i++) req.write(chunk);
        req.write('"end"]}');
        req.end((error, answer) => (answer ? resolve(answer) : reject(error)));
      });
      expect(response.status).toBe(413);
      expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
      expect(await snapshot(t)).toEqual(before);
    });
  });
});

describe('TRUST_PROXY', () => {
  it('refuses `true` at start-up, naming the variable and what to give instead', () => {
    for (const value of ['true', 'yes', 'TRUE']) {
      const load = () => loadConfig({ ...REQUIRED_ENV, TRUST_PROXY: value });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(/TRUST_PROXY: true would believe every X-Forwarded-For hop.*e\.g\. 1/);
    }
  });

  it('takes a hop count, or addresses and CIDR ranges', () => {
    const load = (value: string) => loadConfig({ ...REQUIRED_ENV, TRUST_PROXY: value }).trustProxy;
    expect(load('1')).toBe(1);
    expect(load('false')).toBe(false);
    expect(load('0')).toBe(false);
    expect(load('10.0.0.5, 10.0.1.0/24,fd00::/8,loopback')).toEqual([
      '10.0.0.5',
      '10.0.1.0/24',
      'fd00::/8',
      'loopback',
    ]);
    expect(loadConfig(REQUIRED_ENV).trustProxy).toBe(false);
    expect(() => load('10.0.0.5,proxy.example')).toThrow(/TRUST_PROXY: "proxy.example" is not/);
    expect(() => load('10.0.0.0/33')).toThrow(/TRUST_PROXY/);
  });

  // supertest connects from 127.0.0.1: it plays the proxy in front of the api, which appends the address of the
  // client it serves to whatever X-Forwarded-For the client sent.
  describe.each([
    ['a hop count', '1'],
    ["the proxy's address", '127.0.0.1'],
  ])('given %s', (_, trustProxy) => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ TRUST_PROXY: trustProxy });
    });
    afterAll(() => t.close());

    it('a client that forges X-Forwarded-For: 127.0.0.1 cannot read /metrics', async () => {
      const response = await t.http().get('/metrics').set('X-Forwarded-For', '127.0.0.1, 203.0.113.7');
      expect(response.status).toBe(403);
      expect(response.text).not.toContain('certdesk_');
    });

    it("the proxy's hop gives the client's address: a client on loopback behind it reads /metrics", async () => {
      const response = await t.http().get('/metrics').set('X-Forwarded-For', '127.0.0.1');
      expect(response.status).toBe(200);
      expect(response.text).toContain('certdesk_http_requests_total');
    });

    it('a remote client behind the proxy is refused', async () => {
      await t.http().get('/metrics').set('X-Forwarded-For', '203.0.113.7').expect(403);
    });
  });
});
