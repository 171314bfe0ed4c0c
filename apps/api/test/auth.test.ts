import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Clock } from '../src/core/clock.js';
import { createOrganisation, createUser } from './support/fixtures.js';
import { ADMIN, bearer, startTestApp, type TestApp } from './support/test-app.js';

describe('authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('creates the central administrator named by ADMIN_EMAIL at start-up', async () => {
    const me = await t.http().get('/api/v1/auth/me').set(bearer(t.adminToken)).expect(200);
    expect(me.body).toMatchObject({ email: ADMIN.email, centralAdmin: true });
  });

  it('refuses a wrong password and an unknown e-mail alike', async () => {
    const wrong = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: ADMIN.email, password: 'not-the-password' })
      .expect(401);
    const unknown = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'nobody@certdesk.test', password: 'not-the-password' })
      .expect(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.code).toBe('BAD_CREDENTIALS');
  });

  describe('wrong passwords in a row', () => {
    afterEach(() => {
      jest.restoreAllMocks();
    });
    const attempt = (email: string, password: string) =>
      t.http().post('/api/v1/auth/login').send({ email, password });
    const later = (ms: number) =>
      jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(Date.now() + ms));

    it('block the address for a while after five, even for the right password, then let it in again', async () => {
      const user = await createUser(t, [
        { role: 'viewer', organisationId: (await createOrganisation(t)).id },
      ]);
      for (let i = 0; i < 5; i++) await attempt(user.email, `wrong-${i}`).expect(401);
      // The sixth wrong one is still checked and refused; it starts a 30 s block.
      await attempt(user.email, 'wrong-again').expect(401);
      const blocked = await attempt(user.email, user.password).expect(429);
      expect(blocked.body).toMatchObject({ code: 'LOGIN_THROTTLED', retryAfterSeconds: expect.any(Number) });
      expect(blocked.body.retryAfterSeconds).toBeLessThanOrEqual(30);
      expect(blocked.headers['retry-after']).toBe(String(blocked.body.retryAfterSeconds));
      // The address is blocked however it is capitalised.
      await attempt(user.email.toUpperCase(), user.password).expect(429);

      later(31_000);
      await attempt(user.email, user.password).expect(200);
      // A success forgets the failures: the next mistake is a plain 401.
      await attempt(user.email, 'wrong-once-more').expect(401);
      await attempt(user.email, user.password).expect(200);
    });

    it('block an unknown address the same way, so the answers never tell who has an account', async () => {
      const known = await createUser(t, [
        { role: 'viewer', organisationId: (await createOrganisation(t)).id },
      ]);
      const unknown = `nobody-${Date.now()}@certdesk.test`;
      const answers = [];
      for (const email of [known.email, unknown]) {
        for (let i = 0; i < 6; i++) await attempt(email, `wrong-${i}`).expect(401);
        answers.push((await attempt(email, 'wrong-7').expect(429)).body.code);
      }
      expect(answers).toEqual(['LOGIN_THROTTLED', 'LOGIN_THROTTLED']);
      // Other addresses are not affected.
      await attempt(ADMIN.email, ADMIN.password).expect(200);
    });
  });

  it('refuses calls without a token, or with a made-up one', async () => {
    expect((await t.http().get('/api/v1/organisations').expect(401)).body.code).toBe('UNAUTHENTICATED');
    await t.http().get('/api/v1/organisations').set(bearer('cds_made-up')).expect(401);
  });

  it('revokes the session on log-out', async () => {
    const token = await t.login(ADMIN.email, ADMIN.password);
    await t.http().get('/api/v1/auth/me').set(bearer(token)).expect(200);
    await t.http().post('/api/v1/auth/logout').set(bearer(token)).expect(204);
    await t.http().get('/api/v1/auth/me').set(bearer(token)).expect(401);
    // Another session of the same user is untouched.
    await t.http().get('/api/v1/auth/me').set(bearer(t.adminToken)).expect(200);
  });

  it('stores argon2id hashes, never the password', async () => {
    const { DataSource } = await import('typeorm');
    const rows = await t.app
      .get(DataSource)
      .query(`SELECT password_hash FROM app_user WHERE email = $1`, [ADMIN.email]);
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
    expect(rows[0].password_hash).not.toContain(ADMIN.password);
  });

  describe('personal API tokens', () => {
    it('work like a session, are listed without their secret, and stop working once revoked', async () => {
      const organisation = await createOrganisation(t);
      const user = await createUser(t, [{ role: 'viewer', organisationId: organisation.id }]);
      const created = await t
        .http()
        .post('/api/v1/auth/tokens')
        .set(bearer(user.token))
        .send({ name: 'nightly export' })
        .expect(201);
      expect(created.body.token).toMatch(/^cdp_/);
      await t.http().get('/api/v1/organisations').set(bearer(created.body.token)).expect(200);

      const listed = await t.http().get('/api/v1/auth/tokens').set(bearer(user.token)).expect(200);
      expect(listed.body).toEqual([expect.objectContaining({ id: created.body.id, name: 'nightly export' })]);
      expect(JSON.stringify(listed.body)).not.toContain(created.body.token);

      await t.http().delete(`/api/v1/auth/tokens/${created.body.id}`).set(bearer(user.token)).expect(204);
      await t.http().get('/api/v1/organisations').set(bearer(created.body.token)).expect(401);
    });

    it("cannot revoke someone else's token", async () => {
      const organisation = await createOrganisation(t);
      const a = await createUser(t, [{ role: 'viewer', organisationId: organisation.id }]);
      const b = await createUser(t, [{ role: 'viewer', organisationId: organisation.id }]);
      const created = await t
        .http()
        .post('/api/v1/auth/tokens')
        .set(bearer(a.token))
        .send({ name: 'script' })
        .expect(201);
      await t.http().delete(`/api/v1/auth/tokens/${created.body.id}`).set(bearer(b.token)).expect(404);
      await t.http().get('/api/v1/auth/me').set(bearer(created.body.token)).expect(200);
    });
  });

  it('ends every session of a user who is disabled', async () => {
    const organisation = await createOrganisation(t);
    const user = await createUser(t, [{ role: 'viewer', organisationId: organisation.id }]);
    await t
      .http()
      .patch(`/api/v1/users/${user.id}`)
      .set(bearer(t.adminToken))
      .send({ disabled: true })
      .expect(200);
    await t.http().get('/api/v1/auth/me').set(bearer(user.token)).expect(401);
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: user.password })
      .expect(401);
  });
});
