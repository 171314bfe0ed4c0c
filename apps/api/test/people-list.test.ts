import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { snapshot } from './support/db-snapshot.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

interface Listed {
  id: string;
  name: string;
  email: string | null;
  memberships: { organisationId: string }[];
}

/**
 * `GET /api/v1/people` a page at a time and searched, and `GET /api/v1/users?personId=` for the log-ins of one page:
 * what the People page of a national installation reads instead of every person and every log-in.
 */
describe('GET /api/v1/people: pages by name, search; GET /api/v1/users?personId=', () => {
  let t: TestApp;
  const run = `Pers${Date.now().toString(36)}`;
  let own: { id: string };
  let other: { id: string };
  let orgAdmin: TestUser;
  let otherUser: TestUser;
  let mine: Listed[];

  const get = async (path: string, token = t.adminToken) =>
    (await t.http().get(path).set(bearer(token)).expect(200)).body as Listed[];
  const addPerson = async (name: string, email: string | null, organisationId: string) => {
    const response = await t
      .http()
      .post('/api/v1/people')
      .set(bearer(t.adminToken))
      .send({
        name,
        ...(email && { email }),
        memberships: [{ organisationId, roles: ['certificate-manager'] }],
      });
    expect(response.status).toBe(201);
    return response.body as Listed;
  };

  beforeAll(async () => {
    t = await startTestApp();
    own = await createOrganisation(t);
    other = await createOrganisation(t);
    for (const [i, first] of ['Marie', 'anne', 'Luc', 'Bart', 'Zoé', 'Eva'].entries()) {
      await addPerson(`${run} ${first}`, `${first.toLowerCase()}.${i}@${run.toLowerCase()}.example`, own.id);
    }
    await addPerson(`${run} 50%_off`, null, own.id);
    await addPerson(`${run} Elsewhere`, `elsewhere@${run.toLowerCase()}.example`, other.id);
    orgAdmin = await createUser(t, [{ role: 'org-admin', organisationId: own.id }]);
    otherUser = await createUser(t, [{ role: 'viewer', organisationId: other.id }]);
    mine = await get(`/api/v1/people?organisationId=${own.id}&q=${run}`);
  });
  afterAll(() => t.close());

  it('finds by part of the name or of the e-mail address, whatever the case, in name order', async () => {
    expect(mine).toHaveLength(7);
    const names = mine.map((p) => p.name);
    // In the order people read, whatever the server's collation: small and capital letters together.
    expect(names).toEqual(
      ['50%_off', 'anne', 'Bart', 'Eva', 'Luc', 'Marie', 'Zoé'].map((n) => `${run} ${n}`),
    );
    expect((await get(`/api/v1/people?q=${run.toUpperCase()}%20BART`)).map((p) => p.name)).toEqual([
      `${run} Bart`,
    ]);
    expect((await get(`/api/v1/people?q=luc.2@${run}`)).map((p) => p.name)).toEqual([`${run} Luc`]);
    expect((await get(`/api/v1/people?q=${encodeURIComponent('50%_')}`)).map((p) => p.name)).toEqual([
      `${run} 50%_off`,
    ]);
    expect(await get(`/api/v1/people?q=${run}%25`)).toEqual([]);
  });

  it('walks every page with after = the last id, each person once, until a short page', async () => {
    const seen: Listed[] = [];
    let after = '';
    for (let pages = 0; pages < 10; pages++) {
      const page = await get(`/api/v1/people?organisationId=${own.id}&q=${run}&limit=3${after}`);
      seen.push(...page);
      if (page.length < 3) break;
      after = `&after=${page.at(-1)!.id}`;
    }
    expect(seen).toEqual(mine);
  });

  it("lists a central administrator every person, their own of no organisation too; an org-admin their organisation's", async () => {
    const me = (await t.http().get('/api/v1/auth/me').set(bearer(t.adminToken)).expect(200)).body as {
      personId: string;
    };
    expect((await get('/api/v1/people')).map((p) => p.id)).toContain(me.personId);
    expect((await get(`/api/v1/people?organisationId=${own.id}`)).map((p) => p.id)).not.toContain(
      me.personId,
    );
    const seenByOrgAdmin = await get(`/api/v1/people?q=${run}&limit=500`, orgAdmin.token);
    expect(seenByOrgAdmin.map((p) => p.id)).toEqual(mine.map((p) => p.id));
    expect((await get(`/api/v1/people?limit=500`, orgAdmin.token)).map((p) => p.id)).not.toContain(
      me.personId,
    );
  });

  it("answers 404 to a page after another tenant's person, as after one that does not exist", async () => {
    const elsewhere = (await get(`/api/v1/people?organisationId=${other.id}&q=${run}`))[0]!;
    const foreign = await t
      .http()
      .get(`/api/v1/people?limit=5&after=${elsewhere.id}`)
      .set(bearer(orgAdmin.token));
    const missing = await t
      .http()
      .get('/api/v1/people?limit=5&after=00000000-0000-4000-8000-000000000000')
      .set(bearer(orgAdmin.token));
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
    // Seen by the central administrator, the same page is there.
    expect(await get(`/api/v1/people?limit=5&after=${elsewhere.id}`)).not.toHaveLength(0);
  });

  it("gives the log-ins of the people asked for, and none of another tenant's", async () => {
    const ownLogin = (await get(
      `/api/v1/users?personId=${orgAdmin.personId}`,
      orgAdmin.token,
    )) as unknown as {
      id: string;
    }[];
    expect(ownLogin.map((u) => u.id)).toEqual([orgAdmin.id]);
    const both = `personId=${orgAdmin.personId}&personId=${otherUser.personId}`;
    expect(
      ((await get(`/api/v1/users?${both}`, orgAdmin.token)) as unknown as { id: string }[]).map((u) => u.id),
    ).toEqual([orgAdmin.id]);
    const all = (await get(`/api/v1/users?${both}`)) as unknown as { id: string }[];
    expect(all.map((u) => u.id).sort()).toEqual([orgAdmin.id, otherUser.id].sort());
    expect(await get(`/api/v1/users?personId=${mine[0]!.id}`)).toEqual([]);
  });

  it.each([
    ['people?limit=0'],
    ['people?limit=501'],
    ['people?limit=2.5'],
    ['people?limit=x'],
    ['people?after=nope'],
    ['people?role=boss'],
    ['people?organisationId=not-a-uuid'],
    [`people?q=${'y'.repeat(201)}`],
    ['people?q=a&q=b'],
    ['people?unexpected=1'],
    ['users?personId=not-a-uuid'],
    ['users?personId=00000000-0000-4000-8000-000000000000,00000000-0000-4000-8000-000000000001'],
    ['users?unexpected=1'],
  ])('refuses %s with 400 and changes nothing', async (query) => {
    const before = await snapshot(t);
    const response = await t.http().get(`/api/v1/${query}`).set(bearer(t.adminToken));
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('BAD_REQUEST');
    expect(await snapshot(t)).toEqual(before);
  });

  it('refuses the log-ins of 501 people at once, before reading any', async () => {
    const query = Array.from({ length: 501 }, () => 'personId=00000000-0000-4000-8000-000000000000').join(
      '&',
    );
    const response = await t.http().get(`/api/v1/users?${query}`).set(bearer(t.adminToken));
    // 18 KB of query: node refuses the request line itself (431) before the api's own limit of 500 (400) is reached.
    expect([400, 431]).toContain(response.status);
  });

  it('refuses a control character in the search with 400', async () => {
    const response = await t.http().get(`/api/v1/people?q=${run}%1B`).set(bearer(t.adminToken));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'CONTROL_CHARACTER', details: { field: 'q' } });
  });

  it('answers a search of 200 wildcards with an empty list', async () => {
    expect(await get(`/api/v1/people?q=${'%25'.repeat(200)}`)).toEqual([]);
    expect(await get(`/api/v1/people?q=${'%5F'.repeat(200)}&limit=10`)).toEqual([]);
  });
});
