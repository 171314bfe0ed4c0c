import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { brusselsDate } from '@certdesk/domain';
import { CentralAdminBootstrap } from '../src/users/central-admin-bootstrap.js';
import { ADMIN, bearer, type TestApp } from './support/test-app.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import {
  DASHBOARD_ORIGIN,
  issueCard,
  startEidTestApp,
  uniqueSsin,
  webEidToken,
  type TestCard,
} from './support/eid-fixtures.js';
import { snapshot } from './support/db-snapshot.js';

/**
 * People and log-ins across organisations: what an outside probe used to cross. An SSIN or an e-mail address never
 * finds, reveals or attaches another organisation's person or log-in; a person or log-in that several organisations
 * share changes only by someone who administers all of them (docs/decisions.md, docs/security.md).
 */
describe('tenant isolation of people and log-ins (shared SSINs, several organisations)', () => {
  let t: TestApp;
  let a: { id: string };
  let b: { id: string };
  let adminA: TestUser;
  let adminB: TestUser;
  let cardB: TestCard;
  /** A's certificate manager, with an SSIN, an e-mail and a phone. */
  let personA: { id: string; ssin: string; email: string; phone: string; name: string };
  /** Org-admin of A and merely a viewer of B. */
  let sharedUser: TestUser;
  let sharedUserSsin: string;

  const as = (user: TestUser) => bearer(user.token);
  const auditOf = async (organisationId: string) =>
    (
      await t
        .http()
        .get(`/api/v1/audit?organisationId=${organisationId}&limit=200`)
        .set(bearer(t.adminToken))
        .expect(200)
    ).body.items as { action: string; before: unknown; after: unknown }[];
  const me = async (token: string) =>
    (await t.http().get('/api/v1/auth/me').set(bearer(token)).expect(200)).body as { userId: string };
  const eidLogin = async (card: TestCard, extra: Record<string, unknown> = {}) => {
    const nonce = (await t.http().post('/api/v1/auth/eid/challenge').expect(200)).body.nonce as string;
    return t
      .http()
      .post('/api/v1/auth/eid/login')
      .set('Origin', DASHBOARD_ORIGIN)
      .send({ nonce, token: webEidToken(card.authentication, DASHBOARD_ORIGIN, nonce), ...extra });
  };

  beforeAll(async () => {
    t = await startEidTestApp();
    a = await createOrganisation(t);
    b = await createOrganisation(t);
    adminA = await createUser(t, [{ role: 'org-admin', organisationId: a.id }]);
    cardB = await issueCard('EC-P384', uniqueSsin());
    adminB = await createUser(t, [{ role: 'org-admin', organisationId: b.id }], { ssin: cardB.ssin });
    sharedUserSsin = uniqueSsin();
    sharedUser = await createUser(
      t,
      [
        { role: 'org-admin', organisationId: a.id },
        { role: 'viewer', organisationId: b.id },
      ],
      { ssin: sharedUserSsin },
    );
    const created = await t
      .http()
      .post('/api/v1/people')
      .set(as(adminA))
      .send({
        name: 'Anne Manager',
        ssin: uniqueSsin(),
        email: 'anne@a.test',
        phone: '+32 81 00 00 01',
        memberships: [{ organisationId: a.id, roles: ['certificate-manager'] }],
      })
      .expect(201);
    // A's org-admin sees the SSIN masked; the central administrator reads it whole.
    const whole = await t.http().get(`/api/v1/people/${created.body.id}`).set(bearer(t.adminToken));
    personA = { ...created.body, ssin: whole.body.ssin };
  });
  afterAll(() => t.close());

  describe('an SSIN never finds, reveals or attaches a person of another organisation', () => {
    /** B's own person with the SSIN of A's person. */
    let personOfB: string;
    it("gives B's administrator a new person of B's own for an SSIN one of A's people carries", async () => {
      const aBefore = await t.http().get(`/api/v1/people/${personA.id}`).set(as(adminA)).expect(200);
      const aAudit = await auditOf(a.id);
      const response = await t
        .http()
        .post('/api/v1/people')
        .set(as(adminB))
        .send({ name: 'Someone Else', ssin: personA.ssin, memberships: [{ organisationId: b.id }] });
      expect(response.status).toBe(201);
      personOfB = response.body.id;
      expect(response.body.id).not.toBe(personA.id);
      expect(response.body).toMatchObject({ name: 'Someone Else', email: null, phone: null });
      expect(response.body.memberships).toEqual([
        { organisationId: b.id, employed: true, leftOn: null, roles: [] },
      ]);
      expect(JSON.stringify(response.body)).not.toContain(personA.email);
      expect(JSON.stringify(response.body)).not.toContain('Anne');
      // A's person, and A's audit trail, are exactly as they were.
      expect((await t.http().get(`/api/v1/people/${personA.id}`).set(as(adminA))).body).toEqual(aBefore.body);
      expect(await auditOf(a.id)).toEqual(aAudit);
      // ... and B still cannot see A's person.
      await t.http().get(`/api/v1/people/${personA.id}`).set(as(adminB)).expect(404);
    });

    it("gives a log-in that B's administrator creates with that SSIN to B's own person, never to A's", async () => {
      const response = await t
        .http()
        .post('/api/v1/users')
        .set(as(adminB))
        .send({
          email: `b-login-${Date.now()}@b.test`,
          name: 'B Login',
          password: 'a-long-enough-password',
          ssin: personA.ssin,
          roles: [{ role: 'viewer', organisationId: b.id }],
        })
        .expect(201);
      expect(response.body.personId).toBe(personOfB);
      expect(response.body.name).toBe('Someone Else');
      const anne = await t.http().get(`/api/v1/people/${personA.id}`).set(as(adminA)).expect(200);
      expect(anne.body.hasUser).toBe(false);
    });

    it('keeps SSINs unique within one organisation (409 SSIN_TAKEN naming its own person)', async () => {
      const before = await snapshot(t);
      const response = await t
        .http()
        .post('/api/v1/people')
        .set(as(adminA))
        .send({ name: 'Anne Again', ssin: personA.ssin, memberships: [{ organisationId: a.id }] })
        .expect(409);
      expect(response.body).toMatchObject({ code: 'SSIN_TAKEN' });
      expect(response.body.message).toContain(personA.id);
      expect(await snapshot(t)).toEqual(before);
    });

    it("answers 404 to B for every change of A's person, SSIN included, and changes nothing", async () => {
      const before = await snapshot(t);
      for (const change of [{ name: 'Hijacked' }, { ssin: cardB.ssin }, { email: 'x@b.test' }]) {
        await t.http().patch(`/api/v1/people/${personA.id}`).set(as(adminB)).send(change).expect(404);
      }
      await t
        .http()
        .patch(`/api/v1/people/${personA.id}`)
        .set(as(adminB))
        .send({ memberships: [{ organisationId: b.id }] })
        .expect(404);
      expect(await snapshot(t)).toEqual(before);
    });
  });

  describe('a person several organisations share', () => {
    let shared: { id: string };
    beforeAll(async () => {
      shared = (
        await t
          .http()
          .post('/api/v1/people')
          .set(bearer(t.adminToken))
          .send({
            name: 'Shared Manager',
            email: 'shared@both.test',
            memberships: [
              { organisationId: a.id, roles: ['certificate-manager'] },
              { organisationId: b.id, roles: ['certificate-manager'] },
            ],
          })
          .expect(201)
      ).body;
    });

    it('is changed only by someone who administers all its organisations (403 PERSON_SHARED to each one)', async () => {
      const before = await snapshot(t);
      for (const admin of [adminA, adminB]) {
        const response = await t
          .http()
          .patch(`/api/v1/people/${shared.id}`)
          .set(as(admin))
          .send({ name: 'Renamed', email: 'mine@x.test' })
          .expect(403);
        expect(response.body).toMatchObject({ code: 'PERSON_SHARED' });
        expect(response.body.message).not.toContain(a.id);
      }
      expect(await snapshot(t)).toEqual(before);
      const renamed = await t
        .http()
        .patch(`/api/v1/people/${shared.id}`)
        .set(bearer(t.adminToken))
        .send({ name: 'Shared Manager Renamed' })
        .expect(200);
      expect(renamed.body.name).toBe('Shared Manager Renamed');
      // Each organisation reads the change in its own audit chain.
      for (const organisationId of [a.id, b.id]) {
        expect((await auditOf(organisationId))[0]).toMatchObject({
          action: 'person.updated',
          after: { personId: shared.id, name: 'Shared Manager Renamed' },
        });
      }
    });

    it('lets each organisation record that the person left it, in its own membership only', async () => {
      const response = await t
        .http()
        .patch(`/api/v1/people/${shared.id}`)
        .set(as(adminB))
        .send({ memberships: [{ organisationId: b.id, employed: false }] })
        .expect(200);
      expect(response.body.memberships).toEqual([
        // Recorded without a date: it is today's, in Brussels.
        {
          organisationId: b.id,
          employed: false,
          leftOn: brusselsDate(new Date()),
          roles: ['certificate-manager'],
        },
      ]);
      const seenByA = await t.http().get(`/api/v1/people/${shared.id}`).set(as(adminA)).expect(200);
      expect(seenByA.body.memberships).toEqual([
        { organisationId: a.id, employed: true, leftOn: null, roles: ['certificate-manager'] },
      ]);
    });

    it('is not shared with a further organisation by an administrator of only some of them', async () => {
      const c = await createOrganisation(t);
      const adminBC = await createUser(t, [
        { role: 'org-admin', organisationId: b.id },
        { role: 'org-admin', organisationId: c.id },
      ]);
      const before = await snapshot(t);
      const response = await t
        .http()
        .patch(`/api/v1/people/${shared.id}`)
        .set(as(adminBC))
        .send({ memberships: [{ organisationId: c.id }] })
        .expect(403);
      expect(response.body).toMatchObject({ code: 'PERSON_SHARED' });
      expect(await snapshot(t)).toEqual(before);
    });
  });

  describe('the SSIN of someone who logs in', () => {
    it('is changed by a central administrator only, and audited in every organisation the person belongs to', async () => {
      const viewerA = await createUser(t, [{ role: 'viewer', organisationId: a.id }], { ssin: uniqueSsin() });
      const before = await snapshot(t);
      const refused = await t
        .http()
        .patch(`/api/v1/people/${viewerA.personId}`)
        .set(as(adminA))
        .send({ ssin: uniqueSsin() })
        .expect(403);
      expect(refused.body).toMatchObject({ code: 'SSIN_OF_LOGIN' });
      expect(await snapshot(t)).toEqual(before);

      // The probe's attack: B's administrator puts the SSIN of their own card on A's administrator.
      const attack = await t
        .http()
        .patch(`/api/v1/people/${sharedUser.personId}`)
        .set(as(adminB))
        .send({ ssin: cardB.ssin })
        .expect(403);
      expect(attack.body.code).toMatch(/PERSON_SHARED|SSIN_OF_LOGIN/);
      expect(await snapshot(t)).toEqual(before);

      const newSsin = uniqueSsin();
      await t
        .http()
        .patch(`/api/v1/people/${sharedUser.personId}`)
        .set(bearer(t.adminToken))
        .send({ ssin: newSsin })
        .expect(200);
      for (const organisationId of [a.id, b.id]) {
        const [event] = await auditOf(organisationId);
        expect(event).toMatchObject({
          action: 'person.ssin-changed',
          after: { personId: sharedUser.personId },
        });
        // Never the whole number in the trail.
        expect(JSON.stringify(event)).not.toContain(newSsin);
        expect(JSON.stringify(event)).not.toContain(sharedUserSsin);
      }
      sharedUserSsin = newSsin;
    });

    it("logs B's card in to B's log-in only, never to A's administrator", async () => {
      const response = await eidLogin(cardB);
      expect(response.status).toBe(200);
      expect((await me(response.body.accessToken)).userId).toBe(adminB.id);
    });

    it('lets a card that several log-ins carry choose among them (409 ACCOUNT_CHOICE_REQUIRED, then userId)', async () => {
      const card = await issueCard('RSA-2048', uniqueSsin());
      const inA = await createUser(t, [{ role: 'viewer', organisationId: a.id }], { ssin: card.ssin });
      // B's administrator gives a log-in of B's to the same card holder: B's own decision, harmless to A.
      const inB = await t
        .http()
        .post('/api/v1/users')
        .set(as(adminB))
        .send({
          email: `card-holder-${Date.now()}@b.test`,
          name: 'Card Holder',
          password: 'a-long-enough-password',
          ssin: card.ssin,
          roles: [{ role: 'viewer', organisationId: b.id }],
        })
        .expect(201);
      const choice = await eidLogin(card);
      expect(choice.status).toBe(409);
      expect(choice.body.code).toBe('ACCOUNT_CHOICE_REQUIRED');
      expect(choice.body.accounts.map((x: { userId: string }) => x.userId).sort()).toEqual(
        [inA.id, inB.body.id].sort(),
      );
      const chosen = await eidLogin(card, { userId: inB.body.id });
      expect(chosen.status).toBe(200);
      expect((await me(chosen.body.accessToken)).userId).toBe(inB.body.id);
      // A log-in the card does not open cannot be chosen.
      expect((await eidLogin(card, { userId: adminA.id })).status).toBe(401);
    });
  });

  describe('a log-in with roles in several organisations', () => {
    it('shows each administrator only the roles in their own organisations', async () => {
      const list = await t.http().get('/api/v1/users').set(as(adminB)).expect(200);
      const seen = list.body.find((u: { id: string }) => u.id === sharedUser.id);
      expect(seen.roles).toEqual([{ role: 'viewer', organisationId: b.id }]);
      expect(JSON.stringify(list.body)).not.toContain(a.id);
    });

    it('has its password reset or is disabled only by someone who administers all of them (403 USER_SHARED)', async () => {
      const before = await snapshot(t);
      for (const admin of [adminA, adminB]) {
        for (const change of [{ password: 'taken-over-password' }, { disabled: true }]) {
          const response = await t
            .http()
            .patch(`/api/v1/users/${sharedUser.id}`)
            .set(as(admin))
            .send(change)
            .expect(403);
          expect(response.body).toMatchObject({ code: 'USER_SHARED' });
          expect(response.body.message).not.toContain(a.id);
        }
      }
      expect(await snapshot(t)).toEqual(before);
      // Still theirs: the old password works and the old session still answers.
      await t.login(sharedUser.email, sharedUser.password);
      await t.http().get('/api/v1/auth/me').set(as(sharedUser)).expect(200);
    });

    it("has its roles in B changed by B's administrator, its roles in A kept", async () => {
      const response = await t
        .http()
        .patch(`/api/v1/users/${sharedUser.id}`)
        .set(as(adminB))
        .send({ roles: [{ role: 'certificate-manager', organisationId: b.id }] })
        .expect(200);
      expect(response.body.roles).toEqual([{ role: 'certificate-manager', organisationId: b.id }]);
      const seenByCentral = await t.http().get('/api/v1/users').set(bearer(t.adminToken)).expect(200);
      const roles = seenByCentral.body.find((u: { id: string }) => u.id === sharedUser.id).roles;
      expect(roles).toEqual(
        expect.arrayContaining([
          { role: 'org-admin', organisationId: a.id },
          { role: 'certificate-manager', organisationId: b.id },
        ]),
      );
      expect(roles).toHaveLength(2);
      // B's audit chain does not list A's roles either.
      expect(JSON.stringify((await auditOf(b.id))[0])).not.toContain(a.id);
    });

    it('is reset by a central administrator', async () => {
      await t
        .http()
        .patch(`/api/v1/users/${sharedUser.id}`)
        .set(bearer(t.adminToken))
        .send({ password: 'a-new-long-password' })
        .expect(200);
      await t.login(sharedUser.email, 'a-new-long-password');
      sharedUser.password = 'a-new-long-password';
    });
  });

  describe('creating a log-in never tells whether an address has an account elsewhere', () => {
    const shape = (body: Record<string, unknown>) => Object.keys(body).sort();

    it("gives B a log-in of its own for an address A's administrator uses; A's log-in is untouched", async () => {
      const fresh = await t
        .http()
        .post('/api/v1/users')
        .set(as(adminB))
        .send({
          email: `fresh-${Date.now()}@nowhere.test`,
          name: 'Fresh',
          password: 'b-chosen-password',
          roles: [{ role: 'viewer', organisationId: b.id }],
        })
        .expect(201);
      const taken = await t
        .http()
        .post('/api/v1/users')
        .set(as(adminB))
        .send({
          email: adminA.email.toUpperCase(),
          name: 'Look Alike',
          password: 'b-chosen-password',
          roles: [{ role: 'viewer', organisationId: b.id }],
        })
        .expect(201);
      expect(shape(taken.body)).toEqual(shape(fresh.body));
      expect(taken.body).toMatchObject({
        email: adminA.email,
        name: 'Look Alike',
        disabled: false,
        lastLoginAt: null,
        roles: [{ role: 'viewer', organisationId: b.id }],
      });
      expect(taken.body.id).not.toBe(adminA.id);
      expect(taken.body.personId).not.toBe(adminA.personId);
      // Each password opens its own log-in.
      expect((await me(await t.login(adminA.email, adminA.password))).userId).toBe(adminA.id);
      expect((await me(await t.login(adminA.email, 'b-chosen-password'))).userId).toBe(taken.body.id);
    });

    it('still tells a central administrator, and an administrator who can see the log-in, that it is taken', async () => {
      const before = await snapshot(t);
      const body = {
        email: sharedUser.email,
        name: 'Dup',
        password: 'a-long-enough-password',
        roles: [{ role: 'viewer', organisationId: b.id }],
      };
      // The shared user holds a role in B, so B's administrator sees them already.
      const byB = await t.http().post('/api/v1/users').set(as(adminB)).send(body).expect(409);
      expect(byB.body).toMatchObject({ code: 'EMAIL_TAKEN' });
      const central = await t
        .http()
        .post('/api/v1/users')
        .set(bearer(t.adminToken))
        .send({ ...body, email: adminA.email })
        .expect(409);
      expect(central.body).toMatchObject({ code: 'EMAIL_TAKEN' });
      expect(await snapshot(t)).toEqual(before);
    });

    it('asks which log-in to open when one password opens two (409 ACCOUNT_CHOICE_REQUIRED), then opens the chosen one', async () => {
      const email = `twice-${Date.now()}@both.test`;
      const password = 'same-password-twice';
      const inA = await t
        .http()
        .post('/api/v1/users')
        .set(as(adminA))
        .send({ email, name: 'Twice', password, roles: [{ role: 'viewer', organisationId: a.id }] })
        .expect(201);
      const inB = await t
        .http()
        .post('/api/v1/users')
        .set(as(adminB))
        .send({ email, name: 'Twice', password, roles: [{ role: 'viewer', organisationId: b.id }] })
        .expect(201);
      const choice = await t.http().post('/api/v1/auth/login').send({ email, password }).expect(409);
      expect(choice.body.code).toBe('ACCOUNT_CHOICE_REQUIRED');
      const accounts = choice.body.accounts as { userId: string; organisations: { id: string }[] }[];
      expect(accounts.map((x) => x.userId).sort()).toEqual([inA.body.id, inB.body.id].sort());
      expect(accounts.find((x) => x.userId === inB.body.id)!.organisations.map((o) => o.id)).toEqual([b.id]);
      const opened = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email, password, userId: inA.body.id })
        .expect(200);
      expect((await me(opened.body.accessToken)).userId).toBe(inA.body.id);
      // Someone else's log-in id opens nothing.
      await t.http().post('/api/v1/auth/login').send({ email, password, userId: adminA.id }).expect(401);
    });

    it("never promotes an organisation's log-in that uses ADMIN_EMAIL to central administrator", async () => {
      const lookAlike = await t
        .http()
        .post('/api/v1/users')
        .set(as(adminB))
        .send({
          email: ADMIN.email,
          name: 'Not The Admin',
          password: 'b-knows-this-password',
          roles: [{ role: 'viewer', organisationId: b.id }],
        })
        .expect(201);
      await t.app.get(CentralAdminBootstrap).onApplicationBootstrap();
      const token = await t.login(ADMIN.email, 'b-knows-this-password');
      const who = await t.http().get('/api/v1/auth/me').set(bearer(token)).expect(200);
      expect(who.body).toMatchObject({ userId: lookAlike.body.id, centralAdmin: false });
      // The real central administrator still logs in with their own password.
      const admin = await t.login(ADMIN.email, ADMIN.password);
      expect((await t.http().get('/api/v1/auth/me').set(bearer(admin))).body.centralAdmin).toBe(true);
    });
  });
});
