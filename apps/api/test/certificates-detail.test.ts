import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildEhealthKeystore, type TestPki } from '@certdesk/pki/testing';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, uniqueCbe, type TestUser } from './support/fixtures.js';
import { KEYSTORE_PASSWORD, testPki, upload } from './support/import-fixtures.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

const DAY = 86_400_000;
const MISSING = '00000000-0000-4000-8000-000000000000';

/** GET/PATCH /api/v1/certificates/:id and the deployments of a certificate. */
describe('certificate detail, editing and deployments', () => {
  let t: TestApp;
  let pki: TestPki;
  let org: { id: string; name: string };
  let cbe: string;
  let manager: TestUser;
  let custodianId: string;
  let leaverId: string;
  let strangerId: string;
  let serial = 0;

  beforeAll(async () => {
    t = await startTestApp();
    pki = await testPki();
    cbe = uniqueCbe();
    org = await createOrganisation(t, { identifiers: [{ type: 'CBE', value: cbe }] });
    const other = await createOrganisation(t);
    manager = await createUser(t, [{ role: 'certificate-manager', organisationId: org.id }]);
    const person = (name: string, organisationId: string, employed = true) =>
      t
        .http()
        .post('/api/v1/people')
        .set(bearer(t.adminToken))
        .send({ name, memberships: [{ organisationId, employed }] })
        .expect(201)
        .then((r) => r.body.id as string);
    custodianId = await person('Paul Custodian', org.id);
    leaverId = await person('Lea Left', org.id, false);
    strangerId = await person('Stan Stranger', other.id);
  });
  afterAll(() => t.close());

  /** Imports a fresh certificate of the organisation (in a keystore when asked) and returns its id. */
  async function importCertificate(
    options: { keystore?: boolean; expiresInDays?: number } = {},
  ): Promise<string> {
    const notAfter = new Date(Date.now() + (options.expiresInDays ?? 400) * DAY);
    const certificate = await pki.issueEhealthCertificate({
      identifierType: 'CBE',
      identifierValue: cbe,
      holderName: 'Detail Test',
      applicationId: `APP${++serial}`,
      notBefore: new Date(notAfter.getTime() - 3 * 365 * DAY),
      notAfter,
    });
    const file = options.keystore
      ? {
          name: 'ks.p12',
          bytes: await buildEhealthKeystore({
            password: KEYSTORE_PASSWORD,
            encryption: 'modern',
            authentication: certificate,
            etk: [await pki.issueEtkCertificate(certificate)],
          }),
        }
      : { name: 'cert.pem', bytes: certificate.pem };
    const response = await upload(t, manager.token, [file], {
      organisationId: org.id,
      password: options.keystore ? KEYSTORE_PASSWORD : undefined,
      host: options.keystore ? 'PC-1' : undefined,
      path: options.keystore ? '/home/marie/ehealth/keystore' : undefined,
    }).expect(200);
    return response.body.files[0].certificates[0].certificateId;
  }
  const get = (id: string, token = manager.token) =>
    t.http().get(`/api/v1/certificates/${id}`).set(bearer(token));
  const patch = (id: string, body: object) =>
    t.http().patch(`/api/v1/certificates/${id}`).set(bearer(manager.token)).send(body);

  describe('GET /api/v1/certificates/:id', () => {
    it('shows the keystore with its entries, deployments, lifecycle and audit trail (newest first)', async () => {
      const id = await importCertificate({ keystore: true, expiresInDays: 40 });
      await t
        .http()
        .post(`/api/v1/certificates/${id}/deployments`)
        .set(bearer(manager.token))
        .send({ software: 'CareConnect', integrator: 'Acme', contactEmail: 'Support@Acme.be' })
        .expect(201);
      const renewal = await t
        .http()
        .post(`/api/v1/certificates/${id}/renewals`)
        .set(bearer(manager.token))
        .send({ note: 'sent from the eHealth tool' })
        .expect(201);
      await t
        .http()
        .post(`/api/v1/certificates/${id}/password-changes`)
        .set(bearer(manager.token))
        .send({ changedOn: '2024-01-15', custodianId, note: 'new password in the safe' })
        .expect(201);
      await t
        .http()
        .post(`/api/v1/certificates/${id}/revoke`)
        .set(bearer(manager.token))
        .send({ reason: 'keystore-lost', revokedOn: '2024-02-01', note: 'the PC died' })
        .expect(200);

      const { body } = await get(id).expect(200);
      expect(body).toMatchObject({
        id,
        organisationId: org.id,
        organisationName: org.name,
        state: 'revoked',
        hasPrivateKey: true,
        alias: 'authentication',
        passwordCustodian: { id: custodianId, name: 'Paul Custodian', employed: true },
        keystore: {
          fileName: 'ks.p12',
          host: 'PC-1',
          path: '/home/marie/ehealth/keystore',
          encryption: 'modern',
        },
        deployments: [
          { software: 'CareConnect', integrator: 'Acme', contactEmail: 'support@acme.be', notes: '' },
        ],
      });
      expect(body.keystore.entries.map((e: { role: string }) => e.role).sort()).toEqual([
        'authentication',
        'etk',
      ]);
      const { lifecycle } = body;
      expect(lifecycle.renewals).toEqual([
        expect.objectContaining({ id: renewal.body.id, state: 'abandoned', open: false }),
      ]);
      expect(lifecycle.renewals[0]).not.toHaveProperty('certificate');
      expect(lifecycle.renewals[0].steps[0]).toMatchObject({
        action: 'renewal.started',
        note: 'sent from the eHealth tool',
        by: expect.stringContaining(manager.email),
      });
      expect(lifecycle.revocation).toMatchObject({
        reason: 'keystore-lost',
        revokedOn: '2024-02-01',
        note: 'the PC died',
      });
      expect(lifecycle.newRequests).toEqual([
        expect.objectContaining({ replacesCertificateId: id, state: 'requested' }),
      ]);
      expect(lifecycle.passwordChanges).toEqual([
        expect.objectContaining({
          changedOn: '2024-01-15',
          custodian: { id: custodianId, name: 'Paul Custodian', employed: true },
          note: 'new password in the safe',
        }),
      ]);
      const actions = body.audit.map((e: { action: string }) => e.action);
      expect(actions[0]).toBe('certificate.revoked');
      expect(actions[actions.length - 1]).toBe('certificate.imported');
      const ids = body.audit.map((e: { id: string }) => Number(e.id));
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
    });

    it('answers 404 for a missing certificate and 400 for a malformed id', async () => {
      expect((await get(MISSING).expect(404)).body).toMatchObject({
        code: 'NOT_FOUND',
        message: 'certificate not found',
      });
      await get('not-a-uuid').expect(400);
    });
  });

  describe('PATCH /api/v1/certificates/:id', () => {
    it('sets the password custodian, keystore location, usages and notes, audited with before and after', async () => {
      const id = await importCertificate();
      const { body } = await patch(id, {
        passwordCustodianId: custodianId,
        keystore: { fileName: 'CBE.p12', host: 'PC-2', path: 'C:\\certs\\CBE.p12' },
        usages: ['Timestamping', 'ConsultRN'],
        notes: 'Used by the dispatch software',
      }).expect(200);
      expect(body).toMatchObject({
        id,
        passwordCustodian: { id: custodianId },
        keystore: { fileName: 'CBE.p12', host: 'PC-2', path: 'C:\\certs' },
        usages: ['Timestamping', 'ConsultRN'],
        notes: 'Used by the dispatch software',
      });
      const detail = (await get(id).expect(200)).body;
      expect(detail.audit[0]).toMatchObject({
        action: 'certificate.updated',
        before: { passwordCustodian: null, keystore: null, usages: [], notes: '' },
        after: {
          passwordCustodian: { id: custodianId },
          keystore: { fileName: 'CBE.p12' },
          usages: ['Timestamping', 'ConsultRN'],
          notes: 'Used by the dispatch software',
        },
      });

      // Only what is sent changes, and the audit names only that.
      const cleared = await patch(id, { passwordCustodianId: null, keystore: null }).expect(200);
      expect(cleared.body).toMatchObject({
        passwordCustodian: null,
        keystore: null,
        usages: ['Timestamping', 'ConsultRN'],
      });
      const audit = (await get(id).expect(200)).body.audit[0];
      expect(Object.keys(audit.after).sort()).toEqual(['keystore', 'passwordCustodian']);
    });

    it('moves a known keystore to a new place with its entries', async () => {
      const id = await importCertificate({ keystore: true });
      await patch(id, { keystore: { fileName: 'moved.p12', host: 'PC-NEW', path: null } }).expect(200);
      const detail = (await get(id).expect(200)).body;
      expect(detail.keystore).toMatchObject({
        fileName: 'moved.p12',
        host: 'PC-NEW',
        path: null,
        encryption: 'modern',
      });
      expect(detail.keystore.entries.map((e: { role: string }) => e.role).sort()).toEqual([
        'authentication',
        'etk',
      ]);
    });

    it.each([
      [
        'a custodian outside the organisation',
        () => ({ passwordCustodianId: strangerId }),
        422,
        'NOT_A_MEMBER',
      ],
      ['a custodian who has left', () => ({ passwordCustodianId: leaverId }), 422, 'PERSON_HAS_LEFT'],
      ['an unknown usage', () => ({ usages: ['Timestamping', 'Mining'] }), 400, 'BAD_REQUEST'],
      ['a usage twice', () => ({ usages: ['Codage', 'Codage'] }), 400, 'BAD_REQUEST'],
      [
        'a keystore file name with folders',
        () => ({ keystore: { fileName: '../x.p12' } }),
        400,
        'BAD_REQUEST',
      ],
      ['the manager (changed by reassignment only)', () => ({ managerId: custodianId }), 400, 'BAD_REQUEST'],
    ])('refuses %s and changes nothing', async (_, body, status, code) => {
      const id = await importCertificate();
      const before = await snapshot(t);
      const response = await patch(id, body()).expect(status);
      expect(response.body.code).toBe(code);
      expect(await snapshot(t)).toEqual(before);
    });

    it('answers 404 for a missing certificate', async () => {
      await patch(MISSING, { notes: 'x' }).expect(404);
    });
  });

  describe('deployments', () => {
    it('adds, changes and removes a deployment, each audited on the certificate', async () => {
      const id = await importCertificate();
      const added = await t
        .http()
        .post(`/api/v1/certificates/${id}/deployments`)
        .set(bearer(manager.token))
        .send({ software: ' Dispatch ', contactEmail: 'ops@vendor.be', notes: 'since 2023' })
        .expect(201);
      expect(added.body).toMatchObject({
        id: expect.any(String),
        certificateId: id,
        software: 'Dispatch',
        integrator: null,
        contactEmail: 'ops@vendor.be',
        notes: 'since 2023',
      });
      const deploymentId = added.body.id;
      const changed = await t
        .http()
        .patch(`/api/v1/deployments/${deploymentId}`)
        .set(bearer(manager.token))
        .send({ integrator: 'Vendor SA', contactEmail: null })
        .expect(200);
      expect(changed.body).toMatchObject({
        software: 'Dispatch',
        integrator: 'Vendor SA',
        contactEmail: null,
      });
      await t.http().delete(`/api/v1/deployments/${deploymentId}`).set(bearer(manager.token)).expect(204);
      await t.http().delete(`/api/v1/deployments/${deploymentId}`).set(bearer(manager.token)).expect(404);

      const detail = (await get(id).expect(200)).body;
      expect(detail.deployments).toEqual([]);
      expect(detail.audit.slice(0, 3)).toEqual([
        expect.objectContaining({
          action: 'deployment.removed',
          before: expect.objectContaining({ id: deploymentId }),
        }),
        expect.objectContaining({
          action: 'deployment.updated',
          before: expect.objectContaining({ integrator: null, contactEmail: 'ops@vendor.be' }),
          after: expect.objectContaining({ integrator: 'Vendor SA', contactEmail: null }),
        }),
        expect.objectContaining({
          action: 'deployment.added',
          after: expect.objectContaining({ software: 'Dispatch' }),
        }),
      ]);
    });

    it.each([
      ['no software', { integrator: 'x' }],
      ['an empty software', { software: '' }],
      ['a bad e-mail', { software: 'x', contactEmail: 'not-an-email' }],
      ['an unknown field', { software: 'x', password: 'secret' }],
    ])('refuses a deployment with %s (400) and writes nothing', async (_, body) => {
      const id = await importCertificate();
      const before = await snapshot(t);
      await t
        .http()
        .post(`/api/v1/certificates/${id}/deployments`)
        .set(bearer(manager.token))
        .send(body)
        .expect(400);
      expect(await snapshot(t)).toEqual(before);
    });

    it('answers 404 for a deployment of a missing certificate or a missing deployment', async () => {
      const before = await snapshot(t);
      await t
        .http()
        .post(`/api/v1/certificates/${MISSING}/deployments`)
        .set(bearer(manager.token))
        .send({ software: 'x' })
        .expect(404);
      await t
        .http()
        .patch(`/api/v1/deployments/${MISSING}`)
        .set(bearer(manager.token))
        .send({ notes: 'x' })
        .expect(404);
      await t.http().delete(`/api/v1/deployments/${MISSING}`).set(bearer(manager.token)).expect(404);
      expect(await snapshot(t)).toEqual(before);
    });
  });
});
