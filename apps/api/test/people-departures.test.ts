import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { brusselsDate } from '@certdesk/domain';
import { Clock } from '../src/core/clock.js';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

interface Membership {
  organisationId: string;
  employed: boolean;
  leftOn: string | null;
  roles: string[];
}

/**
 * A person's details and "has left, with the date" (issue 10): each organisation records the day someone left it,
 * in its own membership; a departure is never in the future, and coming back clears it.
 */
describe('editing a person: details, and the day they left', () => {
  let t: TestApp;
  let a: { id: string };
  let b: { id: string };
  let adminA: TestUser;

  const as = (user: TestUser) => bearer(user.token);
  const addPerson = async (extra: Record<string, unknown> = {}) =>
    (
      await t
        .http()
        .post('/api/v1/people')
        .set(as(adminA))
        .send({
          name: 'Marc Manager',
          email: 'marc@a.test',
          phone: '+32 81 00 00 02',
          memberships: [{ organisationId: a.id, roles: ['certificate-manager'] }],
          ...extra,
        })
        .expect(201)
    ).body as { id: string; memberships: Membership[] };
  const patch = (personId: string, body: Record<string, unknown>) =>
    t.http().patch(`/api/v1/people/${personId}`).set(as(adminA)).send(body);
  const membershipIn = (body: { memberships: Membership[] }, organisationId: string) =>
    body.memberships.find((m) => m.organisationId === organisationId);

  beforeAll(async () => {
    t = await startTestApp();
    a = await createOrganisation(t);
    b = await createOrganisation(t);
    adminA = await createUser(t, [{ role: 'org-admin', organisationId: a.id }]);
  });
  afterAll(() => t.close());
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('records the day a person left, shows it, keeps their roles, and audits it', async () => {
    const person = await addPerson();
    expect(membershipIn(person, a.id)).toEqual({
      organisationId: a.id,
      employed: true,
      leftOn: null,
      roles: ['certificate-manager'],
    });
    const left = await patch(person.id, { memberships: [{ organisationId: a.id, leftOn: '2026-01-30' }] });
    expect(left.status).toBe(200);
    expect(membershipIn(left.body, a.id)).toEqual({
      organisationId: a.id,
      employed: false,
      leftOn: '2026-01-30',
      roles: ['certificate-manager'],
    });
    const read = await t.http().get(`/api/v1/people/${person.id}`).set(as(adminA)).expect(200);
    expect(membershipIn(read.body, a.id)?.leftOn).toBe('2026-01-30');
    const audit = await t
      .http()
      .get(`/api/v1/audit?organisationId=${a.id}&action=person.membership-updated`)
      .set(bearer(t.adminToken))
      .expect(200);
    expect(audit.body.items[0]).toMatchObject({
      before: { personId: person.id, employed: true, leftOn: null },
      after: { personId: person.id, employed: false, leftOn: '2026-01-30' },
    });
  });

  it('takes today (in Brussels) when the departure is recorded without a date, and keeps the day once known', async () => {
    // 23:30 UTC on 31 March is already 1 April in Brussels.
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date('2026-03-31T23:30:00Z'));
    const person = await addPerson();
    const left = await patch(person.id, { memberships: [{ organisationId: a.id, employed: false }] });
    expect(membershipIn(left.body, a.id)).toMatchObject({ employed: false, leftOn: '2026-04-01' });
    // Changing their roles later does not move the day.
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date('2026-04-20T10:00:00Z'));
    const again = await patch(person.id, { memberships: [{ organisationId: a.id, roles: [] }] });
    expect(membershipIn(again.body, a.id)).toMatchObject({
      employed: false,
      leftOn: '2026-04-01',
      roles: [],
    });
  });

  it('clears the day when the person is back', async () => {
    const person = await addPerson({ memberships: [{ organisationId: a.id, leftOn: '2025-12-01' }] });
    expect(membershipIn(person, a.id)).toMatchObject({ employed: false, leftOn: '2025-12-01' });
    const back = await patch(person.id, { memberships: [{ organisationId: a.id, employed: true }] });
    expect(membershipIn(back.body, a.id)).toMatchObject({ employed: true, leftOn: null });
  });

  it.each([
    ['a day in the future (Brussels)', { leftOn: 'tomorrow' }, 422, 'DATE_IN_FUTURE'],
    ['a day that does not exist', { leftOn: '2026-02-30' }, 400, 'BAD_REQUEST'],
    ['a date that is not YYYY-MM-DD', { leftOn: '30/01/2026' }, 400, 'BAD_REQUEST'],
    [
      'a day while saying they still work there',
      { leftOn: '2026-01-30', employed: true },
      422,
      'LEFT_ON_WHILE_EMPLOYED',
    ],
  ])('refuses %s and changes nothing', async (_, membership, status, code) => {
    const person = await addPerson();
    const leftOn =
      membership.leftOn === 'tomorrow' ? brusselsDate(new Date(Date.now() + 86_400_000)) : membership.leftOn;
    const before = await snapshot(t);
    const response = await patch(person.id, {
      memberships: [{ organisationId: a.id, ...membership, leftOn }],
    });
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
    expect(await snapshot(t)).toEqual(before);
  });

  it('refuses one bad membership among several before writing any', async () => {
    const person = await addPerson();
    await t
      .http()
      .patch(`/api/v1/people/${person.id}`)
      .set(bearer(t.adminToken))
      .send({ memberships: [{ organisationId: b.id }] })
      .expect(200);
    const before = await snapshot(t);
    const response = await t
      .http()
      .patch(`/api/v1/people/${person.id}`)
      .set(bearer(t.adminToken))
      .send({
        memberships: [
          { organisationId: a.id, leftOn: '2026-01-30' },
          { organisationId: b.id, leftOn: '2999-01-01' },
        ],
      });
    expect(response.status).toBe(422);
    expect(await snapshot(t)).toEqual(before);
  });

  it("records a departure from another tenant's organisation nowhere (404)", async () => {
    const person = await addPerson();
    const adminB = await createUser(t, [{ role: 'org-admin', organisationId: b.id }]);
    const before = await snapshot(t);
    const response = await t
      .http()
      .patch(`/api/v1/people/${person.id}`)
      .set(as(adminB))
      .send({ memberships: [{ organisationId: a.id, leftOn: '2026-01-30' }] });
    expect(response.status).toBe(404);
    expect(await snapshot(t)).toEqual(before);
  });

  describe('their details', () => {
    it('changes the name, e-mail and phone, and removes the e-mail and phone with null', async () => {
      const person = await addPerson();
      const changed = await patch(person.id, {
        name: 'Marc Dubois',
        email: 'Marc.Dubois@A.test',
        phone: '081 11 22 33',
      });
      expect(changed.body).toMatchObject({
        name: 'Marc Dubois',
        email: 'marc.dubois@a.test',
        phone: '081 11 22 33',
      });
      const cleared = await patch(person.id, { email: null, phone: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({ name: 'Marc Dubois', email: null, phone: null });
    });

    it('refuses a null name with a 400 (it used to reach the code and fail with a 500), and changes nothing', async () => {
      const person = await addPerson();
      const before = await snapshot(t);
      const response = await patch(person.id, { name: null });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('BAD_REQUEST');
      expect(await snapshot(t)).toEqual(before);
    });

    it('shows the SSIN masked to an organisation administrator, whole to a central administrator', async () => {
      const person = await addPerson({ ssin: '85073003328' });
      const asAdmin = await t.http().get(`/api/v1/people/${person.id}`).set(as(adminA)).expect(200);
      expect(asAdmin.body.ssin).toBe('850730-***-**');
      const asCentral = await t
        .http()
        .get(`/api/v1/people/${person.id}`)
        .set(bearer(t.adminToken))
        .expect(200);
      expect(asCentral.body.ssin).toBe('85073003328');
    });
  });
});
