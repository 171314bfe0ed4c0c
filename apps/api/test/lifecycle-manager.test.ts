import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { brusselsDate } from '@certdesk/domain';
import { ManagerAssignment } from '../src/lifecycle/reassign-manager/manager-assignment.js';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { createPerson, insertCertificate, rows } from './support/lifecycle-fixtures.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

const today = () => brusselsDate(new Date());

describe('password changes and certificate managers', () => {
  let t: TestApp;
  let org: { id: string };
  let otherOrg: { id: string };
  let orgAdmin: TestUser;
  let certificateManager: TestUser;
  let current: string;
  let successor: string;
  let leaver: string;
  let stranger: string;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t);
    otherOrg = await createOrganisation(t);
    orgAdmin = await createUser(t, [{ role: 'org-admin', organisationId: org.id }]);
    certificateManager = await createUser(t, [{ role: 'certificate-manager', organisationId: org.id }]);
    current = await createPerson(t, org.id, { name: 'Anne Current' });
    successor = await createPerson(t, org.id, { name: 'Bram Successor' });
    leaver = await createPerson(t, org.id, { name: 'Chris Leaver', employed: false });
    stranger = await createPerson(t, otherOrg.id, { name: 'Dana Elsewhere' });
  });
  afterAll(() => t.close());

  describe('recording a password change', () => {
    const record = (certificateId: string, body: object, token = certificateManager.token) =>
      t.http().post(`/api/v1/certificates/${certificateId}/password-changes`).set(bearer(token)).send(body);

    it('records when and who knows the new password, who becomes the custodian; never a password', async () => {
      const certificateId = await insertCertificate(t, { organisationId: org.id, expiresInDays: 300 });
      const response = await record(certificateId, {
        changedOn: today(),
        custodianId: successor,
        note: 'after the IT handover',
      }).expect(201);
      expect(response.body).toMatchObject({
        certificateId,
        changedOn: today(),
        custodian: { id: successor, name: 'Bram Successor', employed: true },
        note: 'after the IT handover',
        recordedById: certificateManager.id,
        certificate: { id: certificateId, passwordCustodian: { id: successor } },
      });
      expect(JSON.stringify(response.body)).not.toMatch(/password"\s*:/i);
      const audit = await t
        .http()
        .get(`/api/v1/audit?certificateId=${certificateId}`)
        .set(bearer(certificateManager.token))
        .expect(200);
      expect(audit.body.items[0]).toMatchObject({
        action: 'certificate.password-changed',
        before: { passwordCustodianId: null },
        after: { passwordCustodianId: successor, changedOn: today(), note: 'after the IT handover' },
      });

      // Without a custodian, the one on record stays.
      const again = await record(certificateId, { changedOn: today() }).expect(201);
      expect(again.body).toMatchObject({
        custodian: null,
        certificate: { passwordCustodian: { id: successor } },
      });
    });

    it.each([
      ['a password in the body', () => ({ changedOn: today(), password: 'Secret-123' }), 400, 'BAD_REQUEST'],
      ['a date that is not one', () => ({ changedOn: '14/03/2025' }), 400, 'BAD_REQUEST'],
      ['a future date', () => ({ changedOn: '2999-01-01' }), 422, 'DATE_IN_FUTURE'],
      ['a custodian who left', () => ({ changedOn: today(), custodianId: leaver }), 422, 'PERSON_HAS_LEFT'],
      ["another tenant's person", () => ({ changedOn: today(), custodianId: stranger }), 422, 'NOT_A_MEMBER'],
    ])('refuses %s and writes nothing', async (_, body, status, code) => {
      const certificateId = await insertCertificate(t, { organisationId: org.id, expiresInDays: 300 });
      const before = await snapshot(t);
      const response = await record(certificateId, body()).expect(status);
      expect(response.body.code).toBe(code);
      expect(JSON.stringify(response.body)).not.toContain('Secret-123');
      expect(await snapshot(t)).toEqual(before);
    });

    it('refuses a revoked certificate', async () => {
      const certificateId = await insertCertificate(t, { organisationId: org.id, expiresInDays: 300 });
      await rows(t, "UPDATE certificate SET state = 'revoked' WHERE id = $1", [certificateId]);
      const response = await record(certificateId, { changedOn: today() }).expect(409);
      expect(response.body.code).toBe('CERTIFICATE_REVOKED');
    });
  });

  describe('reassigning the certificate manager', () => {
    const reassign = (certificateId: string, body: object, token = orgAdmin.token) =>
      t.http().put(`/api/v1/certificates/${certificateId}/manager`).set(bearer(token)).send(body);

    it('lets an organisation administrator designate a person who still works there, audited with before/after', async () => {
      const certificateId = await insertCertificate(t, {
        organisationId: org.id,
        expiresInDays: 300,
        managerId: current,
      });
      const response = await reassign(certificateId, {
        managerId: successor,
        note: 'Anne leaves in May',
      }).expect(200);
      expect(response.body).toMatchObject({
        id: certificateId,
        manager: { id: successor, name: 'Bram Successor' },
      });
      const audit = await t
        .http()
        .get(`/api/v1/audit?certificateId=${certificateId}&action=certificate.manager-reassigned`)
        .set(bearer(orgAdmin.token))
        .expect(200);
      expect(audit.body.items).toEqual([
        expect.objectContaining({
          actorUserId: orgAdmin.id,
          before: { managerId: current, managerName: 'Anne Current' },
          after: { managerId: successor, managerName: 'Bram Successor', note: 'Anne leaves in May' },
          signature: null,
        }),
      ]);
      // Designating the same person again changes and records nothing.
      const before = await snapshot(t);
      await reassign(certificateId, { managerId: successor }).expect(200);
      expect(await snapshot(t)).toEqual(before);
    });

    it.each([
      ['a person who left', () => leaver, 'PERSON_HAS_LEFT'],
      ["another tenant's person", () => stranger, 'NOT_A_MEMBER'],
      ['nobody', () => '00000000-0000-4000-8000-000000000000', 'NOT_A_MEMBER'],
    ])('refuses %s as the new manager and writes nothing', async (_, managerId, code) => {
      const certificateId = await insertCertificate(t, {
        organisationId: org.id,
        expiresInDays: 300,
        managerId: current,
      });
      const before = await snapshot(t);
      const response = await reassign(certificateId, { managerId: managerId() }).expect(422);
      expect(response.body.code).toBe(code);
      expect(await snapshot(t)).toEqual(before);
    });

    it('is for organisation administrators only: a certificate manager gets 403', async () => {
      const certificateId = await insertCertificate(t, {
        organisationId: org.id,
        expiresInDays: 300,
        managerId: current,
      });
      const before = await snapshot(t);
      await reassign(certificateId, { managerId: successor }, certificateManager.token).expect(403);
      expect(await snapshot(t)).toEqual(before);
    });

    it('can be called by a handover inside its own transaction, with the signature recorded on each certificate', async () => {
      const first = await insertCertificate(t, {
        organisationId: org.id,
        expiresInDays: 300,
        managerId: current,
      });
      const second = await insertCertificate(t, {
        organisationId: org.id,
        expiresInDays: 200,
        managerId: current,
      });
      const signature = { algorithm: 'ES384', value: 'c2lnbmF0dXJl', signerCertificate: 'MIIB...' };
      const assignment = t.app.get(ManagerAssignment);
      const db = t.app.get(DataSource);
      const updated = await db.transaction((manager) =>
        assignment.reassign(manager, { system: 'handover test' }, [first, second, first], successor, {
          signature,
          note: 'eID-signed handover',
        }),
      );
      expect(updated.map((c) => c.managerId)).toEqual([successor, successor]);
      const events = await rows<{ certificate_id: string; signature: unknown; actor_label: string }>(
        t,
        "SELECT certificate_id, signature, actor_label FROM audit_event WHERE action = 'certificate.manager-reassigned' AND certificate_id = ANY($1)",
        [[first, second]],
      );
      expect(events).toHaveLength(2);
      for (const e of events) expect(e).toMatchObject({ signature, actor_label: 'handover test' });

      // A failure later in the handover's transaction takes the reassignment back with it.
      const third = await insertCertificate(t, {
        organisationId: org.id,
        expiresInDays: 300,
        managerId: current,
      });
      await expect(
        db.transaction(async (manager) => {
          await assignment.reassign(manager, { system: 'handover test' }, [third], successor);
          throw new Error('signature did not verify');
        }),
      ).rejects.toThrow('signature did not verify');
      const [row] = await rows<{ manager_id: string }>(
        t,
        'SELECT manager_id FROM certificate WHERE id = $1',
        [third],
      );
      expect(row!.manager_id).toBe(current);
    });
  });
});
