import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createOrganisation } from './support/fixtures.js';
import { seedCertificates } from './support/seed-certificates.js';
import { loadConfig } from '../src/config/config.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

const guardedEnv = { TOKEN_SECRET: 'test-token-secret-that-is-long-enough-000' };

/** Prometheus' text format as {`name{labels}`: value}. */
function samples(text: string): Map<string, number> {
  const result = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    result.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return result;
}

describe('/metrics', () => {
  let t: TestApp;
  let a: { id: string; name: string };
  let b: { id: string; name: string };
  let earliest: Date;

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: '1' });
    a = await createOrganisation(t, { name: 'Metrics A' });
    b = await createOrganisation(t, { name: 'Metrics "B"' });
    const rows = await seedCertificates(t, [
      { organisationId: a.id, toDays: -2, fromDays: -900 },
      { organisationId: a.id, toDays: 30 },
      { organisationId: a.id, toDays: 40 },
      { organisationId: a.id, toDays: 400 },
      { organisationId: a.id, toDays: 400, environment: 'acceptance' },
      { organisationId: a.id, toDays: 10, state: 'revoked' },
      { organisationId: b.id, toDays: 60, environment: 'unknown' },
    ]);
    earliest = rows[0]!.notAfter;
  });
  afterAll(() => t.close());

  it('counts active certificates by organisation, status (now) and environment', async () => {
    const response = await t.http().get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const values = samples(response.text);
    const count = (org: string, status: string, environment: string) =>
      values.get(
        `certdesk_certificates{organisation="${org}",status="${status}",environment="${environment}"}`,
      );
    expect(count(a.id, 'expired', 'production')).toBe(1);
    expect(count(a.id, 'renewable', 'production')).toBe(2);
    expect(count(a.id, 'valid', 'production')).toBe(1);
    expect(count(a.id, 'valid', 'acceptance')).toBe(1);
    expect(count(b.id, 'renewable', 'unknown')).toBe(1);
    const total = [...values]
      .filter(([k]) => k.startsWith('certdesk_certificates{'))
      .reduce((n, [, v]) => n + v, 0);
    expect(total).toBe(6); // the revoked one is not counted
  });

  it("gives each organisation's earliest notAfter among its active certificates, and its name", async () => {
    const values = samples((await t.http().get('/metrics')).text);
    expect(
      values.get(`certdesk_organisation_earliest_not_after_seconds{organisation="${a.id}"}`),
    ).toBeCloseTo(earliest.getTime() / 1000, 3);
    expect(values.get(`certdesk_organisation_info{organisation="${b.id}",name="Metrics \\"B\\""}`)).toBe(1);
  });

  it('counts and times requests by method, route pattern and status', async () => {
    await t.http().get('/api/v1/certificates').set(bearer(t.adminToken)).expect(200);
    await t.http().get(`/api/v1/organisations/${a.id}`).set(bearer(t.adminToken)).expect(200);
    await t.http().get('/api/v1/certificates').expect(401);
    await t.http().get('/api/v1/no-such-route').expect(404);
    const values = samples((await t.http().get('/metrics')).text);
    expect(
      values.get('certdesk_http_requests_total{method="GET",route="/api/v1/certificates",status="200"}'),
    ).toBe(1);
    expect(
      values.get('certdesk_http_requests_total{method="GET",route="/api/v1/certificates",status="401"}'),
    ).toBe(1);
    expect(
      values.get('certdesk_http_requests_total{method="GET",route="/api/v1/organisations/:id",status="200"}'),
    ).toBe(1);
    expect(values.get('certdesk_http_requests_total{method="GET",route="unmatched",status="404"}')).toBe(1);
    expect(
      values.get(
        'certdesk_http_request_duration_seconds_count{method="GET",route="/api/v1/certificates",status="200"}',
      ),
    ).toBe(1);
    expect([...values.keys()].some((k) => k.includes(a.id) && k.startsWith('certdesk_http'))).toBe(false);
    expect(values.has('process_cpu_seconds_total')).toBe(true);
  });

  it('answers only loopback clients when no METRICS_TOKEN is set', async () => {
    const response = await t.http().get('/metrics').set('X-Forwarded-For', '203.0.113.7');
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('FORBIDDEN');
  });

  it('is not in the OpenAPI document', async () => {
    const document = await t.http().get('/api/docs-json');
    expect(Object.keys(document.body.paths)).not.toContain('/metrics');
  });

  describe('with METRICS_TOKEN', () => {
    let guarded: TestApp;
    beforeAll(async () => {
      guarded = await startTestApp({ METRICS_TOKEN: 'scrape-token-of-some-length' });
    });
    afterAll(() => guarded.close());

    it('needs the token, from anywhere, and no user token will do', async () => {
      await guarded.http().get('/metrics').expect(401);
      await guarded.http().get('/metrics').set(bearer(guarded.adminToken)).expect(401);
      await guarded.http().get('/metrics').set(bearer('scrape-token-of-some-lengthX')).expect(401);
      const response = await guarded.http().get('/metrics').set(bearer('scrape-token-of-some-length'));
      expect(response.status).toBe(200);
      expect(response.text).toContain('certdesk_http_requests_total');
    });

    it('refuses a token shorter than 16 characters at start-up, naming the variable', async () => {
      expect(() => loadConfig({ ...guardedEnv, METRICS_TOKEN: 'short' })).toThrow(
        /METRICS_TOKEN: must be at least 16/,
      );
    });
  });
});
