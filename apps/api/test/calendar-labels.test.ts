import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ICAL from 'ical.js';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { seedCertificates } from './support/seed-certificates.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

/**
 * A calendar feed restricted to one label (issue 13): its own secret URL, which opens that label's certificates
 * only, never the whole feed nor another label's, and which the organisation's rotation ends too.
 */
describe("a label's calendar feed", () => {
  let t: TestApp;
  let org: { id: string; name: string };
  let other: { id: string };
  let viewer: TestUser;
  let admin: TestUser;
  const ids: Record<string, string> = {};

  const label = (token: string, id: string, name: string) =>
    t.http().post(`/api/v1/certificates/${id}/labels`).set(bearer(token)).send({ label: name }).expect(200);
  const feedLink = (token: string, organisationId: string, name?: string) =>
    t
      .http()
      .get(`/api/v1/organisations/${organisationId}/calendar-feed`)
      .query(name === undefined ? {} : { label: name })
      .set(bearer(token));
  const path = (url: string) => new URL(url).pathname;
  const uids = (ics: string): string[] =>
    new ICAL.Component(ICAL.parse(ics))
      .getAllSubcomponents('vevent')
      .map((e) => String(e.getFirstPropertyValue('uid')).replace('@certdesk', ''))
      .sort();

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t, { name: 'Ambulances Namur' });
    other = await createOrganisation(t, { name: 'Other tenant' });
    viewer = await createUser(t, [{ role: 'viewer', organisationId: org.id }]);
    admin = await createUser(t, [{ role: 'org-admin', organisationId: org.id }]);
    const rows = await seedCertificates(t, [
      { organisationId: org.id, toDays: 40 },
      { organisationId: org.id, toDays: 80 },
      { organisationId: org.id, toDays: 120 },
      { organisationId: org.id, toDays: 60, state: 'superseded' },
      { organisationId: other.id, toDays: 30 },
    ]);
    ['first', 'second', 'unlabelled', 'superseded', 'other'].forEach((name, i) => (ids[name] = rows[i]!.id));
    await label(t.adminToken, ids.first!, 'MyCareNet');
    await label(t.adminToken, ids.second!, 'MyCareNet');
    await label(t.adminToken, ids.second!, 'Recip-e');
    await label(t.adminToken, ids.superseded!, 'MyCareNet');
    await label(t.adminToken, ids.other!, 'MyCareNet');
  });
  afterAll(() => t.close());

  it("gives members a URL of the label's feed, which has the label's active certificates only", async () => {
    const link = await feedLink(viewer.token, org.id, 'mycarenet').expect(200);
    expect(link.body.label).toBe('MyCareNet');
    expect(link.body.url).toMatch(
      new RegExp(`^http://certdesk\\.test/calendar/${org.id}/labels/[0-9a-f-]{36}/[A-Za-z0-9_-]{43}\\.ics$`),
    );
    const feed = await t.http().get(path(link.body.url)).expect(200);
    expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
    expect(uids(feed.text)).toEqual([ids.first, ids.second].sort());
    expect(feed.text).toContain('X-WR-CALNAME:Certdesk: Ambulances Namur: MyCareNet');
    const recipe = await feedLink(viewer.token, org.id, 'Recip-e').expect(200);
    expect(uids((await t.http().get(path(recipe.body.url)).expect(200)).text)).toEqual([ids.second]);
  });

  it("opens neither the whole feed nor another label's, and the whole feed's token opens no label", async () => {
    const whole = path((await feedLink(viewer.token, org.id).expect(200)).body.url);
    const mycarenet = path((await feedLink(viewer.token, org.id, 'MyCareNet').expect(200)).body.url);
    const recipe = path((await feedLink(viewer.token, org.id, 'Recip-e').expect(200)).body.url);
    const [, , , , mycarenetId, mycarenetToken] = mycarenet.split('/');
    const [, , , , recipeId] = recipe.split('/');
    const wholeToken = whole.split('/').pop()!;
    for (const forged of [
      `/calendar/${org.id}/${mycarenetToken}`,
      `/calendar/${org.id}/labels/${recipeId}/${mycarenetToken}`,
      `/calendar/${org.id}/labels/${mycarenetId}/${wholeToken}`,
      `/calendar/${other.id}/labels/${mycarenetId}/${mycarenetToken}`,
      `/calendar/${org.id}/labels/not-a-uuid/${mycarenetToken}`,
    ]) {
      const response = await t.http().get(forged);
      expect({ forged, status: response.status }).toEqual({ forged, status: 404 });
    }
  });

  it('answers 404 for a label the organisation does not have, and refuses a label no label could be', async () => {
    await feedLink(viewer.token, org.id, 'site Namur').expect(404);
    await feedLink(viewer.token, org.id, 'x'.repeat(10_000)).expect(422);
    await feedLink(viewer.token, org.id, 'a\nb').expect(400);
  });

  it("answers 404 for another tenant's organisation, as for one that does not exist", async () => {
    const response = await feedLink(viewer.token, other.id, 'MyCareNet').expect(404);
    const missing = await feedLink(viewer.token, '00000000-0000-4000-8000-000000000000', 'MyCareNet').expect(
      404,
    );
    expect(response.body).toEqual(missing.body);
  });

  it("ends with the organisation's rotation, like the whole feed", async () => {
    const before = path((await feedLink(viewer.token, org.id, 'MyCareNet').expect(200)).body.url);
    await t
      .http()
      .post(`/api/v1/organisations/${org.id}/calendar-feed/rotate`)
      .set(bearer(admin.token))
      .expect(200);
    await t.http().get(before).expect(404);
    const after = path((await feedLink(viewer.token, org.id, 'MyCareNet').expect(200)).body.url);
    expect(after).not.toBe(before);
    await t.http().get(after).expect(200);
  });

  it('changes nothing when read', async () => {
    const url = path((await feedLink(viewer.token, org.id, 'MyCareNet').expect(200)).body.url);
    const before = await snapshot(t);
    await t.http().get(url).expect(200);
    expect(await snapshot(t)).toEqual(before);
  });
});
