import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { seedCertificates } from './support/seed-certificates.js';
import { snapshot } from './support/db-snapshot.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

type Role = 'org-admin' | 'certificate-manager' | 'viewer';
const ROLES: Role[] = ['org-admin', 'certificate-manager', 'viewer'];

/**
 * The read-only reports (certificate list and CSV, warnings, overview, calendar feed URL) for each role, in their own
 * organisation and in another tenant's: every role reads its own; another tenant's organisation answers 404 like a
 * missing one (lists simply leave its certificates out), and nothing is written either way.
 */
describe('tenant isolation and roles (certificate list, CSV, warnings, overview, calendar feed)', () => {
  let t: TestApp;
  let own: { id: string };
  let other: { id: string };
  let users: Record<Role, TestUser>;
  let ownCertificate: string;
  let otherCertificate: string;
  const missing = '00000000-0000-4000-8000-000000000000';

  beforeAll(async () => {
    t = await startTestApp();
    own = await createOrganisation(t);
    other = await createOrganisation(t, { contacts: [] });
    users = {
      'org-admin': await createUser(t, [{ role: 'org-admin', organisationId: own.id }]),
      'certificate-manager': await createUser(t, [{ role: 'certificate-manager', organisationId: own.id }]),
      viewer: await createUser(t, [{ role: 'viewer', organisationId: own.id }]),
    };
    const [mine, theirs] = await seedCertificates(t, [
      { organisationId: own.id, toDays: 30 },
      { organisationId: other.id, toDays: 30, environment: 'unknown' },
    ]);
    ownCertificate = mine!.id;
    otherCertificate = theirs!.id;
  });
  afterAll(() => t.close());

  const scoped: { name: string; path: (organisationId: string) => string }[] = [
    { name: 'warnings', path: (org) => `/api/v1/warnings?organisationId=${org}` },
    { name: 'grouped warnings', path: (org) => `/api/v1/warnings/groups?organisationId=${org}` },
    { name: 'the overview', path: (org) => `/api/v1/overview?organisationId=${org}` },
    { name: 'the calendar feed URL', path: (org) => `/api/v1/organisations/${org}/calendar-feed` },
  ];

  for (const role of ROLES) {
    for (const { name, path } of scoped) {
      it(`${role} reads ${name} of their organisation; another tenant's answers 404 like a missing one`, async () => {
        const before = await snapshot(t);
        const token = users[role].token;
        expect((await t.http().get(path(own.id)).set(bearer(token))).status).toBe(200);
        const theirs = await t.http().get(path(other.id)).set(bearer(token));
        expect(theirs.status).toBe(404);
        const absent = await t.http().get(path(missing)).set(bearer(token));
        expect(absent.body).toEqual(theirs.body);
        expect(JSON.stringify(theirs.body)).not.toContain(otherCertificate);
        expect(await snapshot(t)).toEqual(before);
      });
    }

    it(`${role} lists and exports only their organisation's certificates`, async () => {
      const token = users[role].token;
      const everyWarning = await t.http().get('/api/v1/warnings').set(bearer(t.adminToken)).expect(200);
      expect(everyWarning.body.map((w: { certificateId?: string }) => w.certificateId)).toEqual(
        expect.arrayContaining([ownCertificate, otherCertificate]),
      );
      for (const query of [
        '',
        `organisationId=${other.id}`,
        'state=active,superseded,revoked',
        'q=eHealth',
      ]) {
        const list = await t.http().get(`/api/v1/certificates?${query}`).set(bearer(token)).expect(200);
        const ids = list.body.items.map((c: { id: string }) => c.id);
        expect(ids).not.toContain(otherCertificate);
        if (!query.startsWith('organisationId')) expect(ids).toEqual([ownCertificate]);
        const csv = await t
          .http()
          .get(`/api/v1/certificates?format=csv&${query}`)
          .set(bearer(token))
          .expect(200);
        expect(csv.text).not.toContain(otherCertificate);
      }
      // Both certificates have warnings (30 days left and no renewal): only the own one's are listed.
      const warnings = await t.http().get('/api/v1/warnings').set(bearer(token)).expect(200);
      const warned = warnings.body.map((w: { certificateId?: string }) => w.certificateId);
      expect(warned).toContain(ownCertificate);
      expect(warned).not.toContain(otherCertificate);
      expect(new Set(warnings.body.map((w: { organisationId: string }) => w.organisationId))).toEqual(
        new Set([own.id]),
      );
      const overview = await t.http().get('/api/v1/overview').set(bearer(token)).expect(200);
      expect(overview.body.total).toBe(1);
    });
  }

  it('needs a log-in for all of them', async () => {
    for (const { path } of scoped) await t.http().get(path(own.id)).expect(401);
    await t.http().get('/api/v1/certificates').expect(401);
    await t.http().get('/api/v1/warnings').expect(401);
    await t.http().get('/api/v1/overview').expect(401);
  });
});
