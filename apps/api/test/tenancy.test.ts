import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createOrganisation, createUser, uniqueCbe, type TestUser } from './support/fixtures.js';
import { snapshot } from './support/db-snapshot.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

type Role = 'org-admin' | 'certificate-manager' | 'viewer';
const ROLES: Role[] = ['org-admin', 'certificate-manager', 'viewer'];

/**
 * Who may do what, for each role, in their own organisation and in another tenant's. In another tenant's
 * organisation every action answers 404, exactly like a missing object, and changes nothing.
 */
describe('tenant isolation and roles (organisations, people, users)', () => {
  let t: TestApp;
  let own: { id: string };
  let other: { id: string };
  let users: Record<Role, TestUser>;
  let otherPersonId: string;
  let otherUserId: string;

  beforeAll(async () => {
    t = await startTestApp();
    own = await createOrganisation(t);
    other = await createOrganisation(t);
    users = {
      'org-admin': await createUser(t, [{ role: 'org-admin', organisationId: own.id }]),
      'certificate-manager': await createUser(t, [{ role: 'certificate-manager', organisationId: own.id }]),
      viewer: await createUser(t, [{ role: 'viewer', organisationId: own.id }]),
    };
    const otherUser = await createUser(t, [{ role: 'viewer', organisationId: other.id }]);
    otherUserId = otherUser.id;
    otherPersonId = otherUser.personId;
  });
  afterAll(() => t.close());

  interface Action {
    name: string;
    write: boolean;
    call: (token: string, organisationId: string) => Promise<{ status: number }>;
    /** The roles allowed in their own organisation. */
    allowed: Role[];
  }

  const actions: Action[] = [
    {
      name: 'read the organisation',
      write: false,
      allowed: ROLES,
      call: (tk, org) => t.http().get(`/api/v1/organisations/${org}`).set(bearer(tk)),
    },
    {
      name: 'list the organisations after it',
      write: false,
      allowed: ROLES,
      call: (tk, org) => t.http().get(`/api/v1/organisations?limit=10&after=${org}`).set(bearer(tk)),
    },
    {
      name: 'list the people after one of it',
      write: false,
      allowed: ROLES,
      call: (tk, org) => {
        const person = org === own.id ? users.viewer.personId : org === other.id ? otherPersonId : org;
        return t.http().get(`/api/v1/people?limit=10&after=${person}`).set(bearer(tk));
      },
    },
    {
      name: 'change the organisation',
      write: true,
      allowed: ['org-admin'],
      call: (tk, org) =>
        t.http().patch(`/api/v1/organisations/${org}`).set(bearer(tk)).send({ name: 'Renamed' }),
    },
    {
      name: 'add a person',
      write: true,
      allowed: ['org-admin'],
      call: (tk, org) =>
        t
          .http()
          .post('/api/v1/people')
          .set(bearer(tk))
          .send({
            name: 'New Person',
            memberships: [{ organisationId: org, roles: ['certificate-manager'] }],
          }),
    },
    {
      name: 'create a user',
      write: true,
      allowed: ['org-admin'],
      call: (tk, org) =>
        t
          .http()
          .post('/api/v1/users')
          .set(bearer(tk))
          .send({
            email: `x${Math.random()}@t.test`,
            name: 'X',
            password: 'long-enough-password',
            roles: [{ role: 'viewer', organisationId: org }],
          }),
    },
  ];

  for (const action of actions) {
    for (const role of ROLES) {
      const expected = action.allowed.includes(role) ? (action.write ? [200, 201] : [200]) : [403];
      it(`${role} may${action.allowed.includes(role) ? '' : ' not'} ${action.name} in their own organisation`, async () => {
        const before = action.allowed.includes(role) ? null : await snapshot(t);
        const response = await action.call(users[role].token, own.id);
        expect(expected).toContain(response.status);
        if (before) expect(await snapshot(t)).toEqual(before);
      });
      it(`${role} gets 404 to ${action.name} in another tenant's organisation, which stays unchanged`, async () => {
        const before = await snapshot(t);
        const response = await action.call(users[role].token, other.id);
        expect(response.status).toBe(404);
        expect(response).toMatchObject({ body: { code: 'NOT_FOUND' } });
        // ... exactly like an organisation that does not exist
        const missing = await action.call(users[role].token, '00000000-0000-4000-8000-000000000000');
        expect(missing.status).toBe(404);
        expect((missing as unknown as { body: unknown }).body).toEqual(
          (response as unknown as { body: unknown }).body,
        );
        expect(await snapshot(t)).toEqual(before);
      });
    }
  }

  it('lists only the organisations, people and users of the caller', async () => {
    for (const role of ROLES) {
      const organisations = await t
        .http()
        .get('/api/v1/organisations')
        .set(bearer(users[role].token))
        .expect(200);
      expect(organisations.body.map((o: { id: string }) => o.id)).toEqual([own.id]);
      const people = await t.http().get('/api/v1/people').set(bearer(users[role].token)).expect(200);
      expect(people.body.map((p: { id: string }) => p.id)).not.toContain(otherPersonId);
      const filtered = await t
        .http()
        .get(`/api/v1/people?organisationId=${other.id}`)
        .set(bearer(users[role].token))
        .expect(200);
      expect(filtered.body).toEqual([]);
    }
    const admins = await t.http().get('/api/v1/users').set(bearer(users['org-admin'].token)).expect(200);
    expect(admins.body.map((u: { id: string }) => u.id)).not.toContain(otherUserId);
  });

  it('names only the organisations of the caller, id and name alone; a central administrator every one, by name', async () => {
    const named = async (token: string) =>
      (await t.http().get('/api/v1/organisations/names').set(bearer(token)).expect(200)).body as {
        id: string;
        name: string;
      }[];
    const ownName = (await t.http().get(`/api/v1/organisations/${own.id}`).set(bearer(t.adminToken))).body
      .name as string;
    for (const role of ROLES) expect(await named(users[role].token)).toEqual([{ id: own.id, name: ownName }]);
    const everyOne = (await t.http().get('/api/v1/organisations').set(bearer(t.adminToken)).expect(200))
      .body as {
      id: string;
      name: string;
    }[];
    expect(await named(t.adminToken)).toEqual(everyOne.map(({ id, name }) => ({ id, name })));
    expect(everyOne.map((o) => o.id)).toEqual(expect.arrayContaining([own.id, other.id]));
    // Someone of two organisations: those two, in the same order as everyone's list.
    const ofBoth = await createUser(t, [
      { role: 'viewer', organisationId: other.id },
      { role: 'certificate-manager', organisationId: own.id },
    ]);
    expect(await named(ofBoth.token)).toEqual(
      everyOne.filter((o) => o.id === own.id || o.id === other.id).map(({ id, name }) => ({ id, name })),
    );
    await t.http().get('/api/v1/organisations/names').expect(401);
  });

  it("answers 404 for another tenant's person and user, and changes neither", async () => {
    const before = await snapshot(t);
    for (const role of ROLES) {
      await t.http().get(`/api/v1/people/${otherPersonId}`).set(bearer(users[role].token)).expect(404);
      await t
        .http()
        .patch(`/api/v1/people/${otherPersonId}`)
        .set(bearer(users[role].token))
        .send({ name: 'Hijacked' })
        .expect(404);
      await t
        .http()
        .patch(`/api/v1/users/${otherUserId}`)
        .set(bearer(users[role].token))
        .send({ disabled: true })
        .expect(404);
      await t
        .http()
        .delete(`/api/v1/users/${otherUserId}/sessions`)
        .set(bearer(users[role].token))
        .expect(404);
    }
    expect(await snapshot(t)).toEqual(before);
  });

  it('lets only the central administrator create organisations', async () => {
    for (const role of ROLES) {
      await t
        .http()
        .post('/api/v1/organisations')
        .set(bearer(users[role].token))
        .send({ name: 'Mine', identifiers: [{ type: 'CBE', value: uniqueCbe() }] })
        .expect(403);
    }
  });

  it('never lets an org-admin hand out central-admin or roles elsewhere', async () => {
    const admin = users['org-admin'].token;
    const body = (roles: unknown) => ({
      email: `y${Math.random()}@t.test`,
      name: 'Y',
      password: 'long-enough-password',
      roles,
    });
    await t
      .http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send(body([{ role: 'central-admin' }]))
      .expect(403);
    await t
      .http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send(body([{ role: 'viewer', organisationId: other.id }]))
      .expect(404);
  });
});
