import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue, QueueEvents } from 'bullmq';
import { DataSource } from 'typeorm';
import { ETK_DISCOVERY_QUEUES, etkDiscoveryJobId } from '@certdesk/contracts';
import { withMod97CheckDigits } from '@certdesk/domain';
import { type EtkDepotReplay, depotAnswers, startEtkDepotReplay } from '@certdesk/etk-depot/testing';
import { buildEhealthKeystore, type TestCertificate } from '@certdesk/pki/testing';
import { EtkDiscoveryWorker } from '../src/etk-directory/etk-discovery.worker.js';
import { createOrganisation, createUser } from './support/fixtures.js';
import { KEYSTORE_PASSWORD, testPki, upload } from './support/import-fixtures.js';
import { bearer, removeQueueKeys, startTestApp, type TestApp } from './support/test-app.js';

// Issue 11: the api's discovery in the eHealth ETK directory, against the depot's local replay (libs/etk-depot), which
// checks every request as the schema fixes it. Each test's organisation has identifiers of its own.
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const DAY = 24 * 3600 * 1000;
const fingerprint = (der: Uint8Array) => createHash('sha256').update(der).digest('hex');

let cbeCounter = 0;
/** A CBE number with valid check digits, zero-padded as the depot is asked. */
function cbe(): string {
  cbeCounter += 1;
  return withMod97CheckDigits(
    String(4_000_000 + cbeCounter * 7_919 + Math.floor(Math.random() * 5000)).padStart(8, '0'),
  );
}

