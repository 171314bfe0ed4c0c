import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { brusselsDate } from '@certdesk/domain';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { insertCertificate } from './support/lifecycle-fixtures.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

type Role = 'org-admin' | 'certificate-manager' | 'viewer';
const ROLES: Role[] = ['org-admin', 'certificate-manager', 'viewer'];
const WRITERS: Role[] = ['org-admin', 'certificate-manager'];
const MISSING = '00000000-0000-4000-8000-000000000000';
const endDate = () => brusselsDate(new Date(Date.now() + 30 * 86_400_000));

interface Action {
  name: string;
  write: boolean;
  allowed: Role[];
  /** A certificate of `organisationId`, made ready for the action by the central administrator. */
  prepare: (organisationId: string) => Promise<string>;
  call: (token: string, certificateId: string) => Promise<{ status: number; body: unknown }>;
}

/**
 * The mute endpoints in the tenancy matrix: in their own organisation org-admins and certificate managers mute and
 * unmute, viewers only read; in another tenant's, every role gets the 404 of a missing certificate and nothing
 * changes.
 */
describe('tenant isolation and roles (mutes)', () => {
  let t: TestApp;
  let own: { id: string };
  let other: { id: string };
  let users: Record<Role, TestUser>;

  const admin = () => bearer(t.adminToken);
  const certificate = (organisationId: string) => insertCertificate(t, { organisationId, expiresInDays: 60 });
  async function muted(organisationId: string): Promise<string> {
    const id = await certificate(organisationId);
    await t
      .http()
      .post(`/api/v1/certificates/${id}/mute`)
      .set(admin())
      .send({ reason: 'retired', endDate: endDate() })
      .expect(200);
    return id;
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

  const actions: Action[] = [
    {
      name: "mute a certificate's reminders",
      write: true,
      allowed: WRITERS,
      prepare: certificate,
      call: (tk, id) =>
        t
          .http()
          .post(`/api/v1/certificates/${id}/mute`)
          .set(bearer(tk))
          .send({ reason: 'retired', endDate: endDate() }),
    },
    {
      name: "unmute a certificate's reminders",
      write: true,
      allowed: WRITERS,
      prepare: muted,
      call: (tk, id) => t.http().delete(`/api/v1/certificates/${id}/mute`).set(bearer(tk)),
    },
    {
      name: "mute a certificate's warning",
      write: true,
      allowed: WRITERS,
      prepare: certificate,
      call: (tk, id) =>
        t
          .http()
          .post(`/api/v1/certificates/${id}/warnings/KEYSTORE_LOCATION_UNKNOWN/mute`)
          .set(bearer(tk))
          .send({ reason: 'retired', endDate: endDate() }),
    },
    {
      name: "unmute a certificate's warning",
      write: true,
      allowed: WRITERS,
      prepare: async (organisationId) => {
        const id = await certificate(organisationId);
        await t
          .http()
          .post(`/api/v1/certificates/${id}/warnings/KEYSTORE_LOCATION_UNKNOWN/mute`)
          .set(admin())
          .send({ reason: 'retired', endDate: endDate() })
          .expect(200);
        return id;
      },
      call: (tk, id) =>
        t.http().delete(`/api/v1/certificates/${id}/warnings/KEYSTORE_LOCATION_UNKNOWN/mute`).set(bearer(tk)),
    },
    {
      name: "mute an organisation's warning",
      write: true,
      allowed: WRITERS,
      prepare: async (organisationId) => organisationId,
      call: (tk, id) =>
        t
          .http()
          .post(`/api/v1/organisations/${id}/warnings/NO_GENERIC_CONTACT/mute`)
          .set(bearer(tk))
          .send({ reason: 'other', note: 'info@ address requested', endDate: endDate() }),
    },
    {
      name: "unmute an organisation's warning",
      write: true,
      allowed: WRITERS,
      prepare: async (organisationId) => {
        await t
          .http()
          .post(`/api/v1/organisations/${organisationId}/warnings/MANAGER_LEFT/mute`)
          .set(admin())
          .send({ reason: 'retired', endDate: endDate() })
          .expect(200);
        return organisationId;
      },
      call: (tk, id) =>
        t.http().delete(`/api/v1/organisations/${id}/warnings/MANAGER_LEFT/mute`).set(bearer(tk)),
    },
    {
      name: "read a certificate's mutes",
      write: false,
      allowed: ROLES,
      prepare: muted,
      call: (tk, id) => t.http().get(`/api/v1/certificates/${id}/mutes`).set(bearer(tk)),
    },
  ];

  for (const action of actions) {
    for (const role of ROLES) {
      const allowed = action.allowed.includes(role);
      it(`${role} may${allowed ? '' : ' not'} ${action.name} in their own organisation`, async () => {
        const id = await action.prepare(own.id);
        const before = await snapshot(t);
        const response = await action.call(users[role].token, id);
        expect(allowed ? (action.write ? [200, 204] : [200]) : [403]).toContain(response.status);
        if (!allowed || !action.write) expect(await snapshot(t)).toEqual(before);
        else expect(await snapshot(t)).not.toEqual(before);
      });
      it(`${role} gets 404 to ${action.name} in another tenant's organisation, which stays unchanged`, async () => {
        const id = await action.prepare(other.id);
        const before = await snapshot(t);
        const response = await action.call(users[role].token, id);
        expect(response.status).toBe(404);
        expect(response.body).toMatchObject({ code: 'NOT_FOUND' });
        const missing = await action.call(users[role].token, MISSING);
        expect(missing.status).toBe(404);
        expect(missing.body).toEqual(response.body);
        expect(await snapshot(t)).toEqual(before);
      });
    }
  }

  it("shows another tenant's mute to nobody: the lists of mutes and certificates of the own organisation only", async () => {
    const foreign = await muted(other.id);
    const mine = await muted(own.id);
    for (const role of ROLES) {
      const mutes = await t.http().get('/api/v1/mutes').set(bearer(users[role].token)).expect(200);
      const muted = (mutes.body.mutes as { certificateId: string; organisationId: string }[]).map(
        (m) => m.certificateId,
      );
      expect(muted).toContain(mine);
      expect(muted).not.toContain(foreign);
      const theirs = await t
        .http()
        .get(`/api/v1/mutes?organisationId=${other.id}`)
        .set(bearer(users[role].token));
      expect(theirs.status).toBe(404);
      const missing = await t
        .http()
        .get(`/api/v1/mutes?organisationId=${MISSING}`)
        .set(bearer(users[role].token));
      expect(missing.body).toEqual(theirs.body);
      const list = await t
        .http()
        .get('/api/v1/certificates?limit=500')
        .set(bearer(users[role].token))
        .expect(200);
      const ids = ((list.body.items ?? list.body) as { id: string }[]).map((c) => c.id);
      expect(ids).not.toContain(foreign);
    }
  });
});
