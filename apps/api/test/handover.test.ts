import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import canonicalize from 'canonicalize';
import { DataSource } from 'typeorm';
import { CertificateEntity, KeystoreEntity } from '@certdesk/persistence';
import { verifySignedDigest } from '@certdesk/pki';
import { createTestPki } from '@certdesk/pki/testing';
import { Clock } from '../src/core/clock.js';
import {
  AMBIGUOUS_EID_SUBJECTS,
  type CardAlgorithm,
  digestSignature,
  forged,
  issueCard,
  snapshotWithEid,
  startEidTestApp,
  uniqueSsin,
  type TestCard,
} from './support/eid-fixtures.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { insertCertificate } from './support/lifecycle-fixtures.js';
import { bearer, type TestApp } from './support/test-app.js';

const DAY = 86_400_000;

interface Manager {
  user: TestUser;
  card: TestCard;
  name: string;
}

describe('the eID-signed certificate-manager handover', () => {
  let t: TestApp;
  let org: { id: string; name: string };
  let otherOrg: { id: string };
  let orgAdmin: TestUser;
  let counter = 0;

  beforeAll(async () => {
    t = await startEidTestApp();
    org = await createOrganisation(t);
    otherOrg = await createOrganisation(t);
    orgAdmin = await createUser(t, [{ role: 'org-admin', organisationId: org.id }]);
  });
  afterAll(() => t.close());
  afterEach(() => {
    jest.restoreAllMocks();
  });

  const http = () => t.http();
  const db = () => t.app.get(DataSource);

  /** A certificate manager of `org` who logs in, with an eID card of their own. */
  async function manager(keyAlgorithm: CardAlgorithm, organisationId = org.id): Promise<Manager> {
    const ssin = uniqueSsin();
    const name = `Manager ${++counter}`;
    const user = await createUser(t, [{ role: 'certificate-manager', organisationId }], { ssin, name });
    return { user, card: await issueCard(keyAlgorithm, ssin, { name: ['Manager', String(counter)] }), name };
  }

  const certificate = (managerId: string, organisationId = org.id, expiresInDays = 400) =>
    insertCertificate(t, {
      organisationId,
      expiresInDays,
      managerId,
      identifierType: 'CBE',
      identifierValue: '0566988259',
      applicationId: `APP${++counter}`,
    });

  const open = (token: string, body: Record<string, unknown>) =>
    http()
      .post('/api/v1/handovers')
      .set(bearer(token))
      .send({ organisationId: org.id, reason: 'Leaves in December', ...body });
  const sign = (token: string, handoverId: string, signature: object) =>
    http().post(`/api/v1/handovers/${handoverId}/signatures`).set(bearer(token)).send(signature);
  const get = async (handoverId: string, token = t.adminToken) =>
    (await http().get(`/api/v1/handovers/${handoverId}`).set(bearer(token)).expect(200)).body;
  const certificateOf = async (id: string) =>
    (await http().get(`/api/v1/certificates/${id}`).set(bearer(t.adminToken)).expect(200)).body;

  describe.each([
    ['RSA-2048', 'EC-P384'],
    ['EC-P384', 'RSA-2048'],
  ] as [CardAlgorithm, CardAlgorithm][])(
    'signed with an %s card, countersigned with an %s card',
    (aAlgorithm, bAlgorithm) => {
      let a: Manager;
      let b: Manager;

      beforeAll(async () => {
        a = await manager(aAlgorithm);
        b = await manager(bAlgorithm);
      });

      it('renders a canonical document with its digests; both sign; the certificates change hands; all is audited', async () => {
        const first = await certificate(a.user.personId);
        const second = await certificate(a.user.personId);
        const personalSsin = uniqueSsin();
        const personal = await insertCertificate(t, {
          organisationId: org.id,
          expiresInDays: 400,
          managerId: a.user.personId,
          identifierType: 'SSIN',
          identifierValue: personalSsin,
        });
        const notAs = await certificate(b.user.personId);
        const revoked = await certificate(a.user.personId);
        await db()
          .getRepository(CertificateEntity)
          .update({ id: revoked }, { state: 'revoked', revokedAt: new Date() });
        const keystore = await db()
          .getRepository(KeystoreEntity)
          .insert({
            organisationId: org.id,
            fileName: `CBE=0566988259 20240102-0304${aAlgorithm.slice(0, 2)}.p12`,
            host: 'PC-RECEPTION',
            path: 'C:\\ehealth\\keystore',
          });
        await db()
          .getRepository(CertificateEntity)
          .update(
            { id: first },
            { keystoreId: String(keystore.identifiers[0]!.id), passwordCustodianId: b.user.personId },
          );

        const opened = await open(orgAdmin.token, {
          fromPersonId: a.user.personId,
          toPersonId: b.user.personId,
        }).expect(201);
        const handover = opened.body;
        expect(handover).toMatchObject({
          organisationId: org.id,
          organisationName: org.name,
          state: 'awaiting-signatures',
          outgoingManager: { id: a.user.personId, name: a.name },
          incomingManager: { id: b.user.personId, name: b.name },
          outgoingSigner: { role: 'outgoing', signsAs: 'outgoing-manager', personId: a.user.personId },
          awaitingSignatureFrom: [
            { role: 'outgoing', personId: a.user.personId },
            { role: 'incoming', signsAs: 'incoming-manager', personId: b.user.personId },
          ],
          signatures: [],
          openedByUserId: orgAdmin.id,
        });
        // All of A's active certificates, not B's, not a revoked one.
        expect(handover.certificates.map((c: { certificateId: string }) => c.certificateId).sort()).toEqual(
          [first, second, personal].sort(),
        );
        expect(notAs).toBeDefined();

        const { json, text, sha256, sha384 } = handover.document;
        expect(canonicalize(JSON.parse(json))).toBe(json);
        expect(sha256).toBe(createHash('sha256').update(json, 'utf8').digest('base64'));
        expect(sha384).toBe(createHash('sha384').update(json, 'utf8').digest('base64'));
        const document = JSON.parse(json);
        expect(document).toMatchObject({
          format: 'certdesk-handover:1',
          handoverId: handover.id,
          organisation: { id: org.id },
          reason: 'Leaves in December',
          outgoingManager: {
            personId: a.user.personId,
            name: a.name,
            ssin: expect.stringMatching(/^850101-\*\*\*-\*\*$/),
          },
          incomingManager: { personId: b.user.personId, name: b.name },
          outgoingSigner: { role: 'outgoing-manager', personId: a.user.personId },
        });
        const firstInDocument = document.certificates.find(
          (c: { certificateId: string }) => c.certificateId === first,
        );
        expect(firstInDocument).toMatchObject({
          identifierType: 'CBE',
          identifierValue: '0566988259',
          keystore: {
            fileName: `CBE=0566988259 20240102-0304${aAlgorithm.slice(0, 2)}.p12`,
            host: 'PC-RECEPTION',
            path: 'C:\\ehealth\\keystore',
          },
          passwordCustodian: { personId: b.user.personId, name: b.name },
          revokeAndRequestAgain: false,
          sha256Fingerprint: (await certificateOf(first)).sha256Fingerprint,
          notAfter: (await certificateOf(first)).notAfter,
        });
        expect(text).toContain(`Outgoing certificate manager: ${a.name}`);
        expect(text).toContain(
          `20240102-0304${aAlgorithm.slice(0, 2)}.p12 on PC-RECEPTION at C:\\ehealth\\keystore`,
        );
        expect(text).toContain(`Password known to: ${b.name}`);
        expect(JSON.stringify(handover)).not.toContain(a.card.ssin);
        // SSINs are masked in the document itself, so everyone sees (and can hash) exactly what is signed.
        expect(json).not.toContain(personalSsin);
        expect(json).toContain(`SSIN=${personalSsin.slice(0, 6)}-***-**`);
        expect((await get(handover.id, a.user.token)).document).toEqual(handover.document);
        expect((await get(handover.id)).document).toEqual(handover.document);

        // A signs.
        const aSignature = digestSignature(a.card.signature, json);
        const afterA = await sign(a.user.token, handover.id, aSignature).expect(200);
        expect(afterA.body).toMatchObject({
          state: 'awaiting-signatures',
          awaitingSignatureFrom: [{ role: 'incoming', personId: b.user.personId }],
          signatures: [
            {
              role: 'outgoing',
              signerPersonId: a.user.personId,
              signatureAlgorithm: aSignature.signatureAlgorithm,
            },
          ],
        });
        expect((await certificateOf(first)).manager.id).toBe(a.user.personId);

        // B countersigns: the certificates change hands.
        const bSignature = digestSignature(b.card.signature, json);
        const completed = await sign(b.user.token, handover.id, bSignature).expect(200);
        expect(completed.body).toMatchObject({
          state: 'completed',
          completedAt: expect.any(String),
          awaitingSignatureFrom: [],
          signatures: [
            { role: 'outgoing', certificate: aSignature.certificate, signature: aSignature.signature },
            { role: 'incoming', certificate: bSignature.certificate, signature: bSignature.signature },
          ],
        });
        for (const id of [first, second])
          expect((await certificateOf(id)).manager).toMatchObject({ id: b.user.personId });
        expect((await certificateOf(notAs)).manager.id).toBe(b.user.personId);
        expect((await certificateOf(revoked)).manager.id).toBe(a.user.personId);

        // The audit trail keeps the document and both signatures, which verify against it alone.
        const audit = await http()
          .get(`/api/v1/audit?organisationId=${org.id}&action=handover.*`)
          .set(bearer(t.adminToken))
          .expect(200);
        const ofThis = audit.body.items.filter(
          (e: { after: { handoverId?: string } }) => e.after?.handoverId === handover.id,
        );
        expect(ofThis.map((e: { action: string }) => e.action)).toEqual([
          'handover.completed',
          'handover.signed',
          'handover.signed',
          'handover.opened',
        ]);
        const completedEvent = ofThis[0];
        expect(completedEvent.after.document).toBe(json);
        expect(completedEvent.signature.signatures).toHaveLength(2);
        for (const given of completedEvent.signature.signatures) {
          await expect(
            verifySignedDigest({
              certificateDer: Buffer.from(given.certificate, 'base64'),
              digest: createHash(given.digestAlgorithm === 'SHA-256' ? 'sha256' : 'sha384')
                .update(completedEvent.after.document)
                .digest(),
              hashAlgorithm: given.digestAlgorithm,
              signature: Buffer.from(given.signature, 'base64'),
            }),
          ).resolves.toBe(true);
        }
        const reassigned = await http()
          .get(`/api/v1/audit?certificateId=${first}&action=certificate.manager-reassigned`)
          .set(bearer(t.adminToken))
          .expect(200);
        expect(reassigned.body.items[0]).toMatchObject({
          before: { managerId: a.user.personId },
          after: { managerId: b.user.personId },
          signature: {
            handoverId: handover.id,
            documentSha256: Buffer.from(sha256, 'base64').toString('hex'),
          },
        });
        const verified = await http().post('/api/v1/audit/verify').set(bearer(t.adminToken)).expect(200);
        expect(JSON.stringify(verified.body)).not.toContain('"ok":false');

        // Done is done.
        const late = await sign(b.user.token, handover.id, digestSignature(b.card.signature, json)).expect(
          409,
        );
        expect(late.body.code).toBe('HANDOVER_CLOSED');
      });

      describe('refuses, with a clear reason and without changing anything,', () => {
        let handover: { id: string; document: { json: string } };
        let aSigned: { id: string; document: { json: string } };
        let aSignatureOfSigned: object;

        beforeAll(async () => {
          await certificate(a.user.personId);
          const one = await open(a.user.token, {
            fromPersonId: a.user.personId,
            toPersonId: b.user.personId,
          }).expect(201);
          handover = one.body;
          // A second handover (other certificates, other incoming manager) that A has signed.
          const c = await manager(bAlgorithm);
          const otherAs = await manager(aAlgorithm);
          await certificate(otherAs.user.personId);
          const two = await open(orgAdmin.token, {
            fromPersonId: otherAs.user.personId,
            toPersonId: c.user.personId,
          }).expect(201);
          aSignatureOfSigned = digestSignature(otherAs.card.signature, two.body.document.json);
          await sign(otherAs.user.token, two.body.id, aSignatureOfSigned).expect(200);
          aSigned = two.body;
        });

        type Case = [
          string,
          number,
          string,
          () => Promise<{ token: string; signature: object; handoverId?: string }>,
        ];
        const cases: Case[] = [
          [
            "a signature with someone else's card (A logged in, B's card in the reader)",
            422,
            'HANDOVER_WRONG_SIGNER',
            async () => ({
              token: a.user.token,
              signature: digestSignature(b.card.signature, handover.document.json),
            }),
          ],
          [
            'a tampered document (another incoming manager)',
            422,
            'HANDOVER_DOCUMENT_MISMATCH',
            async () => {
              const tampered = JSON.parse(handover.document.json);
              tampered.incomingManager.name = 'Mallory';
              return {
                token: a.user.token,
                signature: digestSignature(a.card.signature, canonicalize(tampered)!),
              };
            },
          ],
          [
            "another handover's signature",
            422,
            'HANDOVER_DOCUMENT_MISMATCH',
            async () => ({
              token: a.user.token,
              signature: digestSignature(a.card.signature, aSigned.document.json),
            }),
          ],
          [
            'an honest digest with a signature over another one',
            422,
            'EID_SIGNATURE_INVALID',
            async () => {
              const honest = digestSignature(a.card.signature, handover.document.json);
              const other = digestSignature(a.card.signature, aSigned.document.json);
              return {
                token: a.user.token,
                signature: { ...honest, signature: (other as { signature: string }).signature },
              };
            },
          ],
          [
            'a forged signature',
            422,
            'EID_SIGNATURE_INVALID',
            async () => ({
              token: a.user.token,
              signature: forged(digestSignature(a.card.signature, handover.document.json)),
            }),
          ],
          [
            'a signature given already (replayed, on another handover)',
            422,
            'HANDOVER_SIGNATURE_REPLAYED',
            async () => ({ token: a.user.token, signature: aSignatureOfSigned }),
          ],
          [
            'a signature with an expired card',
            422,
            'EID_CERTIFICATE_EXPIRED',
            async () => {
              const expired = await issueCard(aAlgorithm, a.card.ssin, {
                notBefore: new Date(Date.now() - 3650 * DAY),
                notAfter: new Date(Date.now() - DAY),
              });
              return {
                token: a.user.token,
                signature: digestSignature(expired.signature, handover.document.json),
              };
            },
          ],
          [
            'a card of another PKI',
            422,
            'EID_CHAIN_UNTRUSTED',
            async () => {
              const foreign = await issueCard(aAlgorithm, a.card.ssin, { issuer: await createTestPki() });
              return {
                token: a.user.token,
                signature: digestSignature(foreign.signature, handover.document.json),
              };
            },
          ],
          [
            'a signature with the Authentication key',
            422,
            'EID_WRONG_KEY_USAGE',
            async () => ({
              token: a.user.token,
              signature: digestSignature(a.card.authentication, handover.document.json),
            }),
          ],
          // A Signature certificate that names A's SSIN beside B's, or not plainly: never read as A's.
          ...AMBIGUOUS_EID_SUBJECTS.map(([what, code, rewrite]): Case => [
            `A's signature with a card whose subject names ${what}`,
            422,
            code,
            async () => {
              const crafted = await issueCard(aAlgorithm, a.card.ssin, {
                rewriteSubject: rewrite(b.card.ssin),
              });
              return {
                token: a.user.token,
                signature: digestSignature(crafted.signature, handover.document.json),
              };
            },
          ]),
          [
            'a signature posted by someone who is not a designated signer',
            403,
            'NOT_A_DESIGNATED_SIGNER',
            async () => ({
              token: orgAdmin.token,
              signature: digestSignature(a.card.signature, handover.document.json),
            }),
          ],
          [
            "the incoming manager's signature before the outgoing one",
            409,
            'HANDOVER_AWAITING_OUTGOING_SIGNATURE',
            async () => ({
              token: b.user.token,
              signature: digestSignature(b.card.signature, handover.document.json),
            }),
          ],
          [
            'a handover of another tenant (as for a missing one)',
            404,
            'NOT_FOUND',
            async () => {
              const stranger = await manager(aAlgorithm, otherOrg.id);
              return {
                token: stranger.user.token,
                signature: digestSignature(stranger.card.signature, handover.document.json),
              };
            },
          ],
        ];

        it.each(cases)('%s (%s %s)', async (_, status, code, make) => {
          const attempt = await make();
          const before = await snapshotWithEid(t);
          const response = await sign(attempt.token, attempt.handoverId ?? handover.id, attempt.signature);
          expect(response.status).toBe(status);
          expect(response.body).toMatchObject({ statusCode: status, code, message: expect.any(String) });
          expect(await snapshotWithEid(t)).toEqual(before);
        });

        it('a handover past its 30 days (HANDOVER_EXPIRED)', async () => {
          jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(Date.now() + 31 * DAY));
          const before = await snapshotWithEid(t);
          const response = await sign(
            a.user.token,
            handover.id,
            digestSignature(a.card.signature, handover.document.json),
          );
          expect(response.status).toBe(409);
          expect(response.body.code).toBe('HANDOVER_EXPIRED');
          expect(await snapshotWithEid(t)).toEqual(before);
        });

        it('the same signature twice on one handover (HANDOVER_SIGNATURE_REPLAYED), then a second signature by A (HANDOVER_ALREADY_SIGNED)', async () => {
          const signature = digestSignature(a.card.signature, handover.document.json);
          await sign(a.user.token, handover.id, signature).expect(200);
          const before = await snapshotWithEid(t);
          const replayed = await sign(a.user.token, handover.id, signature).expect(422);
          expect(replayed.body.code).toBe('HANDOVER_SIGNATURE_REPLAYED');
          // B presenting A's signature as theirs is a replay too.
          expect((await sign(b.user.token, handover.id, signature).expect(422)).body.code).toBe(
            'HANDOVER_SIGNATURE_REPLAYED',
          );
          const again = await sign(
            a.user.token,
            handover.id,
            digestSignature(a.card.signature, handover.document.json, 'SHA-384'),
          );
          expect(again.status).toBe(409);
          expect(again.body.code).toBe('HANDOVER_ALREADY_SIGNED');
          expect(await snapshotWithEid(t)).toEqual(before);
        });

        it('a countersignature once a certificate changed manager since the opening (HANDOVER_OUTDATED)', async () => {
          const covered = (await get(handover.id)).certificates[0].certificateId;
          const c = await manager(bAlgorithm);
          await http()
            .put(`/api/v1/certificates/${covered}/manager`)
            .set(bearer(orgAdmin.token))
            .send({ managerId: c.user.personId })
            .expect(200);
          const before = await snapshotWithEid(t);
          const response = await sign(
            b.user.token,
            handover.id,
            digestSignature(b.card.signature, handover.document.json),
          );
          expect(response.status).toBe(409);
          expect(response.body.code).toBe('HANDOVER_OUTDATED');
          expect(await snapshotWithEid(t)).toEqual(before);
        });
      });
    },
  );

  describe('when the outgoing manager cannot sign', () => {
    it('the access manager signs instead; what the new manager cannot obtain is flagged and its new request opened', async () => {
      // A has left: no eID to sign with, no SSIN on record.
      const leaver = await http()
        .post('/api/v1/people')
        .set(bearer(t.adminToken))
        .send({
          name: 'Lea Leaver',
          memberships: [{ organisationId: org.id, employed: false, roles: ['certificate-manager'] }],
        })
        .expect(201);
      const accessManager = await manager('EC-P384');
      await http()
        .patch(`/api/v1/people/${accessManager.user.personId}`)
        .set(bearer(t.adminToken))
        .send({ memberships: [{ organisationId: org.id, roles: ['access-manager'] }] })
        .expect(200);
      const b = await manager('RSA-2048');
      const lost = await certificate(leaver.body.id);
      const kept = await certificate(leaver.body.id);

      const withoutSigner = await open(orgAdmin.token, {
        fromPersonId: leaver.body.id,
        toPersonId: b.user.personId,
      });
      expect(withoutSigner.status).toBe(422);
      expect(withoutSigner.body.code).toBe('SIGNER_HAS_NO_SSIN');

      const opened = await open(orgAdmin.token, {
        fromPersonId: leaver.body.id,
        toPersonId: b.user.personId,
        accessManagerId: accessManager.user.personId,
        unobtainableCertificateIds: [lost],
      }).expect(201);
      const handover = opened.body;
      expect(handover.outgoingSigner).toMatchObject({
        role: 'outgoing',
        signsAs: 'access-manager',
        personId: accessManager.user.personId,
      });
      expect(handover.certificates).toEqual(
        expect.arrayContaining([
          { certificateId: lost, revokeAndRequestAgain: true },
          { certificateId: kept, revokeAndRequestAgain: false },
        ]),
      );
      expect(handover.document.text).toContain('REVOKE AND REQUEST AGAIN');
      expect(handover.document.text).toContain(`access manager ${accessManager.name}`);

      // The access manager signs for the outgoing side, B countersigns.
      await sign(
        accessManager.user.token,
        handover.id,
        digestSignature(accessManager.card.signature, handover.document.json),
      ).expect(200);
      await sign(b.user.token, handover.id, digestSignature(b.card.signature, handover.document.json)).expect(
        200,
      );

      expect(await certificateOf(lost)).toMatchObject({
        revokeAndRequestAgain: true,
        manager: { id: b.user.personId },
        state: 'active',
      });
      expect(await certificateOf(kept)).toMatchObject({
        revokeAndRequestAgain: false,
        manager: { id: b.user.personId },
      });
      const requests = await http()
        .get(`/api/v1/new-requests?organisationId=${org.id}&state=open`)
        .set(bearer(t.adminToken))
        .expect(200);
      const replacing = requests.body.filter(
        (r: { replacesCertificateId: string | null }) => r.replacesCertificateId === lost,
      );
      expect(replacing).toHaveLength(1);
      expect(
        requests.body.some((r: { replacesCertificateId: string | null }) => r.replacesCertificateId === kept),
      ).toBe(false);
      const flagged = await http()
        .get(`/api/v1/audit?certificateId=${lost}&action=certificate.revoke-and-request-again`)
        .set(bearer(t.adminToken))
        .expect(200);
      expect(flagged.body.items[0]).toMatchObject({
        before: { revokeAndRequestAgain: false },
        after: { revokeAndRequestAgain: true, handoverId: handover.id, newRequestId: replacing[0].id },
      });
    });
  });

  describe('opening', () => {
    let a: Manager;
    let b: Manager;
    beforeAll(async () => {
      a = await manager('EC-P384');
      b = await manager('RSA-2048');
      await certificate(a.user.personId);
    });

    it('covers only the certificates named, and cancelling frees them for another handover', async () => {
      const one = await certificate(a.user.personId);
      const opened = await open(a.user.token, {
        fromPersonId: a.user.personId,
        toPersonId: b.user.personId,
        certificateIds: [one],
      }).expect(201);
      expect(opened.body.certificates).toEqual([{ certificateId: one, revokeAndRequestAgain: false }]);
      const busy = await open(orgAdmin.token, {
        fromPersonId: a.user.personId,
        toPersonId: b.user.personId,
        certificateIds: [one],
      });
      expect(busy.status).toBe(409);
      expect(busy.body.code).toBe('HANDOVER_ALREADY_OPEN');
      const cancelled = await http()
        .post(`/api/v1/handovers/${opened.body.id}/cancel`)
        .set(bearer(a.user.token))
        .send({ reason: 'wrong person' })
        .expect(200);
      expect(cancelled.body).toMatchObject({
        state: 'cancelled',
        cancelReason: 'wrong person',
        awaitingSignatureFrom: [],
      });
      const signLate = await sign(
        a.user.token,
        opened.body.id,
        digestSignature(a.card.signature, opened.body.document.json),
      );
      expect(signLate.status).toBe(409);
      expect(signLate.body.code).toBe('HANDOVER_CLOSED');
      const again = await open(orgAdmin.token, {
        fromPersonId: a.user.personId,
        toPersonId: b.user.personId,
        certificateIds: [one],
      }).expect(201);
      await http()
        .post(`/api/v1/handovers/${again.body.id}/cancel`)
        .set(bearer(orgAdmin.token))
        .send({ reason: 'test' })
        .expect(200);
      const listed = await http()
        .get(`/api/v1/handovers?organisationId=${org.id}&state=cancelled`)
        .set(bearer(b.user.token))
        .expect(200);
      expect(listed.body.map((h: { id: string }) => h.id)).toEqual(
        expect.arrayContaining([opened.body.id, again.body.id]),
      );
    });

    it.each([
      [
        'the same person on both sides',
        () => ({ fromPersonId: a.user.personId, toPersonId: a.user.personId }),
        'SAME_PERSON',
      ],
      ['an incoming manager of another organisation', () => ({ toPersonId: 'stranger' }), 'NOT_A_MEMBER'],
      ['an incoming manager who left', () => ({ toPersonId: 'leaver' }), 'PERSON_HAS_LEFT'],
      ['an incoming manager without an SSIN', () => ({ toPersonId: 'no-ssin' }), 'SIGNER_HAS_NO_SSIN'],
      [
        'an access manager who is not one',
        () => ({ accessManagerId: b.user.personId, toPersonId: 'fresh' }),
        'NOT_AN_ACCESS_MANAGER',
      ],
      [
        "a certificate that is not the outgoing manager's",
        () => ({ certificateIds: ['of-b'] }),
        'NOT_THE_OUTGOING_MANAGERS',
      ],
      [
        'an outgoing manager with nothing to hand over',
        () => ({ fromPersonId: 'fresh' }),
        'NOTHING_TO_HAND_OVER',
      ],
      [
        'unobtainable certificates outside the handover',
        () => ({ unobtainableCertificateIds: ['of-b'] }),
        'NOT_IN_HANDOVER',
      ],
    ])('refuses %s and changes nothing', async (_, body, code) => {
      const resolved: Record<string, unknown> = {
        fromPersonId: a.user.personId,
        toPersonId: b.user.personId,
        ...body(),
      };
      const stand = async (key: string) => {
        if (resolved[key] === 'stranger')
          resolved[key] = (await manager('EC-P384', otherOrg.id)).user.personId;
        if (resolved[key] === 'leaver') {
          const left = await manager('EC-P384');
          await http()
            .patch(`/api/v1/people/${left.user.personId}`)
            .set(bearer(t.adminToken))
            .send({ memberships: [{ organisationId: org.id, employed: false }] })
            .expect(200);
          resolved[key] = left.user.personId;
        }
        if (resolved[key] === 'fresh') resolved[key] = (await manager('RSA-2048')).user.personId;
        if (resolved[key] === 'no-ssin') {
          resolved[key] = (await createUser(t, [{ role: 'viewer', organisationId: org.id }])).personId;
        }
      };
      await stand('fromPersonId');
      await stand('toPersonId');
      for (const key of ['certificateIds', 'unobtainableCertificateIds']) {
        if (Array.isArray(resolved[key])) resolved[key] = [await certificate(b.user.personId)];
      }
      const before = await snapshotWithEid(t);
      const response = await open(orgAdmin.token, resolved);
      expect(response.status).toBe(422);
      expect(response.body.code).toBe(code);
      expect(await snapshotWithEid(t)).toEqual(before);
    });
  });
});
