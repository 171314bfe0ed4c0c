import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  digestSignature,
  issueCard,
  snapshotWithEid,
  startEidTestApp,
  uniqueSsin,
  type TestCard,
} from './support/eid-fixtures.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { insertCertificate } from './support/lifecycle-fixtures.js';
import { bearer, type TestApp } from './support/test-app.js';

type Role = 'org-admin' | 'certificate-manager' | 'viewer';
const ROLES: Role[] = ['org-admin', 'certificate-manager', 'viewer'];
const MISSING = '00000000-0000-4000-8000-000000000000';

interface Target {
  /** The object the action is on (a handover, an organisation). */
  id: string;
  body?: object;
}

interface Action {
  name: string;
  write: boolean;
  allowed: Role[];
  /** Creates, as the central administrator, what the action needs in `organisationId`. */
  prepare: (organisationId: string) => Promise<Target>;
  call: (token: string, target: Target) => Promise<{ status: number; body: { code?: string } }>;
}

/**
 * Who may do what with handovers, for each role, in their own organisation and in another tenant's: there, every
 * action answers 404 exactly like a missing object, and changes nothing. Only the designated people sign.
 */
describe('tenant isolation and roles (handovers)', () => {
  let t: TestApp;
  let own: { id: string };
  let other: { id: string };
  let users: Record<Role, TestUser>;

  const admin = () => bearer(t.adminToken);
  /** A person of the organisation with an SSIN and an eID card, through the api. */
  async function person(organisationId: string): Promise<{ id: string; card: TestCard }> {
    const ssin = uniqueSsin();
    const response = await t
      .http()
      .post('/api/v1/people')
      .set(admin())
      .send({
        name: `Person ${ssin}`,
        ssin,
        memberships: [{ organisationId, roles: ['certificate-manager'] }],
      })
      .expect(201);
    return { id: response.body.id, card: await issueCard('EC-P384', ssin) };
  }
  /** What opening a handover from A (who manages a certificate) to B takes. */
  async function handoverInput(organisationId: string) {
    const [a, b] = [await person(organisationId), await person(organisationId)];
    await insertCertificate(t, { organisationId, expiresInDays: 400, managerId: a.id });
    return { a, body: { organisationId, fromPersonId: a.id, toPersonId: b.id, reason: 'Tenancy test' } };
  }
  async function openHandover(organisationId: string) {
    const { a, body } = await handoverInput(organisationId);
    const response = await t.http().post('/api/v1/handovers').set(admin()).send(body).expect(201);
    return { a, handover: response.body as { id: string; document: { json: string } } };
  }

  beforeAll(async () => {
    t = await startEidTestApp();
    own = await createOrganisation(t);
    other = await createOrganisation(t);
    users = {
      'org-admin': await createUser(t, [{ role: 'org-admin', organisationId: own.id }]),
      'certificate-manager': await createUser(t, [{ role: 'certificate-manager', organisationId: own.id }]),
      viewer: await createUser(t, [{ role: 'viewer', organisationId: own.id }]),
    };
  });
  afterAll(() => t.close());

  const actions: Action[] = [
    {
      name: "open a handover of another manager's certificates",
      write: true,
      allowed: ['org-admin'],
      prepare: async (org) => ({ id: org, body: (await handoverInput(org)).body }),
      call: (tk, { id, body }) =>
        t
          .http()
          .post('/api/v1/handovers')
          .set(bearer(tk))
          .send({ ...body, organisationId: id }),
    },
    {
      name: 'read a handover',
      write: false,
      allowed: ROLES,
      prepare: async (org) => ({ id: (await openHandover(org)).handover.id }),
      call: (tk, { id }) => t.http().get(`/api/v1/handovers/${id}`).set(bearer(tk)),
    },
    {
      name: 'list the handovers',
      write: false,
      allowed: ROLES,
      prepare: async (org) => ({ id: org }),
      call: (tk, { id }) => t.http().get(`/api/v1/handovers?organisationId=${id}`).set(bearer(tk)),
    },
    {
      name: 'list the handovers after a handover (the next page)',
      write: false,
      allowed: ROLES,
      prepare: async (org) => ({ id: (await openHandover(org)).handover.id }),
      call: (tk, { id }) => t.http().get(`/api/v1/handovers?limit=20&after=${id}`).set(bearer(tk)),
    },
    {
      name: 'cancel a handover someone else opened',
      write: true,
      allowed: ['org-admin'],
      prepare: async (org) => ({ id: (await openHandover(org)).handover.id, body: { reason: 'test' } }),
      call: (tk, { id, body }) => t.http().post(`/api/v1/handovers/${id}/cancel`).set(bearer(tk)).send(body!),
    },
    {
      name: 'sign a handover for the outgoing manager (only they sign)',
      write: true,
      allowed: [],
      prepare: async (org) => {
        const { a, handover } = await openHandover(org);
        return { id: handover.id, body: digestSignature(a.card.signature, handover.document.json) };
      },
      call: (tk, { id, body }) =>
        t.http().post(`/api/v1/handovers/${id}/signatures`).set(bearer(tk)).send(body!),
    },
  ];

  for (const action of actions) {
    for (const role of ROLES) {
      const allowed = action.allowed.includes(role);
      it(`${role} may${allowed ? '' : ' not'} ${action.name} in their own organisation`, async () => {
        const target = await action.prepare(own.id);
        const before = await snapshotWithEid(t);
        const response = await action.call(users[role].token, target);
        expect(allowed ? (action.write ? [200, 201] : [200]) : [403]).toContain(response.status);
        if (!allowed || !action.write) expect(await snapshotWithEid(t)).toEqual(before);
      });
      it(`${role} gets 404 to ${action.name} in another tenant's organisation, which stays unchanged`, async () => {
        const target = await action.prepare(other.id);
        const before = await snapshotWithEid(t);
        const response = await action.call(users[role].token, target);
        expect(response.status).toBe(404);
        expect(response.body).toMatchObject({ code: 'NOT_FOUND' });
        const missing = await action.call(users[role].token, { ...target, id: MISSING });
        expect(missing.status).toBe(404);
        expect(missing.body).toEqual(response.body);
        expect(await snapshotWithEid(t)).toEqual(before);
      });
    }
  }

  it("lets the outgoing manager open and cancel a handover of their own certificates, and no one else's", async () => {
    const ssin = uniqueSsin();
    const outgoing = await createUser(t, [{ role: 'certificate-manager', organisationId: own.id }], { ssin });
    const incoming = await person(own.id);
    await insertCertificate(t, { organisationId: own.id, expiresInDays: 400, managerId: outgoing.personId });
    const body = {
      organisationId: own.id,
      fromPersonId: outgoing.personId,
      toPersonId: incoming.id,
      reason: 'Mine',
    };
    const opened = await t
      .http()
      .post('/api/v1/handovers')
      .set(bearer(outgoing.token))
      .send(body)
      .expect(201);
    await t
      .http()
      .post(`/api/v1/handovers/${opened.body.id}/cancel`)
      .set(bearer(outgoing.token))
      .send({ reason: 'changed my mind' })
      .expect(200);
    const theirs = await handoverInput(own.id);
    const before = await snapshotWithEid(t);
    const refused = await t.http().post('/api/v1/handovers').set(bearer(outgoing.token)).send(theirs.body);
    expect(refused.status).toBe(403);
    expect(await snapshotWithEid(t)).toEqual(before);
  });

  it("lists only the caller's organisations' handovers", async () => {
    const mine = await openHandover(own.id);
    const theirs = await openHandover(other.id);
    for (const role of ROLES) {
      const response = await t.http().get('/api/v1/handovers').set(bearer(users[role].token)).expect(200);
      const ids = response.body.map((h: { id: string }) => h.id);
      expect(ids).toContain(mine.handover.id);
      expect(ids).not.toContain(theirs.handover.id);
      expect(new Set(response.body.map((h: { organisationId: string }) => h.organisationId))).toEqual(
        new Set([own.id]),
      );
    }
  });

  it('pages the handovers most recently opened first, each once, with after = the last id', async () => {
    const organisation = await createOrganisation(t);
    const opened: string[] = [];
    for (let i = 0; i < 5; i++) opened.push((await openHandover(organisation.id)).handover.id);
    const list = async (query: string) =>
      (
        await t
          .http()
          .get(`/api/v1/handovers?organisationId=${organisation.id}&${query}`)
          .set(admin())
          .expect(200)
      ).body as { id: string }[];
    const every = (await list('')).map((h) => h.id);
    expect(every).toEqual([...opened].reverse());
    const seen: string[] = [];
    let after = '';
    for (let pages = 0; pages < 5; pages++) {
      const page = await list(`limit=2${after}`);
      seen.push(...page.map((h) => h.id));
      if (page.length < 2) break;
      after = `&after=${page.at(-1)!.id}`;
    }
    expect(seen).toEqual(every);
    for (const query of ['limit=0', 'limit=501', 'limit=x', 'after=x', 'state=open', 'page=2']) {
      const response = await t.http().get(`/api/v1/handovers?${query}`).set(admin());
      expect([query, response.status]).toEqual([query, 400]);
    }
  });

  it('types every handover and eID route in the OpenAPI document (the dashboard client is generated from it)', async () => {
    const paths = (await t.http().get('/api/docs-json').expect(200)).body.paths;
    for (const [method, path, status, schema] of [
      ['post', '/api/v1/auth/eid/challenge', '200', 'EidChallengeDto'],
      ['post', '/api/v1/auth/eid/login', '200', 'LoginResponseDto'],
      ['post', '/api/v1/handovers', '201', 'HandoverDto'],
      ['get', '/api/v1/handovers', '200', 'HandoverDto'],
      ['get', '/api/v1/handovers/{id}', '200', 'HandoverDto'],
      ['post', '/api/v1/handovers/{id}/signatures', '200', 'HandoverDto'],
      ['post', '/api/v1/handovers/{id}/cancel', '200', 'HandoverDto'],
    ] as const) {
      expect(JSON.stringify(paths[path]?.[method]?.responses[status]?.content)).toContain(
        `#/components/schemas/${schema}`,
      );
    }
  });
});
