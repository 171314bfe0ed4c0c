// The eID log-in and the signed certificate-manager handover end to end: the test plays the dashboard between the
// api (in this process, on its own database) and two card-bridge processes, each on a SoftHSM2 token provisioned like
// a Belgian eID card (the outgoing manager's RSA-2048 card, the incoming manager's EC P-384 card).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CARD_BRIDGE_ROUTES } from '@certdesk/contracts';
import { withMod97CheckDigits } from '@certdesk/domain';
import { type EidToken, provisionEidToken, testPki } from '@certdesk/card-bridge/testing';
import { verifySignedDigest } from '@certdesk/pki';
import { buildEhealthKeystore, type TestPki } from '@certdesk/pki/testing';
import { DASHBOARD_ORIGIN, type RunningApi, startApi } from './support/api.js';
import { type BridgeProcess, startBridgeProcess } from './support/bridge.js';

const FOREIGN_ORIGIN = 'https://phishing.test';
const CBE = '0566988259';

/** An SSIN with valid check digits (born 1985-01-01). */
const ssin = (sequence: number) => withMod97CheckDigits(`850101${String(sequence).padStart(3, '0')}`);

interface Manager {
  name: string;
  ssin: string;
  personId: string;
  card: EidToken;
  bridge: BridgeProcess;
  /** The dashboard's pairing with this manager's bridge. */
  pairing: string;
  /** The api session from their eID log-in. */
  session: string;
}

