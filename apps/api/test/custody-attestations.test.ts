import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { seedCertificates } from './support/seed-certificates.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

const OTHER_FINGERPRINT = 'ab'.repeat(32);
const ETK_FINGERPRINT = 'cd'.repeat(32);

/**
 * Password custody (issue 14): the named custodian records that the keystore still opens (or did not), through what
 * the card-bridge reports; nothing secret is sent or stored.
 */
describe('custody attestations', () => {
  let t: TestApp;
  let org: { id: string };
  let custodian: TestUser;
  let colleague: TestUser;
  let certificate: { id: string; sha256Fingerprint: string };

  const post = (token: string, body: Record<string, unknown>, id = certificate.id) =>
    t.http().post(`/api/v1/certificates/${id}/custody-attestations`).set(bearer(token)).send(body);
  const opened = (extra: Record<string, unknown> = {}) => ({
    outcome: 'opened',
    checkedAt: new Date().toISOString(),
    keystoreCertificateFingerprints: [OTHER_FINGERPRINT, certificate.sha256Fingerprint],
    etkPublicKeyFingerprint: ETK_FINGERPRINT,
    ...extra,
  });
  const readiness = async () => {
    const detail = await t
      .http()
      .get(`/api/v1/certificates/${certificate.id}`)
      .set(bearer(custodian.token))
      .expect(200);
    return (detail.body.readiness.conditions as { code: string; met: boolean; detail: string }[]).find(
      (c) => c.code === 'CUSTODIAN_ATTESTED_RECENTLY',
    );
  };

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t);
    // The custodian is a viewer: knowing the password needs no right to change the inventory.
    custodian = await createUser(t, [{ role: 'viewer', organisationId: org.id }]);
    colleague = await createUser(t, [{ role: 'org-admin', organisationId: org.id }]);
    const [row] = await seedCertificates(t, [{ organisationId: org.id, toDays: 300 }]);
    certificate = { id: row!.id, sha256Fingerprint: row!.sha256Fingerprint };
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses every attestation while no custodian is named, saying so', async () => {
    const before = await snapshot(t);
    const response = await post(custodian.token, opened()).expect(403);
    expect(response.body).toMatchObject({ code: 'NOT_PASSWORD_CUSTODIAN' });
    expect(response.body.message).toMatch(/No password custodian is named/);
    expect(await snapshot(t)).toEqual(before);
  });

  it('records the named custodian\'s "opened" check, audited, and readiness counts it', async () => {
    await t
      .http()
      .patch(`/api/v1/certificates/${certificate.id}`)
      .set(bearer(colleague.token))
      .send({ passwordCustodianId: custodian.personId })
      .expect(200);
    expect(await readiness()).toMatchObject({
      met: false,
      detail: expect.stringMatching(/has never checked/),
    });

    const checkedAt = new Date(Date.now() - 60_000).toISOString();
    const response = await post(custodian.token, opened({ checkedAt })).expect(201);
    expect(response.body).toEqual({
      id: expect.any(String),
      certificateId: certificate.id,
      person: { id: custodian.personId, name: expect.any(String) },
      outcome: 'opened',
      failure: null,
      checkedAt,
      recordedAt: expect.any(String),
      keystoreCertificateFingerprints: [OTHER_FINGERPRINT, certificate.sha256Fingerprint],
      etkPublicKeyFingerprint: ETK_FINGERPRINT,
    });
    expect(await readiness()).toMatchObject({
      met: true,
      detail: expect.stringMatching(/opened the keystore on/),
    });

    const audit = await t
      .http()
      .get(`/api/v1/audit?certificateId=${certificate.id}`)
      .set(bearer(colleague.token))
      .expect(200);
    const event = (audit.body.items ?? audit.body).find(
      (e: { action: string }) => e.action === 'custody.attested',
    );
    expect(event).toMatchObject({
      after: { outcome: 'opened', checkedAt, etkPublicKeyFingerprint: ETK_FINGERPRINT },
    });
  });

  it("refuses another person's check with 403, whatever their role, and records nothing", async () => {
    const before = await snapshot(t);
    for (const token of [colleague.token, t.adminToken]) {
      const response = await post(token, opened()).expect(403);
      expect(response.body).toMatchObject({
        code: 'NOT_PASSWORD_CUSTODIAN',
        message: "Only the certificate's password custodian can attest that its keystore opens.",
      });
      await post(token, { ...opened(), outcome: 'failed', failure: 'wrong-password' }).expect(403);
    }
    expect(await snapshot(t)).toEqual(before);
  });

  it('refuses an "opened" keystore that does not hold this certificate (a different keystore) with 422', async () => {
    const before = await snapshot(t);
    const response = await post(
      custodian.token,
      opened({ keystoreCertificateFingerprints: [OTHER_FINGERPRINT] }),
    ).expect(422);
    expect(response.body).toMatchObject({ code: 'DIFFERENT_KEYSTORE' });
    expect(response.body.message).toMatch(/different keystore/);
    expect(await snapshot(t)).toEqual(before);
  });

  it('records a failed attempt, which makes CUSTODIAN_ATTESTED_RECENTLY unmet with the reason', async () => {
    const response = await post(custodian.token, {
      outcome: 'failed',
      checkedAt: new Date().toISOString(),
      keystoreCertificateFingerprints: [],
      etkPublicKeyFingerprint: null,
      failure: 'wrong-password',
    }).expect(201);
    expect(response.body).toMatchObject({
      outcome: 'failed',
      failure: 'wrong-password',
      etkPublicKeyFingerprint: null,
    });
    expect(await readiness()).toMatchObject({
      met: false,
      detail: expect.stringMatching(/^last attempt failed: wrong password \(\d{4}-\d\d-\d\d\)$/),
    });

    const history = await t
      .http()
      .get(`/api/v1/certificates/${certificate.id}/custody-attestations`)
      .set(bearer(colleague.token))
      .expect(200);
    expect(
      history.body.map((a: { outcome: string; failure: string | null }) => [a.outcome, a.failure]),
    ).toEqual([
      ['failed', 'wrong-password'],
      ['opened', null],
    ]);
    const audit = await t
      .http()
      .get(`/api/v1/audit?certificateId=${certificate.id}`)
      .set(bearer(colleague.token))
      .expect(200);
    expect((audit.body.items ?? audit.body).map((e: { action: string }) => e.action)).toContain(
      'custody.attempt-failed',
    );

    // A new successful check makes it met again.
    await post(custodian.token, opened()).expect(201);
    expect(await readiness()).toMatchObject({ met: true });
  });

  it('stores nothing secret: a password field is refused, and no column holds one', async () => {
    const before = await snapshot(t);
    await post(custodian.token, opened({ password: 'Secret-123' })).expect(400);
    expect(await snapshot(t)).toEqual(before);
    expect(JSON.stringify(before)).not.toContain('Secret-123');
    expect(Object.keys(before.custody_attestation![0] as object).sort()).toEqual([
      'certificate_id',
      'checked_at',
      'etk_public_key_fingerprint',
      'failure',
      'id',
      'keystore_certificate_fingerprints',
      'outcome',
      'person_id',
      'recorded_at',
      'submitted_by_id',
    ]);
  });

  describe('hostile input: a clear error and nothing changed', () => {
    const cases: [string, () => Record<string, unknown>, number, string | RegExp][] = [
      [
        '10,000 fingerprints',
        () =>
          opened({
            keystoreCertificateFingerprints: Array.from({ length: 10_000 }, () => OTHER_FINGERPRINT),
          }),
        400,
        /keystoreCertificateFingerprints must contain no more than 64 elements/,
      ],
      [
        'a fingerprint that is not hex',
        () => opened({ keystoreCertificateFingerprints: ['zz'.repeat(32)] }),
        400,
        /SHA-256/,
      ],
      [
        'an upper-case fingerprint',
        () => opened({ keystoreCertificateFingerprints: ['AB'.repeat(32)] }),
        400,
        /lower-case/,
      ],
      ['a short fingerprint', () => opened({ keystoreCertificateFingerprints: ['ab'] }), 400, /SHA-256/],
      [
        'a nested fingerprint',
        () => opened({ keystoreCertificateFingerprints: [[OTHER_FINGERPRINT]] }),
        400,
        /SHA-256/,
      ],
      [
        'an object as the fingerprints',
        () => opened({ keystoreCertificateFingerprints: { a: { b: 1 } } }),
        400,
        /array/,
      ],
      [
        'a control character',
        () => opened({ etkPublicKeyFingerprint: `${'cd'.repeat(31)}c\u0007` }),
        400,
        /control|SHA-256/,
      ],
      ['an unknown outcome', () => opened({ outcome: 'maybe' }), 400, /outcome/],
      ['an unknown failure', () => opened({ outcome: 'failed', failure: 'forgot' }), 400, /failure/],
      [
        'a failure with "opened"',
        () => opened({ failure: 'wrong-password' }),
        422,
        'FAILURE_WITHOUT_FAILED_OUTCOME',
      ],
      [
        'checkedAt far ahead',
        () => opened({ checkedAt: '2999-01-01T00:00:00Z' }),
        422,
        'CHECKED_AT_IN_FUTURE',
      ],
      [
        'checkedAt an hour ahead',
        () => opened({ checkedAt: new Date(Date.now() + 3_600_000).toISOString() }),
        422,
        'CHECKED_AT_IN_FUTURE',
      ],
      [
        'checkedAt two days ago',
        () => opened({ checkedAt: new Date(Date.now() - 2 * 86_400_000).toISOString() }),
        422,
        'CHECKED_AT_TOO_OLD',
      ],
      ['checkedAt not a time', () => opened({ checkedAt: '2026-02-30T10:00:00Z' }), 400, /checkedAt/],
      ['a huge checkedAt', () => opened({ checkedAt: '9'.repeat(100_000) }), 400, /checkedAt/],
    ];
    it.each(cases)('%s', async (_name, body, status, expected) => {
      const before = await snapshot(t);
      const response = await post(custodian.token, body());
      expect(response.status).toBe(status);
      if (typeof expected === 'string') expect(response.body.code).toBe(expected);
      else expect(JSON.stringify(response.body)).toMatch(expected);
      expect(await snapshot(t)).toEqual(before);
    });

    it('a body nested 100 levels deep', async () => {
      let nested: unknown = 'x';
      for (let i = 0; i < 100; i++) nested = { a: nested };
      const before = await snapshot(t);
      const response = await post(custodian.token, opened({ keystoreCertificateFingerprints: nested }));
      expect(response.status).toBe(400);
      expect(await snapshot(t)).toEqual(before);
    });
  });
});
