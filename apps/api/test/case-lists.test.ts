import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { insertCertificate, rows } from './support/lifecycle-fixtures.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

const MISSING = '00000000-0000-4000-8000-000000000000';

interface Listed {
  id: string;
  organisationId: string;
  organisationName?: string;
  state: string;
}

/**
 * `GET /api/v1/renewals` and `GET /api/v1/new-requests` as a national installation reads them after years of cases:
 * a page at a time, most recent first, each page after the last case of the one before.
 */
describe('the renewal cases and new requests, a page at a time', () => {
  let t: TestApp;
  let own: { id: string; name: string };
  let other: { id: string };
  let orgAdmin: TestUser;
  /** The cases of `own`, as the unpaged list answers them. */
  let renewals: Listed[];
  let requests: Listed[];
  let otherRenewal: string;
  let otherRequest: string;

  const get = (path: string, token = t.adminToken) => t.http().get(path).set(bearer(token));
  const list = async (path: string, token = t.adminToken) =>
    (await get(path, token).expect(200)).body as Listed[];
  const ids = (items: Listed[]) => items.map((c) => c.id);

  async function openRenewal(organisationId: string): Promise<string> {
    const certificateId = await insertCertificate(t, { organisationId, expiresInDays: 30 });
    const response = await t
      .http()
      .post(`/api/v1/certificates/${certificateId}/renewals`)
      .set(bearer(t.adminToken))
      .send({});
    expect(response.status).toBe(201);
    return response.body.id as string;
  }
  async function openRequest(organisationId: string, identifierValue: string): Promise<string> {
    const response = await t
      .http()
      .post('/api/v1/new-requests')
      .set(bearer(t.adminToken))
      .send({ organisationId, identifierType: 'NIHII-AMBU_SERVICE', identifierValue });
    expect(response.status).toBe(201);
    return response.body.id as string;
  }

  /** Every page of `path` with `limit`, following `after`, until a short page. */
  async function walk(path: string, limit: number, token = t.adminToken): Promise<Listed[]> {
    const seen: Listed[] = [];
    let after = '';
    for (let pages = 0; pages < 50; pages++) {
      const page = await list(`${path}${path.includes('?') ? '&' : '?'}limit=${limit}${after}`, token);
      expect(page.length).toBeLessThanOrEqual(limit);
      seen.push(...page);
      if (page.length < limit) return seen;
      after = `&after=${page.at(-1)!.id}`;
    }
    throw new Error('more than 50 pages');
  }

  beforeAll(async () => {
    t = await startTestApp();
    own = await createOrganisation(t);
    other = await createOrganisation(t);
    orgAdmin = await createUser(t, [{ role: 'org-admin', organisationId: own.id }]);
    for (let i = 0; i < 7; i++) await openRenewal(own.id);
    for (let i = 0; i < 7; i++) await openRequest(own.id, `1000${i}001`);
    otherRenewal = await openRenewal(other.id);
    otherRequest = await openRequest(other.id, '20000001');
    // Three cases of each changed in the same microsecond, two a microsecond apart: the order and the pages must
    // hold them apart by id, and keep the microseconds (a key read back as a JavaScript Date keeps milliseconds).
    for (const [table, column] of [
      ['renewal_case', 'state_changed_at'],
      ['new_request', 'requested_at'],
    ] as const) {
      const cases = await rows<{ id: string }>(
        t,
        `SELECT id FROM ${table} WHERE organisation_id = $1 ORDER BY id LIMIT 5`,
        [own.id],
      );
      const instants = [
        '2026-03-01 10:00:00.000001+00',
        '2026-03-01 10:00:00.000001+00',
        '2026-03-01 10:00:00.000001+00',
        '2026-03-01 10:00:00.000002+00',
        '2026-03-01 10:00:00.000003+00',
      ];
      for (const [i, { id }] of cases.entries())
        await rows(t, `UPDATE ${table} SET ${column} = $2 WHERE id = $1`, [id, instants[i]]);
    }
    renewals = await list(`/api/v1/renewals?organisationId=${own.id}`);
    requests = await list(`/api/v1/new-requests?organisationId=${own.id}`);
  });
  afterAll(() => t.close());

  it('lists every case of the organisation, most recent first, ties by id', async () => {
    expect(renewals).toHaveLength(7);
    expect(requests).toHaveLength(7);
    for (const [table, column, listed] of [
      ['renewal_case', 'state_changed_at', renewals],
      ['new_request', 'requested_at', requests],
    ] as const) {
      const expected = await rows<{ id: string }>(
        t,
        `SELECT id FROM ${table} WHERE organisation_id = $1 ORDER BY ${column} DESC, id DESC`,
        [own.id],
      );
      expect(ids(listed)).toEqual(expected.map((r) => r.id));
    }
  });

  it('walks the pages with after = the last id: each case once, in the same order, over equal instants', async () => {
    for (const limit of [1, 2, 3]) {
      expect(ids(await walk(`/api/v1/renewals?organisationId=${own.id}`, limit))).toEqual(ids(renewals));
      expect(ids(await walk(`/api/v1/new-requests?organisationId=${own.id}`, limit))).toEqual(ids(requests));
    }
  });

  it('pages within a state filter, and an organisation administrator pages their own cases alone', async () => {
    const abandoned = renewals[3]!.id;
    await t
      .http()
      .post(`/api/v1/renewals/${abandoned}/abandon`)
      .set(bearer(t.adminToken))
      .send({ reason: 'Replaced by a new request' })
      .expect(200);
    const open = await walk(`/api/v1/renewals?organisationId=${own.id}&state=open`, 2);
    expect(ids(open)).not.toContain(abandoned);
    expect(open).toHaveLength(6);
    // Abandoning changed the case: it now comes first in the list of every state.
    expect((await list(`/api/v1/renewals?organisationId=${own.id}&limit=1`))[0]!.id).toBe(abandoned);
    expect(open.every((c) => c.state === 'phase1-sent')).toBe(true);
    const theirs = await walk('/api/v1/renewals', 2, orgAdmin.token);
    expect(new Set(theirs.map((c) => c.organisationId))).toEqual(new Set([own.id]));
    expect(theirs).toHaveLength(7);
    const theirRequests = await walk('/api/v1/new-requests?state=open', 3, orgAdmin.token);
    expect(ids(theirRequests)).toEqual(ids(requests));
    // Each request names its organisation, so a list needs no other answer to show it.
    expect(new Set(theirRequests.map((r) => r.organisationName))).toEqual(new Set([own.name]));
  });

  it("answers 404 to a page after another tenant's case, as after one that does not exist, and changes nothing", async () => {
    for (const [path, theirs] of [
      ['/api/v1/renewals', otherRenewal],
      ['/api/v1/new-requests', otherRequest],
    ] as const) {
      const before = await snapshot(t);
      const response = await get(`${path}?limit=5&after=${theirs}`, orgAdmin.token);
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: 'NOT_FOUND' });
      const missing = await get(`${path}?limit=5&after=${MISSING}`, orgAdmin.token);
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual(response.body);
      expect(await snapshot(t)).toEqual(before);
      // The central administrator sees both organisations: after the other's case is a page like any.
      expect((await get(`${path}?limit=5&after=${theirs}`)).status).toBe(200);
    }
  });

  it('refuses a bad limit, after, state or an unknown parameter with 400, and changes nothing', async () => {
    const before = await snapshot(t);
    for (const path of ['/api/v1/renewals', '/api/v1/new-requests']) {
      for (const query of [
        'limit=0',
        'limit=501',
        'limit=-1',
        'limit=1.5',
        'limit=abc',
        'limit=1&limit=2',
        'limit=1e3',
        'after=not-a-uuid',
        `after=${MISSING}&after=${MISSING}`,
        `after[x]=${MISSING}`,
        'after=%00',
        'state=phase9',
        'state=open&state=open',
        'state[x]=open',
        `organisationId=${own.id}&organisationId=${own.id}`,
        'offset=10',
        `limit=2&${'x'.repeat(5000)}=1`,
      ]) {
        const response = await get(`${path}?${query}`);
        expect([path, query, response.status]).toEqual([path, query, 400]);
      }
    }
    expect(await snapshot(t)).toEqual(before);
  });

  it('answers the largest page, and a page after the last case is empty', async () => {
    const every = await list(`/api/v1/renewals?organisationId=${own.id}`);
    expect(ids(await list(`/api/v1/renewals?organisationId=${own.id}&limit=500`))).toEqual(ids(every));
    expect(await list(`/api/v1/new-requests?organisationId=${own.id}&after=${requests.at(-1)!.id}`)).toEqual(
      [],
    );
  });

  it('answers 401 without a token', async () => {
    await t.http().get('/api/v1/renewals?limit=5').expect(401);
    await t.http().get('/api/v1/new-requests?limit=5').expect(401);
  });
});
