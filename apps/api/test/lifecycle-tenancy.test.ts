import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { brusselsDate } from '@certdesk/domain';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { createPerson, insertCertificate } from './support/lifecycle-fixtures.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

type Role = 'org-admin' | 'certificate-manager' | 'viewer';
const ROLES: Role[] = ['org-admin', 'certificate-manager', 'viewer'];
const MISSING = '00000000-0000-4000-8000-000000000000';

interface Target {
  /** The object the action is on (a certificate, a case, a request, an organisation). */
  id: string;
  body?: Record<string, unknown>;
}

interface Action {
  name: string;
  write: boolean;
  /** The roles allowed in their own organisation. */
  allowed: Role[];
  /** Creates, as the central administrator, what the action needs in `organisationId`. */
  prepare: (organisationId: string) => Promise<Target>;
  call: (token: string, target: Target) => Promise<{ status: number; body: unknown }>;
}

/**
 * Who may do what in the lifecycle and the audit trail, for each role, in their own organisation and in another
 * tenant's: there, every action answers 404 exactly like a missing object, and changes nothing.
 */
describe('tenant isolation and roles (lifecycle, audit)', () => {
  let t: TestApp;
  let own: { id: string; name: string };
  let other: { id: string; name: string };
  let users: Record<Role, TestUser>;

  const admin = () => bearer(t.adminToken);
  const renewable = (organisationId: string) => insertCertificate(t, { organisationId, expiresInDays: 30 });
  async function openCase(organisationId: string): Promise<string> {
    const certificateId = await renewable(organisationId);
    const response = await t
      .http()
      .post(`/api/v1/certificates/${certificateId}/renewals`)
      .set(admin())
      .send({});
    return response.body.id as string;
  }
  async function openRequest(organisationId: string): Promise<string> {
    const response = await t
      .http()
      .post('/api/v1/new-requests')
      .set(admin())
      .send({ organisationId, identifierType: 'CBE', identifierValue: '0566988259' });
    return response.body.id as string;
  }

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

  const WRITERS: Role[] = ['org-admin', 'certificate-manager'];
  const actions: Action[] = [
    {
      name: 'start a renewal',
      write: true,
      allowed: WRITERS,
      prepare: async (org) => ({ id: await renewable(org) }),
      call: (tk, { id }) => t.http().post(`/api/v1/certificates/${id}/renewals`).set(bearer(tk)).send({}),
    },
    ...(['complete', 'abandon'] as const).map((step): Action => ({
      name: `${step} a renewal`,
      write: true,
      allowed: WRITERS,
      prepare: async (org) => ({ id: await openCase(org) }),
      call: (tk, { id }) =>
        t
          .http()
          .post(`/api/v1/renewals/${id}/${step}`)
          .set(bearer(tk))
          .send(step === 'abandon' ? { reason: 'test' } : { note: 'test' }),
    })),
    {
      name: 'revoke a certificate',
      write: true,
      allowed: WRITERS,
      prepare: async (org) => ({ id: await renewable(org) }),
      call: (tk, { id }) =>
        t
          .http()
          .post(`/api/v1/certificates/${id}/revoke`)
          .set(bearer(tk))
          .send({ reason: 'replaced', revokedOn: brusselsDate(new Date()) }),
    },
    {
      name: 'open a new request',
      write: true,
      allowed: WRITERS,
      prepare: async (org) => ({ id: org }),
      call: (tk, { id }) =>
        t
          .http()
          .post('/api/v1/new-requests')
          .set(bearer(tk))
          .send({ organisationId: id, identifierType: 'CBE', identifierValue: '0566988259' }),
    },
    {
      name: 'open a new request replacing an expired certificate',
      write: true,
      allowed: WRITERS,
      prepare: async (org) => ({
        id: await insertCertificate(t, { organisationId: org, expiresInDays: -3 }),
        body: { organisationId: org },
      }),
      call: (tk, { id, body }) =>
        t
          .http()
          .post('/api/v1/new-requests')
          .set(bearer(tk))
          .send({
            ...body,
            identifierType: 'CBE',
            identifierValue: '0566988259',
            replacesCertificateId: id,
          }),
    },
    ...(['complete', 'abandon'] as const).map((step): Action => ({
      name: `${step} a new request`,
      write: true,
      allowed: WRITERS,
      prepare: async (org) => ({ id: await openRequest(org) }),
      call: (tk, { id }) =>
        t
          .http()
          .post(`/api/v1/new-requests/${id}/${step}`)
          .set(bearer(tk))
          .send(step === 'abandon' ? { reason: 'test' } : {}),
    })),
    {
      name: 'record a password change',
      write: true,
      allowed: WRITERS,
      prepare: async (org) => ({ id: await renewable(org) }),
      call: (tk, { id }) =>
        t
          .http()
          .post(`/api/v1/certificates/${id}/password-changes`)
          .set(bearer(tk))
          .send({ changedOn: brusselsDate(new Date()) }),
    },
    {
      name: 'reassign the manager',
      write: true,
      allowed: ['org-admin'],
      prepare: async (org) => ({ id: await renewable(org), body: { managerId: await createPerson(t, org) } }),
      call: (tk, { id, body }) =>
        t.http().put(`/api/v1/certificates/${id}/manager`).set(bearer(tk)).send(body!),
    },
    {
      name: 'list the renewals',
      write: false,
      allowed: ROLES,
      prepare: async (org) => ({ id: org }),
      call: (tk, { id }) => t.http().get(`/api/v1/renewals?organisationId=${id}`).set(bearer(tk)),
    },
    {
      name: 'list the new requests',
      write: false,
      allowed: ROLES,
      prepare: async (org) => ({ id: org }),
      call: (tk, { id }) => t.http().get(`/api/v1/new-requests?organisationId=${id}`).set(bearer(tk)),
    },
    {
      name: 'list the renewals after a case (the next page)',
      write: false,
      allowed: ROLES,
      prepare: async (org) => ({ id: await openCase(org) }),
      call: (tk, { id }) => t.http().get(`/api/v1/renewals?limit=20&after=${id}`).set(bearer(tk)),
    },
    {
      name: 'list the new requests after a request (the next page)',
      write: false,
      allowed: ROLES,
      prepare: async (org) => ({ id: await openRequest(org) }),
      call: (tk, { id }) => t.http().get(`/api/v1/new-requests?limit=20&after=${id}`).set(bearer(tk)),
    },
    {
      name: "read an organisation's audit trail",
      write: false,
      allowed: ROLES,
      prepare: async (org) => ({ id: org }),
      call: (tk, { id }) => t.http().get(`/api/v1/audit?organisationId=${id}`).set(bearer(tk)),
    },
    {
      name: "read a certificate's audit trail",
      write: false,
      allowed: ROLES,
      prepare: async (org) => ({ id: await renewable(org) }),
      call: (tk, { id }) => t.http().get(`/api/v1/audit?certificateId=${id}`).set(bearer(tk)),
    },
  ];

  for (const action of actions) {
    for (const role of ROLES) {
      const allowed = action.allowed.includes(role);
      it(`${role} may${allowed ? '' : ' not'} ${action.name} in their own organisation`, async () => {
        const target = await action.prepare(own.id);
        const before = await snapshot(t);
        const response = await action.call(users[role].token, target);
        expect(allowed ? (action.write ? [200, 201] : [200]) : [403]).toContain(response.status);
        if (!allowed) expect(await snapshot(t)).toEqual(before);
        else if (!action.write) expect(await snapshot(t)).toEqual(before);
      });
      it(`${role} gets 404 to ${action.name} in another tenant's organisation, which stays unchanged`, async () => {
        const target = await action.prepare(other.id);
        const before = await snapshot(t);
        const response = await action.call(users[role].token, target);
        expect(response.status).toBe(404);
        expect(response.body).toMatchObject({ code: 'NOT_FOUND' });
        // ... exactly like an object that does not exist
        const missing = await action.call(users[role].token, { ...target, id: MISSING });
        expect(missing.status).toBe(404);
        expect(missing.body).toEqual(response.body);
        expect(await snapshot(t)).toEqual(before);
      });
    }
  }

  it("lists only the caller's organisations' cases and audit events", async () => {
    // One of each in both organisations, so each list has something to show and something to leave out.
    const cases = { own: await openCase(own.id), other: await openCase(other.id) };
    const requests = { own: await openRequest(own.id), other: await openRequest(other.id) };
    const organisationsOf = (items: { organisationId: string }[]) => [
      ...new Set(items.map((i) => i.organisationId)),
    ];
    const idsOf = (items: { id: string }[]) => items.map((i) => i.id);

    // The central administrator sees both organisations in each list: what the roles below must not see exists.
    for (const path of ['/api/v1/renewals', '/api/v1/new-requests', '/api/v1/audit?limit=500']) {
      const all = await t.http().get(path).set(admin()).expect(200);
      expect(organisationsOf(all.body.items ?? all.body)).toEqual(expect.arrayContaining([own.id, other.id]));
    }
    for (const role of ROLES) {
      for (const [path, ids] of [
        ['/api/v1/renewals', cases],
        ['/api/v1/new-requests', requests],
      ] as const) {
        const response = await t.http().get(path).set(bearer(users[role].token)).expect(200);
        expect(idsOf(response.body)).toContain(ids.own);
        expect(idsOf(response.body)).not.toContain(ids.other);
        expect(organisationsOf(response.body)).toEqual([own.id]);
      }
      const audit = await t.http().get('/api/v1/audit?limit=500').set(bearer(users[role].token)).expect(200);
      expect(organisationsOf(audit.body.items)).toEqual([own.id]);
    }
  });

  it("verifies the chains: every chain for central administrators, their organisations' for org-admins, 403 otherwise", async () => {
    const central = await t.http().post('/api/v1/audit/verify').set(admin()).expect(200);
    const chains = central.body.map((c: { chain: string }) => c.chain);
    expect(chains).toEqual(expect.arrayContaining([own.id, other.id, 'global']));
    expect(central.body.every((c: { ok: boolean }) => c.ok)).toBe(true);

    const mine = await t
      .http()
      .post('/api/v1/audit/verify')
      .set(bearer(users['org-admin'].token))
      .expect(200);
    expect(mine.body).toEqual([
      { chain: own.id, organisationName: own.name, events: expect.any(Number), ok: true },
    ]);

    const before = await snapshot(t);
    for (const role of ['certificate-manager', 'viewer'] as const) {
      await t.http().post('/api/v1/audit/verify').set(bearer(users[role].token)).expect(403);
      await t
        .http()
        .post(`/api/v1/audit/verify?organisationId=${own.id}`)
        .set(bearer(users[role].token))
        .expect(403);
    }
    expect(await snapshot(t)).toEqual(before);
  });

  it('queues verifications as jobs with the same access, each read by the log-in that started it alone', async () => {
    // No replica works them here: what is checked is who may start one and who may read it. An org-admin of its
    // own, since a queued verification holds its log-in until it is done.
    const orgAdmin = await createUser(t, [{ role: 'org-admin', organisationId: own.id }]);
    const before = await snapshot(t);
    const jobs = (query: string, token: string) =>
      t.http().post(`/api/v1/audit/verifications${query}`).set(bearer(token));
    const theirs = await jobs(`?organisationId=${other.id}`, orgAdmin.token).expect(404);
    const mine = await jobs(`?organisationId=${own.id}`, orgAdmin.token).expect(202);
    expect(JSON.stringify(theirs.body)).not.toContain(other.name);
    for (const role of ['certificate-manager', 'viewer'] as const) {
      await jobs('', users[role].token).expect(403);
      await jobs(`?organisationId=${own.id}`, users[role].token).expect(403);
    }
    const read = (token: string) =>
      t.http().get(`/api/v1/audit/verifications/${mine.body.id}`).set(bearer(token));
    await read(orgAdmin.token).expect(200);
    for (const token of [users['org-admin'].token, users.viewer.token, t.adminToken])
      await read(token).expect(404);
    expect(await snapshot(t)).toEqual(before);
  });

  it("verifies one organisation's chain: its own for an org-admin, another tenant's or an unknown one answers 404", async () => {
    const scoped = (organisationId: string, token: string) =>
      t.http().post(`/api/v1/audit/verify?organisationId=${organisationId}`).set(bearer(token));
    const mine = await scoped(own.id, users['org-admin'].token).expect(200);
    expect(mine.body).toEqual([
      { chain: own.id, organisationName: own.name, events: expect.any(Number), ok: true },
    ]);
    // The other tenant's chain is neither verified nor named: the answer is a missing organisation's.
    const theirs = await scoped(other.id, users['org-admin'].token).expect(404);
    expect(JSON.stringify(theirs.body)).not.toContain(other.name);
    const central = await scoped(other.id, t.adminToken).expect(200);
    expect(central.body).toEqual([
      { chain: other.id, organisationName: other.name, events: expect.any(Number), ok: true },
    ]);
    await scoped(randomUUID(), t.adminToken).expect(404);
    // Hostile: not an id, an overlong one, control characters, the parameter twice, another parameter.
    for (const query of [
      'organisationId=global',
      `organisationId=${'a'.repeat(10_000)}`,
      `organisationId=${encodeURIComponent(`${own.id}\u0000`)}`,
      `organisationId=${own.id}&organisationId=${other.id}`,
      `organisationId=${own.id}&chain=global`,
    ]) {
      const response = await t
        .http()
        .post(`/api/v1/audit/verify?${query}`)
        .set(bearer(users['org-admin'].token));
      expect({ query: query.slice(0, 80), status: response.status }).toEqual({
        query: query.slice(0, 80),
        status: 400,
      });
    }
  });
});
