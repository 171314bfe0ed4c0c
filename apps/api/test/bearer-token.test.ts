// The bearer-token look-up (ActorLoader: one statement per request) keeps every rule of the token and its user:
// roles per organisation, revoked / expired tokens and disabled users refused at once, lastUsedAt at most once a
// minute. auth.test.ts covers log-in, log-out and personal tokens through the endpoints.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createOrganisation, createUser } from './support/fixtures.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

describe('bearer tokens', () => {
  let t: TestApp;
  let db: DataSource;
  let a: { id: string };
  let b: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    a = await createOrganisation(t);
    b = await createOrganisation(t);
  });
  afterAll(() => t.close());

  const me = (token: string) => t.http().get('/api/v1/auth/me').set(bearer(token));

  /** The token row of the session `token` (the latest of the user's). */
  async function tokenRow(userId: string): Promise<{ id: string; last_used_at: Date | null }> {
    const [row] = await db.query(
      'SELECT id, last_used_at FROM access_token WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1',
      [userId],
    );
    return row;
  }

  it('resolves the user, their person and every role, per organisation', async () => {
    const user = await createUser(t, [
      { role: 'org-admin', organisationId: a.id },
      { role: 'viewer', organisationId: a.id },
      { role: 'certificate-manager', organisationId: b.id },
    ]);
    const response = await me(user.token).expect(200);
    expect(response.body).toMatchObject({
      userId: user.id,
      personId: user.personId,
      email: user.email,
      centralAdmin: false,
    });
    const organisations = (response.body.organisations as { organisationId: string; roles: string[] }[])
      .map((o) => ({ organisationId: o.organisationId, roles: [...o.roles].sort() }))
      .sort((x, y) => x.organisationId.localeCompare(y.organisationId));
    expect(organisations).toEqual(
      [
        { organisationId: a.id, roles: ['org-admin', 'viewer'] },
        { organisationId: b.id, roles: ['certificate-manager'] },
      ].sort((x, y) => x.organisationId.localeCompare(y.organisationId)),
    );
  });

  it('resolves a central administrator who also has an organisation role, and a user with no role', async () => {
    const admin = await createUser(t, [{ role: 'central-admin' }, { role: 'viewer', organisationId: a.id }]);
    expect((await me(admin.token).expect(200)).body).toMatchObject({
      centralAdmin: true,
      organisations: [{ organisationId: a.id, roles: ['viewer'] }],
    });
    const nobody = await createUser(t, [{ role: 'viewer', organisationId: b.id }]);
    await db.query('DELETE FROM user_role WHERE user_id = $1', [nobody.id]);
    expect((await me(nobody.token).expect(200)).body).toMatchObject({
      centralAdmin: false,
      organisations: [],
    });
  });

  it('sees a role change on the very next request (nothing is cached)', async () => {
    const user = await createUser(t, [{ role: 'viewer', organisationId: a.id }]);
    await t.http().get(`/api/v1/organisations/${a.id}`).set(bearer(user.token)).expect(200);
    await db.query('DELETE FROM user_role WHERE user_id = $1', [user.id]);
    await t.http().get(`/api/v1/organisations/${a.id}`).set(bearer(user.token)).expect(404);
  });

  it.each([
    ['revoked', 'UPDATE access_token SET revoked_at = now() WHERE id = $1'],
    ['expired', `UPDATE access_token SET expires_at = now() - interval '1 second' WHERE id = $1`],
  ])('refuses a %s token (401) from the next request on', async (_what, sql) => {
    const user = await createUser(t, [{ role: 'viewer', organisationId: a.id }]);
    await me(user.token).expect(200);
    await db.query(sql, [(await tokenRow(user.id)).id]);
    expect((await me(user.token).expect(401)).body.code).toBe('UNAUTHENTICATED');
  });

  it('accepts a token that expires later, and refuses the token of a disabled user', async () => {
    const user = await createUser(t, [{ role: 'viewer', organisationId: a.id }]);
    const { id } = await tokenRow(user.id);
    await db.query(`UPDATE access_token SET expires_at = now() + interval '1 hour' WHERE id = $1`, [id]);
    await me(user.token).expect(200);
    await db.query('UPDATE app_user SET disabled = true WHERE id = $1', [user.id]);
    await me(user.token).expect(401);
    await db.query('UPDATE app_user SET disabled = false WHERE id = $1', [user.id]);
    await me(user.token).expect(200);
  });

  it('records lastUsedAt at most once a minute', async () => {
    const user = await createUser(t, [{ role: 'viewer', organisationId: a.id }]);
    const { id } = await tokenRow(user.id);
    const lastUsed = async () => (await tokenRow(user.id)).last_used_at;
    const setLastUsed = (sql: string) =>
      db.query(`UPDATE access_token SET last_used_at = ${sql} WHERE id = $1`, [id]);

    await setLastUsed('NULL');
    const before = Date.now();
    await me(user.token).expect(200);
    const first = await lastUsed();
    expect(first!.getTime()).toBeGreaterThanOrEqual(before - 1000);

    // Used 30 s ago: left as it is.
    await setLastUsed(`now() - interval '30 seconds'`);
    const recent = await lastUsed();
    await me(user.token).expect(200);
    expect(await lastUsed()).toEqual(recent);

    // Used 2 minutes ago: brought up to date, also when several requests arrive together.
    await setLastUsed(`now() - interval '2 minutes'`);
    const stale = await lastUsed();
    const responses = await Promise.all(Array.from({ length: 8 }, () => me(user.token)));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
    const updated = await lastUsed();
    expect(updated!.getTime()).toBeGreaterThan(stale!.getTime() + 60_000);
  });

  it('does not record lastUsedAt for a refused token', async () => {
    const user = await createUser(t, [{ role: 'viewer', organisationId: a.id }]);
    const { id } = await tokenRow(user.id);
    await db.query('UPDATE access_token SET last_used_at = NULL, revoked_at = now() WHERE id = $1', [id]);
    await me(user.token).expect(401);
    expect((await tokenRow(user.id)).last_used_at).toBeNull();
  });
});
