import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { seedCertificates } from './support/seed-certificates.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

const MISSING = '00000000-0000-4000-8000-000000000000';

interface Named {
  key: string;
  name: string;
}

/**
 * `GET /api/v1/labels/names`: what the certificate list's label filter offers over many organisations, each label
 * once whatever organisation has it, searched, without every organisation's labels and counts.
 */
describe('GET /api/v1/labels/names', () => {
  let t: TestApp;
  let first: { id: string };
  let second: { id: string };
  let elsewhere: { id: string };
  let adminOfTwo: TestUser;

  const names = async (query: string, token = t.adminToken) =>
    (
      (await t.http().get(`/api/v1/labels/names?${query}`).set(bearer(token)).expect(200)).body as {
        names: Named[];
      }
    ).names;
  const spellings = (list: Named[]) => list.map((n) => n.name);

  async function label(organisationId: string, ...labels: string[]) {
    const [certificate] = await seedCertificates(t, [{ organisationId }]);
    for (const name of labels) {
      await t
        .http()
        .post(`/api/v1/certificates/${certificate!.id}/labels`)
        .set(bearer(t.adminToken))
        .send({ label: name })
        .expect(200);
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
    first = await createOrganisation(t);
    second = await createOrganisation(t);
    elsewhere = await createOrganisation(t);
    await label(first.id, 'Site Namur', 'MyCareNet', '100% sure');
    await label(second.id, 'site  NAMUR', 'Recip-e');
    await label(elsewhere.id, 'Secret project');
    adminOfTwo = await createUser(t, [
      { role: 'org-admin', organisationId: first.id },
      { role: 'viewer', organisationId: second.id },
    ]);
  });
  afterAll(() => t.close());

  it("names each label of the caller's organisations once, by key, and none of another tenant's", async () => {
    const mine = await names('', adminOfTwo.token);
    expect(mine.map((n) => n.key)).toEqual(['100% sure', 'mycarenet', 'recip-e', 'site namur']);
    // Two organisations spell one label two ways: it is offered once, in one of their spellings.
    expect(['Site Namur', 'site NAMUR']).toContain(mine.find((n) => n.key === 'site namur')!.name);
    expect(spellings(mine)).not.toContain('Secret project');
  });

  it("names every organisation's labels to the central administrator, each key once, searched and limited", async () => {
    const every = await names('');
    expect(every.map((n) => n.key)).toEqual([
      '100% sure',
      'mycarenet',
      'recip-e',
      'secret project',
      'site namur',
    ]);
    // One spelling for all: the first organisation's (by id), as the caller of two organisations is told.
    const firstSpelling = first.id < second.id ? 'Site Namur' : 'site NAMUR';
    expect(every.find((n) => n.key === 'site namur')!.name).toBe(firstSpelling);
    expect((await names('', adminOfTwo.token)).find((n) => n.key === 'site namur')!.name).toBe(firstSpelling);
    expect((await names('limit=2')).map((n) => n.key)).toEqual(['100% sure', 'mycarenet']);
    expect((await names('q=E&limit=2')).map((n) => n.key)).toEqual(['100% sure', 'mycarenet']);
    expect((await names('q=SECRET')).map((n) => n.name)).toEqual(['Secret project']);
    expect(await names('q=_')).toEqual([]);
  });

  it("names one organisation's labels alone, and answers 404 for another tenant's as for a missing one", async () => {
    expect(spellings(await names(`organisationId=${second.id}`, adminOfTwo.token))).toEqual([
      'Recip-e',
      'site NAMUR',
    ]);
    const before = await snapshot(t);
    const theirs = await t
      .http()
      .get(`/api/v1/labels/names?organisationId=${elsewhere.id}`)
      .set(bearer(adminOfTwo.token));
    expect(theirs.status).toBe(404);
    const missing = await t
      .http()
      .get(`/api/v1/labels/names?organisationId=${MISSING}`)
      .set(bearer(adminOfTwo.token));
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual(theirs.body);
    expect(await snapshot(t)).toEqual(before);
  });

  it('searches the names whatever their case and spacing, % and _ as themselves', async () => {
    expect((await names('q=NAMUR', adminOfTwo.token)).map((n) => n.key)).toEqual(['site namur']);
    expect((await names('q=site%20%20%20namur', adminOfTwo.token)).map((n) => n.key)).toEqual(['site namur']);
    expect((await names('q=%25', adminOfTwo.token)).map((n) => n.key)).toEqual(['100% sure']);
    expect(await names('q=_', adminOfTwo.token)).toEqual([]);
    expect(await names('q=secret', adminOfTwo.token)).toEqual([]);
    expect(await names(`q=${'%25'.repeat(64)}`)).toEqual([]);
  });

  it('answers the first names with limit', async () => {
    expect((await names('limit=2', adminOfTwo.token)).map((n) => n.key)).toEqual(['100% sure', 'mycarenet']);
    expect((await names('limit=1&q=e', adminOfTwo.token)).map((n) => n.key)).toEqual(['100% sure']);
  });

  it('refuses a bad limit, a too long, repeated or nested search, an unknown parameter, with 400', async () => {
    const before = await snapshot(t);
    for (const query of [
      'limit=0',
      'limit=501',
      'limit=1.5',
      'limit=x',
      'limit=1&limit=2',
      `q=${'x'.repeat(65)}`,
      'q=a&q=b',
      'q[x]=a',
      'organisationId=not-a-uuid',
      'offset=3',
    ]) {
      const response = await t.http().get(`/api/v1/labels/names?${query}`).set(bearer(t.adminToken));
      expect([query, response.status]).toEqual([query, 400]);
    }
    const control = await t.http().get('/api/v1/labels/names?q=a%07b').set(bearer(t.adminToken));
    expect(control.status).toBe(400);
    expect(control.body).toMatchObject({ code: 'CONTROL_CHARACTER', details: { field: 'q' } });
    expect(await snapshot(t)).toEqual(before);
  });

  it('answers 401 without a token', async () => {
    await t.http().get('/api/v1/labels/names').expect(401);
  });
});