describe('the ETK directory in the api', () => {
  let replay: EtkDepotReplay;
  let t: TestApp;
  let admin: string;
  const queuePrefix = `certdesk-test-etk-${randomBytes(4).toString('hex')}`;

  const discover = (organisationId: string, token = admin) =>
    t.http().post(`/api/v1/organisations/${organisationId}/etk-discovery`).set(bearer(token));
  const etks = (organisationId: string, query = '', token = admin) =>
    t.http().get(`/api/v1/organisations/${organisationId}/etks${query}`).set(bearer(token));
  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
    t.app.get(DataSource).query(text, params) as Promise<T[]>;
  const warnings = async (organisationId: string) =>
    (await t.http().get(`/api/v1/warnings?organisationId=${organisationId}`).set(bearer(admin)).expect(200))
      .body as { code: string; certificateId?: string; message: string }[];

  /** An organisation holding `identifier` (CBE), and a production authentication certificate of it. */
  async function holder(
    options: { notAfterInDays?: number; identifier?: string; applicationId?: string } = {},
  ) {
    const pki = await testPki();
    const identifier = options.identifier ?? cbe();
    const organisation = await createOrganisation(t, { identifiers: [{ type: 'CBE', value: identifier }] });
    const authentication = await pki.issueEhealthCertificate({
      identifierType: 'CBE',
      identifierValue: identifier,
      holderName: 'AMBULANCES DU TEST',
      applicationId: options.applicationId ?? null,
      environment: 'production',
      notBefore: new Date(Date.now() - 30 * DAY),
      notAfter: new Date(Date.now() + (options.notAfterInDays ?? 700) * DAY),
    });
    return { organisation, identifier, authentication };
  }

  async function publish(
    identifier: string,
    authentication: TestCertificate,
    applicationId: string | null = null,
  ) {
    const etk = await (await testPki()).issueEtk(authentication);
    replay.publish({ identifierType: 'CBE', identifierValue: identifier, applicationId, etk: etk.bytes });
    return etk;
  }

  async function importKeystore(
    organisationId: string,
    authentication: TestCertificate,
    etk: TestCertificate[],
  ) {
    const bytes = await buildEhealthKeystore({
      password: KEYSTORE_PASSWORD,
      encryption: 'modern',
      authentication,
      etk,
    });
    return upload(t, admin, [{ name: 'CBE keystore.p12', bytes }], {
      organisationId,
      password: KEYSTORE_PASSWORD,
      host: 'PC-ACCUEIL',
      path: 'C:\\ehealth\\keystore',
    });
  }

  beforeAll(async () => {
    replay = await startEtkDepotReplay();
    t = await startTestApp({
      ETK_DEPOT_URL: replay.url,
      ETK_DEPOT_ACCEPTANCE_URL: replay.url,
      ETK_DEPOT_RATE_PER_SECOND: '1000',
      QUEUE_PREFIX: queuePrefix,
      REDIS_URL,
    });
    admin = t.adminToken;
  });
  afterAll(async () => {
    await t.close();
    await replay.close();
    await removeQueueKeys(REDIS_URL, queuePrefix);
  });

  it('brings a certificate published in the directory into the inventory once, and a second discovery changes nothing', async () => {
    const { organisation, identifier, authentication } = await holder();
    const etk = await publish(identifier, authentication);

    const first = await discover(organisation.id).expect(200);
    expect(first.body.summary).toMatchObject({ published: 1, activatedRenewalCaseIds: [] });
    expect(first.body.summary.addedCertificateIds).toHaveLength(1);
    const [certificateId] = first.body.summary.addedCertificateIds as string[];
    expect(first.body.etks).toEqual([
      expect.objectContaining({
        identifierType: 'CBE',
        identifierValue: identifier,
        applicationId: null,
        environment: 'production',
        certificateId,
        keystoreMatch: 'unknown',
        withdrawnAt: null,
        encryptionCertificate: expect.objectContaining({
          sha256Fingerprint: fingerprint(etk.encryption.der),
        }),
      }),
    ]);

    // A certificate like any other: its status, its source, no keystore known, and the warning that says why.
    const certificate = await t
      .http()
      .get(`/api/v1/certificates/${certificateId}`)
      .set(bearer(admin))
      .expect(200);
    expect(certificate.body).toMatchObject({
      source: 'etk-depot',
      keystore: null,
      status: 'valid',
      ehealth: { identifierType: 'CBE', identifierValue: identifier, environment: 'production' },
    });
    expect((await warnings(organisation.id)).filter((w) => w.code === 'ETK_UNKNOWN_TO_INVENTORY')).toEqual([
      expect.objectContaining({ certificateId, message: expect.stringContaining('ETK directory') }),
    ]);

    const second = await discover(organisation.id).expect(200);
    expect(second.body.summary.addedCertificateIds).toEqual([]);
    expect(second.body.etks).toHaveLength(1);
    expect(second.body.etks[0].firstSeenAt).toBe(first.body.etks[0].firstSeenAt);
    expect(Date.parse(second.body.etks[0].lastSeenAt)).toBeGreaterThan(
      Date.parse(first.body.etks[0].lastSeenAt),
    );
    expect(
      await sql('SELECT id FROM certificate WHERE organisation_id = $1', [organisation.id]),
    ).toHaveLength(1);
    const events = await sql<{ action: string; actor_label: string }>(
      `SELECT action, actor_label FROM audit_event WHERE organisation_id = $1 AND action IN
         ('certificate.discovered', 'etk.published') ORDER BY id`,
      [organisation.id],
    );
    expect(events.map((e) => e.action)).toEqual(['certificate.discovered', 'etk.published']);
    expect(replay.violations()).toEqual([]);

    // Its keystore, imported later, links to the same certificate and holds the published ETK's key.
    const imported = await importKeystore(organisation.id, authentication, [etk.encryption]);
    expect(imported.status).toBe(200);
    expect(
      (imported.body.files[0].certificates as { outcome: string }[]).filter((c) => c.outcome !== 'skipped'),
    ).toEqual([expect.objectContaining({ outcome: 'already-there', certificateId })]);
    expect(
      await sql('SELECT id FROM certificate WHERE organisation_id = $1', [organisation.id]),
    ).toHaveLength(1);
    const after = await etks(organisation.id).expect(200);
    expect(after.body.etks).toEqual([expect.objectContaining({ certificateId, keystoreMatch: 'matches' })]);
    expect((await warnings(organisation.id)).map((w) => w.code)).not.toContain('ETK_UNKNOWN_TO_INVENTORY');
    expect((await warnings(organisation.id)).map((w) => w.code)).not.toContain('ETK_KEYSTORE_MISMATCH');
  });

  it('tells when the keystore holds another ETK key than the published one', async () => {
    const { organisation, identifier, authentication } = await holder();
    await publish(identifier, authentication);
    const older = await (await testPki()).issueEtkCertificate(authentication);
    expect((await importKeystore(organisation.id, authentication, [older])).status).toBe(200);

    const answer = await discover(organisation.id).expect(200);
    expect(answer.body.summary.addedCertificateIds).toEqual([]);
    const [published] = answer.body.etks;
    expect(published).toMatchObject({ keystoreMatch: 'mismatch' });
    expect(published.certificateId).toEqual(expect.any(String));
    const found = (await warnings(organisation.id)).filter((w) => w.code === 'ETK_KEYSTORE_MISMATCH');
    expect(found).toEqual([expect.objectContaining({ certificateId: published.certificateId })]);
    // The keystore's own certificate is the one imported, not a source of its own.
    const certificate = await t
      .http()
      .get(`/api/v1/certificates/${published.certificateId}`)
      .set(bearer(admin))
      .expect(200);
    expect(certificate.body.source).toBe('import');
  });

  it('follows every application the directory lists, and records what it no longer publishes', async () => {
    const pki = await testPki();
    const { organisation, identifier, authentication } = await holder({ applicationId: 'MYCARENET' });
    const other = await pki.issueEhealthCertificate({
      identifierType: 'CBE',
      identifierValue: identifier,
      holderName: 'AMBULANCES DU TEST',
      applicationId: 'KGSS',
      environment: 'production',
    });
    await publish(identifier, authentication, 'MYCARENET');
    await publish(identifier, other, 'KGSS');
    const first = await discover(organisation.id).expect(200);
    expect(first.body.summary.lookups).toBe(3); // the MatchingEtk list, then each application
    expect(first.body.etks.map((e: { applicationId: string }) => e.applicationId).sort()).toEqual([
      'KGSS',
      'MYCARENET',
    ]);

    replay.unpublish('CBE', identifier, 'KGSS');
    const second = await discover(organisation.id).expect(200);
    expect(second.body.etks.map((e: { applicationId: string }) => e.applicationId)).toEqual(['MYCARENET']);
    const all = await etks(organisation.id, '?includeWithdrawn=true').expect(200);
    expect(
      all.body.etks.find((e: { applicationId: string }) => e.applicationId === 'KGSS').withdrawnAt,
    ).toEqual(expect.any(String));
    expect(replay.violations()).toEqual([]);
  });

  it('records phase 3 of a renewal once the directory publishes the renewed certificate, naming the directory', async () => {
    const pki = await testPki();
    const { organisation, identifier, authentication } = await holder({ notAfterInDays: 30 });
    const manager = await createUser(t, [{ role: 'certificate-manager', organisationId: organisation.id }]);
    const oldEtk = await publish(identifier, authentication);
    const imported = await importKeystore(organisation.id, authentication, [oldEtk.encryption]);
    const oldId = (imported.body.files[0].certificates as { outcome: string; certificateId: string }[]).find(
      (c) => c.outcome === 'imported',
    )!.certificateId;
    const started = await t
      .http()
      .post(`/api/v1/certificates/${oldId}/renewals`)
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

    // Phase 2 for three weeks, and the directory still publishes the old ETK: a warning, and no phase 3.
    await sql(`UPDATE renewal_case SET state_changed_at = now() - interval '21 days' WHERE id = $1`, [
      caseId,
    ]);
    const stillOld = await discover(organisation.id).expect(200);
    expect(stillOld.body.summary.activatedRenewalCaseIds).toEqual([]);
    expect((await warnings(organisation.id)).filter((w) => w.code === 'ETK_RENEWAL_NOT_ACTIVATED')).toEqual([
      expect.objectContaining({ certificateId: oldId, message: expect.stringContaining('21 days') }),
    ]);

    // A system using the old certificate, whose contact the cut-over asks once phase 3 is recorded.
    await t
      .http()
      .post(`/api/v1/certificates/${oldId}/deployments`)
      .set(bearer(admin))
      .send({ software: 'Ambuline', contactEmail: 'it@ambuline.test' })
      .expect(201);

    // The manager activated the renewal ETK in the eHealth tool: the directory now publishes the new one.
    const renewed = await pki.issueEhealthCertificate({
      identifierType: 'CBE',
      identifierValue: identifier,
      holderName: 'AMBULANCES DU TEST',
      environment: 'production',
      notAfter: new Date(Date.now() + 3 * 365 * DAY),
    });
    replay.unpublish('CBE', identifier);
    await publish(identifier, renewed);
    await discover(organisation.id, manager.token).expect(403); // organisation administrators only
    const answer = await discover(organisation.id).expect(200);
    expect(answer.body.summary.activatedRenewalCaseIds).toEqual([caseId]);
    const [newId] = answer.body.summary.addedCertificateIds as string[];

    const renewal = await t
      .http()
      .get(`/api/v1/renewals?organisationId=${organisation.id}`)
      .set(bearer(admin))
      .expect(200);
    expect(renewal.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: caseId,
          state: 'phase3-etk-activated',
          renewedCertificate: expect.objectContaining({ id: newId, source: 'etk-depot' }),
          steps: expect.arrayContaining([
            expect.objectContaining({ action: 'renewal.etk-activated', by: 'eHealth ETK directory' }),
          ]),
        }),
      ]),
    );
    const [event] = await sql<{
      actor_label: string;
      actor_user_id: string | null;
      after: Record<string, unknown>;
    }>(
      `SELECT actor_label, actor_user_id, after FROM audit_event
        WHERE organisation_id = $1 AND action = 'renewal.etk-activated'`,
      [organisation.id],
    );
    expect(event).toMatchObject({
      actor_label: 'eHealth ETK directory',
      actor_user_id: null,
      after: { renewalCaseId: caseId, state: 'phase3-etk-activated', source: 'etk-directory' },
    });
    const outbox = await sql<{ topic: string; payload: { renewalCaseId: string } }>(
      `SELECT topic, payload FROM outbox_message WHERE topic = 'certificate.renewed'`,
    );
    expect(outbox.map((m) => m.payload.renewalCaseId)).toContain(caseId);
    const old = await t.http().get(`/api/v1/certificates/${oldId}`).set(bearer(admin)).expect(200);
    expect(old.body).toMatchObject({ state: 'superseded', supersededById: newId, stillInUseBy: 1 });
    // Phase 3 by the directory asks the deployment's contact too; the link shows the renewed certificate.
    const [cutOver] = await sql<{ payload: { token: string; contactEmail: string } }>(
      `SELECT payload FROM outbox_message WHERE topic = 'cut-over.requested' AND payload->>'renewalCaseId' = $1`,
      [caseId],
    );
    expect(cutOver!.payload.contactEmail).toBe('it@ambuline.test');
    const fresh = await t.http().get(`/api/v1/certificates/${newId}`).set(bearer(admin)).expect(200);
    const link = await t.http().get(`/api/v1/cut-over/${cutOver!.payload.token}`).expect(200);
    expect(link.body.newCertificate).toEqual({
      subject: fresh.body.subject,
      serialNumber: fresh.body.serialNumber,
      notBefore: fresh.body.notBefore,
      notAfter: fresh.body.notAfter,
    });
    expect((await warnings(organisation.id)).map((w) => w.code)).not.toContain('ETK_RENEWAL_NOT_ACTIVATED');
    // A second discovery does not record phase 3 again.
    expect((await discover(organisation.id).expect(200)).body.summary.activatedRenewalCaseIds).toEqual([]);
  });

  it('an uploaded .etk file adds its authentication certificate, never its encryption certificate', async () => {
    const { organisation, authentication } = await holder();
    const etk = await (await testPki()).issueEtk(authentication);
    const answer = await upload(t, admin, [{ name: 'holder.etk', bytes: etk.bytes }], {
      organisationId: organisation.id,
    }).expect(200);
    const outcomes = answer.body.files[0].certificates as {
      outcome: string;
      skipReason: string | null;
      sha256Fingerprint: string;
    }[];
    expect(outcomes.map((c) => [c.outcome, c.skipReason]).sort()).toEqual([
      ['imported', null],
      ['skipped', 'ETK_CERTIFICATE'],
    ]);
    const stored = await sql<{ sha256_fingerprint: string }>(
      'SELECT sha256_fingerprint FROM certificate WHERE organisation_id = $1',
      [organisation.id],
    );
    expect(stored).toEqual([{ sha256_fingerprint: fingerprint(authentication.der) }]);
  });

  it('an unreachable depot or a fault fails the discovery, changes nothing, and shows the failure', async () => {
    const { organisation, identifier, authentication } = await holder();
    await publish(identifier, authentication);
    const before = await sql('SELECT id FROM certificate WHERE organisation_id = $1', [organisation.id]);
    try {
      replay.respond(() => ({ destroy: true }));
      const unreachable = await discover(organisation.id).expect(503);
      expect(unreachable.body).toMatchObject({ code: 'DEPOT_UNREACHABLE' });
      replay.respond(() => depotAnswers.fault('the depot is down'));
      const fault = await discover(organisation.id).expect(502);
      expect(fault.body).toMatchObject({ code: 'DEPOT_ERROR' });
    } finally {
      replay.respond(undefined);
    }
    expect(await sql('SELECT id FROM certificate WHERE organisation_id = $1', [organisation.id])).toEqual(
      before,
    );
    const shown = await etks(organisation.id).expect(200);
    expect(shown.body).toMatchObject({
      depotEnabled: true,
      etks: [],
      discovery: { lastSuccessAt: null, consecutiveFailures: 2, failure: { code: 'DEPOT_ERROR' } },
    });
    const metrics = await t.http().get('/metrics').expect(200);
    expect(metrics.text).toMatch(/certdesk_etk_depot_requests_total\{outcome="unreachable"\} [1-9]/);
    expect(metrics.text).toMatch(/certdesk_etk_depot_requests_total\{outcome="fault"\} [1-9]/);
    expect(metrics.text).toContain(
      `certdesk_etk_discovery_consecutive_failures{organisation="${organisation.id}"} 2`,
    );
    // Shown among the warnings, so central administrators see it across organisations, not only on its page.
    const failing = (await warnings(organisation.id)).filter((w) => w.code === 'ETK_DISCOVERY_FAILING');
    expect(failing).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/failed \(DEPOT_ERROR: .*\), 2 times since/),
      }),
    ]);
    const groups = await t
      .http()
      .get('/api/v1/warnings/groups?code=ETK_DISCOVERY_FAILING')
      .set(bearer(admin))
      .expect(200);
    expect(groups.body.groups).toContainEqual(
      expect.objectContaining({
        organisationId: organisation.id,
        code: 'ETK_DISCOVERY_FAILING',
        count: 1,
        items: [expect.objectContaining({ failure: expect.stringContaining('the depot is down') })],
      }),
    );

    // Once the depot answers again, the failure is cleared and the last success is in the metrics.
    await discover(organisation.id).expect(200);
    const cleared = await etks(organisation.id).expect(200);
    expect(cleared.body.discovery).toMatchObject({ failure: null, consecutiveFailures: 0 });
    expect((await warnings(organisation.id)).map((w) => w.code)).not.toContain('ETK_DISCOVERY_FAILING');
    expect((await t.http().get('/metrics').expect(200)).text).toContain(
      `certdesk_etk_discovery_last_success_seconds{organisation="${organisation.id}"}`,
    );
  });

  it('ETK_DEPOT=off asks nothing and says so', async () => {
    const off = await startTestApp({
      ETK_DEPOT: 'off',
      ETK_DEPOT_URL: replay.url,
      QUEUE_PREFIX: queuePrefix,
      REDIS_URL,
    });
    try {
      const organisation = await createOrganisation(off);
      const asked = replay.requests.length;
      const answer = await off
        .http()
        .post(`/api/v1/organisations/${organisation.id}/etk-discovery`)
        .set(bearer(off.adminToken))
        .expect(409);
      expect(answer.body).toMatchObject({ code: 'DEPOT_DISABLED' });
      expect(replay.requests.length).toBe(asked);
      const shown = await off
        .http()
        .get(`/api/v1/organisations/${organisation.id}/etks`)
        .set(bearer(off.adminToken))
        .expect(200);
      expect(shown.body).toMatchObject({
        depotEnabled: false,
        discovery: { failure: { code: 'DEPOT_DISABLED' } },
      });
      // The installation's own choice, not a failure to warn about.
      const warned = await off
        .http()
        .get(`/api/v1/warnings?organisationId=${organisation.id}`)
        .set(bearer(off.adminToken))
        .expect(200);
      expect(warned.body.map((w: { code: string }) => w.code)).not.toContain('ETK_DISCOVERY_FAILING');
    } finally {
      await off.close();
    }
  });

  it('finishes the discovery in hand when its api shuts down, and records it done rather than leaving it active', async () => {
    // A depot slow enough that the api is asked to stop while it waits for the answer.
    const slow = await startEtkDepotReplay({ delayMs: 1_500 });
    const prefix = `certdesk-test-etk-stop-${randomBytes(4).toString('hex')}`;
    const leaving = await startTestApp({
      ETK_DEPOT_URL: slow.url,
      ETK_DEPOT_RATE_PER_SECOND: '1000',
      QUEUE_PREFIX: prefix,
      REDIS_URL,
    });
    const queue = new Queue(ETK_DISCOVERY_QUEUES.organisation, { connection: { url: REDIS_URL }, prefix });
    let closed = false;
    try {
      const organisation = await createOrganisation(leaving, {
        identifiers: [{ type: 'CBE', value: cbe() }],
      });
      await leaving.app.get(EtkDiscoveryWorker).start();
      const jobId = etkDiscoveryJobId('test-stop', organisation.id);
      await queue.add(
        'discover',
        { organisationId: organisation.id, run: 'test-stop' },
        { jobId, attempts: 1 },
      );
      const deadline = Date.now() + 10_000;
      while (slow.requests.length === 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(slow.requests).toHaveLength(1);
      expect(await queue.getJobState(jobId)).toBe('active');

      await leaving.close();
      closed = true;
      // Done and written before the api's connections closed: no other replica has to find it stalled and redo it.
      expect(await queue.getJobState(jobId)).toBe('completed');
      expect((await queue.getJob(jobId))!.returnvalue).toEqual({
        organisationId: organisation.id,
        published: 0,
      });
    } finally {
      await queue.close();
      if (!closed) await leaving.close();
      await slow.close();
      await removeQueueKeys(REDIS_URL, prefix);
    }
  });

  it("holds ETK_DEPOT_RATE_PER_SECOND across two api processes' discovery jobs (Redis), and audits them as the schedule's", async () => {
    const rate = 5;
    const prefix = `certdesk-test-etk-rate-${randomBytes(4).toString('hex')}`;
    const env = {
      ETK_DEPOT_URL: replay.url,
      ETK_DEPOT_RATE_PER_SECOND: String(rate),
      QUEUE_PREFIX: prefix,
      REDIS_URL,
    };
    const one = await startTestApp(env);
    // A second api on the same database and Redis: another process of the same installation.
    const two = await startTestApp({ ...env, DATABASE_URL: one.config.databaseUrl });
    const queue = new Queue(ETK_DISCOVERY_QUEUES.organisation, { connection: { url: REDIS_URL }, prefix });
    const events = new QueueEvents(ETK_DISCOVERY_QUEUES.organisation, {
      connection: { url: REDIS_URL },
      prefix,
    });
    try {
      const organisations = [];
      for (let i = 0; i < 8; i++) {
        const identifier = cbe();
        organisations.push(
          await createOrganisation(one, { identifiers: [{ type: 'CBE', value: identifier }] }),
        );
      }
      await events.waitUntilReady();
      await one.app.get(EtkDiscoveryWorker).start();
      await two.app.get(EtkDiscoveryWorker).start();
      const from = replay.requests.length;
      const jobs = await queue.addBulk(
        organisations.map((o) => ({
          name: 'discover',
          data: { organisationId: o.id, run: 'test-run' },
          opts: { jobId: etkDiscoveryJobId('test-run', o.id), attempts: 1 },
        })),
      );
      await Promise.all(jobs.map((job) => job.waitUntilFinished(events, 30_000)));
      const arrivals = replay.requests.slice(from).map((r) => r.at);
      expect(arrivals).toHaveLength(8);
      // Never more than `rate` requests in any second, whichever process made them: any `rate` + 1 consecutive
      // arrivals span a second, less the lateness of a timer on a loaded machine (up to a quarter of a second seen
      // here); a limit held per process would let both processes send at once, and they would span half a second.
      for (let i = 0; i + rate < arrivals.length; i++)
        expect(arrivals[i + rate]! - arrivals[i]!).toBeGreaterThanOrEqual(750);
      const states = await one.app
        .get(DataSource)
        .query(`SELECT last_trigger FROM etk_discovery_state WHERE organisation_id = ANY($1::uuid[])`, [
          organisations.map((o) => o.id),
        ]);
      expect(states).toHaveLength(8);
      expect(new Set(states.map((s: { last_trigger: string }) => s.last_trigger))).toEqual(
        new Set(['schedule']),
      );
    } finally {
      await queue.close();
      await events.close();
      await two.close(); // drops only the database it made and did not use
      await one.close();
      await removeQueueKeys(REDIS_URL, prefix);
    }
  });
});
