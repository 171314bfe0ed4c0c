import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { snapshot } from './support/db-snapshot.js';
import { getEvidence } from './support/evidence-fixtures.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { insertCertificate } from './support/lifecycle-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

type Role = 'org-admin' | 'certificate-manager' | 'viewer';
const MISSING = '00000000-0000-4000-8000-000000000000';

/**
 * Evidence packs in the tenancy matrix: a certificate's pack is for organisation administrators and certificate
 * managers, an organisation's for its administrators, every one for central administrators; another tenant's ids
 * answer 404 like missing ones; a refused request records nothing (no "pack made" event).
 */
describe('tenant isolation and roles (evidence packs)', () => {
  let t: TestApp;
  const own = { organisation: '', certificate: '' };
  const other = { organisation: '', certificate: '' };
  let users: Record<Role, TestUser>;

  beforeAll(async () => {
    t = await startTestApp();
    for (const side of [own, other]) {
      side.organisation = (await createOrganisation(t)).id;
      side.certificate = await insertCertificate(t, {
        organisationId: side.organisation,
        expiresInDays: 200,
      });
    }
    users = {
      'org-admin': await createUser(t, [{ role: 'org-admin', organisationId: own.organisation }]),
      'certificate-manager': await createUser(t, [
        { role: 'certificate-manager', organisationId: own.organisation },
      ]),
      viewer: await createUser(t, [{ role: 'viewer', organisationId: own.organisation }]),
    };
  });
  afterAll(() => t.close());

  const endpoints = [
    { name: "a certificate's pack", path: (ids: typeof own) => `certificates/${ids.certificate}/evidence` },
    {
      name: "an organisation's pack",
      path: (ids: typeof own) => `organisations/${ids.organisation}/evidence`,
    },
  ];
  const allowed: Record<Role, Record<string, number>> = {
    'org-admin': { "a certificate's pack": 200, "an organisation's pack": 200 },
    'certificate-manager': { "a certificate's pack": 200, "an organisation's pack": 403 },
    viewer: { "a certificate's pack": 403, "an organisation's pack": 403 },
  };

  describe.each(['org-admin', 'certificate-manager', 'viewer'] as Role[])(
    'as %s of one organisation',
    (role) => {
      it.each(endpoints)(
        '$name: own as the role allows; another tenant’s or a missing id: 404, nothing recorded',
        async ({ name, path }) => {
          const token = users[role].token;
          expect((await getEvidence(t, token, path(own))).status).toBe(allowed[role][name]);
          const before = await snapshot(t);
          expect((await getEvidence(t, token, path(other))).status).toBe(404);
          expect(
            (await getEvidence(t, token, path({ organisation: MISSING, certificate: MISSING }))).status,
          ).toBe(404);
          expect(await snapshot(t)).toEqual(before);
        },
      );
    },
  );

  it('a central administrator gets any organisation’s packs', async () => {
    for (const { path } of endpoints)
      expect((await getEvidence(t, t.adminToken, path(other))).status).toBe(200);
  });

  it('without a log-in: 401 for a pack, the public key for anyone', async () => {
    expect((await t.http().get(`/api/v1/certificates/${own.certificate}/evidence`)).status).toBe(401);
    expect((await t.http().get('/api/v1/installation/evidence-key')).status).toBe(200);
  });
});
