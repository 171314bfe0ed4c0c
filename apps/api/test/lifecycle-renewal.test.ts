import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { renewableFrom } from '@certdesk/domain';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { testPki, upload } from './support/import-fixtures.js';
import { insertCertificate, insertDeployment, rows } from './support/lifecycle-fixtures.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

const STEP_ROUTES = {
  complete: 'complete',
  'activate-etk': 'activate-etk',
  'update-deployments': 'deployments-updated',
  abandon: 'abandon',
} as const;
type Step = keyof typeof STEP_ROUTES;

describe('renewal, in its phases', () => {
  let t: TestApp;
  let org: { id: string };
  let manager: TestUser;

  const start = (certificateId: string, body: object = {}, token = manager.token) =>
    t.http().post(`/api/v1/certificates/${certificateId}/renewals`).set(bearer(token)).send(body);
  /** Abandon takes its note as the reason. */
  const step = (
    caseId: string,
    action: Step,
    body: { note?: string; reason?: string } = {},
    token = manager.token,
  ) =>
    t
      .http()
      .post(`/api/v1/renewals/${caseId}/${STEP_ROUTES[action]}`)
      .set(bearer(token))
      .send(action === 'abandon' ? { reason: body.reason ?? body.note ?? 'no longer needed' } : body);

  /** A renewable certificate with a renewal case moved on to `state`. */
  async function caseIn(state: string): Promise<{ certificateId: string; caseId: string }> {
    const certificateId = await insertCertificate(t, { organisationId: org.id, expiresInDays: 30 });
    const started = await start(certificateId).expect(201);
    const caseId = started.body.id as string;
    const path: Record<string, Step[]> = {
      'phase1-sent': [],
      'phase2-completed': ['complete'],
      'phase3-etk-activated': ['complete', 'activate-etk'],
      'deployments-updated': ['complete', 'activate-etk', 'update-deployments'],
      abandoned: ['abandon'],
    };
    for (const action of path[state]!) await step(caseId, action).expect(200);
    return { certificateId, caseId };
  }

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t);
    manager = await createUser(t, [{ role: 'certificate-manager', organisationId: org.id }]);
  });
  afterAll(() => t.close());

  it('records every phase in order: who, when and the note, each an audit event', async () => {
    const certificateId = await insertCertificate(t, {
      organisationId: org.id,
      expiresInDays: 45,
      usages: ['ConsultRN'],
    });
    const before = Date.now();
    const started = await start(certificateId, {
      usages: ['Timestamping', 'Codage'],
      note: 'phase 1 sent',
    }).expect(201);
    expect(started.body).toMatchObject({
      organisationId: org.id,
      state: 'phase1-sent',
      phase: 1,
      phaseTitle: 'Renewal requested',
      nextStep: 'complete',
      open: true,
      usages: ['Timestamping', 'Codage'],
      openedById: manager.id,
      renewedCertificate: null,
      certificate: { id: certificateId, status: 'renewable', ehealth: { identifierType: 'CBE' } },
    });
    // The certificate itself now shows its open renewal.
    expect(started.body.certificate.renewal).toMatchObject({ id: started.body.id, phase: 1 });
    const caseId = started.body.id as string;

    await step(caseId, 'complete', { note: 'installed on PC-12' }).expect(200);
    const activated = await step(caseId, 'activate-etk', { note: '  ' }).expect(200);
    expect(activated.body).toMatchObject({
      state: 'phase3-etk-activated',
      phase: 3,
      nextStep: 'update-deployments',
    });
    const done = await step(caseId, 'update-deployments', { note: 'both integrators have it' }).expect(200);
    expect(done.body).toMatchObject({ state: 'deployments-updated', phase: 4, nextStep: null, open: false });
    expect(done.body.certificate.renewal).toBeNull();

    const who = `${manager.email}>`;
    expect(done.body.steps).toEqual([
      expect.objectContaining({
        action: 'renewal.started',
        state: 'phase1-sent',
        note: 'phase 1 sent',
        byUserId: manager.id,
      }),
      expect.objectContaining({
        action: 'renewal.completed',
        state: 'phase2-completed',
        note: 'installed on PC-12',
      }),
      expect.objectContaining({ action: 'renewal.etk-activated', state: 'phase3-etk-activated', note: null }),
      expect.objectContaining({
        action: 'renewal.deployments-updated',
        state: 'deployments-updated',
        note: 'both integrators have it',
      }),
    ]);
    for (const s of done.body.steps) {
      expect(s.by).toContain(who);
      expect(Date.parse(s.at)).toBeGreaterThanOrEqual(before - 1000);
    }

    // The audit trail has each step with before/after.
    const audit = await t
      .http()
      .get(`/api/v1/audit?certificateId=${certificateId}`)
      .set(bearer(manager.token))
      .expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
      'renewal.deployments-updated',
      'renewal.etk-activated',
      'renewal.completed',
      'renewal.started',
    ]);
    expect(audit.body.items[2]).toMatchObject({
      before: { renewalCaseId: caseId, state: 'phase1-sent' },
      after: { renewalCaseId: caseId, state: 'phase2-completed', note: 'installed on PC-12' },
      actorUserId: manager.id,
    });
  });

  it('uses the certificate usages when none are given', async () => {
    const certificateId = await insertCertificate(t, {
      organisationId: org.id,
      expiresInDays: 10,
      usages: ['ConsultRN', 'Other'],
    });
    const started = await start(certificateId).expect(201);
    expect(started.body.usages).toEqual(['ConsultRN', 'Other']);
  });

  it('announces certificate.renewed on phase 3, with every deployment and its contact', async () => {
    const { certificateId, caseId } = await caseIn('phase2-completed');
    const gateway = await insertDeployment(t, certificateId, 'Vitalink gateway', 'support@integrator.test');
    const lab = await insertDeployment(t, certificateId, 'Lab software', null);
    const outboxBefore = await rows(t, "SELECT * FROM outbox_message WHERE topic = 'certificate.renewed'");
    await step(caseId, 'activate-etk').expect(200);
    const messages = await rows<{ payload: Record<string, unknown> }>(
      t,
      "SELECT payload FROM outbox_message WHERE topic = 'certificate.renewed' ORDER BY id",
    );
    expect(messages).toHaveLength(outboxBefore.length + 1);
    expect(messages.at(-1)!.payload).toEqual({
      organisationId: org.id,
      certificateId,
      renewedCertificateId: null,
      renewalCaseId: caseId,
      deployments: expect.arrayContaining([
        { id: gateway, software: 'Vitalink gateway', contactEmail: 'support@integrator.test' },
        { id: lab, software: 'Lab software', contactEmail: null },
      ]),
    });
    // Only phase 3 announces it.
    await step(caseId, 'update-deployments').expect(200);
    expect(await rows(t, "SELECT id FROM outbox_message WHERE topic = 'certificate.renewed'")).toHaveLength(
      messages.length,
    );
  });

  it('shows the renewed certificate once its import links it to the case, and announces it on phase 3', async () => {
    const pki = await testPki();
    const mint = (expiresInDays: number) =>
      pki.issueEhealthCertificate({
        identifierType: 'CBE',
        identifierValue: '0566988259',
        holderName: 'Renewal Test',
        applicationId: 'LINKED',
        notBefore: new Date(Date.now() + Math.min(-1, expiresInDays - 1095) * 86_400_000),
        notAfter: new Date(Date.now() + expiresInDays * 86_400_000),
        keyAlgorithm: 'EC-P256',
      });
    const importPem = async (pem: string) => {
      const response = await upload(t, manager.token, [{ name: 'c.pem', bytes: pem }], {
        organisationId: org.id,
        force: true,
      }).expect(200);
      return response.body.files[0].certificates[0].certificateId as string;
    };
    const certificateId = await importPem((await mint(30)).pem);
    const caseId = (await start(certificateId).expect(201)).body.id as string;
    await step(caseId, 'complete').expect(200);

    const renewedId = await importPem((await mint(1100)).pem);
    const activated = await step(caseId, 'activate-etk', { note: 'ETK activated' }).expect(200);
    expect(activated.body.renewedCertificate).toMatchObject({
      id: renewedId,
      status: 'valid',
      state: 'active',
    });
    expect(activated.body.certificate).toMatchObject({ id: certificateId, state: 'superseded' });
    expect(activated.body.steps.map((s: { action: string; state: string }) => [s.action, s.state])).toEqual([
      ['renewal.started', 'phase1-sent'],
      ['renewal.completed', 'phase2-completed'],
      ['renewal.renewed-certificate-linked', 'phase2-completed'],
      ['renewal.etk-activated', 'phase3-etk-activated'],
    ]);
    const [message] = await rows<{ payload: { renewedCertificateId: string } }>(
      t,
      "SELECT payload FROM outbox_message WHERE topic = 'certificate.renewed' AND payload->>'renewalCaseId' = $1",
      [caseId],
    );
    expect(message!.payload.renewedCertificateId).toBe(renewedId);
  });

  describe('refuses every step out of order, with the domain reason, and writes nothing', () => {
    const refused: [string, Step, 'OUT_OF_ORDER' | 'CASE_CLOSED'][] = [
      ['phase1-sent', 'activate-etk', 'OUT_OF_ORDER'],
      ['phase1-sent', 'update-deployments', 'OUT_OF_ORDER'],
      ['phase2-completed', 'complete', 'OUT_OF_ORDER'],
      ['phase2-completed', 'update-deployments', 'OUT_OF_ORDER'],
      ['phase3-etk-activated', 'complete', 'OUT_OF_ORDER'],
      ['phase3-etk-activated', 'activate-etk', 'OUT_OF_ORDER'],
      ['deployments-updated', 'complete', 'CASE_CLOSED'],
      ['deployments-updated', 'activate-etk', 'CASE_CLOSED'],
      ['deployments-updated', 'update-deployments', 'CASE_CLOSED'],
      ['deployments-updated', 'abandon', 'CASE_CLOSED'],
      ['abandoned', 'complete', 'CASE_CLOSED'],
      ['abandoned', 'activate-etk', 'CASE_CLOSED'],
      ['abandoned', 'update-deployments', 'CASE_CLOSED'],
      ['abandoned', 'abandon', 'CASE_CLOSED'],
    ];
    it.each(refused)('%s + %s -> 409 %s', async (state, action, code) => {
      const { caseId } = await caseIn(state);
      const before = await snapshot(t);
      const response = await step(caseId, action, { note: 'should not be recorded' }).expect(409);
      expect(response.body).toMatchObject({ statusCode: 409, code });
      expect(response.body.message.length).toBeGreaterThan(10);
      if (code === 'OUT_OF_ORDER') expect(response.body.message).toMatch(/next step of this renewal is/);
      expect(await snapshot(t)).toEqual(before);
    });
  });

  it('abandons an open case at any phase with a reason, then lets a new one start', async () => {
    const { certificateId, caseId } = await caseIn('phase3-etk-activated');
    await t.http().post(`/api/v1/renewals/${caseId}/abandon`).set(bearer(manager.token)).send({}).expect(400);
    const abandoned = await step(caseId, 'abandon', { reason: 'wrong keystore renewed' }).expect(200);
    expect(abandoned.body).toMatchObject({
      state: 'abandoned',
      phase: 0,
      open: false,
      nextStep: null,
      abandonReason: 'wrong keystore renewed',
    });
    expect(abandoned.body.steps.at(-1)).toMatchObject({
      action: 'renewal.abandoned',
      state: 'abandoned',
      note: 'wrong keystore renewed',
    });
    const again = await start(certificateId).expect(201);
    expect(again.body.id).not.toBe(caseId);
  });

  describe('starts only for an active certificate in its renewable window', () => {
    it('allows one open case per certificate', async () => {
      const { certificateId } = await caseIn('phase2-completed');
      const before = await snapshot(t);
      const response = await start(certificateId).expect(409);
      expect(response.body).toMatchObject({ code: 'RENEWAL_ALREADY_OPEN' });
      expect(response.body.message).toMatch(/phase 2/);
      expect(await snapshot(t)).toEqual(before);
    });

    it('refuses many concurrent starts but one', async () => {
      const certificateId = await insertCertificate(t, { organisationId: org.id, expiresInDays: 20 });
      const responses = await Promise.all(Array.from({ length: 6 }, () => start(certificateId)));
      expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      expect(
        await rows(t, 'SELECT id FROM renewal_case WHERE certificate_id = $1', [certificateId]),
      ).toHaveLength(1);
    });

    it('says from when a valid certificate can be renewed', async () => {
      const certificateId = await insertCertificate(t, { organisationId: org.id, expiresInDays: 200 });
      const [row] = await rows<{ not_after: Date }>(t, 'SELECT not_after FROM certificate WHERE id = $1', [
        certificateId,
      ]);
      const before = await snapshot(t);
      const response = await start(certificateId).expect(422);
      const from = renewableFrom(row!.not_after);
      expect(response.body).toMatchObject({ code: 'NOT_RENEWABLE_YET', details: { renewableFrom: from } });
      expect(response.body.message).toContain(from);
      expect(await snapshot(t)).toEqual(before);
    });

    it('tells to request a new one for an expired certificate', async () => {
      const certificateId = await insertCertificate(t, { organisationId: org.id, expiresInDays: -2 });
      const before = await snapshot(t);
      const response = await start(certificateId).expect(422);
      expect(response.body).toMatchObject({ code: 'CERTIFICATE_EXPIRED' });
      expect(response.body.message).toMatch(/request a new one/);
      expect(await snapshot(t)).toEqual(before);
    });

    it.each([
      ['revoked', 'CERTIFICATE_REVOKED'],
      ['superseded', 'CERTIFICATE_SUPERSEDED'],
    ])('refuses a %s certificate', async (state, code) => {
      const certificateId = await insertCertificate(t, { organisationId: org.id, expiresInDays: 30 });
      await rows(t, 'UPDATE certificate SET state = $1 WHERE id = $2', [state, certificateId]);
      const before = await snapshot(t);
      const response = await start(certificateId).expect(409);
      expect(response.body.code).toBe(code);
      expect(await snapshot(t)).toEqual(before);
    });

    it('refuses usages libs/domain does not know, and unknown fields', async () => {
      const certificateId = await insertCertificate(t, { organisationId: org.id, expiresInDays: 30 });
      await start(certificateId, { usages: ['Autre'] }).expect(400);
      await start(certificateId, { usages: ['Codage'], password: 'secret' }).expect(400);
      expect(await rows(t, 'SELECT id FROM renewal_case WHERE certificate_id = $1', [certificateId])).toEqual(
        [],
      );
    });

    it('answers 404 for a certificate or case that does not exist', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      expect((await start(missing)).status).toBe(404);
      expect((await step(missing, 'complete')).body).toMatchObject({
        code: 'NOT_FOUND',
        message: 'renewal case not found',
      });
      await t
        .http()
        .post('/api/v1/renewals/not-a-uuid/complete')
        .set(bearer(manager.token))
        .send({})
        .expect(400);
    });
  });

  it('lists cases by organisation and state, with the certificate and its phase', async () => {
    const other = await createOrganisation(t);
    const otherCertificate = await insertCertificate(t, { organisationId: other.id, expiresInDays: 30 });
    await start(otherCertificate, {}, t.adminToken).expect(201);

    const all = await t.http().get('/api/v1/renewals').set(bearer(manager.token)).expect(200);
    expect(all.body.length).toBeGreaterThan(5);
    expect(all.body.every((c: { organisationId: string }) => c.organisationId === org.id)).toBe(true);

    const open = await t
      .http()
      .get(`/api/v1/renewals?organisationId=${org.id}&state=open`)
      .set(bearer(manager.token))
      .expect(200);
    expect(open.body.length).toBeGreaterThan(0);
    expect(open.body.every((c: { open: boolean }) => c.open)).toBe(true);
    const phase2 = await t
      .http()
      .get('/api/v1/renewals?state=phase2-completed')
      .set(bearer(manager.token))
      .expect(200);
    for (const c of phase2.body) {
      expect(c).toMatchObject({ state: 'phase2-completed', phase: 2 });
      expect(c.certificate.ehealth.identifierType).toBe('CBE');
    }
    await t.http().get('/api/v1/renewals?state=phase9').set(bearer(manager.token)).expect(400);
    // Another tenant's organisation answers like a missing one.
    await t.http().get(`/api/v1/renewals?organisationId=${other.id}`).set(bearer(manager.token)).expect(404);
    const central = await t
      .http()
      .get(`/api/v1/renewals?organisationId=${other.id}`)
      .set(bearer(t.adminToken))
      .expect(200);
    expect(central.body.map((c: { certificate: { id: string } }) => c.certificate.id)).toEqual([
      otherCertificate,
    ]);
  });
});
