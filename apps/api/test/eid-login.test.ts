import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createTestPki } from '@certdesk/pki/testing';
import { Clock } from '../src/core/clock.js';
import { EidChallenges } from '../src/eid/eid-challenges.js';
import {
  AMBIGUOUS_EID_SUBJECTS,
  CARD_ALGORITHMS,
  DASHBOARD_ORIGIN,
  forged,
  issueCard,
  snapshotWithEid,
  startEidTestApp,
  uniqueSsin,
  webEidToken,
  type TestCard,
} from './support/eid-fixtures.js';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

const DAY = 86_400_000;

describe('eID log-in (Web eID style, through the card-bridge)', () => {
  let t: TestApp;
  let organisation: { id: string };

  beforeAll(async () => {
    t = await startEidTestApp();
    organisation = await createOrganisation(t);
  });
  afterAll(() => t.close());
  afterEach(() => {
    jest.restoreAllMocks();
  });

  const challenge = async (): Promise<string> =>
    (await t.http().post('/api/v1/auth/eid/challenge').expect(200)).body.nonce as string;
  const login = (nonce: string, token: object, origin: string | null = DASHBOARD_ORIGIN) => {
    const request = t.http().post('/api/v1/auth/eid/login');
    if (origin !== null) request.set('Origin', origin);
    return request.send({ nonce, token });
  };

  it('issues a challenge that lives five minutes: 256 random bits, its expiry and an HMAC, in base64', async () => {
    const before = Date.now();
    const response = await t.http().post('/api/v1/auth/eid/challenge').expect(200);
    const { nonce, expiresAt } = response.body;
    // What the card-bridge requires of a Web eID nonce: base64 of at least 256 bits.
    expect(Buffer.from(nonce, 'base64').toString('base64')).toBe(nonce);
    expect(Buffer.from(nonce, 'base64').length).toBeGreaterThanOrEqual(32);
    expect(Date.parse(expiresAt) - before).toBeGreaterThanOrEqual(5 * 60_000 - 1000);
    expect(Date.parse(expiresAt) - before).toBeLessThanOrEqual(5 * 60_000 + 5000);
    expect(await challenge()).not.toBe(nonce);
  });

  it('writes nothing, however many challenges anyone asks for (300 in a row)', async () => {
    const before = await snapshot(t);
    for (let batch = 0; batch < 10; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 30 }, () => t.http().post('/api/v1/auth/eid/challenge')),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(30).fill(200));
    }
    expect(await snapshot(t)).toEqual(before);
  });

  describe.each(CARD_ALGORITHMS)('with an %s card', (keyAlgorithm) => {
    let user: TestUser;
    let card: TestCard;

    beforeAll(async () => {
      const ssin = uniqueSsin();
      user = await createUser(t, [{ role: 'certificate-manager', organisationId: organisation.id }], {
        ssin,
      });
      card = await issueCard(keyAlgorithm, ssin);
    });

    it("logs in the user whose person has the card holder's SSIN, like the password log-in", async () => {
      const nonce = await challenge();
      const response = await login(nonce, webEidToken(card.authentication, DASHBOARD_ORIGIN, nonce)).expect(
        200,
      );
      expect(response.body).toEqual({
        accessToken: expect.stringMatching(/^cds_/),
        expiresAt: expect.any(String),
      });
      const me = await t.http().get('/api/v1/auth/me').set(bearer(response.body.accessToken)).expect(200);
      expect(me.body).toMatchObject({ userId: user.id, personId: user.personId, email: user.email });
      const [row] = await t.app
        .get(DataSource)
        .query('SELECT last_login_at FROM app_user WHERE id = $1', [user.id]);
      expect(row.last_login_at).not.toBeNull();
    });

    it("logs in without an Origin header too (a script): the origin is the api's own, never the client's", async () => {
      const nonce = await challenge();
      await login(nonce, webEidToken(card.authentication, DASHBOARD_ORIGIN, nonce), null).expect(200);
    });

    it('refuses a nonce used once already (EID_NONCE_REUSED), and changes nothing', async () => {
      const nonce = await challenge();
      const token = webEidToken(card.authentication, DASHBOARD_ORIGIN, nonce);
      await login(nonce, token).expect(200);
      const before = await snapshotWithEid(t);
      const again = await login(nonce, token).expect(401);
      expect(again.body).toMatchObject({ statusCode: 401, code: 'EID_NONCE_REUSED' });
      expect(await snapshotWithEid(t)).toEqual(before);
    });

    it('consumes a nonce atomically: of two log-ins racing with it, exactly one succeeds', async () => {
      const nonce = await challenge();
      const token = webEidToken(card.authentication, DASHBOARD_ORIGIN, nonce);
      const results = await Promise.all([login(nonce, token), login(nonce, token), login(nonce, token)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 401, 401]);
      expect(results.filter((r) => r.status === 401).map((r) => r.body.code)).toEqual([
        'EID_NONCE_REUSED',
        'EID_NONCE_REUSED',
      ]);
    });

    it('refuses a nonce past its five minutes (EID_NONCE_EXPIRED)', async () => {
      const nonce = await challenge();
      const token = webEidToken(card.authentication, DASHBOARD_ORIGIN, nonce);
      jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(Date.now() + 5 * 60_000 + 1000));
      const before = await snapshotWithEid(t);
      expect((await login(nonce, token).expect(401)).body.code).toBe('EID_NONCE_EXPIRED');
      expect(await snapshotWithEid(t)).toEqual(before);
    });

    it('forgets a used nonce an hour after it expired; replayed then, it is refused as expired', async () => {
      const nonce = await challenge();
      const token = webEidToken(card.authentication, DASHBOARD_ORIGIN, nonce);
      await login(nonce, token).expect(200);
      // Two hours on, a log-in purges the nonces that expired more than an hour before: among them this one.
      const later = new Date(Date.now() + 2 * 3600_000);
      const db = t.app.get(DataSource);
      const expiredAnHourBefore = async () =>
        Number(
          (
            await db.query('SELECT count(*) AS n FROM eid_used_nonce WHERE expires_at < $1', [
              new Date(later.getTime() - 3600_000),
            ])
          )[0].n,
        );
      expect(await expiredAnHourBefore()).toBeGreaterThan(0);
      jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(later);
      const fresh = await challenge();
      await login(fresh, webEidToken(card.authentication, DASHBOARD_ORIGIN, fresh)).expect(200);
      expect(await expiredAnHourBefore()).toBe(0);
      expect((await login(nonce, token).expect(401)).body.code).toBe('EID_NONCE_EXPIRED');
    });

    type Refusal = [string, string, (nonce: string) => Promise<{ token: object; origin?: string | null }>];
    const refusals: Refusal[] = [
      [
        'a nonce Certdesk never issued',
        'EID_NONCE_UNKNOWN',
        async () => {
          const madeUp = Buffer.alloc(32, 7).toString('base64');
          return { token: webEidToken(card.authentication, DASHBOARD_ORIGIN, madeUp), nonce: madeUp };
        },
      ],
      [
        'a nonce whose expiry was moved a day later',
        'EID_NONCE_UNKNOWN',
        async (nonce) => {
          const bytes = Buffer.from(nonce, 'base64');
          const expiry = bytes.readBigUInt64BE(32);
          bytes.writeBigUInt64BE(expiry + BigInt(DAY), 32);
          const later = bytes.toString('base64');
          return { token: webEidToken(card.authentication, DASHBOARD_ORIGIN, later), nonce: later };
        },
      ],
      [
        'a nonce issued by another Certdesk (another TOKEN_SECRET)',
        'EID_NONCE_UNKNOWN',
        async () => {
          const elsewhere = new EidChallenges({
            ...t.config,
            tokenSecret: 'another-installations-token-secret-0000000',
          }).issue(new Date()).nonce;
          return { token: webEidToken(card.authentication, DASHBOARD_ORIGIN, elsewhere), nonce: elsewhere };
        },
      ],
      [
        'the nonce spelt in base64url (one nonce, one spelling)',
        'EID_NONCE_UNKNOWN',
        async (issued) => {
          // A nonce without + or / (about one in ten) is spelt the same in both: ask for one that is not.
          let nonce = issued;
          while (!/[+/]/.test(nonce)) nonce = await challenge();
          const respelt = Buffer.from(nonce, 'base64').toString('base64url');
          return { token: webEidToken(card.authentication, DASHBOARD_ORIGIN, respelt), nonce: respelt };
        },
      ],
      [
        'a forged signature',
        'EID_SIGNATURE_INVALID',
        async (nonce) => ({ token: forged(webEidToken(card.authentication, DASHBOARD_ORIGIN, nonce)) }),
      ],
      [
        'a signature over another challenge',
        'EID_SIGNATURE_INVALID',
        async (nonce) => ({
          token: webEidToken(card.authentication, DASHBOARD_ORIGIN, Buffer.alloc(32, 1).toString('base64')),
          nonce,
        }),
      ],
      [
        'a token signed for another site, relayed without an Origin header',
        'EID_SIGNATURE_INVALID',
        async (nonce) => ({
          token: webEidToken(card.authentication, 'https://evil.test', nonce),
          origin: null,
        }),
      ],
      [
        'a log-in posted from another site',
        'EID_ORIGIN_MISMATCH',
        async (nonce) => ({
          token: webEidToken(card.authentication, 'https://evil.test', nonce),
          origin: 'https://evil.test',
        }),
      ],
      [
        'a card of another PKI (not under the configured eID roots)',
        'EID_CHAIN_UNTRUSTED',
        async (nonce) => {
          const foreign = await issueCard(keyAlgorithm, card.ssin, { issuer: await createTestPki() });
          return { token: webEidToken(foreign.authentication, DASHBOARD_ORIGIN, nonce) };
        },
      ],
      [
        'an expired card',
        'EID_CERTIFICATE_EXPIRED',
        async (nonce) => {
          const expired = await issueCard(keyAlgorithm, card.ssin, {
            notBefore: new Date(Date.now() - 3650 * DAY),
            notAfter: new Date(Date.now() - DAY),
          });
          return { token: webEidToken(expired.authentication, DASHBOARD_ORIGIN, nonce) };
        },
      ],
      [
        'a challenge signed with the Signature key (non-repudiation) instead of the Authentication key',
        'EID_WRONG_KEY_USAGE',
        async (nonce) => ({ token: webEidToken(card.signature, DASHBOARD_ORIGIN, nonce) }),
      ],
      [
        'the card of someone who has no Certdesk user',
        'EID_NO_USER',
        async (nonce) => {
          const stranger = await issueCard(keyAlgorithm, uniqueSsin());
          return { token: webEidToken(stranger.authentication, DASHBOARD_ORIGIN, nonce) };
        },
      ],
    ];

    it.each(refusals)(
      'refuses %s (%s), changes nothing, and the challenge still works',
      async (_, code, make) => {
        const nonce = await challenge();
        const attempt = (await make(nonce)) as { token: object; origin?: string | null; nonce?: string };
        const before = await snapshotWithEid(t);
        const response = await login(
          attempt.nonce ?? nonce,
          attempt.token,
          attempt.origin ?? DASHBOARD_ORIGIN,
        );
        expect(response.status).toBe(401);
        expect(response.body).toMatchObject({ statusCode: 401, code, message: expect.any(String) });
        expect(await snapshotWithEid(t)).toEqual(before);
        // Nothing was consumed: the holder can still answer this challenge.
        await login(nonce, webEidToken(card.authentication, DASHBOARD_ORIGIN, nonce)).expect(200);
      },
    );

    it.each(AMBIGUOUS_EID_SUBJECTS)(
      "refuses a card whose subject names %s (%s): it is not read as the holder's, and changes nothing",
      async (_, code, rewrite) => {
        // Another user's SSIN beside the holder's: whichever one a reader picked, someone could be impersonated.
        const otherSsin = uniqueSsin();
        await createUser(t, [{ role: 'viewer', organisationId: organisation.id }], { ssin: otherSsin });
        const crafted = await issueCard(keyAlgorithm, card.ssin, { rewriteSubject: rewrite(otherSsin) });
        const nonce = await challenge();
        const before = await snapshotWithEid(t);
        const response = await login(nonce, webEidToken(crafted.authentication, DASHBOARD_ORIGIN, nonce));
        expect(response.status).toBe(401);
        expect(response.body).toMatchObject({ statusCode: 401, code, message: expect.any(String) });
        expect(await snapshotWithEid(t)).toEqual(before);
      },
    );

    it('refuses a disabled user (EID_NO_USER)', async () => {
      const ssin = uniqueSsin();
      const disabled = await createUser(t, [{ role: 'viewer', organisationId: organisation.id }], { ssin });
      await t
        .http()
        .patch(`/api/v1/users/${disabled.id}`)
        .set(bearer(t.adminToken))
        .send({ disabled: true })
        .expect(200);
      const theirCard = await issueCard(keyAlgorithm, ssin);
      const nonce = await challenge();
      const response = await login(nonce, webEidToken(theirCard.authentication, DASHBOARD_ORIGIN, nonce));
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('EID_NO_USER');
    });
  });

  it('refuses a malformed token before looking at it (400)', async () => {
    const nonce = await challenge();
    const response = await login(nonce, {
      format: 'web-eid:1.0',
      unverifiedCertificate: 'not base64!',
      algorithm: 'HS256',
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('BAD_REQUEST');
  });
});

describe('eID log-in without EID_TRUST_ANCHORS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers 503 EID_NOT_CONFIGURED for a challenge', async () => {
    const response = await t.http().post('/api/v1/auth/eid/challenge').expect(503);
    expect(response.body).toMatchObject({ code: 'EID_NOT_CONFIGURED' });
  });
});
