import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { insertCertificate, rows } from './support/lifecycle-fixtures.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

/**
 * What the api announces in its outbox for webhooks (docs/webhooks.md), in the transaction of the change: every
 * renewal state recorded (renewal.phase-recorded) and a refused step none.
 */
describe('webhook events in the outbox', () => {
  let t: TestApp;
  let org: { id: string };
  let manager: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganisation(t);
    manager = await createUser(t, [{ role: 'certificate-manager', organisationId: org.id }]);
  });
  afterAll(() => t.close());

  const phases = (caseId: string) =>
    rows<{ payload: Record<string, unknown> }>(
      t,
      `SELECT payload FROM outbox_message WHERE topic = 'renewal.phase-recorded' AND payload->>'renewalCaseId' = $1
        ORDER BY id`,
      [caseId],
    );

  it('announces each renewal state recorded, from the start to phase 3, and nothing for a refused step', async () => {
    const certificateId = await insertCertificate(t, { organisationId: org.id, expiresInDays: 30 });
    const started = await t
      .http()
      .post(`/api/v1/certificates/${certificateId}/renewals`)
      .set(bearer(manager.token))
      .send({})
      .expect(201);
    const caseId = started.body.id as string;
    await t
      .http()
      .post(`/api/v1/renewals/${caseId}/complete`)
      .set(bearer(manager.token))
      .send({})
      .expect(200);
    // Out of order: refused, announced nowhere.
    await t
      .http()
      .post(`/api/v1/renewals/${caseId}/complete`)
      .set(bearer(manager.token))
      .send({})
      .expect(409);
    await t
      .http()
      .post(`/api/v1/renewals/${caseId}/activate-etk`)
      .set(bearer(manager.token))
      .send({})
      .expect(200);

    expect((await phases(caseId)).map((r) => r.payload)).toEqual([
      { organisationId: org.id, certificateId, renewalCaseId: caseId, state: 'phase1-sent' },
      { organisationId: org.id, certificateId, renewalCaseId: caseId, state: 'phase2-completed' },
      { organisationId: org.id, certificateId, renewalCaseId: caseId, state: 'phase3-etk-activated' },
    ]);
  });
});
