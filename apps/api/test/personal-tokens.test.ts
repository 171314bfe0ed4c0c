import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

/**
 * Personal API tokens as the dashboard's token page uses them (issue 10): created (the token shown once), listed,
 * revoked, each an audit event in the organisations the token acts in; nobody reaches another log-in's tokens.
 */
describe('personal API tokens', () => {
  let t: TestApp;
  let a: { id: string };
  let b: { id: string };
  let user: TestUser;
  let other: TestUser;

  const auditOf = async (organisationId: string | null) =>
    (
      await t
        .http()
        .get(
          `/api/v1/audit?${organisationId ? `organisationId=${organisationId}&` : ''}action=personal-token.*`,
        )
        .set(bearer(t.adminToken))
        .expect(200)
    ).body.items as { action: string; actorLabel: string; before: unknown; after: unknown }[];

  beforeAll(async () => {
    t = await startTestApp();
    a = await createOrganisation(t);
    b = await createOrganisation(t);
    user = await createUser(t, [
      { role: 'certificate-manager', organisationId: a.id },
      { role: 'viewer', organisationId: b.id },
    ]);
    other = await createUser(t, [{ role: 'org-admin', organisationId: a.id }]);
  });
  afterAll(() => t.close());

  it('creates a token shown once, lists it without its secret, and audits it in each of the log-in’s organisations', async () => {
    const created = await t
      .http()
      .post('/api/v1/auth/tokens')
      .set(bearer(user.token))
      .send({ name: '  nightly export  ', expiresInDays: 30 })
      .expect(201);
    expect(created.body).toMatchObject({ name: 'nightly export', token: expect.stringMatching(/^cdp_/) });
    // It works as a bearer token.
    const me = await t.http().get('/api/v1/auth/me').set(bearer(created.body.token)).expect(200);
    expect(me.body.userId).toBe(user.id);
    const listed = await t.http().get('/api/v1/auth/tokens').set(bearer(user.token)).expect(200);
    expect(listed.body).toEqual([
      {
        id: created.body.id,
        name: 'nightly export',
        createdAt: expect.any(String),
        expiresAt: created.body.expiresAt,
        lastUsedAt: expect.any(String),
        // Where it was last used: supertest's loopback address, and no User-Agent.
        lastUsedFrom: expect.stringMatching(/127\.0\.0\.1/),
        userAgent: null,
      },
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
    for (const organisationId of [a.id, b.id]) {
      const events = await auditOf(organisationId);
      expect(events).toEqual([
        expect.objectContaining({
          action: 'personal-token.created',
          after: { tokenId: created.body.id, name: 'nightly export', expiresAt: created.body.expiresAt },
        }),
      ]);
      expect(JSON.stringify(events)).not.toContain(created.body.token);
    }
  });

  it('revokes it: it stops working at once, leaves the list, and the revocation is audited', async () => {
    const created = await t
      .http()
      .post('/api/v1/auth/tokens')
      .set(bearer(user.token))
      .send({ name: 'to revoke' })
      .expect(201);
    await t.http().delete(`/api/v1/auth/tokens/${created.body.id}`).set(bearer(user.token)).expect(204);
    await t.http().get('/api/v1/auth/me').set(bearer(created.body.token)).expect(401);
    const listed = await t.http().get('/api/v1/auth/tokens').set(bearer(user.token)).expect(200);
    expect(listed.body.map((x: { id: string }) => x.id)).not.toContain(created.body.id);
    expect((await auditOf(a.id)).map((e) => e.action)).toContain('personal-token.revoked');
    // Revoked twice: 404, nothing more recorded.
    const before = await snapshot(t);
    await t.http().delete(`/api/v1/auth/tokens/${created.body.id}`).set(bearer(user.token)).expect(404);
    expect(await snapshot(t)).toEqual(before);
  });

  it("never lists or revokes another log-in's token, even its organisation administrator's (404 like a missing one)", async () => {
    const theirs = await t
      .http()
      .post('/api/v1/auth/tokens')
      .set(bearer(user.token))
      .send({ name: 'mine alone' })
      .expect(201);
    const listed = await t.http().get('/api/v1/auth/tokens').set(bearer(other.token)).expect(200);
    expect(listed.body).toEqual([]);
    const before = await snapshot(t);
    const response = await t.http().delete(`/api/v1/auth/tokens/${theirs.body.id}`).set(bearer(other.token));
    const missing = await t
      .http()
      .delete('/api/v1/auth/tokens/00000000-0000-4000-8000-000000000000')
      .set(bearer(other.token));
    expect(response.status).toBe(404);
    expect(response.body).toEqual(missing.body);
    expect(await snapshot(t)).toEqual(before);
    await t.http().get('/api/v1/auth/me').set(bearer(theirs.body.token)).expect(200);
  });

  it('records a central administrator’s token in the global chain', async () => {
    await t
      .http()
      .post('/api/v1/auth/tokens')
      .set(bearer(t.adminToken))
      .send({ name: 'central script' })
      .expect(201);
    const events = (await auditOf(null)).filter((e) => e.action === 'personal-token.created');
    expect(events.some((e) => JSON.stringify(e.after).includes('central script'))).toBe(true);
  });

  it.each([
    ['no name', {}],
    ['a name with a control character', { name: 'a\u001bb' }],
    ['a name of 101 characters', { name: 'x'.repeat(101) }],
    ['an expiry of 0 days', { name: 'x', expiresInDays: 0 }],
    ['an expiry of ten years and a day', { name: 'x', expiresInDays: 3651 }],
  ])('refuses %s (400) and creates nothing', async (_, body) => {
    const before = await snapshot(t);
    const response = await t.http().post('/api/v1/auth/tokens').set(bearer(user.token)).send(body);
    expect(response.status).toBe(400);
    expect(await snapshot(t)).toEqual(before);
  });
});
