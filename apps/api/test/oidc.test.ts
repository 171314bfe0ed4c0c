import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createApp } from '../src/create-app.js';
import { loadConfig } from '../src/config/config.js';
import { snapshot } from './support/db-snapshot.js';
import { createOrganisation, createUser, uniqueCbe } from './support/fixtures.js';
import { SignInBrowser } from './support/oidc-sign-in.js';
import { startTestOidcProvider, type TestOidcProvider } from './support/test-oidc-provider.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

const CALLBACK = 'http://certdesk.test/api/v1/auth/oidc/callback';

/** A log-in with this address (and no password: these users sign in with single sign-on). */
async function userWithEmail(
  t: TestApp,
  email: string,
  roles: { role: string; organisationId?: string }[],
): Promise<{ id: string; email: string }> {
  const created = await t
    .http()
    .post('/api/v1/users')
    .set(bearer(t.adminToken))
    .send({ email, name: email.split('@')[0], roles })
    .expect(201);
  return { id: created.body.id, email };
}

/**
 * Single sign-on against a real OpenID provider (oidc-provider on loopback): the code flow with PKCE through
 * openid-client, the state kept in Redis and bound to the browser, and the verified e-mail's domain naming the one
 * organisation whose log-ins it opens.
 */
describe('single sign-on (OpenID Connect)', () => {
  let provider: TestOidcProvider;
  let t: TestApp;
  /** A second api replica on the same database and Redis: log-ins created on first sign-in, password log-in off. */
  let replica: INestApplication;
  const replicaHttp = () => request(replica.getHttpServer());
  const namurCbe = uniqueCbe();
  const liegeCbe = uniqueCbe();
  let namur: { id: string };
  let liege: { id: string };
  let jan: { id: string; email: string };

  const oidcEnv = () => ({
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
    OIDC_NAME: 'Test IdP',
    OIDC_SCOPES: 'openid email profile groups',
    OIDC_DOMAINS: `ambu-namur.test=${namurCbe}, chu-liege.test=${liegeCbe}, certdesk.test=central`,
  });

  beforeAll(async () => {
    provider = await startTestOidcProvider(CALLBACK);
    t = await startTestApp(oidcEnv());
    namur = await createOrganisation(t, {
      name: 'Ambulances Namur',
      identifiers: [{ type: 'CBE', value: namurCbe }],
    });
    liege = await createOrganisation(t, {
      name: 'CHU Liège',
      identifiers: [{ type: 'CBE', value: liegeCbe }],
    });
    jan = await userWithEmail(t, 'jan.peeters@ambu-namur.test', [
      { role: 'certificate-manager', organisationId: namur.id },
    ]);
    provider.accounts.set('jan', { email: 'Jan.Peeters@ambu-namur.test', email_verified: true, name: 'Jan' });
    replica = await createApp(
      loadConfig({
        NODE_ENV: 'test',
        DATABASE_URL: t.database.url,
        DATABASE_POOL_SIZE: '5',
        // The first replica's: a session either opens works on both, and its keys in Redis are the same.
        TOKEN_SECRET: 'test-token-secret-that-is-long-enough-000',
        QUEUE_PREFIX: t.config.queuePrefix,
        PUBLIC_URL: 'http://certdesk.test',
        ...oidcEnv(),
        OIDC_AUTO_CREATE: 'on',
        OIDC_ROLE_MAP:
          'certdesk-managers=certificate-manager,certdesk-viewers=viewer,namur-admins=org-admin@' + namurCbe,
        PASSWORD_LOGIN: 'off',
      }),
      { logger: ['error'] },
    );
    await replica.init();
  });
  afterAll(async () => {
    await replica?.close();
    await t?.close();
    await provider?.close();
  });

  const openSession = (ticket: string | null, userId?: string) =>
    t
      .http()
      .post('/api/v1/auth/oidc/session')
      .send({ ticket, ...(userId ? { userId } : {}) });
  const auditOf = async (organisationId: string) =>
    (
      await t
        .http()
        .get(`/api/v1/audit?organisationId=${organisationId}&limit=100`)
        .set(bearer(t.adminToken))
        .expect(200)
    ).body.items;

  it('signs a known user in by their verified e-mail, once per ticket', async () => {
    const outcome = await new SignInBrowser(t.http).signIn('jan');
    expect(outcome.error).toBeNull();
    expect(outcome.loginPage.pathname).toBe('/login');
    const session = await openSession(outcome.ticket).expect(200);
    const me = await t.http().get('/api/v1/auth/me').set(bearer(session.body.accessToken)).expect(200);
    expect(me.body).toMatchObject({ userId: jan.id, email: 'jan.peeters@ambu-namur.test' });
    expect(me.body.organisations).toEqual([expect.objectContaining({ organisationId: namur.id })]);
    // The ticket is spent.
    expect((await openSession(outcome.ticket).expect(401)).body.code).toBe('SSO_TICKET_INVALID');
  });

  it('refuses a replayed answer (the state is used once), and an answer in a browser that did not start it', async () => {
    const browser = new SignInBrowser(t.http);
    const first = await browser.signIn('jan');
    expect(first.ticket).not.toBeNull();
    const before = await snapshot(t);
    // The whole answer again, binding cookie included: the state was used.
    expect((await browser.deliver(first.callbackUrl, { withBinding: true })).error).toBe('SSO_STATE_UNKNOWN');
    expect((await new SignInBrowser(t.http).signIn('jan', { withoutBinding: true })).error).toBe(
      'SSO_STATE_UNKNOWN',
    );
    expect(await snapshot(t)).toEqual(before);
  });

  it('keeps the sign-in in Redis: started on one replica, answered on another', async () => {
    const outcome = await new SignInBrowser(t.http, replicaHttp).signIn('jan');
    expect(outcome.error).toBeNull();
    await openSession(outcome.ticket).expect(200);
  });

  it('refuses an ID token from another issuer', async () => {
    await new SignInBrowser(t.http).signIn('jan'); // the api has discovered the real issuer
    provider.impersonateIssuer(`${provider.issuer}/impostor`);
    try {
      expect((await new SignInBrowser(t.http).signIn('jan')).error).toBe('SSO_WRONG_ISSUER');
    } finally {
      provider.impersonateIssuer(provider.issuer);
    }
  });

  it('refuses an ID token the provider issued to another application', async () => {
    const foreign = await provider.idTokenForOtherClient('jan');
    provider.rewriteTokenResponses((body) => ({ ...body, id_token: foreign }));
    try {
      const before = await snapshot(t);
      expect((await new SignInBrowser(t.http).signIn('jan')).error).toBe('SSO_WRONG_AUDIENCE');
      expect(await snapshot(t)).toEqual(before);
    } finally {
      provider.rewriteTokenResponses(null);
    }
  });

  it('refuses an e-mail the provider has not verified, and tells the organisation of the log-in it names', async () => {
    provider.accounts.set('jan-unverified', { email: jan.email, email_verified: false });
    expect((await new SignInBrowser(t.http).signIn('jan-unverified')).error).toBe('SSO_EMAIL_UNVERIFIED');
    const events = await auditOf(namur.id);
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'user.sso-refused',
          after: expect.objectContaining({
            email: jan.email,
            reason: 'SSO_EMAIL_UNVERIFIED',
            userIds: [jan.id],
          }),
        }),
      ]),
    );
  });

  it("never opens another organisation's log-in: the e-mail's domain names the organisation", async () => {
    // Namur created a log-in for someone whose address is CHU Liège's: single sign-on vouches for Liège only.
    const sophie = await userWithEmail(t, 'sophie@chu-liege.test', [
      { role: 'viewer', organisationId: namur.id },
    ]);
    provider.accounts.set('sophie', { email: sophie.email, email_verified: true });
    expect((await new SignInBrowser(t.http).signIn('sophie')).error).toBe('SSO_NO_ACCOUNT');
    const events = await auditOf(namur.id);
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'user.sso-refused',
          after: expect.objectContaining({ reason: 'SSO_NO_ACCOUNT', userIds: [sophie.id] }),
        }),
      ]),
    );
    // A domain OIDC_DOMAINS does not list.
    provider.accounts.set('mallory', { email: 'mallory@elsewhere.test', email_verified: true });
    expect((await new SignInBrowser(t.http).signIn('mallory')).error).toBe('SSO_DOMAIN_NOT_ALLOWED');
    // Liège's own log-in for the address (its administrator makes one of Liège's own) is the one it opens.
    const liegeAdmin = await createUser(t, [{ role: 'org-admin', organisationId: liege.id }]);
    const own = await t
      .http()
      .post('/api/v1/users')
      .set(bearer(liegeAdmin.token))
      .send({ email: sophie.email, name: 'Sophie', roles: [{ role: 'viewer', organisationId: liege.id }] })
      .expect(201)
      .then((r) => r.body as { id: string });
    const outcome = await new SignInBrowser(t.http).signIn('sophie');
    const session = await openSession(outcome.ticket).expect(200);
    const me = await t.http().get('/api/v1/auth/me').set(bearer(session.body.accessToken)).expect(200);
    expect(me.body.userId).toBe(own.id);
  });

  it('never lets a disabled user in', async () => {
    const piet = await userWithEmail(t, 'piet@ambu-namur.test', [
      { role: 'viewer', organisationId: namur.id },
    ]);
    await t
      .http()
      .patch(`/api/v1/users/${piet.id}`)
      .set(bearer(t.adminToken))
      .send({ disabled: true })
      .expect(200);
    provider.accounts.set('piet', { email: piet.email, email_verified: true });
    expect((await new SignInBrowser(t.http).signIn('piet')).error).toBe('SSO_ACCOUNT_DISABLED');
    // Disabled between the callback and the ticket's use: no session either.
    const karin = await userWithEmail(t, 'karin@ambu-namur.test', [
      { role: 'viewer', organisationId: namur.id },
    ]);
    provider.accounts.set('karin', { email: karin.email, email_verified: true });
    const outcome = await new SignInBrowser(t.http).signIn('karin');
    await t
      .http()
      .patch(`/api/v1/users/${karin.id}`)
      .set(bearer(t.adminToken))
      .send({ disabled: true })
      .expect(200);
    expect((await openSession(outcome.ticket).expect(401)).body.code).toBe('SSO_TICKET_INVALID');
  });

  it('signs central administrators in through a domain mapped to central', async () => {
    const central = await userWithEmail(t, 'root@certdesk.test', [{ role: 'central-admin' }]);
    provider.accounts.set('root', { email: central.email, email_verified: true });
    const outcome = await new SignInBrowser(t.http).signIn('root');
    const session = await openSession(outcome.ticket).expect(200);
    const me = await t.http().get('/api/v1/auth/me').set(bearer(session.body.accessToken)).expect(200);
    expect(me.body).toMatchObject({ userId: central.id, centralAdmin: true });
  });

  it('creates a log-in on first sign-in with the roles its groups map to (when so configured)', async () => {
    provider.accounts.set('newbie', {
      email: 'marie.dubois@ambu-namur.test',
      email_verified: true,
      name: 'Marie\u0000 Dubois\n',
      groups: ['certdesk-managers', 'namur-admins', 'unrelated'],
    });
    const outcome = await new SignInBrowser(replicaHttp).signIn('newbie');
    expect(outcome.error).toBeNull();
    const session = await replicaHttp()
      .post('/api/v1/auth/oidc/session')
      .send({ ticket: outcome.ticket })
      .expect(200);
    const me = await t.http().get('/api/v1/auth/me').set(bearer(session.body.accessToken)).expect(200);
    expect(me.body).toMatchObject({
      name: 'Marie Dubois',
      email: 'marie.dubois@ambu-namur.test',
      centralAdmin: false,
    });
    expect(me.body.organisations).toEqual([
      expect.objectContaining({
        organisationId: namur.id,
        roles: expect.arrayContaining(['org-admin', 'certificate-manager']),
      }),
    ]);
    const events = await auditOf(namur.id);
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'user.created', actorLabel: 'single sign-on' }),
      ]),
    );
    // namur-admins maps to org-admin in Namur only: in Liège the same groups give a certificate manager.
    provider.accounts.set('newbie-liege', {
      email: 'marie.dubois@chu-liege.test',
      email_verified: true,
      groups: ['certdesk-managers', 'namur-admins'],
    });
    const liegeOutcome = await new SignInBrowser(replicaHttp).signIn('newbie-liege');
    const liegeSession = await replicaHttp()
      .post('/api/v1/auth/oidc/session')
      .send({ ticket: liegeOutcome.ticket });
    const liegeMe = await t
      .http()
      .get('/api/v1/auth/me')
      .set(bearer(liegeSession.body.accessToken))
      .expect(200);
    expect(liegeMe.body.organisations).toEqual([
      expect.objectContaining({ organisationId: liege.id, roles: ['certificate-manager'] }),
    ]);
  });

  it('creates nobody whose groups give no role', async () => {
    provider.accounts.set('stranger', {
      email: 'stranger@ambu-namur.test',
      email_verified: true,
      groups: ['sales'],
    });
    const before = await snapshot(t);
    expect((await new SignInBrowser(replicaHttp).signIn('stranger')).error).toBe('SSO_NO_ROLE');
    expect(await snapshot(t)).toEqual(before);
  });

  it('with PASSWORD_LOGIN=off, refuses passwords and says so on the log-in methods', async () => {
    const answer = await replicaHttp()
      .post('/api/v1/auth/login')
      .send({ email: t.config.admin!.email, password: t.config.admin!.password });
    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe('PASSWORD_LOGIN_OFF');
    expect((await replicaHttp().get('/api/v1/auth/methods').expect(200)).body).toEqual({
      password: false,
      sso: { name: 'Test IdP', startUrl: '/api/v1/auth/oidc/start' },
      eid: false,
    });
    expect((await t.http().get('/api/v1/auth/methods').expect(200)).body.password).toBe(true);
  });

  it('with PASSWORD_LOGIN=off, mails no set-password link: the password it invites would open nothing', async () => {
    const before = await snapshot(t);
    const resend = await replicaHttp()
      .post(`/api/v1/users/${jan.id}/set-password-link`)
      .set(bearer(t.adminToken));
    expect(resend.status).toBe(409);
    expect(resend.body.code).toBe('PASSWORD_LOGIN_OFF');
    const create = await replicaHttp()
      .post('/api/v1/users')
      .set(bearer(t.adminToken))
      .send({
        email: 'nadia.newcomer@ambu-namur.test',
        name: 'Nadia Newcomer',
        roles: [{ role: 'viewer', organisationId: namur.id }],
        sendSetPasswordLink: true,
      });
    expect(create.status).toBe(409);
    expect(create.body.code).toBe('PASSWORD_LOGIN_OFF');
    // No log-in, no link, no outbox message for the notifier to mail, no audit event.
    expect(await snapshot(t)).toEqual(before);
    // With password log-in on (the first replica, same database), the same request sends one.
    await t.http().post(`/api/v1/users/${jan.id}/set-password-link`).set(bearer(t.adminToken)).expect(201);
  });

  describe('hostile input', () => {
    it.each([
      ['a long state', 'x'.repeat(8_000)],
      ['a garbled state', '%00%0a<script>'],
      ['a state with control characters', 'abc\u0001\u007fdef'],
      ['no state at all', null],
    ])('%s: refused, nothing changes', async (_what, state) => {
      const before = await snapshot(t);
      const query = new URLSearchParams({ code: 'whatever', ...(state === null ? {} : { state }) });
      const answer = await t.http().get(`/api/v1/auth/oidc/callback?${query}`);
      expect(answer.status).toBe(303);
      expect(answer.headers.location).toBe('http://certdesk.test/login#sso-error=SSO_STATE_UNKNOWN');
      expect(await snapshot(t)).toEqual(before);
    });

    it("a state too long for a request line: Node's HTTP server refuses it (431), nothing changes", async () => {
      const before = await snapshot(t);
      await t
        .http()
        .get(`/api/v1/auth/oidc/callback?code=x&state=${'x'.repeat(100_000)}`)
        .expect(431);
      expect(await snapshot(t)).toEqual(before);
    });

    it.each([
      ['an e-mail with a newline', 'jan.peeters@ambu-namur.test\nBcc: x@evil.test', 'SSO_EMAIL_INVALID'],
      ['an e-mail with a control character', 'jan.peeters\u0007@ambu-namur.test', 'SSO_EMAIL_INVALID'],
      ['two @', 'jan@evil.test@ambu-namur.test', 'SSO_EMAIL_INVALID'],
      ['a huge e-mail', `${'a'.repeat(10_000)}@ambu-namur.test`, 'SSO_EMAIL_INVALID'],
      [
        'an e-mail that is an object',
        { nested: { deeper: 'jan.peeters@ambu-namur.test' } },
        'SSO_EMAIL_INVALID',
      ],
      ['no e-mail', undefined, 'SSO_EMAIL_MISSING'],
    ])('a claim with %s: refused', async (_what, email, code) => {
      provider.accounts.set('hostile', { email, email_verified: true, groups: ['certdesk-managers'] });
      const before = await snapshot(t);
      expect((await new SignInBrowser(replicaHttp).signIn('hostile')).error).toBe(code);
      expect(await snapshot(t)).toEqual(before);
    });

    it.each([
      ['a huge ticket', 'x'.repeat(100_000), 400],
      ['a nested ticket', { a: { b: { c: 'd' } } }, 400],
      ['a ticket with control characters', 'abc\u0000\u001bdef', 400],
      ['a made-up ticket', 'A'.repeat(43), 401],
      ['no ticket', null, 400],
    ])('%s: refused', async (_what, ticket, status) => {
      const before = await snapshot(t);
      await t.http().post('/api/v1/auth/oidc/session').send({ ticket }).expect(status);
      expect(await snapshot(t)).toEqual(before);
    });

    it("a ticket with another organisation's log-in as userId opens nothing", async () => {
      const outcome = await new SignInBrowser(t.http).signIn('jan');
      const stranger = await createUser(t, [{ role: 'viewer', organisationId: liege.id }]);
      expect((await openSession(outcome.ticket, stranger.id).expect(401)).body.code).toBe(
        'SSO_TICKET_INVALID',
      );
    });
  });
});
