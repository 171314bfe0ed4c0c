import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { strFromU8, unzipSync } from 'fflate';
import { DataSource } from 'typeorm';
import { EvidenceSigningKeyEntity } from '@certdesk/persistence';
import { publicKeyFingerprint, verifyEvidencePack } from '@certdesk/pki';
import { AuditTrail } from '../src/audit/audit-trail.js';
import { ConfigError, loadConfig } from '../src/config/config.js';
import { Transactions } from '../src/core/transactions.js';
import { EvidenceSigningKeyRepository } from '../src/evidence/evidence-signing-key.repository.js';
import { EvidenceSigningKeys } from '../src/evidence/evidence-signing-keys.js';
import {
  digestSignature,
  issueCard,
  startEidTestApp,
  uniqueSsin,
  type TestCard,
} from './support/eid-fixtures.js';
import { getEvidence, pdfText } from './support/evidence-fixtures.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { insertCertificate, rows } from './support/lifecycle-fixtures.js';
import { bearer, type TestApp } from './support/test-app.js';

interface Manager {
  user: TestUser;
  card: TestCard;
}

interface Pack {
  format: string;
  packId: string;
  notes: string[];
  signingKey: { fingerprint: string };
  certificates: {
    id: string;
    serialNumber: string;
    sha256Fingerprint: string;
    validity: { notBefore: string; notAfter: string };
    keystore: { fileName: string; host: string; path: string } | null;
    keystoreHistory: { eventId: string; action: string }[];
    managerHistory: { eventId: string; action: string }[];
    custody: { custodianChanges: unknown[]; attestations: unknown[] | null };
    handovers: {
      state: string;
      document: string;
      signatures: { role: string; signatureBase64: string; signerCertificateBase64: string }[];
    }[];
    reminders: { milestone: string; recipient: string; state: string; messageId: string | null }[];
    renewals: { state: string; steps: { action: string }[] }[];
  }[];
  auditChains: { chain: string; head: { eventId: string; hash: string } }[];
  auditEvents: { id: string; action: string; hash: string; previousHash: string }[];
}

