import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { brusselsDate } from '@certdesk/domain';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { insertCertificate, rows } from './support/lifecycle-fixtures.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

const today = () => brusselsDate(new Date());
const DAY = 86_400_000;

describe('revocation and new requests', () => {
  let t: TestApp;
  let org: { id: string };
  let manager: TestUser;

  const revoke = (certificateId: string, body: object, token = manager.token) =>
    t.http().post(`/api/v1/certificates/${certificateId}/revoke`).set(bearer(token)).send(body);
  const openRequest = (body: object, token = manager.token) =>
    t.http().post('/api/v1/new-requests').set(bearer(token)).send(body);

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t);
    manager = await createUser(t, [{ role: 'certificate-manager', organisationId: org.id }]);
  });
  afterAll(() => t.close());

  describe('revoking a certificate', () => {
    it('revokes it, abandons its open renewal, opens a new request for the replacement and tells the notifier', async () => {
      const certificateId = await insertCertificate(t, {
        organisationId: org.id,
        expiresInDays: 40,
        identifierType: 'NIHII-AMBU_SERVICE',
        identifierValue: '79609977',
        applicationId: 'DISPATCH',
      });
      const renewal = await t
        .http()
        .post(`/api/v1/certificates/${certificateId}/renewals`)
        .set(bearer(manager.token))
        .send({})
        .expect(201);
      await t
        .http()
        .post(`/api/v1/renewals/${renewal.body.id}/complete`)
        .set(bearer(manager.token))
        .send({})
        .expect(200);

      const response = await revoke(certificateId, {
        reason: 'password-lost',
        revokedOn: today(),
        note: 'signed form e-mailed to eHealth',
      }).expect(200);
      expect(response.body).toMatchObject({
        certificateId,
        reason: 'password-lost',
        ehealthReason: 'Forgotten password',
        revokedOn: today(),
        note: 'signed form e-mailed to eHealth',
        recordedById: manager.id,
        abandonedRenewalCaseId: renewal.body.id,
        certificate: {
          id: certificateId,
          state: 'revoked',
          revocationReason: 'password-lost',
          renewal: null,
        },
        newRequest: {
          organisationId: org.id,
          identifierType: 'NIHII-AMBU_SERVICE',
          identifierValue: '79609977',
          applicationId: 'DISPATCH',
          state: 'requested',
          replacesCertificateId: certificateId,
          requestedById: manager.id,
        },
      });
      expect(brusselsDate(new Date(response.body.certificate.revokedAt))).toBe(today());
      expect(response.body.newRequest.steps).toEqual([
        expect.objectContaining({ action: 'new-request.opened', state: 'requested', byUserId: manager.id }),
      ]);

      const cases = await t
        .http()
        .get(`/api/v1/renewals?organisationId=${org.id}&state=abandoned`)
        .set(bearer(manager.token))
        .expect(200);
      const abandoned = cases.body.find((c: { id: string }) => c.id === renewal.body.id);
      expect(abandoned).toMatchObject({
        state: 'abandoned',
        abandonReason: expect.stringMatching(/revoked/),
      });
      expect(abandoned.steps.at(-1)).toMatchObject({ action: 'renewal.abandoned', state: 'abandoned' });

      const [message] = await rows<{ payload: unknown }>(
        t,
        "SELECT payload FROM outbox_message WHERE topic = 'certificate.revoked' AND payload->>'certificateId' = $1",
        [certificateId],
      );
      expect(message!.payload).toEqual({
        organisationId: org.id,
        certificateId,
        reason: 'password-lost',
        revokedOn: today(),
        newRequestId: response.body.newRequest.id,
      });
      const audit = await t
        .http()
        .get(`/api/v1/audit?certificateId=${certificateId}&action=certificate.revoked`)
        .set(bearer(manager.token))
        .expect(200);
      expect(audit.body.items).toHaveLength(1);
      expect(audit.body.items[0]).toMatchObject({
        before: { state: 'active', revocationReason: null },
        after: {
          state: 'revoked',
          revocationReason: 'password-lost',
          note: 'signed form e-mailed to eHealth',
        },
      });
    });

    it('refuses to revoke twice, and changes nothing', async () => {
      const certificateId = await insertCertificate(t, { organisationId: org.id, expiresInDays: 400 });
      await revoke(certificateId, { reason: 'replaced', revokedOn: today() }).expect(200);
      const before = await snapshot(t);
      const again = await revoke(certificateId, { reason: 'other', revokedOn: today() }).expect(409);
      expect(again.body).toMatchObject({ code: 'ALREADY_REVOKED' });
      expect(await snapshot(t)).toEqual(before);
    });

    it('only one of many concurrent revocations wins', async () => {
      const certificateId = await insertCertificate(t, { organisationId: org.id, expiresInDays: 400 });
      const responses = await Promise.all(
        Array.from({ length: 4 }, () =>
          revoke(certificateId, { reason: 'key-compromised', revokedOn: today() }),
        ),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
      expect(
        await rows(t, 'SELECT id FROM new_request WHERE replaces_certificate_id = $1', [certificateId]),
      ).toHaveLength(1);
    });

    it('opens no new request when told not to, and accepts a past date', async () => {
      const certificateId = await insertCertificate(t, { organisationId: org.id, expiresInDays: 400 });
      const lastWeek = brusselsDate(new Date(Date.now() - 7 * DAY));
      const response = await revoke(certificateId, {
        reason: 'manager-left',
        revokedOn: lastWeek,
        openNewRequest: false,
      }).expect(200);
      expect(response.body).toMatchObject({
        revokedOn: lastWeek,
        newRequest: null,
        abandonedRenewalCaseId: null,
      });
      expect(brusselsDate(new Date(response.body.certificate.revokedAt))).toBe(lastWeek);
    });

    it.each([
      [{ reason: 'stolen', revokedOn: '2025-01-01' }, 400],
      [{ reason: 'other', revokedOn: '2025-02-30' }, 400],
      [{ reason: 'other', revokedOn: '2025-01-01T10:00:00Z' }, 400],
      [{ reason: 'other' }, 400],
      [{ reason: 'other', revokedOn: brusselsDate(new Date(Date.now() + 3 * DAY)) }, 422],
    ])('refuses %j with %i and writes nothing', async (body, status) => {
      const certificateId = await insertCertificate(t, { organisationId: org.id, expiresInDays: 400 });
      const before = await snapshot(t);
      const response = await revoke(certificateId, body).expect(status);
      if (status === 422) expect(response.body.code).toBe('DATE_IN_FUTURE');
      expect(await snapshot(t)).toEqual(before);
    });
  });

  describe('new requests', () => {
    it('opens one with an identifier checked by libs/domain, then completes it with the certificate it produced', async () => {
      const opened = await openRequest({
        organisationId: org.id,
        identifierType: 'CBE',
        identifierValue: 'BE0566.988.259',
        applicationId: 'rééducation',
        note: 'requested from the reception PC',
      }).expect(201);
      expect(opened.body).toMatchObject({
        identifierType: 'CBE',
        identifierValue: '0566988259',
        applicationId: 'REEDUCATION',
        state: 'requested',
        note: 'requested from the reception PC',
        replacesCertificateId: null,
        completedAt: null,
      });
      const produced = await insertCertificate(t, {
        organisationId: org.id,
        expiresInDays: 1000,
        identifierType: 'CBE',
        identifierValue: '0566988259',
        applicationId: 'REEDUCATION',
      });
      const completed = await t
        .http()
        .post(`/api/v1/new-requests/${opened.body.id}/complete`)
        .set(bearer(manager.token))
        .send({ certificateId: produced, note: 'installed' })
        .expect(200);
      expect(completed.body).toMatchObject({ state: 'completed', completedCertificateId: produced });
      expect(completed.body.completedAt).toEqual(expect.any(String));
      expect(
        completed.body.steps.map((s: { action: string; note: string | null }) => [s.action, s.note]),
      ).toEqual([
        ['new-request.opened', 'requested from the reception PC'],
        ['new-request.completed', 'installed'],
      ]);
      const before = await snapshot(t);
      const again = await t
        .http()
        .post(`/api/v1/new-requests/${opened.body.id}/abandon`)
        .set(bearer(manager.token))
        .send({ reason: 'too late' })
        .expect(409);
      expect(again.body.code).toBe('CASE_CLOSED');
      expect(await snapshot(t)).toEqual(before);
    });

    it('completes without a certificate, and abandons with a reason', async () => {
      const body = { organisationId: org.id, identifierType: 'NIHII-HOSPITAL', identifierValue: '71000436' };
      const first = await openRequest(body).expect(201);
      await t
        .http()
        .post(`/api/v1/new-requests/${first.body.id}/complete`)
        .set(bearer(manager.token))
        .send({})
        .expect(200);
      const second = await openRequest(body).expect(201);
      await t
        .http()
        .post(`/api/v1/new-requests/${second.body.id}/abandon`)
        .set(bearer(manager.token))
        .send({})
        .expect(400);
      const abandoned = await t
        .http()
        .post(`/api/v1/new-requests/${second.body.id}/abandon`)
        .set(bearer(manager.token))
        .send({ reason: 'requested twice' })
        .expect(200);
      expect(abandoned.body).toMatchObject({ state: 'abandoned', completedAt: null });
      expect(abandoned.body.steps.at(-1)).toMatchObject({
        action: 'new-request.abandoned',
        note: 'requested twice',
      });

      const listed = await t
        .http()
        .get(`/api/v1/new-requests?organisationId=${org.id}&state=abandoned`)
        .set(bearer(manager.token))
        .expect(200);
      expect(listed.body.map((r: { id: string }) => r.id)).toContain(second.body.id);
      expect(listed.body.every((r: { state: string }) => r.state === 'abandoned')).toBe(true);
      const open = await t
        .http()
        .get('/api/v1/new-requests?state=open')
        .set(bearer(manager.token))
        .expect(200);
      expect(open.body.every((r: { state: string }) => r.state === 'requested')).toBe(true);
    });

    it.each([
      [{ identifierType: 'CBE', identifierValue: '0566988258' }, 'INVALID_IDENTIFIER'],
      [{ identifierType: 'CBE', identifierValue: '12345' }, 'INVALID_IDENTIFIER'],
      [{ identifierType: 'NOPE', identifierValue: '12345678' }, 'UNKNOWN_IDENTIFIER_TYPE'],
      [
        { identifierType: 'CBE', identifierValue: '0566988259', applicationId: 'with space!' },
        'INVALID_APPLICATION_ID',
      ],
    ])('refuses %j (%s) and writes nothing', async (fields, code) => {
      const before = await snapshot(t);
      const response = await openRequest({ organisationId: org.id, ...fields }).expect(422);
      expect(response.body.code).toBe(code);
      expect(await snapshot(t)).toEqual(before);
    });

    it('opens one replacing an expired certificate, shown on its page, once at a time', async () => {
      const expired = await insertCertificate(t, {
        organisationId: org.id,
        expiresInDays: -10,
        identifierType: 'CBE',
        identifierValue: '0566988259',
        applicationId: 'EXPIRED-APP',
      });
      const body = {
        organisationId: org.id,
        identifierType: 'CBE',
        identifierValue: '0566988259',
        applicationId: 'EXPIRED-APP',
        replacesCertificateId: expired,
      };
      const opened = await openRequest({ ...body, note: 'after expiry' }).expect(201);
      expect(opened.body).toMatchObject({ replacesCertificateId: expired, state: 'requested' });
      const detail = await t
        .http()
        .get(`/api/v1/certificates/${expired}`)
        .set(bearer(manager.token))
        .expect(200);
      expect(detail.body.lifecycle.newRequests).toEqual([
        expect.objectContaining({ id: opened.body.id, state: 'requested', note: 'after expiry' }),
      ]);
      expect(detail.body.audit[0]).toMatchObject({
        action: 'new-request.opened',
        certificateId: expired,
        after: expect.objectContaining({ newRequestId: opened.body.id, replacesCertificateId: expired }),
      });

      const before = await snapshot(t);
      const again = await openRequest(body).expect(409);
      expect(again.body.code).toBe('NEW_REQUEST_ALREADY_OPEN');
      expect(await snapshot(t)).toEqual(before);
      // Once that one is abandoned, another may replace the certificate.
      await t
        .http()
        .post(`/api/v1/new-requests/${opened.body.id}/abandon`)
        .set(bearer(manager.token))
        .send({ reason: 'sent with the wrong contact address' })
        .expect(200);
      await openRequest(body).expect(201);
    });

    it('replaces only an expired or revoked certificate of the organisation, for its identifier', async () => {
      const valid = await insertCertificate(t, { organisationId: org.id, expiresInDays: 200 });
      const expired = await insertCertificate(t, { organisationId: org.id, expiresInDays: -1 });
      const otherTenant = await createOrganisation(t);
      const elsewhere = await insertCertificate(t, { organisationId: otherTenant.id, expiresInDays: -5 });
      const request = { organisationId: org.id, identifierType: 'CBE', identifierValue: '0566988259' };
      const before = await snapshot(t);
      const stillValid = await openRequest({ ...request, replacesCertificateId: valid }).expect(422);
      expect(stillValid.body.code).toBe('CERTIFICATE_STILL_VALID');
      const mismatch = await openRequest({
        ...request,
        identifierType: 'NIHII-HOSPITAL',
        identifierValue: '71000436',
        replacesCertificateId: expired,
      }).expect(422);
      expect(mismatch.body.code).toBe('CERTIFICATE_MISMATCH');
      const otherApplication = await openRequest({
        ...request,
        applicationId: 'OTHER',
        replacesCertificateId: expired,
      }).expect(422);
      expect(otherApplication.body.code).toBe('CERTIFICATE_MISMATCH');
      // Another tenant's certificate is not found, exactly like a missing one.
      const hidden = await openRequest({ ...request, replacesCertificateId: elsewhere }).expect(404);
      const missing = await openRequest({
        ...request,
        replacesCertificateId: '00000000-0000-4000-8000-000000000000',
      }).expect(404);
      expect(hidden.body).toEqual(missing.body);
      await openRequest({ ...request, replacesCertificateId: 'not-a-uuid' }).expect(400);
      expect(await snapshot(t)).toEqual(before);

      // A revocation opens its replacement itself: a second one is refused.
      await revoke(valid, { reason: 'keystore-lost', revokedOn: today() }).expect(200);
      const duplicate = await openRequest({ ...request, replacesCertificateId: valid }).expect(409);
      expect(duplicate.body.code).toBe('NEW_REQUEST_ALREADY_OPEN');
    });

    it('links only a certificate of the organisation for the identifier requested', async () => {
      const opened = await openRequest({
        organisationId: org.id,
        identifierType: 'CBE',
        identifierValue: '0566988259',
      }).expect(201);
      const other = await insertCertificate(t, {
        organisationId: org.id,
        expiresInDays: 900,
        identifierType: 'NIHII-HOSPITAL',
        identifierValue: '71000436',
      });
      const otherTenant = await createOrganisation(t);
      const elsewhere = await insertCertificate(t, { organisationId: otherTenant.id, expiresInDays: 900 });
      const before = await snapshot(t);
      const response = await t
        .http()
        .post(`/api/v1/new-requests/${opened.body.id}/complete`)
        .set(bearer(manager.token))
        .send({ certificateId: other })
        .expect(422);
      expect(response.body).toMatchObject({ code: 'CERTIFICATE_MISMATCH' });
      expect(response.body.message).toContain('NIHII-HOSPITAL=71000436');
      await t
        .http()
        .post(`/api/v1/new-requests/${opened.body.id}/complete`)
        .set(bearer(manager.token))
        .send({ certificateId: elsewhere })
        .expect(404);
      expect(await snapshot(t)).toEqual(before);
    });
  });
});
