import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser } from './support/fixtures.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

interface Session {
  id: string;
  lastUsedAt: string | null;
  lastUsedFrom: string | null;
  userAgent: string | null;
  current: boolean;
}

/** Issue 13, sessions: each user sees and ends their sessions; administrators end a user's; disabling ends them. */
describe('sessions', () => {
  let t: TestApp;
  let own: { id: string };
  let other: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    own = await createOrganisation(t);
    other = await createOrganisation(t);
  });
  afterAll(() => t.close());

  const logIn = async (email: string, password: string, userAgent: string) => {
    const response = await t
      .http()
      .post('/api/v1/auth/login')
      .set('User-Agent', userAgent)
      .send({ email, password });
    return response.body.accessToken as string;
  };
  const sessionsOf = async (token: string, userAgent = 'Firefox on the desk PC') =>
    (await t.http().get('/api/v1/auth/sessions').set(bearer(token)).set('User-Agent', userAgent).expect(200))
      .body as Session[];
  const works = async (token: string) =>
    (await t.http().get('/api/v1/auth/me').set(bearer(token))).status === 200;

  it('lists my sessions with where and when each was last used, and ends the one I choose', async () => {
    const user = await createUser(t, [{ role: 'viewer', organisationId: own.id }]);
    const laptop = await logIn(user.email, user.password, 'Chrome on the laptop');
    await t
      .http()
      .get('/api/v1/auth/me')
      .set(bearer(laptop))
      .set('User-Agent', 'Chrome on the laptop')
      .expect(200);
    const sessions = await sessionsOf(user.token);
    expect(sessions).toHaveLength(2);
    const laptopSession = sessions.find((s) => !s.current)!;
    expect(laptopSession).toMatchObject({
      userAgent: 'Chrome on the laptop',
      lastUsedFrom: expect.stringMatching(/127\.0\.0\.1/),
    });
    expect(laptopSession.lastUsedAt).not.toBeNull();
    expect(sessions.find((s) => s.current)).toMatchObject({ userAgent: 'Firefox on the desk PC' });

    await t.http().delete(`/api/v1/auth/sessions/${laptopSession.id}`).set(bearer(user.token)).expect(204);
    expect(await works(laptop)).toBe(false);
    expect(await works(user.token)).toBe(true);
    expect((await sessionsOf(user.token)).map((s) => s.current)).toEqual([true]);
  });

  it("shows where personal tokens were last used, and never ends another user's session", async () => {
    const a = await createUser(t, [{ role: 'viewer', organisationId: own.id }]);
    const b = await createUser(t, [{ role: 'viewer', organisationId: own.id }]);
    const created = await t
      .http()
      .post('/api/v1/auth/tokens')
      .set(bearer(a.token))
      .send({ name: 'export' })
      .expect(201);
    await t
      .http()
      .get('/api/v1/auth/me')
      .set(bearer(created.body.token))
      .set('User-Agent', 'curl/8.0')
      .expect(200);
    const tokens = await t.http().get('/api/v1/auth/tokens').set(bearer(a.token)).expect(200);
    expect(tokens.body).toEqual([
      expect.objectContaining({ userAgent: 'curl/8.0', lastUsedFrom: expect.any(String) }),
    ]);

    const [bSession] = await sessionsOf(b.token);
    const before = await snapshot(t);
    const answer = await t
      .http()
      .delete(`/api/v1/auth/sessions/${bSession!.id}`)
      .set(bearer(a.token))
      .expect(404);
    expect(answer.body.code).toBe('NOT_FOUND');
    // A personal token is not a session.
    await t.http().delete(`/api/v1/auth/sessions/${created.body.id}`).set(bearer(a.token)).expect(404);
    await t.http().delete('/api/v1/auth/sessions/not-a-uuid').set(bearer(a.token)).expect(400);
    expect(await snapshot(t)).toEqual(before);
    expect(await works(b.token)).toBe(true);
  });

  it("lets an administrator end a user's sessions (their personal tokens stay), audited", async () => {
    const admin = await createUser(t, [{ role: 'org-admin', organisationId: own.id }]);
    const user = await createUser(t, [{ role: 'certificate-manager', organisationId: own.id }]);
    const second = await logIn(user.email, user.password, 'Edge');
    const script = await t
      .http()
      .post('/api/v1/auth/tokens')
      .set(bearer(user.token))
      .send({ name: 'nightly' })
      .expect(201);
    const ended = await t
      .http()
      .delete(`/api/v1/users/${user.id}/sessions`)
      .set(bearer(admin.token))
      .expect(200);
    expect(ended.body).toEqual({ ended: 2 });
    expect(await works(user.token)).toBe(false);
    expect(await works(second)).toBe(false);
    expect(await works(script.body.token)).toBe(true);
    const audit = await t
      .http()
      .get(`/api/v1/audit?organisationId=${own.id}`)
      .set(bearer(admin.token))
      .expect(200);
    expect(audit.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'user.sessions-ended',
          after: expect.objectContaining({ userId: user.id, ended: 2 }),
        }),
      ]),
    );
  });

  it("refuses another tenant's administrator (404), a viewer (404), and a user shared with another organisation (403)", async () => {
    const user = await createUser(t, [{ role: 'viewer', organisationId: own.id }]);
    const otherAdmin = await createUser(t, [{ role: 'org-admin', organisationId: other.id }]);
    const viewer = await createUser(t, [{ role: 'viewer', organisationId: own.id }]);
    const ownAdmin = await createUser(t, [{ role: 'org-admin', organisationId: own.id }]);
    const shared = await createUser(t, [
      { role: 'viewer', organisationId: own.id },
      { role: 'viewer', organisationId: other.id },
    ]);
    const before = await snapshot(t);
    for (const [token, id, status] of [
      [otherAdmin.token, user.id, 404],
      [viewer.token, user.id, 404],
      [ownAdmin.token, '00000000-0000-4000-8000-000000000000', 404],
      [ownAdmin.token, shared.id, 403],
    ] as const) {
      await t.http().delete(`/api/v1/users/${id}/sessions`).set(bearer(token)).expect(status);
    }
    expect(await snapshot(t)).toEqual(before);
    expect(await works(user.token)).toBe(true);
    expect(await works(shared.token)).toBe(true);
  });

  it('ends every session and personal token at once when a user is disabled', async () => {
    const user = await createUser(t, [{ role: 'viewer', organisationId: own.id }]);
    const second = await logIn(user.email, user.password, 'Safari');
    const script = await t
      .http()
      .post('/api/v1/auth/tokens')
      .set(bearer(user.token))
      .send({ name: 'cron' })
      .expect(201);
    await t
      .http()
      .patch(`/api/v1/users/${user.id}`)
      .set(bearer(t.adminToken))
      .send({ disabled: true })
      .expect(200);
    for (const token of [user.token, second, script.body.token as string])
      expect(await works(token)).toBe(false);
    // Enabled again, the old tokens stay ended.
    await t
      .http()
      .patch(`/api/v1/users/${user.id}`)
      .set(bearer(t.adminToken))
      .send({ disabled: false })
      .expect(200);
    for (const token of [user.token, second, script.body.token as string])
      expect(await works(token)).toBe(false);
  });
});
