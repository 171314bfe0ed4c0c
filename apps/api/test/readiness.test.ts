import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import {
  DASHBOARD_ORIGIN,
  issueCard,
  startEidTestApp,
  uniqueSsin,
  webEidToken,
} from './support/eid-fixtures.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { seedCertificates } from './support/seed-certificates.js';
import { bearer, type TestApp } from './support/test-app.js';

const DAY = 86_400_000;

interface Condition {
  code: string;
  met: boolean;
  detail: string;
}

/**
 * Renewal readiness on the certificate's detail (issue 14): each condition from what Certdesk holds, and each fact
 * change (an eID log-in, the keystore's place, a custodian and their check, a deployment's contact, a departure)
 * moves it.
 */
describe('renewal readiness on the certificate detail', () => {
  let t: TestApp;
  let org: { id: string };
  let admin: TestUser;
  let manager: TestUser;
  let card: Awaited<ReturnType<typeof issueCard>>;
  let certificate: { id: string; sha256Fingerprint: string; notAfter: Date };

  const readiness = async (id = certificate.id) =>
    (await t.http().get(`/api/v1/certificates/${id}`).set(bearer(admin.token)).expect(200)).body
      .readiness as {
      ready: boolean;
      conditions: Condition[];
    } | null;
  const unmet = async () => (await readiness())!.conditions.filter((c) => !c.met).map((c) => c.code);
  const condition = async (code: string) => (await readiness())!.conditions.find((c) => c.code === code)!;
  const eidLogin = async (token: (nonce: string) => object) => {
    const nonce = (await t.http().post('/api/v1/auth/eid/challenge').expect(200)).body.nonce as string;
    await t
      .http()
      .post('/api/v1/auth/eid/login')
      .set('Origin', DASHBOARD_ORIGIN)
      .send({ nonce, token: token(nonce) })
      .expect(200);
  };

  beforeAll(async () => {
    t = await startEidTestApp();
    org = await createOrganisation(t);
    admin = await createUser(t, [{ role: 'org-admin', organisationId: org.id }]);
    const ssin = uniqueSsin();
    manager = await createUser(t, [{ role: 'certificate-manager', organisationId: org.id }], { ssin });
    card = await issueCard('EC-P384', ssin, { notAfter: new Date(Date.now() + 1000 * DAY) });
    const [row] = await seedCertificates(t, [
      { organisationId: org.id, toDays: 300, managerId: manager.personId },
    ]);
    certificate = { id: row!.id, sha256Fingerprint: row!.sha256Fingerprint, notAfter: row!.notAfter };
  });
  afterAll(async () => {
    await t.close();
  });

  it('starts with what is missing, each condition named, in order', async () => {
    const r = await readiness();
    expect(r!.ready).toBe(false);
    expect(r!.conditions.map((c) => c.code)).toEqual([
      'MANAGER_DESIGNATED',
      'MANAGER_EMPLOYED',
      'MANAGER_EID_KNOWN',
      'MANAGER_EID_VALID_THROUGH_WINDOW',
      'KEYSTORE_LOCATION_KNOWN',
      'CUSTODIAN_NAMED',
      'CUSTODIAN_ATTESTED_RECENTLY',
      'DEPLOYMENTS_HAVE_CONTACT',
      'ENOUGH_DAYS_LEFT',
    ]);
    expect(await unmet()).toEqual([
      'MANAGER_EID_KNOWN',
      'MANAGER_EID_VALID_THROUGH_WINDOW',
      'KEYSTORE_LOCATION_KNOWN',
      'CUSTODIAN_NAMED',
      'CUSTODIAN_ATTESTED_RECENTLY',
    ]);
  });

  it("knows the manager's eID once they log in with it, and until when it is valid", async () => {
    await eidLogin((nonce) => webEidToken(card.authentication, DASHBOARD_ORIGIN, nonce));
    expect(await condition('MANAGER_EID_KNOWN')).toMatchObject({
      met: true,
      detail: expect.stringMatching(/eID is known from an eID log-in$/),
    });
    expect(await condition('MANAGER_EID_VALID_THROUGH_WINDOW')).toMatchObject({ met: true });
    const [seen] = await t.app
      .get(DataSource)
      .query('SELECT person_id, seen_via FROM person_eid_certificate WHERE person_id = $1', [
        manager.personId,
      ]);
    expect(seen).toEqual({ person_id: manager.personId, seen_via: 'eid-login' });
  });

  it('is ready once the keystore, a custodian who opened it and every deployment contact are known', async () => {
    await t
      .http()
      .patch(`/api/v1/certificates/${certificate.id}`)
      .set(bearer(admin.token))
      .send({
        keystore: {
          fileName: 'NIHII-AMBU_SERVICE=79609977 20190507-144322.p12',
          host: 'PC-ACCUEIL-01',
          path: 'C:\\ehealth',
        },
        passwordCustodianId: manager.personId,
      })
      .expect(200);
    expect(await unmet()).toEqual(['CUSTODIAN_ATTESTED_RECENTLY']);
    await t
      .http()
      .post(`/api/v1/certificates/${certificate.id}/custody-attestations`)
      .set(bearer(manager.token))
      .send({
        outcome: 'opened',
        checkedAt: new Date().toISOString(),
        keystoreCertificateFingerprints: [certificate.sha256Fingerprint],
      })
      .expect(201);
    expect(await readiness()).toMatchObject({ ready: true });

    const deployment = await t
      .http()
      .post(`/api/v1/certificates/${certificate.id}/deployments`)
      .set(bearer(admin.token))
      .send({ software: 'CareConnect Ambulance' })
      .expect(201);
    expect(await condition('DEPLOYMENTS_HAVE_CONTACT')).toEqual({
      code: 'DEPLOYMENTS_HAVE_CONTACT',
      met: false,
      detail: 'no contact for CareConnect Ambulance',
    });
    await t
      .http()
      .patch(`/api/v1/deployments/${deployment.body.id}`)
      .set(bearer(admin.token))
      .send({ contactEmail: 'support@acme-health.be' })
      .expect(200);
    expect(await readiness()).toMatchObject({ ready: true });
  });

  it('is not ready once the manager has left', async () => {
    await t
      .http()
      .patch(`/api/v1/people/${manager.personId}`)
      .set(bearer(admin.token))
      .send({ memberships: [{ organisationId: org.id, leftOn: new Date().toISOString().slice(0, 10) }] })
      .expect(200);
    expect(await unmet()).toEqual(['MANAGER_EMPLOYED', 'CUSTODIAN_NAMED']);
  });

  it("an eID that expires one day before the window closes is not valid through it; the policy's lead time counts", async () => {
    const ssin = uniqueSsin();
    const other = await createUser(t, [{ role: 'certificate-manager', organisationId: org.id }], { ssin });
    const [row] = await seedCertificates(t, [
      { organisationId: org.id, toDays: 10, managerId: other.personId },
    ]);
    const shortCard = await issueCard('RSA-2048', ssin, {
      notAfter: new Date(row!.notAfter.getTime() - DAY),
    });
    await eidLogin((nonce) => webEidToken(shortCard.authentication, DASHBOARD_ORIGIN, nonce));
    const r = await readiness(row!.id);
    expect(r!.conditions.find((c) => c.code === 'MANAGER_EID_VALID_THROUGH_WINDOW')).toMatchObject({
      met: false,
      detail: expect.stringMatching(/eID expires on \d{4}-\d\d-\d\d, before the renewal window closes on/),
    });
    expect(r!.conditions.find((c) => c.code === 'ENOUGH_DAYS_LEFT')).toMatchObject({
      met: false,
      detail: '10 days left, and eHealth needs about 10: request a new certificate',
    });
  });

  it('has no readiness for a superseded or revoked certificate', async () => {
    const rows = await seedCertificates(t, [
      { organisationId: org.id, state: 'superseded' },
      { organisationId: org.id, state: 'revoked' },
    ]);
    for (const row of rows) expect(await readiness(row.id)).toBeNull();
  });

  it("the list filter and the overview answer as each certificate's detail does", async () => {
    // A ready certificate within the digest horizon, beside the others (not ready, or expiring beyond it).
    const ssin = uniqueSsin();
    const keeper = await createUser(t, [{ role: 'certificate-manager', organisationId: org.id }], { ssin });
    const keeperCard = await issueCard('EC-P384', ssin, { notAfter: new Date(Date.now() + 1000 * DAY) });
    await eidLogin((nonce) => webEidToken(keeperCard.authentication, DASHBOARD_ORIGIN, nonce));
    const [ready, notReadyFar] = await seedCertificates(t, [
      { organisationId: org.id, toDays: 150, managerId: keeper.personId },
      { organisationId: org.id, toDays: 400 },
    ]);
    await t
      .http()
      .patch(`/api/v1/certificates/${ready!.id}`)
      .set(bearer(admin.token))
      .send({
        keystore: { fileName: 'k.p12', host: 'PC-2', path: 'D:\\keys' },
        passwordCustodianId: keeper.personId,
      })
      .expect(200);
    await t
      .http()
      .post(`/api/v1/certificates/${ready!.id}/custody-attestations`)
      .set(bearer(keeper.token))
      .send({
        outcome: 'opened',
        checkedAt: new Date().toISOString(),
        keystoreCertificateFingerprints: [ready!.sha256Fingerprint],
      })
      .expect(201);

    const list = async (query: string) =>
      (
        (
          await t
            .http()
            .get(`/api/v1/certificates?organisationId=${org.id}&limit=200${query}`)
            .set(bearer(admin.token))
            .expect(200)
        ).body.items as { id: string; daysLeft: number }[]
      )
        .map((c) => c.id)
        .sort();
    const all = await list('');
    const details = await Promise.all(
      all.map(async (id) => ({
        id,
        ...(await t.http().get(`/api/v1/certificates/${id}`).set(bearer(admin.token))).body,
      })),
    );
    const readyIds = details
      .filter((d) => d.readiness.ready)
      .map((d) => d.id)
      .sort();
    expect(readyIds).toEqual([ready!.id]);
    expect(await list('&readiness=ready')).toEqual(readyIds);
    expect(await list('&readiness=not-ready')).toEqual(all.filter((id) => !readyIds.includes(id)));
    expect(await list('&readiness=not-ready')).toContain(notReadyFar!.id);
    // Each row of the list says whether its renewal is ready, as its detail does.
    const rows = (
      await t
        .http()
        .get(`/api/v1/certificates?organisationId=${org.id}&limit=200`)
        .set(bearer(admin.token))
        .expect(200)
    ).body.items as { id: string; ready: boolean | null }[];
    expect(rows.filter((r) => r.ready).map((r) => r.id)).toEqual(readyIds);
    expect(rows.every((r) => r.ready !== null)).toBe(true);

    const overview = await t
      .http()
      .get(`/api/v1/overview?organisationId=${org.id}`)
      .set(bearer(admin.token))
      .expect(200);
    const withinHorizon = details.filter((d) => !d.readiness.ready && d.daysLeft >= 0 && d.daysLeft <= 180);
    expect(overview.body.readiness).toEqual({
      horizonDays: 180,
      notReady: withinHorizon.length,
      organisations: 1,
      byOrganisation: [{ organisationId: org.id, name: expect.any(String), count: withinHorizon.length }],
    });
    expect(withinHorizon.map((d) => d.id)).not.toContain(notReadyFar!.id);
    // With only the ready one left within the horizon, the organisation has none not ready: not named, not counted.
    await t.app
      .get(DataSource)
      .query(`UPDATE certificate SET state = 'superseded' WHERE organisation_id = $1 AND id <> $2`, [
        org.id,
        ready!.id,
      ]);
    const allReady = await t
      .http()
      .get(`/api/v1/overview?organisationId=${org.id}`)
      .set(bearer(admin.token))
      .expect(200);
    expect(allReady.body.readiness).toEqual({
      horizonDays: 180,
      notReady: 0,
      organisations: 0,
      byOrganisation: [],
    });

    const bad = await t
      .http()
      .get(`/api/v1/certificates?readiness=maybe`)
      .set(bearer(admin.token))
      .expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/readiness must be one of/);
  });
});
