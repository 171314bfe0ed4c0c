import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { withMod97CheckDigits } from '@certdesk/domain';
import { type EtkDepotReplay, startEtkDepotReplay } from '@certdesk/etk-depot/testing';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { testPki } from './support/import-fixtures.js';
import { insertCertificate, rows } from './support/lifecycle-fixtures.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

/**
 * What the api announces in its outbox for webhooks (docs/webhooks.md), in the transaction of the change: every
 * renewal state recorded (renewal.phase-recorded) and a refused step none; an ETK directory discovery that changed
 * something (etk-directory.findings), and one that changed nothing none.
 */
describe('webhook events in the outbox', () => {
  let t: TestApp;
  let org: { id: string };
  let manager: TestUser;
  let replay: EtkDepotReplay;

  beforeAll(async () => {
    replay = await startEtkDepotReplay();
    t = await startTestApp({ ETK_DEPOT_URL: replay.url, ETK_DEPOT_RATE_PER_SECOND: '1000' });
    org = await createOrganisation(t);
    manager = await createUser(t, [{ role: 'certificate-manager', organisationId: org.id }]);
  });
  afterAll(async () => {
    await t.close();
    await replay.close();
  });

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

  it('announces what an ETK directory discovery found, and nothing when it found nothing new', async () => {
    const identifier = withMod97CheckDigits('05470123');
    const organisation = await createOrganisation(t, { identifiers: [{ type: 'CBE', value: identifier }] });
    const pki = await testPki();
    const authentication = await pki.issueEhealthCertificate({
      identifierType: 'CBE',
      identifierValue: identifier,
      holderName: 'AMBULANCES WEBHOOK',
      applicationId: null,
      environment: 'production',
    });
    const etk = await pki.issueEtk(authentication);
    replay.publish({
      identifierType: 'CBE',
      identifierValue: identifier,
      applicationId: null,
      etk: etk.bytes,
    });
    const findings = () =>
      rows<{ payload: Record<string, unknown> }>(
        t,
        `SELECT payload FROM outbox_message WHERE topic = 'etk-directory.findings' AND payload->>'organisationId' = $1`,
        [organisation.id],
      );

    const first = await t
      .http()
      .post(`/api/v1/organisations/${organisation.id}/etk-discovery`)
      .set(bearer(t.adminToken))
      .expect(200);
    const [found] = await findings();
    expect(found!.payload).toEqual({
      organisationId: organisation.id,
      addedCertificateIds: first.body.summary.addedCertificateIds,
      published: 1,
      withdrawn: 0,
      activatedRenewalCaseIds: [],
    });
    expect(first.body.summary.addedCertificateIds).toHaveLength(1);

    await t
      .http()
      .post(`/api/v1/organisations/${organisation.id}/etk-discovery`)
      .set(bearer(t.adminToken))
      .expect(200);
    expect(await findings()).toHaveLength(1);
  });
});
