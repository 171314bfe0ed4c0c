import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Clock } from '../src/core/clock.js';
import { renewedThroughPhase3 } from './support/cut-over-fixtures.js';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { rows } from './support/lifecycle-fixtures.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

/**
 * The integrator cut-over (issue 14): after phase 3, each deployment's contact confirms with a personal link that the
 * new keystore is installed; the old certificate stays "still in use" until all have, or an administrator overrides.
 */
describe('cut-over links', () => {
  let t: TestApp;
  let org: { id: string; name: string };
  let otherOrg: { id: string };
  let manager: TestUser;
  let orgAdmin: TestUser;
  let otherManager: TestUser;
  let clientCounter = 0;

  /** Each request from its own client address (TRUST_PROXY=1), so the rate limit is only met where it is tested. */
  const client = () => ({ 'X-Forwarded-For': `198.51.100.${(++clientCounter % 250) + 1}` });
  const readLink = (token: string, from = client()) =>
    t
      .http()
      .get(`/api/v1/cut-over/${encodeURIComponent(token)}`)
      .set(from);
  const confirm = (token: string, from = client()) =>
    t
      .http()
      .post(`/api/v1/cut-over/${encodeURIComponent(token)}/confirm`)
      .set(from)
      .send({});
  const cutOver = (certificateId: string, token = manager.token) =>
    t.http().get(`/api/v1/certificates/${certificateId}/cut-over`).set(bearer(token));
  const override = (certificateId: string, body: object, token = orgAdmin.token) =>
    t.http().post(`/api/v1/certificates/${certificateId}/cut-over/override`).set(bearer(token)).send(body);

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: '1' });
    org = await createOrganisation(t, { name: 'Ambulances Hainaut', languages: ['nl', 'fr'] });
    otherOrg = await createOrganisation(t);
    manager = await createUser(t, [{ role: 'certificate-manager', organisationId: org.id }]);
    orgAdmin = await createUser(t, [{ role: 'org-admin', organisationId: org.id }]);
    otherManager = await createUser(t, [{ role: 'certificate-manager', organisationId: otherOrg.id }]);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });
  afterAll(() => t.close());

  it('phase 3 issues one request per deployment, with an outbox message per contact; only token hashes are kept', async () => {
    const renewal = await renewedThroughPhase3(t, org.id, manager.token, [
      'Lab@Vendor.test',
      'it@hospital.test',
      null,
    ]);
    const requests = await rows<{ deployment_id: string; contact_email: string | null; token_hash: string }>(
      t,
      'SELECT * FROM cut_over_request WHERE renewal_case_id = $1 ORDER BY contact_email',
      [renewal.caseId],
    );
    expect(requests.map((r) => r.contact_email)).toEqual(['it@hospital.test', 'lab@vendor.test', null]);
    expect(new Set(requests.map((r) => r.deployment_id))).toEqual(new Set(renewal.deploymentIds));
    // The deployment without a contact has nobody to mail: two messages, each with its own token.
    expect([...renewal.tokens.keys()].sort()).toEqual(['it@hospital.test', 'lab@vendor.test']);
    const [message] = await rows<{ payload: Record<string, unknown> }>(
      t,
      `SELECT payload FROM outbox_message WHERE topic = 'cut-over.requested' AND payload->>'contactEmail' = 'lab@vendor.test'
          AND payload->>'renewalCaseId' = $1`,
      [renewal.caseId],
    );
    expect(message!.payload).toMatchObject({
      organisationId: org.id,
      organisationName: 'Ambulances Hainaut',
      certificateId: renewal.certificateId,
      software: 'Software 1',
      languages: ['nl', 'fr'],
      token: expect.stringMatching(/^cdc_[A-Za-z0-9_-]{43}$/),
    });
    const days = (Date.parse(message!.payload.expiresAt as string) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    const stored = JSON.stringify(requests);
    for (const token of renewal.tokens.values()) expect(stored).not.toContain(token);

    const { body } = await cutOver(renewal.certificateId).expect(200);
    expect(body.stillInUseBy).toBe(3);
    expect(body.requests).toHaveLength(3);
    expect(body.requests[0]).toMatchObject({ software: 'Software 1', state: 'pending', confirmedAt: null });
    const detail = await t
      .http()
      .get(`/api/v1/certificates/${renewal.certificateId}`)
      .set(bearer(manager.token));
    expect([detail.status, detail.body.stillInUseBy]).toEqual([200, 3]);
    const list = await t
      .http()
      .get(`/api/v1/certificates?organisationId=${org.id}`)
      .set(bearer(manager.token));
    const row = list.body.items.find((c: { id: string }) => c.id === renewal.certificateId);
    expect(row.stillInUseBy).toBe(3);
  });

  it("shows the link's page with the system, the organisation and nothing else of the tenant", async () => {
    const renewal = await renewedThroughPhase3(t, org.id, manager.token, ['lab@vendor.test']);
    const { body, headers } = await readLink(renewal.tokens.get('lab@vendor.test')!).expect(200);
    expect(headers['cache-control']).toBe('no-store');
    expect(Object.keys(body).sort()).toEqual(
      [
        'confirmedAt',
        'expiresAt',
        'integrator',
        'newCertificate',
        'organisationName',
        'software',
        'state',
      ].sort(),
    );
    expect(body).toMatchObject({
      state: 'pending',
      organisationName: 'Ambulances Hainaut',
      software: 'Software 1',
      confirmedAt: null,
      newCertificate: null,
    });
  });

  it('confirms once: audited, announced, the count goes down, a second use says so and changes nothing', async () => {
    const renewal = await renewedThroughPhase3(t, org.id, manager.token, [
      'lab@vendor.test',
      'it@hospital.test',
    ]);
    const token = renewal.tokens.get('lab@vendor.test')!;
    const confirmed = await confirm(token).expect(200);
    expect(confirmed.body).toMatchObject({ state: 'confirmed', confirmedAt: expect.any(String) });

    const { body } = await cutOver(renewal.certificateId).expect(200);
    expect(body.stillInUseBy).toBe(1);
    expect(body.requests.find((r: { software: string }) => r.software === 'Software 1')).toMatchObject({
      state: 'confirmed',
      confirmedBy: 'lab@vendor.test',
      confirmedAt: confirmed.body.confirmedAt,
    });
    const [audit] = await rows<{ actor_label: string; after: Record<string, unknown> }>(
      t,
      `SELECT actor_label, after FROM audit_event WHERE action = 'cut-over.confirmed' AND certificate_id = $1`,
      [renewal.certificateId],
    );
    expect(audit).toMatchObject({
      actor_label: 'cut-over link of lab@vendor.test',
      after: { software: 'Software 1', confirmedBy: 'lab@vendor.test' },
    });
    // Announced for the webhooks (cut-over.confirmed), in the same transaction, with what is left to confirm.
    const announced = await rows<{ payload: Record<string, unknown> }>(
      t,
      `SELECT payload FROM outbox_message WHERE topic = 'cut-over.confirmed' AND payload->>'certificateId' = $1`,
      [renewal.certificateId],
    );
    expect(announced.map((m) => m.payload)).toEqual([
      {
        organisationId: org.id,
        certificateId: renewal.certificateId,
        renewalCaseId: renewal.caseId,
        cutOverRequestId: expect.any(String),
        deploymentId: renewal.deploymentIds[0],
        software: 'Software 1',
        confirmedBy: 'lab@vendor.test',
        confirmedAt: confirmed.body.confirmedAt,
        stillInUseBy: 1,
      },
    ]);

    const before = await snapshot(t);
    const again = await confirm(token).expect(409);
    expect(again.body.code).toBe('CUT_OVER_ALREADY_CONFIRMED');
    expect(await snapshot(t)).toEqual(before);
    // The page still opens, and says it was confirmed.
    expect((await readLink(token).expect(200)).body).toMatchObject({ state: 'confirmed' });
  });

  it("answers an expired link 410 (by the api's clock) and changes nothing", async () => {
    const renewal = await renewedThroughPhase3(t, org.id, manager.token, ['lab@vendor.test']);
    const token = renewal.tokens.get('lab@vendor.test')!;
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(Date.now() + 30 * 86_400_000 + 60_000));
    const before = await snapshot(t);
    expect((await readLink(token).expect(410)).body.code).toBe('CUT_OVER_LINK_EXPIRED');
    expect((await confirm(token).expect(410)).body.code).toBe('CUT_OVER_LINK_EXPIRED');
    expect(await snapshot(t)).toEqual(before);
    // Still in use: an expired link is not a confirmation.
    expect((await cutOver(renewal.certificateId).expect(200)).body).toMatchObject({
      stillInUseBy: 1,
      requests: [expect.objectContaining({ state: 'expired' })],
    });
  });

  it("keeps tenants apart: another tenant's link shows only its own deployment, its users see nothing of ours", async () => {
    const ours = await renewedThroughPhase3(t, org.id, manager.token, ['lab@vendor.test']);
    const theirs = await renewedThroughPhase3(t, otherOrg.id, otherManager.token, ['lab@vendor.test']);
    const theirToken = theirs.tokens.get('lab@vendor.test')!;
    expect((await readLink(theirToken).expect(200)).body.organisationName).not.toBe(org.name);
    await confirm(theirToken).expect(200);
    // Their confirmation confirmed theirs, not ours (same contact address, same software name).
    expect((await cutOver(ours.certificateId).expect(200)).body.stillInUseBy).toBe(1);

    const before = await snapshot(t);
    await cutOver(ours.certificateId, otherManager.token).expect(404);
    await override(ours.certificateId, { reason: 'not theirs' }, otherManager.token).expect(404);
    expect(await snapshot(t)).toEqual(before);
  });

  it('answers 404 to a token of another purpose, a malformed or huge one, 400 to control characters, changing nothing', async () => {
    const setPassword = await t
      .http()
      .post(`/api/v1/users/${manager.id}/set-password-link`)
      .set(bearer(t.adminToken))
      .expect(201);
    expect(setPassword.body.email).toBe(manager.email);
    const [link] = await rows<{ payload: { token: string } }>(
      t,
      `SELECT payload FROM outbox_message WHERE topic = 'user.set-password-link-created' ORDER BY id DESC LIMIT 1`,
    );
    const calendar = await t
      .http()
      .get(`/api/v1/organisations/${org.id}/calendar-feed`)
      .set(bearer(manager.token))
      .expect(200);
    const calendarToken = new URL(calendar.body.url as string).pathname.split('/')[3]!.replace(/\.ics$/, '');
    const renewal = await renewedThroughPhase3(t, org.id, manager.token, ['lab@vendor.test']);
    const real = renewal.tokens.get('lab@vendor.test')!;
    const hostile = [
      link!.payload.token,
      calendarToken,
      `cdc_${calendarToken}`,
      'cdc_',
      real.slice(0, -1),
      `${real}x`,
      real.toUpperCase(),
      `cdc_${'A'.repeat(10_000)}`,
      '../../auth/me',
    ];
    const before = await snapshot(t);
    // Control characters are refused before anything reads them, as everywhere in the api.
    for (const token of [`${real}\u0000`, `cdc_${'\u0007'.repeat(43)}`]) {
      expect((await readLink(token).expect(400)).body.code).toBe('CONTROL_CHARACTER');
      expect((await confirm(token).expect(400)).body.code).toBe('CONTROL_CHARACTER');
    }
    for (const token of hostile) {
      const read = await readLink(token);
      expect([token.slice(0, 20), read.status, read.body.code]).toEqual([
        token.slice(0, 20),
        404,
        'NOT_FOUND',
      ]);
      const confirmed = await confirm(token);
      expect([token.slice(0, 20), confirmed.status]).toEqual([token.slice(0, 20), 404]);
    }
    expect(await snapshot(t)).toEqual(before);
  });

  it('lets an administrator override with a reason (audited): the count goes to 0 and the open links close', async () => {
    const renewal = await renewedThroughPhase3(t, org.id, manager.token, [
      'lab@vendor.test',
      'it@hospital.test',
    ]);
    await confirm(renewal.tokens.get('it@hospital.test')!).expect(200);

    const before = await snapshot(t);
    await override(renewal.certificateId, { reason: 'x' }, manager.token).expect(403);
    for (const body of [
      {},
      { reason: '' },
      { reason: '   ' },
      { reason: 'x'.repeat(2001) },
      { reason: ['a'] },
    ]) {
      await override(renewal.certificateId, body).expect(400);
    }
    expect(await snapshot(t)).toEqual(before);

    const { body } = await override(renewal.certificateId, { reason: '  The lab PC was replaced  ' }).expect(
      200,
    );
    expect(body.stillInUseBy).toBe(0);
    expect(body.requests.map((r: { state: string }) => r.state).sort()).toEqual(['confirmed', 'overridden']);
    expect(body.requests.find((r: { state: string }) => r.state === 'overridden')).toMatchObject({
      overrideReason: 'The lab PC was replaced',
      overriddenById: orgAdmin.id,
    });
    const [audit] = await rows<{ actor_user_id: string; after: Record<string, unknown> }>(
      t,
      `SELECT actor_user_id, after FROM audit_event WHERE action = 'cut-over.overridden' AND certificate_id = $1`,
      [renewal.certificateId],
    );
    expect(audit).toMatchObject({ actor_user_id: orgAdmin.id, after: { reason: 'The lab PC was replaced' } });
    expect((await readLink(renewal.tokens.get('lab@vendor.test')!).expect(410)).body.code).toBe(
      'CUT_OVER_LINK_CLOSED',
    );
    expect((await override(renewal.certificateId, { reason: 'again' }).expect(409)).body.code).toBe(
      'CUT_OVER_NOTHING_OPEN',
    );
    // The central administrator may override too.
    const another = await renewedThroughPhase3(t, org.id, manager.token, ['lab@vendor.test']);
    await override(another.certificateId, { reason: 'decommissioned' }, t.adminToken).expect(200);
  });

  it('limits the link requests of one client address (429 with Retry-After)', async () => {
    const from = { 'X-Forwarded-For': '203.0.113.77' };
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await readLink(`cdc_${'B'.repeat(43)}`, from)).status);
    expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true);
    const limited = await readLink(`cdc_${'B'.repeat(43)}`, from).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not held back.
    await readLink(`cdc_${'B'.repeat(43)}`).expect(404);
  });
});
