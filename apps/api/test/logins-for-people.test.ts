import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

/**
 * A log-in for someone already among an organisation's people (`personId`): the dashboard's person page gives them
 * one without making a second person. The rules are a person's (docs/decisions.md 5): one of the actor's people, no
 * log-in yet, and no organisation the actor does not administer.
 */
describe('a log-in for an existing person', () => {
  let t: TestApp;
  let a: { id: string };
  let b: { id: string };
  let adminA: TestUser;
  let adminB: TestUser;

  const addPerson = async (token: string, organisationIds: string[], name = 'Paula Person') =>
    (
      await t
        .http()
        .post('/api/v1/people')
        .set(bearer(token))
        .send({
          name,
          email: 'paula@a.test',
          memberships: organisationIds.map((organisationId) => ({ organisationId })),
        })
        .expect(201)
    ).body as { id: string };
  const createLogin = (token: string, body: Record<string, unknown>) =>
    t
      .http()
      .post('/api/v1/users')
      .set(bearer(token))
      .send({
        email: `login-${Math.random().toString(36).slice(2)}@a.test`,
        roles: [{ role: 'certificate-manager', organisationId: a.id }],
        sendSetPasswordLink: true,
        ...body,
      });

  beforeAll(async () => {
    t = await startTestApp();
    a = await createOrganisation(t);
    b = await createOrganisation(t);
    adminA = await createUser(t, [{ role: 'org-admin', organisationId: a.id }]);
    adminB = await createUser(t, [{ role: 'org-admin', organisationId: b.id }]);
  });
  afterAll(() => t.close());

  it('gives the person a log-in: one person, now with a log-in, one row in the people list', async () => {
    const person = await addPerson(adminA.token, [a.id]);
    const response = await createLogin(adminA.token, { personId: person.id });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ personId: person.id, name: 'Paula Person', hasPassword: false });
    const people = await t.http().get(`/api/v1/people?organisationId=${a.id}`).set(bearer(adminA.token));
    const rows = (people.body as { id: string; name: string; hasUser: boolean }[]).filter(
      (p) => p.name === 'Paula Person',
    );
    expect(rows).toEqual([expect.objectContaining({ id: person.id, hasUser: true })]);
  });

  it.each([
    ["another tenant's person", 'other', 404, 'NOT_FOUND'],
    ['a person who has a log-in already', 'withLogin', 409, 'PERSON_HAS_USER'],
    ['a person another organisation shares, for the administrator of one', 'shared', 403, 'PERSON_SHARED'],
  ])('refuses %s and changes nothing', async (_, which, status, code) => {
    const personId =
      which === 'other'
        ? (await addPerson(adminB.token, [b.id])).id
        : which === 'withLogin'
          ? adminA.personId
          : (await addPerson(t.adminToken, [a.id, b.id])).id;
    const before = await snapshot(t);
    const response = await createLogin(adminA.token, { personId });
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
    expect(await snapshot(t)).toEqual(before);
    if (which === 'other') {
      const missing = await createLogin(adminA.token, { personId: '00000000-0000-4000-8000-000000000000' });
      expect(missing.body).toEqual(response.body);
    }
  });

  it.each([
    ['a person and an SSIN', { personId: '00000000-0000-4000-8000-000000000000', ssin: '85073003328' }, 422],
    ['a blank name and no person', { name: '   ' }, 422],
    ['no name and no person', {}, 400],
    ['a null person', { personId: null, name: 'X' }, 400],
  ])('refuses %s and changes nothing', async (_, body, status) => {
    const before = await snapshot(t);
    const response = await createLogin(adminA.token, body);
    expect(response.status).toBe(status);
    expect(await snapshot(t)).toEqual(before);
  });
});
