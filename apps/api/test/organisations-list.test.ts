import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { snapshot } from './support/db-snapshot.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

interface Listed {
  id: string;
  name: string;
  identifiers: { type: string; value: string }[];
}

/**
 * `GET /api/v1/organisations` as a national installation's administrator uses it: a page at a time, searched by name
 * or identifier, never every organisation's records for one screen.
 */
describe('GET /api/v1/organisations: pages by name, search', () => {
  let t: TestApp;
  /** Seven organisations whose names share a word no other test's do, created out of order. */
  const run = `Zorg${Date.now().toString(36)}`;
  let mine: Listed[];
  let adminOfTwo: TestUser;
  let outsider: TestUser;

  const list = async (query: string, token = t.adminToken) =>
    (await t.http().get(`/api/v1/organisations?${query}`).set(bearer(token)).expect(200)).body as Listed[];
  const names = (items: Listed[]) => items.map((o) => o.name);

  beforeAll(async () => {
    t = await startTestApp();
    for (const suffix of ['Gamma', 'alpha', 'Delta', 'Beta', 'Epsilon', 'Zeta', 'Eta']) {
      await createOrganisation(t, { name: `${run} ${suffix}` });
    }
    await createOrganisation(t, { name: `${run} 100% sure_thing` });
    mine = await list(`q=${run}`);
    adminOfTwo = await createUser(t, [
      { role: 'org-admin', organisationId: mine[0]!.id },
      { role: 'viewer', organisationId: mine[2]!.id },
    ]);
    const elsewhere = await createOrganisation(t);
    outsider = await createUser(t, [{ role: 'org-admin', organisationId: elsewhere.id }]);
  });
  afterAll(() => t.close());

  it('finds by part of the name, whatever the case, in name order', async () => {
    expect(mine).toHaveLength(8);
    // In the order people read, whatever the server's collation: small and capital letters together.
    expect(names(mine)).toEqual(
      ['100% sure_thing', 'alpha', 'Beta', 'Delta', 'Epsilon', 'Eta', 'Gamma', 'Zeta'].map(
        (n) => `${run} ${n}`,
      ),
    );
    expect(names(await list(`q=${run.toUpperCase()}%20ALPHA`))).toEqual([`${run} alpha`]);
  });

  it('walks every page with after = the last id, each organisation once, until a short page', async () => {
    const seen: Listed[] = [];
    let after = '';
    for (let pages = 0; pages < 10; pages++) {
      const page = await list(`q=${run}&limit=3${after}`);
      seen.push(...page);
      if (page.length < 3) break;
      after = `&after=${page.at(-1)!.id}`;
    }
    expect(seen.map((o) => o.id)).toEqual(mine.map((o) => o.id));
    // A page carries each organisation's whole record, as the full list does.
    expect(seen[0]).toEqual(mine[0]);
  });

  it('finds an identifier as written on paper, with dots, spaces or the VAT prefix', async () => {
    const cbe = mine[3]!.identifiers[0]!.value;
    const dotted = `${cbe.slice(0, 4)}.${cbe.slice(4, 7)}.${cbe.slice(7)}`;
    expect(names(await list(`q=${encodeURIComponent(dotted)}`))).toEqual([mine[3]!.name]);
    expect(names(await list(`q=${encodeURIComponent(cbe.slice(0, 4) + ' ' + cbe.slice(4))}`))).toEqual([
      mine[3]!.name,
    ]);
    expect(names(await list(`q=${cbe.slice(2, 8)}`))).toContain(mine[3]!.name);
    expect(names(await list(`q=${encodeURIComponent(`BE ${dotted}`)}`))).toEqual([mine[3]!.name]);
  });

  it('takes % and _ in the search as themselves', async () => {
    expect(names(await list(`q=${encodeURIComponent('100% sure_')}`))).toEqual([`${run} 100% sure_thing`]);
    expect(await list(`q=${encodeURIComponent(`${run} %a`)}`)).toEqual([]);
    expect(await list(`q=${encodeURIComponent(`${run}_`)}`)).toEqual([]);
  });

  it('pages only the organisations of the caller', async () => {
    const own = [mine[0]!.id, mine[2]!.id];
    expect((await list('limit=500', adminOfTwo.token)).map((o) => o.id)).toEqual(own);
    expect((await list('limit=1', adminOfTwo.token)).map((o) => o.id)).toEqual([own[0]]);
    expect((await list(`limit=1&after=${own[0]}`, adminOfTwo.token)).map((o) => o.id)).toEqual([own[1]]);
    expect(await list(`limit=1&after=${own[1]}`, adminOfTwo.token)).toEqual([]);
    // Another tenant's names are not searched either.
    expect(await list(`q=${run}`, outsider.token)).toEqual([]);
  });

  it("answers 404 to a page after another tenant's organisation, as after one that does not exist", async () => {
    const foreign = await t
      .http()
      .get(`/api/v1/organisations?limit=5&after=${mine[1]!.id}`)
      .set(bearer(adminOfTwo.token));
    const missing = await t
      .http()
      .get('/api/v1/organisations?limit=5&after=00000000-0000-4000-8000-000000000000')
      .set(bearer(adminOfTwo.token));
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
  });

  it.each([
    ['limit=0'],
    ['limit=501'],
    ['limit=-1'],
    ['limit=1.5'],
    ['limit=abc'],
    ['limit=1&limit=2'],
    ['after=not-a-uuid'],
    [`q=${'x'.repeat(201)}`],
    ['q=a&q=b'],
    ['q[nested]=a'],
    ['unexpected=1'],
  ])('refuses %s with 400 and changes nothing', async (query) => {
    const before = await snapshot(t);
    const response = await t.http().get(`/api/v1/organisations?${query}`).set(bearer(t.adminToken));
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('BAD_REQUEST');
    expect(await snapshot(t)).toEqual(before);
  });

  it('refuses a control character in the search with 400', async () => {
    const response = await t.http().get(`/api/v1/organisations?q=${run}%07`).set(bearer(t.adminToken));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'CONTROL_CHARACTER', details: { field: 'q' } });
  });

  it('answers a search of 200 wildcards, or of the longest text, with an empty list', async () => {
    expect(await list(`q=${'%25'.repeat(200)}`)).toEqual([]);
    expect(await list(`q=${'%5F'.repeat(200)}`)).toEqual([]);
    expect(await list(`q=${'a'.repeat(200)}`)).toEqual([]);
  });

  it('answers 401 without a token', async () => {
    await t.http().get('/api/v1/organisations?limit=5').expect(401);
  });
});