describe('evidence packs', () => {
  let t: TestApp;
  let org: { id: string };
  let orgAdmin: TestUser;
  let outgoing: Manager;
  let incoming: Manager;
  let certificateId: string;
  let fingerprint: string;

  const db = () => t.app.get(DataSource);

  /** Certificates and audit events inserted as rows, many at once (the trigger forbids changing events, not adding). */
  async function seedBulk(
    organisationId: string,
    certificates: number,
    eventsPerCertificate = 0,
  ): Promise<void> {
    await rows(
      t,
      `INSERT INTO certificate (organisation_id, sha256_fingerprint, subject, issuer, serial_number, not_before,
                                not_after, key_algorithm, der, environment)
       SELECT $1, md5(g::text) || md5(g::text), 'CN=seed ' || g, 'CN=seed CA', g::text, now() - interval '1 year',
              now() + interval '1 year', 'RSA-2048', '\\x00', 'production'
         FROM generate_series(1, $2::int) g`,
      [organisationId, certificates],
    );
    await rows(
      t,
      `INSERT INTO audit_event (chain, organisation_id, certificate_id, actor_label, occurred_at, action, before, after,
                                previous_hash, hash)
       SELECT $1::text, $1::uuid, c.id, 'notifier', now(), 'certificate.updated', '{"keystore":{"host":"PC-1"}}',
              '{"keystore":{"host":"PC-2"}}', md5(c.id::text || g), md5(c.id::text || g || 'next')
         FROM certificate c, generate_series(1, $2::int) g
        WHERE c.organisation_id = $1::uuid`,
      [organisationId, eventsPerCertificate],
    );
  }

  async function manager(): Promise<Manager> {
    const ssin = uniqueSsin();
    const user = await createUser(t, [{ role: 'certificate-manager', organisationId: org.id }], { ssin });
    return { user, card: await issueCard('EC-P384', ssin) };
  }

  beforeAll(async () => {
    t = await startEidTestApp();
    org = await createOrganisation(t);
    orgAdmin = await createUser(t, [{ role: 'org-admin', organisationId: org.id }]);
    outgoing = await manager();
    incoming = await manager();
    certificateId = await insertCertificate(t, {
      organisationId: org.id,
      expiresInDays: 60,
      managerId: outgoing.user.personId,
    });
    const patch = (body: object) =>
      t
        .http()
        .patch(`/api/v1/certificates/${certificateId}`)
        .set(bearer(orgAdmin.token))
        .send(body)
        .expect(200);
    // The keystore moves once, and a custodian is named.
    await patch({
      keystore: { fileName: 'CBE=0566988259 20240102-030405.p12', host: 'PC-RECEPTION', path: 'C:\\ehealth' },
    });
    await patch({
      keystore: { fileName: 'CBE=0566988259 20240102-030405.p12', host: 'PC-DIRECTION', path: 'D:\\keys' },
    });
    await patch({ passwordCustodianId: incoming.user.personId });

    // The manager hands over, both sides signing with their eID.
    const opened = await t
      .http()
      .post('/api/v1/handovers')
      .set(bearer(orgAdmin.token))
      .send({
        organisationId: org.id,
        reason: 'Leaves in December',
        fromPersonId: outgoing.user.personId,
        toPersonId: incoming.user.personId,
      })
      .expect(201);
    const { json } = opened.body.document as { json: string };
    for (const side of [outgoing, incoming])
      await t
        .http()
        .post(`/api/v1/handovers/${opened.body.id}/signatures`)
        .set(bearer(side.user.token))
        .send(digestSignature(side.card.signature, json))
        .expect(200);

    // Reminders as the notifier records them once the SMTP server accepted each mail.
    const [reminder] = await rows<{ id: string }>(
      t,
      `INSERT INTO reminder (certificate_id, organisation_id, milestone) VALUES ($1, $2, '60') RETURNING id`,
      [certificateId, org.id],
    );
    for (const [recipient, messageId] of [
      ['info@ambulance.test', '<r60.1@certdesk.test>'],
      ['chef@ambulance.test', '<r60.2@certdesk.test>'],
    ])
      await rows(
        t,
        `INSERT INTO reminder_delivery (reminder_id, recipient, kind, state, attempts, sent_at, message_id)
         VALUES ($1, $2, 'digest', 'sent', 1, now(), $3)`,
        [reminder!.id, recipient, messageId],
      );

    // The renewal's phases.
    const renewal = await t
      .http()
      .post(`/api/v1/certificates/${certificateId}/renewals`)
      .set(bearer(incoming.user.token))
      .send({})
      .expect(201);
    for (const step of ['complete', 'activate-etk'])
      await t
        .http()
        .post(`/api/v1/renewals/${renewal.body.id}/${step}`)
        .set(bearer(incoming.user.token))
        .send({})
        .expect(200);

    fingerprint = (await t.http().get('/api/v1/installation/evidence-key').expect(200)).body.fingerprint;
  });
  afterAll(() => t.close());

  it('publishes the installation key without a log-in', async () => {
    const key = await t.http().get('/api/v1/installation/evidence-key').expect(200);
    expect(key.body).toMatchObject({ algorithm: 'Ed25519', source: 'generated' });
    expect(key.body.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(key.body.fingerprint).toBe(publicKeyFingerprint(key.body.publicKey));
    const [stored] = await rows<{ private_key_ciphertext: string }>(t, 'SELECT * FROM evidence_signing_key');
    // Sealed at rest: no PEM in the database.
    expect(stored!.private_key_ciphertext).toMatch(/^v1\./);
    expect(stored!.private_key_ciphertext).not.toContain('PRIVATE KEY');
  });

  it("a certificate's pack verifies against the published key and holds its story", async () => {
    const response = await getEvidence(
      t,
      orgAdmin.token,
      `certificates/${certificateId}/evidence?language=fr`,
    );
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="evidence-certificate-/);
    const verified = verifyEvidencePack(response.body as Buffer, { fingerprint });
    expect(verified.statement.scope).toEqual({ kind: 'certificate', id: certificateId });
    expect(Buffer.from(verified.pdf).subarray(0, 5).toString()).toBe('%PDF-');

    const pack = JSON.parse(strFromU8(verified.json)) as Pack;
    expect(pack.signingKey.fingerprint).toBe(fingerprint);
    // The report says the same, in French.
    const report = pdfText(verified.pdf);
    for (const text of [
      'Rapport de preuves Certdesk',
      'Étapes du renouvellement',
      'Passations (signées avec l’eID)'.replace('’', "'"),
      '<r60.1@certdesk.test>',
    ])
      expect(report).toContain(text);
    const [certificate] = pack.certificates;
    const [stored] = await rows<{ serial_number: string; sha256_fingerprint: string }>(
      t,
      'SELECT serial_number, sha256_fingerprint FROM certificate WHERE id = $1',
      [certificateId],
    );
    expect(report).toContain(`Numéro de série: ${stored!.serial_number}`);
    expect(certificate).toMatchObject({
      id: certificateId,
      serialNumber: stored!.serial_number,
      sha256Fingerprint: stored!.sha256_fingerprint,
      keystore: { host: 'PC-DIRECTION', path: 'D:\\keys' },
    });
    expect(certificate!.keystoreHistory).toHaveLength(2);
    expect(certificate!.custody.custodianChanges).toHaveLength(1);
    // This installation may or may not have the custody attestation table yet; the pack says which.
    if (certificate!.custody.attestations === null)
      expect(pack.notes.join(' ')).toMatch(/custody attestations/);
    // The handover moved the certificate to its new manager.
    expect(certificate!.managerHistory.map((c) => c.action)).toEqual(['certificate.manager-reassigned']);

    const [handover] = certificate!.handovers;
    expect(handover!.state).toBe('completed');
    expect(handover!.signatures.map((s) => s.role).sort()).toEqual(['incoming', 'outgoing']);
    const outgoingSignature = handover!.signatures.find((s) => s.role === 'outgoing')!;
    expect(Buffer.from(outgoingSignature.signerCertificateBase64, 'base64')).toEqual(
      Buffer.from(outgoing.card.signature.der),
    );
    const [storedSignature] = await rows<{ signature: Buffer }>(
      t,
      `SELECT signature FROM handover_signature WHERE role = 'outgoing' AND signer_person_id = $1`,
      [outgoing.user.personId],
    );
    expect(outgoingSignature.signatureBase64).toBe(storedSignature!.signature.toString('base64'));

    expect(certificate!.reminders).toEqual([
      expect.objectContaining({
        milestone: '60',
        recipient: 'info@ambulance.test',
        state: 'sent',
        messageId: '<r60.1@certdesk.test>',
      }),
      expect.objectContaining({
        milestone: '60',
        recipient: 'chef@ambulance.test',
        state: 'sent',
        messageId: '<r60.2@certdesk.test>',
      }),
    ]);
    expect(certificate!.renewals[0]!.steps.map((s) => s.action)).toEqual([
      'renewal.started',
      'renewal.completed',
      'renewal.etk-activated',
    ]);

    // Every event as the audit trail holds it, handover events included, and the chain's head.
    const events = await rows<{ id: string; hash: string; previous_hash: string }>(
      t,
      'SELECT id::text, hash, previous_hash FROM audit_event WHERE id = ANY($1::bigint[]) ORDER BY id',
      [pack.auditEvents.map((e) => e.id)],
    );
    expect(events.map((e) => [e.id, e.hash, e.previous_hash])).toEqual(
      pack.auditEvents.map((e) => [e.id, e.hash, e.previousHash]),
    );
    expect(pack.auditEvents.map((e) => e.action)).toEqual(
      expect.arrayContaining(['handover.opened', 'handover.signed', 'handover.completed']),
    );
    const [head] = await rows<{ last_hash: string }>(
      t,
      'SELECT last_hash FROM audit_chain_head WHERE chain = $1',
      [org.id],
    );
    // The pack was made before its own audit event: the head it names is the one before that.
    const made = await rows<{ previous_hash: string; after: { packId: string } }>(
      t,
      `SELECT previous_hash, after FROM audit_event WHERE action = 'evidence.pack-made' ORDER BY id DESC LIMIT 1`,
    );
    expect(made[0]!.after.packId).toBe(pack.packId);
    expect(pack.auditChains).toEqual([
      { chain: org.id, head: { eventId: expect.any(String), hash: made[0]!.previous_hash } },
    ]);
    expect(head!.last_hash).not.toBe(made[0]!.previous_hash);
  });

  it("an organisation's pack holds each of its certificates, in the language asked", async () => {
    const other = await insertCertificate(t, {
      organisationId: org.id,
      expiresInDays: 400,
      applicationId: 'SECOND',
    });
    const response = await getEvidence(t, orgAdmin.token, `organisations/${org.id}/evidence`);
    expect(response.status).toBe(200);
    const verified = verifyEvidencePack(response.body as Buffer, { fingerprint });
    const pack = JSON.parse(strFromU8(verified.json)) as Pack;
    expect(pack.certificates.map((c) => c.id).sort()).toEqual([certificateId, other].sort());
    const entries = unzipSync(response.body as Buffer);
    expect(Object.keys(entries).sort()).toEqual(['evidence.json', 'report.pdf', 'signature.json']);
  });

  it('refuses bad input clearly and records nothing', async () => {
    const before = await rows(t, 'SELECT count(*)::int AS n FROM audit_event');
    const bad = async (path: string, status: number) =>
      expect((await t.http().get(`/api/v1/${path}`).set(bearer(orgAdmin.token))).status).toBe(status);
    await bad(`certificates/${certificateId}/evidence?language=de`, 400);
    await bad(`certificates/${certificateId}/evidence?language=${'x'.repeat(5_000)}`, 400);
    await bad(`certificates/${certificateId}/evidence?language[a][b]=fr`, 400);
    await bad(`certificates/${certificateId}/evidence?language=f%00r`, 400);
    await bad('certificates/not-a-uuid/evidence', 400);
    await bad(`certificates/${'9'.repeat(8)}-0000-4000-8000-000000000000/evidence`, 404);
    expect(await rows(t, 'SELECT count(*)::int AS n FROM audit_event')).toEqual(before);
  });

  it('refuses, before reading it, an organisation too large for one pack', async () => {
    const big = await createOrganisation(t);
    await seedBulk(big.id, 1001);
    const started = Date.now();
    const response = await t.http().get(`/api/v1/organisations/${big.id}/evidence`).set(bearer(t.adminToken));
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      code: 'EVIDENCE_TOO_LARGE',
      details: { limits: { certificates: 1000 } },
    });
    expect(response.body.message).toMatch(/at most 1000 certificates/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses a certificate with more audit events than one pack holds, counting no further than the limit', async () => {
    const busy = await createOrganisation(t);
    const certificate = await insertCertificate(t, { organisationId: busy.id, expiresInDays: 100 });
    // Rows as a long-lived certificate's trail would hold them (the trigger forbids changes, not inserts).
    await rows(
      t,
      `INSERT INTO audit_event (chain, organisation_id, certificate_id, actor_label, occurred_at, action, previous_hash, hash)
       SELECT $1::text, $1::uuid, $2::uuid, 'notifier', now(), 'certificate.seen', md5(g::text), md5((g + 1)::text)
         FROM generate_series(1, 20001) g`,
      [busy.id, certificate],
    );
    const before = await rows(t, 'SELECT count(*)::int AS n FROM audit_event');
    const response = await t
      .http()
      .get(`/api/v1/certificates/${certificate}/evidence`)
      .set(bearer(t.adminToken));
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      code: 'EVIDENCE_TOO_LARGE',
      details: { limits: { events: 20000 } },
    });
    expect(await rows(t, 'SELECT count(*)::int AS n FROM audit_event')).toEqual(before);
  });

  it('keeps answering other requests while a large pack is made', async () => {
    const large = await createOrganisation(t);
    await seedBulk(large.id, 300, 20);
    let longest = 0;
    let making = true;
    const pings = (async () => {
      while (making) {
        const sent = Date.now();
        await t.http().get('/api/v1/installation/evidence-key').expect(200);
        longest = Math.max(longest, Date.now() - sent);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const response = await getEvidence(t, t.adminToken, `organisations/${large.id}/evidence`);
    making = false;
    await pings;
    expect(response.status).toBe(200);
    const pack = JSON.parse(
      strFromU8(verifyEvidencePack(response.body as Buffer, { fingerprint }).json),
    ) as Pack;
    expect(pack.certificates).toHaveLength(300);
    expect(pack.auditEvents).toHaveLength(6000);
    // The PDF is drawn and the pack sealed in a worker thread: the event loop never waits for it.
    expect(longest).toBeLessThan(1_500);
  });

  it('replicas starting together make one key between them', async () => {
    await db().getRepository(EvidenceSigningKeyEntity).clear();
    const replica = () =>
      new EvidenceSigningKeys(
        t.config,
        t.app.get(Transactions),
        t.app.get(EvidenceSigningKeyRepository),
        t.app.get(AuditTrail),
      );
    const keys = await Promise.all([replica().key(), replica().key(), replica().key()]);
    expect(new Set(keys.map((k) => k.fingerprint)).size).toBe(1);
    expect(await db().getRepository(EvidenceSigningKeyEntity).count()).toBe(1);
    const created = await rows<{ after: { fingerprint: string } }>(
      t,
      `SELECT after FROM audit_event WHERE action = 'installation.evidence-key-created' ORDER BY id DESC LIMIT 1`,
    );
    expect(created[0]!.after.fingerprint).toBe(keys[0]!.fingerprint);
    // Sealed with another EVIDENCE_KEY, it does not open: the api says so instead of signing with nothing.
    const wrongSealing = new EvidenceSigningKeys(
      {
        ...t.config,
        evidence: { signingKeyPem: null, sealingKeyBase: 'another-evidence-key-of-32-characters!!' },
      },
      t.app.get(Transactions),
      t.app.get(EvidenceSigningKeyRepository),
      t.app.get(AuditTrail),
    );
    await expect(wrongSealing.key()).rejects.toThrow(/does not open/);
  });

  it('EVIDENCE_SIGNING_KEY must be an Ed25519 private key', () => {
    const base = { TOKEN_SECRET: 'x'.repeat(32), DATABASE_URL: 'postgres://127.0.0.1/x' };
    expect(() => loadConfig({ ...base, EVIDENCE_SIGNING_KEY: 'not a key' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, EVIDENCE_KEY: 'short' })).toThrow(ConfigError);
  });
});
