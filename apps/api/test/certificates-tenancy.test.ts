import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestPki } from '@certdesk/pki/testing';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, uniqueCbe, type TestUser } from './support/fixtures.js';
import { testPki, upload } from './support/import-fixtures.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

type Role = 'org-admin' | 'certificate-manager' | 'viewer';
const ROLES: Role[] = ['org-admin', 'certificate-manager', 'viewer'];
const MISSING = '00000000-0000-4000-8000-000000000000';

/** What an action works on in one organisation, made fresh for each call by the central administrator. */
interface Target {
  organisationId: string;
  certificateId: string;
  deploymentId: string;
  /** A certificate of this organisation that is not imported yet. */
  newCertificatePem: string;
}

/**
 * Import, certificate detail and editing, deployments: for each role, in their own organisation and in another
 * tenant's. Another tenant's objects answer 404 exactly like missing ones, and nothing changes.
 */
describe('tenant isolation and roles (certificate import, detail, editing, deployments)', () => {
  let t: TestApp;
  let pki: TestPki;
  const organisations: Record<'own' | 'other', { id: string; cbe: string }> = {} as never;
  let users: Record<Role, TestUser>;
  let serial = 0;

  beforeAll(async () => {
    t = await startTestApp();
    pki = await testPki();
    for (const key of ['own', 'other'] as const) {
      const cbe = uniqueCbe();
      const { id } = await createOrganisation(t, { identifiers: [{ type: 'CBE', value: cbe }] });
      organisations[key] = { id, cbe };
    }
    users = {
      'org-admin': await createUser(t, [{ role: 'org-admin', organisationId: organisations.own.id }]),
      'certificate-manager': await createUser(t, [
        { role: 'certificate-manager', organisationId: organisations.own.id },
      ]),
      viewer: await createUser(t, [{ role: 'viewer', organisationId: organisations.own.id }]),
    };
  });
  afterAll(() => t.close());

  async function mint(cbe: string): Promise<string> {
    const certificate = await pki.issueEhealthCertificate({
      identifierType: 'CBE',
      identifierValue: cbe,
      holderName: 'Tenancy',
      applicationId: `T${++serial}`,
    });
    return certificate.pem;
  }

  async function prepare(key: 'own' | 'other'): Promise<Target> {
    const { id: organisationId, cbe } = organisations[key];
    const imported = await upload(t, t.adminToken, [{ name: 'c.pem', bytes: await mint(cbe) }], {
      organisationId,
    }).expect(200);
    const certificateId = imported.body.files[0].certificates[0].certificateId;
    const deployment = await t
      .http()
      .post(`/api/v1/certificates/${certificateId}/deployments`)
      .set(bearer(t.adminToken))
      .send({ software: 'Dispatch' })
      .expect(201);
    return {
      organisationId,
      certificateId,
      deploymentId: deployment.body.id,
      newCertificatePem: await mint(cbe),
    };
  }

  interface Action {
    name: string;
    write: boolean;
    allowed: Role[];
    call: (token: string, target: Target) => Promise<{ status: number; body: unknown }>;
    /** The same call on objects that do not exist. */
    missing: (target: Target) => Target;
  }

  const actions: Action[] = [
    {
      name: 'import a certificate',
      write: true,
      allowed: ['org-admin', 'certificate-manager'],
      call: (tk, x) =>
        upload(t, tk, [{ name: 'new.pem', bytes: x.newCertificatePem }], {
          organisationId: x.organisationId,
        }),
      missing: (x) => ({ ...x, organisationId: MISSING }),
    },
    {
      name: 'read a certificate',
      write: false,
      allowed: ROLES,
      call: (tk, x) => t.http().get(`/api/v1/certificates/${x.certificateId}`).set(bearer(tk)),
      missing: (x) => ({ ...x, certificateId: MISSING }),
    },
    {
      name: 'change a certificate',
      write: true,
      allowed: ['org-admin', 'certificate-manager'],
      call: (tk, x) =>
        t
          .http()
          .patch(`/api/v1/certificates/${x.certificateId}`)
          .set(bearer(tk))
          .send({ notes: 'changed', usages: ['Codage'] }),
      missing: (x) => ({ ...x, certificateId: MISSING }),
    },
    {
      name: 'add a deployment',
      write: true,
      allowed: ['org-admin', 'certificate-manager'],
      call: (tk, x) =>
        t
          .http()
          .post(`/api/v1/certificates/${x.certificateId}/deployments`)
          .set(bearer(tk))
          .send({ software: 'Another' }),
      missing: (x) => ({ ...x, certificateId: MISSING }),
    },
    {
      name: 'change a deployment',
      write: true,
      allowed: ['org-admin', 'certificate-manager'],
      call: (tk, x) =>
        t.http().patch(`/api/v1/deployments/${x.deploymentId}`).set(bearer(tk)).send({ notes: 'changed' }),
      missing: (x) => ({ ...x, deploymentId: MISSING }),
    },
    {
      name: 'remove a deployment',
      write: true,
      allowed: ['org-admin', 'certificate-manager'],
      call: (tk, x) => t.http().delete(`/api/v1/deployments/${x.deploymentId}`).set(bearer(tk)),
      missing: (x) => ({ ...x, deploymentId: MISSING }),
    },
  ];

  for (const action of actions) {
    for (const role of ROLES) {
      const allowed = action.allowed.includes(role);
      it(`${role} may${allowed ? '' : ' not'} ${action.name} in their own organisation`, async () => {
        const target = await prepare('own');
        const before = allowed ? null : await snapshot(t);
        const response = await action.call(users[role].token, target);
        expect(allowed ? (action.write ? [200, 201, 204] : [200]) : [403]).toContain(response.status);
        if (before) expect(await snapshot(t)).toEqual(before);
      });
      it(`${role} gets 404 to ${action.name} in another tenant's organisation, which stays unchanged`, async () => {
        const target = await prepare('other');
        const before = await snapshot(t);
        const response = await action.call(users[role].token, target);
        expect(response.status).toBe(404);
        expect(response.body).toMatchObject({ code: 'NOT_FOUND' });
        const missing = await action.call(users[role].token, action.missing(target));
        expect(missing.status).toBe(404);
        expect(missing.body).toEqual(response.body);
        expect(await snapshot(t)).toEqual(before);
      });
    }
  }

  it('the central administrator may do each of them in any organisation', async () => {
    for (const action of actions) {
      const response = await action.call(t.adminToken, await prepare('other'));
      expect(action.write ? [200, 201, 204] : [200]).toContain(response.status);
    }
  });
});
