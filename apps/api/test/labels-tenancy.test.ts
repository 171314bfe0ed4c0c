import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { createKeystore, createPerson } from './support/inventory-fixtures.js';
import { seedCertificates } from './support/seed-certificates.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

type Role = 'org-admin' | 'certificate-manager' | 'viewer';
const ROLES: Role[] = ['org-admin', 'certificate-manager', 'viewer'];
const MISSING = '00000000-0000-4000-8000-000000000000';

interface Target {
  organisationId: string;
  certificateId: string;
  personId: string;
}

/**
 * Labels and bulk actions (issue 13) in the tenancy matrix: each role in its own organisation, and in another
 * tenant's, where every endpoint answers 404 exactly like a missing object and changes nothing.
 */
describe('tenant isolation and roles (labels, bulk actions)', () => {
  let t: TestApp;
  let users: Record<Role, TestUser>;
  let own: Target;
  let other: Target;

  async function target(name: string): Promise<Target> {
    const organisation = await createOrganisation(t, { name });
    const keystoreId = await createKeystore(t, organisation.id);
    const [certificate] = await seedCertificates(t, [{ organisationId: organisation.id, keystoreId }]);
    await t
      .http()
      .post(`/api/v1/certificates/${certificate!.id}/labels`)
      .set(bearer(t.adminToken))
      .send({ label: 'MyCareNet' })
      .expect(200);
    return {
      organisationId: organisation.id,
      certificateId: certificate!.id,
      personId: await createPerson(t, organisation.id, `Manager of ${name}`),
    };
  }

  beforeAll(async () => {
    t = await startTestApp();
    own = await target('Own');
    other = await target('Other tenant');
    users = {
      'org-admin': await createUser(t, [{ role: 'org-admin', organisationId: own.organisationId }]),
      'certificate-manager': await createUser(t, [
        { role: 'certificate-manager', organisationId: own.organisationId },
      ]),
      viewer: await createUser(t, [{ role: 'viewer', organisationId: own.organisationId }]),
    };
  });
  afterAll(async () => {
    await t.close();
  });

  const bulk = (token: string, x: Target, body: Record<string, unknown>) =>
    t
      .http()
      .post('/api/v1/certificates/bulk')
      .set(bearer(token))
      .send({ certificateIds: [x.certificateId], ...body });

  const actions: {
    name: string;
    allowed: Role[];
    call: (token: string, x: Target) => PromiseLike<{ status: number; body: unknown }>;
  }[] = [
    {
      name: "list an organisation's labels",
      allowed: ROLES,
      call: (tk, x) => t.http().get(`/api/v1/labels?organisationId=${x.organisationId}`).set(bearer(tk)),
    },
    {
      name: "list an organisation's label names",
      allowed: ROLES,
      call: (tk, x) =>
        t.http().get(`/api/v1/labels/names?organisationId=${x.organisationId}`).set(bearer(tk)),
    },
    {
      name: 'label a certificate',
      allowed: ['org-admin', 'certificate-manager'],
      call: (tk, x) =>
        t
          .http()
          .post(`/api/v1/certificates/${x.certificateId}/labels`)
          .set(bearer(tk))
          .send({ label: 'Recip-e' }),
    },
    {
      name: 'take a label off a certificate',
      allowed: ['org-admin', 'certificate-manager'],
      call: (tk, x) =>
        t.http().delete(`/api/v1/certificates/${x.certificateId}/labels/MyCareNet`).set(bearer(tk)),
    },
    {
      name: "get a label's calendar feed URL",
      allowed: ROLES,
      call: (tk, x) =>
        t
          .http()
          .get(`/api/v1/organisations/${x.organisationId}/calendar-feed?label=MyCareNet`)
          .set(bearer(tk)),
    },
    {
      name: 'add a label in bulk',
      allowed: ['org-admin', 'certificate-manager'],
      call: (tk, x) => bulk(tk, x, { action: 'add-label', label: 'Recip-e' }),
    },
    {
      name: 'remove a label in bulk',
      allowed: ['org-admin', 'certificate-manager'],
      call: (tk, x) => bulk(tk, x, { action: 'remove-label', label: 'MyCareNet' }),
    },
    {
      name: 'assign a manager in bulk',
      allowed: ['org-admin'],
      call: (tk, x) => bulk(tk, x, { action: 'assign-manager', managerId: x.personId }),
    },
    {
      name: 'move keystores in bulk',
      allowed: ['org-admin', 'certificate-manager'],
      call: (tk, x) =>
        bulk(tk, x, { action: 'set-keystore-location', keystore: { host: 'PC-NEW', path: 'D:\\ks' } }),
    },
    {
      name: 'mute in bulk',
      allowed: ['org-admin', 'certificate-manager'],
      call: (tk, x) =>
        bulk(tk, x, {
          action: 'mute',
          mute: {
            reason: 'retired',
            endDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
          },
        }),
    },
  ];

  const missing: Target = { organisationId: MISSING, certificateId: MISSING, personId: MISSING };

  for (const role of ROLES) {
    for (const action of actions) {
      const allowed = action.allowed.includes(role);
      it(`${role} may${allowed ? '' : ' not'} ${action.name} in their own organisation`, async () => {
        const before = allowed ? null : await snapshot(t);
        const response = await action.call(users[role].token, own);
        expect(response.status).toBe(allowed ? 200 : 403);
        if (before) expect(await snapshot(t)).toEqual(before);
      });
      it(`${role} gets 404 to ${action.name} in another tenant's organisation, like a missing one`, async () => {
        const before = await snapshot(t);
        const response = await action.call(users[role].token, other);
        expect(response.status).toBe(404);
        expect(response.body).toMatchObject({ code: 'NOT_FOUND' });
        const absent = await action.call(users[role].token, missing);
        expect(absent.body).toEqual(response.body);
        expect(await snapshot(t)).toEqual(before);
      });
    }
  }

  it("lists only the caller's organisations' labels; the central administrator sees each organisation's own", async () => {
    const mine = await t.http().get('/api/v1/labels').set(bearer(users.viewer.token)).expect(200);
    expect(new Set(mine.body.labels.map((l: { organisationId: string }) => l.organisationId))).toEqual(
      new Set([own.organisationId]),
    );
    const all = await t.http().get('/api/v1/labels').set(bearer(t.adminToken)).expect(200);
    expect(new Set(all.body.labels.map((l: { organisationId: string }) => l.organisationId))).toEqual(
      new Set([own.organisationId, other.organisationId]),
    );
  });

  it("never lists another tenant's certificates by label", async () => {
    const response = await t
      .http()
      .get('/api/v1/certificates?label=MyCareNet&state=active,superseded,revoked')
      .set(bearer(users.viewer.token))
      .expect(200);
    expect(response.body.items.map((i: { id: string }) => i.id)).not.toContain(other.certificateId);
  });
});