describe('eID log-in and the signed handover: api + card-bridge processes + SoftHSM2 eID cards', () => {
  let pki: TestPki;
  let api: RunningApi;
  let organisationId: string;
  const a = { name: 'Anne Outgoing', ssin: ssin(101) } as Manager;
  const b = { name: 'Bram Incoming', ssin: ssin(102) } as Manager;

  /** The dashboard's eID log-in: a challenge from the api, signed by the card through the bridge, posted back. */
  async function eidToken(manager: Manager, origin = DASHBOARD_ORIGIN, pairing = manager.pairing) {
    const challenge = await api.call('/api/v1/auth/eid/challenge', { method: 'POST' });
    expect(challenge.status).toBe(200);
    const signed = await manager.bridge.call(CARD_BRIDGE_ROUTES.authenticate, {
      origin,
      token: pairing,
      body: { nonce: challenge.body.nonce },
    });
    expect(signed.status).toBe(200);
    return { nonce: challenge.body.nonce as string, token: signed.body };
  }
  const eidLogin = (attempt: { nonce: string; token: unknown }, origin: string | null = DASHBOARD_ORIGIN) =>
    api.call('/api/v1/auth/eid/login', { origin, body: attempt });

  beforeAll(async () => {
    pki = await testPki();
    [a.card, b.card] = await Promise.all([
      provisionEidToken('RSA-2048', { ssin: a.ssin, givenName: 'Anne', surname: 'Outgoing' }),
      provisionEidToken('EC-P384', { ssin: b.ssin, givenName: 'Bram', surname: 'Incoming' }),
    ]);
    api = await startApi(pki);
    // Anne's bridge was (mis)configured to serve a second site too: the api must still refuse what it signs for it.
    [a.bridge, b.bridge] = await Promise.all([
      startBridgeProcess(a.card, [DASHBOARD_ORIGIN, FOREIGN_ORIGIN]),
      startBridgeProcess(b.card, [DASHBOARD_ORIGIN]),
    ]);
    a.pairing = await a.bridge.pair(DASHBOARD_ORIGIN);
    b.pairing = await b.bridge.pair(DASHBOARD_ORIGIN);

    const organisation = await api.call('/api/v1/organisations', {
      token: api.adminToken,
      body: {
        name: 'Ambulance Service E2E',
        identifiers: [{ type: 'CBE', value: CBE }],
        contacts: [{ email: 'info@ambulance-e2e.test', language: 'fr', generic: true }],
      },
    });
    expect(organisation.status).toBe(201);
    organisationId = organisation.body.id;
    for (const [manager, email] of [
      [a, 'anne@ambulance-e2e.test'],
      [b, 'bram@ambulance-e2e.test'],
    ] as const) {
      const user = await api.call('/api/v1/users', {
        token: api.adminToken,
        body: {
          email,
          name: manager.name,
          password: 'a-password-nobody-uses',
          ssin: manager.ssin,
          roles: [{ role: 'certificate-manager', organisationId }],
        },
      });
      expect(user.status).toBe(201);
      manager.personId = user.body.personId;
    }
  }, 240_000);

  afterAll(async () => {
    await Promise.all([a.bridge?.stop(), b.bridge?.stop()]);
    await api?.close();
    await Promise.all([a.card?.cleanup(), b.card?.cleanup()]);
  });

  describe('eID log-in', () => {
    it.each([
      ['Anne', 'RSA-2048', () => a],
      ['Bram', 'EC P-384', () => b],
    ])('logs %s in with their %s card, the bridge binding the dashboard origin', async (_, __, manager) => {
      const attempt = await eidToken(manager());
      expect(attempt.token).toMatchObject({
        format: 'web-eid:1.0',
        algorithm: manager() === a ? 'RS256' : 'ES384',
      });
      const login = await eidLogin(attempt);
      expect(login.status).toBe(200);
      manager().session = login.body.accessToken;
      const me = await api.call('/api/v1/auth/me', { token: manager().session });
      expect(me.body).toMatchObject({ personId: manager().personId, name: manager().name });
    });

    it('refuses a replayed nonce', async () => {
      const attempt = await eidToken(a);
      expect((await eidLogin(attempt)).status).toBe(200);
      const replayed = await eidLogin(attempt);
      expect(replayed.status).toBe(401);
      expect(replayed.body.code).toBe('EID_NONCE_REUSED');
    });

    it('refuses what a card signed for a foreign origin, and a bridge refuses an origin it does not serve', async () => {
      const foreignPairing = await a.bridge.pair(FOREIGN_ORIGIN);
      const forForeign = await eidToken(a, FOREIGN_ORIGIN, foreignPairing);
      const posted = await eidLogin(forForeign, FOREIGN_ORIGIN);
      expect(posted.status).toBe(401);
      expect(posted.body.code).toBe('EID_ORIGIN_MISMATCH');
      const relayed = await eidLogin(forForeign, null);
      expect(relayed.status).toBe(401);
      expect(relayed.body.code).toBe('EID_SIGNATURE_INVALID');
      // The same nonce still works for the real dashboard: a refusal consumed nothing.
      const signed = await a.bridge.call(CARD_BRIDGE_ROUTES.authenticate, {
        origin: DASHBOARD_ORIGIN,
        token: a.pairing,
        body: { nonce: forForeign.nonce },
      });
      expect((await eidLogin({ nonce: forForeign.nonce, token: signed.body })).status).toBe(200);

      const refused = await b.bridge.call(CARD_BRIDGE_ROUTES.authenticate, {
        origin: FOREIGN_ORIGIN,
        token: b.pairing,
        body: { nonce: forForeign.nonce },
      });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('ORIGIN_NOT_ALLOWED');
    });

    it('the bridge refuses a page that rebinds its DNS name to the loopback (bad Host)', async () => {
      const challenge = await api.call('/api/v1/auth/eid/challenge', { method: 'POST' });
      const response = await a.bridge.call(CARD_BRIDGE_ROUTES.authenticate, {
        origin: DASHBOARD_ORIGIN,
        host: `certdesk.test:${a.bridge.port}`,
        token: a.pairing,
        body: { nonce: challenge.body.nonce },
      });
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('HOST_NOT_ALLOWED');
    });

    it('the bridge refuses a request without the pairing token', async () => {
      const challenge = await api.call('/api/v1/auth/eid/challenge', { method: 'POST' });
      const response = await a.bridge.call(CARD_BRIDGE_ROUTES.authenticate, {
        origin: DASHBOARD_ORIGIN,
        body: { nonce: challenge.body.nonce },
      });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('PAIRING_REQUIRED');
    });
  });

  describe('the handover from Anne to Bram', () => {
    let keystored: string;
    let certified: string;
    let handover: { id: string; document: { json: string; text: string; sha256: string; sha384: string } };

    /** The dashboard asks a manager's bridge to sign the handover's digest for their card's key. */
    async function signWithCard(manager: Manager, digestAlgorithm: 'SHA-256' | 'SHA-384', digest: string) {
      const signed = await manager.bridge.call(CARD_BRIDGE_ROUTES.sign, {
        origin: DASHBOARD_ORIGIN,
        token: manager.pairing,
        body: { digestAlgorithm, digest, description: `Certdesk handover ${handover.id}` },
      });
      expect(signed.status).toBe(200);
      return signed.body;
    }
    const postSignature = (manager: Manager, signature: unknown) =>
      api.call(`/api/v1/handovers/${handover.id}/signatures`, { token: manager.session, body: signature });
    const managerOf = async (certificateId: string) =>
      (await api.call(`/api/v1/certificates/${certificateId}`, { token: api.adminToken })).body.manager?.id;

    beforeAll(async () => {
      // Two of the service's certificates, imported as the dashboard does: one in its keystore on the reception PC.
      const [inKeystore, alone] = await Promise.all(
        ['E2EKEYSTORE', 'E2EPEM'].map((applicationId) =>
          pki.issueEhealthCertificate({
            identifierType: 'CBE',
            identifierValue: CBE,
            holderName: 'Ambulance Service E2E',
            applicationId,
          }),
        ),
      );
      const keystore = await buildEhealthKeystore({
        password: 'Keystore-pass-1',
        encryption: 'legacy',
        authentication: inKeystore!,
      });
      const imported = await api.importFiles(
        api.adminToken,
        {
          organisationId,
          password: 'Keystore-pass-1',
          host: 'PC-RECEPTION',
          path: 'C:\\Users\\anne\\ehealth\\keystore',
        },
        [{ name: `CBE=${CBE} 20250101-120000.p12`, bytes: keystore }],
      );
      expect(imported).toMatchObject({ status: 200 });
      keystored = imported.body.files[0].certificates.find(
        (c: { certificateId: string | null }) => c.certificateId,
      ).certificateId;
      const pem = await api.importFiles(api.adminToken, { organisationId }, [
        { name: 'e2e.pem', bytes: Buffer.from(alone!.pem) },
      ]);
      expect(pem).toMatchObject({ status: 200 });
      certified = pem.body.files[0].certificates[0].certificateId;
      for (const id of [keystored, certified]) {
        const assigned = await api.call(`/api/v1/certificates/${id}/manager`, {
          method: 'PUT',
          token: api.adminToken,
          body: { managerId: a.personId },
        });
        expect(assigned.status).toBe(200);
      }
      const custodian = await api.call(`/api/v1/certificates/${keystored}`, {
        method: 'PATCH',
        token: api.adminToken,
        body: { passwordCustodianId: a.personId },
      });
      expect(custodian.status).toBe(200);
    });

    it('Anne, logged in with her eID, opens the handover of her certificates to Bram', async () => {
      const opened = await api.call('/api/v1/handovers', {
        token: a.session,
        body: { organisationId, fromPersonId: a.personId, toPersonId: b.personId, reason: 'Anne retires' },
      });
      expect(opened.status).toBe(201);
      handover = opened.body;
      expect(opened.body.certificates.map((c: { certificateId: string }) => c.certificateId).sort()).toEqual(
        [keystored, certified].sort(),
      );
      expect(handover.document.text).toContain('CBE=0566988259 20250101-120000.p12 on PC-RECEPTION');
      expect(handover.document.text).toContain('Password known to: Anne Outgoing');
      expect(createHash('sha256').update(handover.document.json).digest('base64')).toBe(
        handover.document.sha256,
      );
    });

    it('Anne signs with her RSA card through her bridge', async () => {
      const signature = await signWithCard(a, 'SHA-256', handover.document.sha256);
      expect(signature).toMatchObject({
        signatureAlgorithm: 'RSASSA-PKCS1-v1_5',
        digest: handover.document.sha256,
      });
      const accepted = await postSignature(a, signature);
      expect(accepted.status).toBe(200);
      expect(accepted.body.awaitingSignatureFrom).toEqual([
        expect.objectContaining({ personId: b.personId }),
      ]);
    });

    it("refuses the wrong signer: Anne's card in Bram's hands", async () => {
      const annes = await signWithCard(a, 'SHA-384', handover.document.sha384);
      const refused = await postSignature(b, annes);
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('HANDOVER_WRONG_SIGNER');
    });

    it('refuses a signature over a tampered document', async () => {
      const tampered = handover.document.json.replace('Anne retires', 'Anne retires; Mallory takes over');
      const digest = createHash('sha384').update(tampered).digest('base64');
      const refused = await postSignature(b, await signWithCard(b, 'SHA-384', digest));
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('HANDOVER_DOCUMENT_MISMATCH');
      // Nothing moved.
      const now = (await api.call(`/api/v1/handovers/${handover.id}`, { token: a.session })).body;
      expect(now).toMatchObject({
        state: 'awaiting-signatures',
        signatures: [expect.objectContaining({ role: 'outgoing' })],
      });
      expect(await managerOf(keystored)).toBe(a.personId);
    });

    it('Bram countersigns with his P-384 card: verified, the certificates reassigned, all audited', async () => {
      const signature = await signWithCard(b, 'SHA-384', handover.document.sha384);
      expect(signature).toMatchObject({ signatureAlgorithm: 'ECDSA' });
      const completed = await postSignature(b, signature);
      expect(completed.status).toBe(200);
      expect(completed.body).toMatchObject({ state: 'completed', awaitingSignatureFrom: [] });
      expect(await managerOf(keystored)).toBe(b.personId);
      expect(await managerOf(certified)).toBe(b.personId);

      const audit = await api.call(
        `/api/v1/audit?organisationId=${organisationId}&action=handover.completed`,
        {
          token: api.adminToken,
        },
      );
      const [event] = audit.body.items;
      expect(event.after.document).toBe(handover.document.json);
      expect(event.signature.signatures.map((s: { role: string }) => s.role)).toEqual([
        'outgoing',
        'incoming',
      ]);
      for (const given of event.signature.signatures) {
        const digest = createHash(given.digestAlgorithm === 'SHA-256' ? 'sha256' : 'sha384')
          .update(event.after.document)
          .digest();
        await expect(
          verifySignedDigest({
            certificateDer: Buffer.from(given.certificate, 'base64'),
            digest,
            hashAlgorithm: given.digestAlgorithm,
            signature: Buffer.from(given.signature, 'base64'),
          }),
        ).resolves.toBe(true);
      }
      const reassigned = await api.call(
        `/api/v1/audit?certificateId=${keystored}&action=certificate.manager-reassigned`,
        { token: api.adminToken },
      );
      expect(reassigned.body.items[0]).toMatchObject({
        after: { managerId: b.personId },
        signature: { handoverId: handover.id },
      });
      const chains = await api.call('/api/v1/audit/verify', { method: 'POST', token: api.adminToken });
      expect(chains.body.every((chain: { ok: boolean }) => chain.ok)).toBe(true);
      // The signature is spent: replaying it is refused.
      const replayed = await postSignature(b, signature);
      expect(replayed.status).toBe(409);
      expect(replayed.body.code).toBe('HANDOVER_CLOSED');
    });
  });

  it('no card: the bridge says so once the card is taken out', async () => {
    await a.card.remove();
    const challenge = await api.call('/api/v1/auth/eid/challenge', { method: 'POST' });
    const response = await a.bridge.call(CARD_BRIDGE_ROUTES.authenticate, {
      origin: DASHBOARD_ORIGIN,
      token: a.pairing,
      body: { nonce: challenge.body.nonce },
    });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('NO_CARD');
    // What the bridges signed is in their local signature logs, with the SSIN masked.
    expect(a.bridge.output()).not.toContain(a.ssin);
  });
});
