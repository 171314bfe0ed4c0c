import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { seedCertificates } from './support/seed-certificates.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

type Role = 'org-admin' | 'certificate-manager' | 'viewer';
const ROLES: Role[] = ['org-admin', 'certificate-manager', 'viewer'];
const MISSING = '00000000-0000-4000-8000-000000000000';

/**
 * Password custody in the tenancy matrix: every role reads its own organisation's attestations and, as the named
 * custodian, records one; another tenant's certificate answers 404 exactly like a missing one, and nothing changes.
 */
describe('tenant isolation and roles (custody attestations)', () => {
  let t: TestApp;
  let users: Record<Role, TestUser>;
  /** One certificate per role of the own organisation, each with that user as its custodian. */
  const own: Record<Role, { id: string; fingerprint: string }> = {} as never;
  let theirs: { id: string; fingerprint: string };
  let stranger: TestUser;

  const path = (id: string) => `/api/v1/certificates/${id}/custody-attestations`;
  const opened = (fingerprint: string) => ({
    outcome: 'opened',
    checkedAt: new Date().toISOString(),
    keystoreCertificateFingerprints: [fingerprint],
  });

  beforeAll(async () => {
    t = await startTestApp();
    const ownOrg = await createOrganisation(t);
    const otherOrg = await createOrganisation(t);
    users = {
      'org-admin': await createUser(t, [{ role: 'org-admin', organisationId: ownOrg.id }]),
      'certificate-manager': await createUser(t, [
        { role: 'certificate-manager', organisationId: ownOrg.id },
      ]),
      viewer: await createUser(t, [{ role: 'viewer', organisationId: ownOrg.id }]),
    };
    stranger = await createUser(t, [{ role: 'org-admin', organisationId: otherOrg.id }]);
    const rows = await seedCertificates(t, [
      ...ROLES.map(() => ({ organisationId: ownOrg.id })),
      { organisationId: otherOrg.id },
    ]);
    for (const [i, role] of ROLES.entries()) {
      own[role] = { id: rows[i]!.id, fingerprint: rows[i]!.sha256Fingerprint };
      await t
        .http()
        .patch(`/api/v1/certificates/${rows[i]!.id}`)
        .set(bearer(users['org-admin'].token))
        .send({ passwordCustodianId: users[role].personId })
        .expect(200);
    }
    theirs = { id: rows[3]!.id, fingerprint: rows[3]!.sha256Fingerprint };
    await t
      .http()
      .patch(`/api/v1/certificates/${theirs.id}`)
      .set(bearer(stranger.token))
      .send({ passwordCustodianId: stranger.personId })
      .expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(ROLES)(
    '%s, as the named custodian, records a check in their own organisation and reads the history',
    async (role) => {
      await t
        .http()
        .post(path(own[role].id))
        .set(bearer(users[role].token))
        .send(opened(own[role].fingerprint))
        .expect(201);
      const history = await t.http().get(path(own[role].id)).set(bearer(users[role].token)).expect(200);
      expect(history.body).toHaveLength(1);
    },
  );

  it.each(ROLES)(
    "%s gets 404 for another tenant's certificate (read and record), and nothing changes",
    async (role) => {
      const before = await snapshot(t);
      for (const id of [theirs.id, MISSING]) {
        const read = await t.http().get(path(id)).set(bearer(users[role].token)).expect(404);
        expect(read.body).toMatchObject({ code: 'NOT_FOUND', message: 'certificate not found' });
        const write = await t
          .http()
          .post(path(id))
          .set(bearer(users[role].token))
          .send(opened(theirs.fingerprint))
          .expect(404);
        expect(write.body).toMatchObject({ code: 'NOT_FOUND' });
        const detail = await t
          .http()
          .get(`/api/v1/certificates/${id}`)
          .set(bearer(users[role].token))
          .expect(404);
        expect(detail.body.readiness).toBeUndefined();
      }
      expect(await snapshot(t)).toEqual(before);
    },
  );

  it("the other tenant's custodian gets 404 for ours, not a hint that it exists", async () => {
    const before = await snapshot(t);
    await t
      .http()
      .post(path(own.viewer.id))
      .set(bearer(stranger.token))
      .send(opened(own.viewer.fingerprint))
      .expect(404);
    await t.http().get(path(own.viewer.id)).set(bearer(stranger.token)).expect(404);
    expect(await snapshot(t)).toEqual(before);
  });

  it('a malformed id is a 400, not a 500', async () => {
    await t.http().get(path('not-a-uuid')).set(bearer(users.viewer.token)).expect(400);
    await t
      .http()
      .post(path('not-a-uuid'))
      .set(bearer(users.viewer.token))
      .send(opened(own.viewer.fingerprint))
      .expect(400);
  });
});
