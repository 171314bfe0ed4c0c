import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type EtkDepotReplay, startEtkDepotReplay } from '@certdesk/etk-depot/testing';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

type Role = 'org-admin' | 'certificate-manager' | 'viewer';
const ROLES: Role[] = ['org-admin', 'certificate-manager', 'viewer'];
const MISSING = '00000000-0000-4000-8000-000000000000';

/**
 * The ETK directory's endpoints in the tenancy matrix: who may search the directory and read what it publishes, in
 * their own organisation and in another tenant's (404, exactly like a missing one, nothing asked, nothing changed),
 * and hostile inputs (400, nothing asked).
 */
describe('tenant isolation and roles (ETK directory)', () => {
  let t: TestApp;
  let replay: EtkDepotReplay;
  let own: { id: string };
  let other: { id: string };
  let users: Record<Role, TestUser>;

  beforeAll(async () => {
    replay = await startEtkDepotReplay();
    t = await startTestApp({ ETK_DEPOT_URL: replay.url, ETK_DEPOT_RATE_PER_SECOND: '1000' });
    own = await createOrganisation(t);
    other = await createOrganisation(t);
    users = {
      'org-admin': await createUser(t, [{ role: 'org-admin', organisationId: own.id }]),
      'certificate-manager': await createUser(t, [{ role: 'certificate-manager', organisationId: own.id }]),
      viewer: await createUser(t, [{ role: 'viewer', organisationId: own.id }]),
    };
  });
  afterAll(async () => {
    await t.close();
    await replay.close();
  });

  const actions = [
    {
      name: 'search the ETK directory',
      allowed: ['org-admin'] as Role[],
      call: (token: string, org: string) =>
        t.http().post(`/api/v1/organisations/${org}/etk-discovery`).set(bearer(token)),
    },
    {
      name: 'list what the ETK directory publishes',
      allowed: ROLES,
      call: (token: string, org: string) =>
        t.http().get(`/api/v1/organisations/${org}/etks`).set(bearer(token)),
    },
  ];

  for (const action of actions) {
    for (const role of ROLES) {
      const allowed = action.allowed.includes(role);
      it(`${role} may${allowed ? '' : ' not'} ${action.name} in their own organisation`, async () => {
        const asked = replay.requests.length;
        const response = await action.call(users[role].token, own.id);
        expect(response.status).toBe(allowed ? 200 : 403);
        if (!allowed) expect(replay.requests.length).toBe(asked);
      });
      it(`${role} gets 404 to ${action.name} in another tenant's organisation, like a missing one`, async () => {
        const before = await snapshot(t);
        const asked = replay.requests.length;
        const response = await action.call(users[role].token, other.id);
        expect(response.status).toBe(404);
        expect(response.body).toMatchObject({ code: 'NOT_FOUND' });
        const missing = await action.call(users[role].token, MISSING);
        expect(missing.body).toEqual(response.body);
        expect(replay.requests.length).toBe(asked);
        expect(await snapshot(t)).toEqual(before);
      });
    }
  }

  it.each([
    ['a malformed organisation id', '/api/v1/organisations/not-a-uuid/etks'],
    ['a malformed certificate id', `/api/v1/organisations/{own}/etks?certificateId=1%27%20OR%201=1`],
    ['includeWithdrawn that is not a boolean', `/api/v1/organisations/{own}/etks?includeWithdrawn=yes`],
    ['an unknown parameter', `/api/v1/organisations/{own}/etks?organisationId=${MISSING}`],
  ])('refuses %s with 400', async (_, path) => {
    const response = await t.http().get(path.replace('{own}', own.id)).set(bearer(users['org-admin'].token));
    expect(response.status).toBe(400);
  });

  it('refuses to search with a malformed id, and filtering by another tenant’s certificate shows nothing', async () => {
    const asked = replay.requests.length;
    await t
      .http()
      .post('/api/v1/organisations/not-a-uuid/etk-discovery')
      .set(bearer(t.adminToken))
      .expect(400);
    expect(replay.requests.length).toBe(asked);
    const filtered = await t
      .http()
      .get(`/api/v1/organisations/${own.id}/etks?certificateId=${MISSING}&includeWithdrawn=true`)
      .set(bearer(users.viewer.token))
      .expect(200);
    expect(filtered.body.etks).toEqual([]);
  });

  it('anonymous callers are refused', async () => {
    await t.http().get(`/api/v1/organisations/${own.id}/etks`).expect(401);
    await t.http().post(`/api/v1/organisations/${own.id}/etk-discovery`).expect(401);
  });
});
