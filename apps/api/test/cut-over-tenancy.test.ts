import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { renewedThroughPhase3 } from './support/cut-over-fixtures.js';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

type Role = 'org-admin' | 'certificate-manager' | 'viewer';
const ROLES: Role[] = ['org-admin', 'certificate-manager', 'viewer'];
const MISSING = '00000000-0000-4000-8000-000000000000';

/**
 * The cut-over's endpoints for logged-in users in the tenancy matrix (the public link's own tests are in
 * cut-over.test.ts): each role in its own organisation, and 404 in another tenant's, exactly like a missing
 * certificate, changing nothing.
 */
describe('tenant isolation and roles (cut-over)', () => {
  let t: TestApp;
  let own: { id: string };
  let other: { id: string };
  let users: Record<Role, TestUser>;

  const actions: {
    name: string;
    allowed: Role[];
    call: (token: string, certificateId: string) => ReturnType<ReturnType<TestApp['http']>['get']>;
  }[] = [
    {
      name: "read a certificate's cut-over",
      allowed: ['org-admin', 'certificate-manager', 'viewer'],
      call: (token, id) => t.http().get(`/api/v1/certificates/${id}/cut-over`).set(bearer(token)),
    },
    {
      name: "override a certificate's cut-over",
      allowed: ['org-admin'],
      call: (token, id) =>
        t
          .http()
          .post(`/api/v1/certificates/${id}/cut-over/override`)
          .set(bearer(token))
          .send({ reason: 'decommissioned' }),
    },
  ];

  /** A certificate of `organisationId` renewed through phase 3, with one deployment waiting to confirm. */
  const pending = async (organisationId: string) =>
    (await renewedThroughPhase3(t, organisationId, t.adminToken, ['lab@vendor.test'])).certificateId;

  beforeAll(async () => {
    t = await startTestApp();
    own = await createOrganisation(t);
    other = await createOrganisation(t);
    users = {
      'org-admin': await createUser(t, [{ role: 'org-admin', organisationId: own.id }]),
      'certificate-manager': await createUser(t, [{ role: 'certificate-manager', organisationId: own.id }]),
      viewer: await createUser(t, [{ role: 'viewer', organisationId: own.id }]),
    };
  });
  afterAll(() => t.close());

  for (const role of ROLES) {
    for (const action of actions) {
      const allowed = action.allowed.includes(role);
      it(`${role} may${allowed ? '' : ' not'} ${action.name} in their own organisation`, async () => {
        const certificateId = await pending(own.id);
        const before = allowed ? null : await snapshot(t);
        const response = await action.call(users[role].token, certificateId);
        expect(response.status).toBe(allowed ? 200 : 403);
        if (before) expect(await snapshot(t)).toEqual(before);
      });
      it(`${role} gets 404 to ${action.name} in another tenant's organisation, like a missing one`, async () => {
        const certificateId = await pending(other.id);
        const before = await snapshot(t);
        const response = await action.call(users[role].token, certificateId);
        expect(response.status).toBe(404);
        expect(response.body).toMatchObject({ code: 'NOT_FOUND' });
        const missing = await action.call(users[role].token, MISSING);
        expect(missing.body).toEqual(response.body);
        expect(await snapshot(t)).toEqual(before);
      });
    }
  }

  it('answers a malformed certificate id 400, and a hostile override reason 400, changing nothing', async () => {
    const certificateId = await pending(own.id);
    const admin = users['org-admin'].token;
    const before = await snapshot(t);
    await t.http().get(`/api/v1/certificates/1%27%20OR%201=1/cut-over`).set(bearer(admin)).expect(400);
    for (const reason of ['x'.repeat(100_000), { nested: { deeper: 'why' } }, 'because\u0000', ['a', 'b']]) {
      await t
        .http()
        .post(`/api/v1/certificates/${certificateId}/cut-over/override`)
        .set(bearer(admin))
        .send({ reason })
        .expect(400);
    }
    expect(await snapshot(t)).toEqual(before);
  });
});
