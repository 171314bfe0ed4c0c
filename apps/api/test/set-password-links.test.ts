import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { Clock } from '../src/core/clock.js';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

interface MailedLink {
  linkId: string;
  userId: string;
  email: string;
  token: string;
  languages: string[];
  organisationNames: string[];
  expiresAt: string;
}

/**
 * One-time set-password links (issue 10): an administrator who may reset a log-in's password has the notifier mail
 * it a link; whoever holds the link chooses the password, once, before it expires. Only the link's HMAC is kept; the
 * token travels in the outbox to the notifier alone.
 */
describe('set-password links', () => {
  let t: TestApp;
  let db: DataSource;
  let a: { id: string; name: string };
  let b: { id: string; name: string };
  let adminA: TestUser;
  let adminB: TestUser;

  const as = (token: string) => bearer(token);
  /** The links the api asked the notifier to mail, newest last (the outbox, as the notifier's relay reads it). */
  const mailed = async (): Promise<MailedLink[]> =>
    (
      (await db.query(
        `SELECT payload FROM outbox_message WHERE topic = 'user.set-password-link-created' ORDER BY id`,
      )) as { payload: MailedLink }[]
    ).map((row) => row.payload);
  const lastMailedTo = async (email: string): Promise<MailedLink> => {
    const links = (await mailed()).filter((l) => l.email === email);
    if (links.length === 0) throw new Error(`no link was mailed to ${email}`);
    return links[links.length - 1]!;
  };
  const setPassword = (token: string, password: string) =>
    t.http().post('/api/v1/auth/set-password').send({ token, password });
  const logIn = (email: string, password: string) =>
    t.http().post('/api/v1/auth/login').send({ email, password });
  const sendLink = (token: string, userId: string) =>
    t.http().post(`/api/v1/users/${userId}/set-password-link`).set(as(token));
  const newLogin = async (
    creator: string,
    roles: { role: string; organisationId: string }[],
    extra: Record<string, unknown> = {},
  ) => {
    const email = `newcomer-${Math.random().toString(36).slice(2)}@a.test`;
    const response = await t
      .http()
      .post('/api/v1/users')
      .set(as(creator))
      .send({ email, name: 'Nadia Newcomer', roles, sendSetPasswordLink: true, ...extra });
    expect(response.status).toBe(201);
    return { id: response.body.id as string, email, body: response.body };
  };

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    a = await createOrganisation(t, { name: 'Ambulances A', languages: ['nl'] });
    b = await createOrganisation(t, { name: 'Hôpital B', languages: ['fr', 'de'] });
    adminA = await createUser(t, [{ role: 'org-admin', organisationId: a.id }]);
    adminB = await createUser(t, [{ role: 'org-admin', organisationId: b.id }]);
  });
  afterAll(() => t.close());
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('creates a log-in without a password and mails it a link in its organisation’s language; only the HMAC is kept', async () => {
    const { id, email, body } = await newLogin(adminA.token, [{ role: 'org-admin', organisationId: a.id }]);
    expect(body).toMatchObject({ email, hasPassword: false, disabled: false });
    const link = await lastMailedTo(email);
    expect(link).toMatchObject({
      userId: id,
      email,
      languages: ['nl'],
      organisationNames: ['Ambulances A'],
    });
    expect(link.token).toMatch(/^cdl_[A-Za-z0-9_-]{43}$/);
    const stored = (await db.query(`SELECT * FROM set_password_link WHERE user_id = $1`, [id])) as {
      token_hash: string;
      expires_at: Date;
    }[];
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(link.token);
    expect(stored[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    // 72 hours from now.
    const hours = (stored[0]!.expires_at.getTime() - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(71.9);
    expect(hours).toBeLessThanOrEqual(72);
    // No password opens it yet.
    await logIn(email, 'any-password-at-all').expect(401);
  });

  it('tells the page which log-in the link is for, then sets the password once; the person logs in with it', async () => {
    const { id, email } = await newLogin(adminA.token, [{ role: 'viewer', organisationId: a.id }]);
    const { token } = await lastMailedTo(email);
    const check = await t.http().post('/api/v1/auth/set-password/check').send({ token }).expect(200);
    expect(check.body).toEqual({ email, expiresAt: expect.any(String) });

    await setPassword(token, 'my-own-long-password').expect(204);
    const session = await logIn(email, 'my-own-long-password').expect(200);
    const me = await t.http().get('/api/v1/auth/me').set(as(session.body.accessToken)).expect(200);
    expect(me.body.userId).toBe(id);
    const users = await t.http().get('/api/v1/users').set(as(adminA.token)).expect(200);
    expect(users.body.find((u: { id: string }) => u.id === id)).toMatchObject({ hasPassword: true });
    // Audited in the log-in's organisation, naming no password.
    const audit = await t
      .http()
      .get(`/api/v1/audit?organisationId=${a.id}&action=user.*`)
      .set(as(t.adminToken))
      .expect(200);
    const actions = (audit.body.items as { action: string; after: unknown }[])
      .filter((e) => JSON.stringify(e.after).includes(id))
      .map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['user.created', 'user.set-password-link-sent', 'user.password-set']),
    );
    expect(JSON.stringify(audit.body)).not.toContain('my-own-long-password');
    expect(JSON.stringify(audit.body)).not.toContain(token);
  });

  describe('a link that no longer works fails clearly and changes nothing', () => {
    const refused = async (token: string, code: string) => {
      const before = await snapshot(t);
      const check = await t.http().post('/api/v1/auth/set-password/check').send({ token });
      expect(check.status).toBe(422);
      expect(check.body.code).toBe(code);
      const response = await setPassword(token, 'an-attackers-password');
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ statusCode: 422, code });
      expect(await snapshot(t)).toEqual(before);
    };

    it('used twice', async () => {
      const { email } = await newLogin(adminA.token, [{ role: 'viewer', organisationId: a.id }]);
      const { token } = await lastMailedTo(email);
      await setPassword(token, 'the-first-password').expect(204);
      await refused(token, 'SET_PASSWORD_LINK_USED');
      await logIn(email, 'the-first-password').expect(200);
      await logIn(email, 'an-attackers-password').expect(401);
    });

    it('after it expired (72 hours)', async () => {
      const { email } = await newLogin(adminA.token, [{ role: 'viewer', organisationId: a.id }]);
      const { token } = await lastMailedTo(email);
      jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(Date.now() + 72 * 3600_000 + 60_000));
      await refused(token, 'SET_PASSWORD_LINK_EXPIRED');
    });

    it('forged, or of another installation (a token whose HMAC is not ours)', async () => {
      await refused(`cdl_${'A'.repeat(43)}`, 'SET_PASSWORD_LINK_INVALID');
      await refused('not-even-a-token', 'SET_PASSWORD_LINK_INVALID');
    });

    it('replaced by a newer link, which works', async () => {
      const { id, email } = await newLogin(adminA.token, [{ role: 'viewer', organisationId: a.id }]);
      const first = await lastMailedTo(email);
      const sent = await sendLink(adminA.token, id).expect(201);
      expect(sent.body).toEqual({ email, expiresAt: expect.any(String) });
      const second = await lastMailedTo(email);
      expect(second.token).not.toBe(first.token);
      await refused(first.token, 'SET_PASSWORD_LINK_REPLACED');
      await setPassword(second.token, 'from-the-newest-mail').expect(204);
    });

    it('once an administrator reset the password', async () => {
      const { id, email } = await newLogin(adminA.token, [{ role: 'viewer', organisationId: a.id }]);
      const { token } = await lastMailedTo(email);
      await t
        .http()
        .patch(`/api/v1/users/${id}`)
        .set(as(adminA.token))
        .send({ password: 'reset-by-the-admin' })
        .expect(200);
      await refused(token, 'SET_PASSWORD_LINK_REPLACED');
    });

    it('once the log-in is disabled (even enabled again), and no link goes to a disabled log-in', async () => {
      const { id, email } = await newLogin(adminA.token, [{ role: 'viewer', organisationId: a.id }]);
      const { token } = await lastMailedTo(email);
      await t.http().patch(`/api/v1/users/${id}`).set(as(adminA.token)).send({ disabled: true }).expect(200);
      await refused(token, 'SET_PASSWORD_LINK_INVALID');
      const before = await snapshot(t);
      const response = await sendLink(adminA.token, id);
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('USER_DISABLED');
      expect(await snapshot(t)).toEqual(before);
      await t.http().patch(`/api/v1/users/${id}`).set(as(adminA.token)).send({ disabled: false }).expect(200);
      await refused(token, 'SET_PASSWORD_LINK_REPLACED');
    });
  });

  it('ends the sessions the log-in had open, as a reset does', async () => {
    const user = await createUser(t, [{ role: 'viewer', organisationId: a.id }]);
    await sendLink(adminA.token, user.id).expect(201);
    const { token } = await lastMailedTo(user.email);
    await t.http().get('/api/v1/auth/me').set(as(user.token)).expect(200);
    await setPassword(token, 'a-fresh-long-password').expect(204);
    await t.http().get('/api/v1/auth/me').set(as(user.token)).expect(401);
    await logIn(user.email, user.password).expect(401);
  });

  it('refuses a password shorter than the log-in policy (12 characters), and keeps the link usable', async () => {
    const { email } = await newLogin(adminA.token, [{ role: 'viewer', organisationId: a.id }]);
    const { token } = await lastMailedTo(email);
    const before = await snapshot(t);
    const response = await setPassword(token, 'short-pass1');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('BAD_REQUEST');
    expect(await snapshot(t)).toEqual(before);
    await setPassword(token, 'twelve-chars').expect(204);
  });

  describe('hostile input changes nothing', () => {
    it.each([
      ['a huge token', { token: `cdl_${'x'.repeat(10_000)}`, password: 'a-long-enough-password' }, 400],
      ['a token with a control character', { token: 'cdl_abc\u0000def', password: 'long-enough-pw' }, 400],
      ['a null password', { token: 'cdl_abc', password: null }, 400],
      ['a password of a million characters', { token: 'cdl_abc', password: 'p'.repeat(1_000_000) }, 400],
      ['a nested object for the token', { token: { $ne: null }, password: 'long-enough-pw' }, 400],
    ])('%s', async (_, body, status) => {
      const before = await snapshot(t);
      const response = await t.http().post('/api/v1/auth/set-password').send(body);
      expect(response.status).toBe(status);
      expect(await snapshot(t)).toEqual(before);
    });

    it('a new log-in with a null password (not a missing one: it must not reach the hasher), or with both a password and a link', async () => {
      const before = await snapshot(t);
      const base = { email: 'hostile@a.test', name: 'H', roles: [{ role: 'viewer', organisationId: a.id }] };
      const nullPassword = await t
        .http()
        .post('/api/v1/users')
        .set(as(adminA.token))
        .send({ ...base, password: null });
      expect(nullPassword.status).toBe(400);
      const both = await t
        .http()
        .post('/api/v1/users')
        .set(as(adminA.token))
        .send({ ...base, password: 'a-long-enough-password', sendSetPasswordLink: true });
      expect(both.status).toBe(422);
      expect(both.body.code).toBe('PASSWORD_AND_LINK');
      expect(await snapshot(t)).toEqual(before);
    });
  });

  describe('who may send a link: who may reset the password (docs/decisions.md 5)', () => {
    const refusedWith = async (token: string, userId: string, status: number, code: string) => {
      const before = await snapshot(t);
      const response = await sendLink(token, userId);
      expect(response.status).toBe(status);
      expect(response.body.code).toBe(code);
      expect(await snapshot(t)).toEqual(before);
      return response;
    };

    it("answers 404 to another tenant's administrator, exactly as for a missing log-in", async () => {
      const { id } = await newLogin(adminA.token, [{ role: 'viewer', organisationId: a.id }]);
      const theirs = await refusedWith(adminB.token, id, 404, 'NOT_FOUND');
      const missing = await sendLink(adminB.token, '00000000-0000-4000-8000-000000000000');
      expect(missing.body).toEqual(theirs.body);
    });

    it('answers 404 to the roles that do not administer log-ins', async () => {
      const { id } = await newLogin(adminA.token, [{ role: 'viewer', organisationId: a.id }]);
      for (const role of ['certificate-manager', 'viewer']) {
        const user = await createUser(t, [{ role, organisationId: a.id }]);
        await refusedWith(user.token, id, 404, 'NOT_FOUND');
      }
    });

    it('refuses (403 USER_SHARED) the administrator of only one of the log-in’s organisations', async () => {
      const shared = await createUser(t, [
        { role: 'viewer', organisationId: a.id },
        { role: 'org-admin', organisationId: b.id },
      ]);
      await refusedWith(adminA.token, shared.id, 403, 'USER_SHARED');
      // A central administrator may; the mail speaks both organisations' languages.
      await sendLink(t.adminToken, shared.id).expect(201);
      expect(await lastMailedTo(shared.email)).toMatchObject({
        languages: ['nl', 'fr', 'de'],
        organisationNames: ['Ambulances A', 'Hôpital B'],
      });
    });

    it('refuses an organisation administrator a central administrator’s log-in', async () => {
      const central = await createUser(t, [
        { role: 'central-admin', organisationId: null as unknown as string },
        { role: 'viewer', organisationId: a.id },
      ]);
      const response = await refusedWith(adminA.token, central.id, 403, 'FORBIDDEN');
      expect(response.body.message).toContain('central administrator');
    });
  });
});
