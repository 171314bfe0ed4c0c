import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
// The api's test provider, shared rather than copied (a test-only import: the api has no testing entry point).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startTestOidcProvider, type TestOidcProvider } from '../../api/test/support/test-oidc-provider.js';
import { callApi } from './support/api.js';
import { launchBrowser, type Browser } from './support/browser.js';
import { cbeNumber } from './support/keystore.js';
import { ADMIN, startStack, type Stack } from './support/stack.js';

// Issue 13: single sign-on in chromium, against a real OpenID provider on loopback (oidc-provider, its log-in form
// served by the test). The stack runs with PASSWORD_LOGIN=off: even its central administrator signs in through the
// provider (OIDC_DOMAINS maps their domain to `central`).
jest.setTimeout(240_000);

const randomCbe = () => cbeNumber(String(Math.floor(Math.random() * 10_000_000)).padStart(8, '0'));
const NAMUR_CBE = randomCbe();
const LIEGE_CBE = randomCbe();

describe('single sign-on in the browser', () => {
  let provider: TestOidcProvider;
  let stack: Stack;
  let browser: Browser;
  let adminToken: string;

  beforeAll(async () => {
    provider = await startTestOidcProvider('http://127.0.0.1/unknown-yet');
    stack = await startStack({
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      OIDC_NAME: 'Test IdP',
      OIDC_SCOPES: 'openid email profile groups',
      OIDC_DOMAINS: `ambu-namur.test=${NAMUR_CBE},chu-liege.test=${LIEGE_CBE},dashboard.test=central`,
      OIDC_AUTO_CREATE: 'on',
      OIDC_ROLE_MAP: 'certdesk-managers=certificate-manager',
      PASSWORD_LOGIN: 'off',
    });
    provider.setRedirectUri(`${stack.url}/api/v1/auth/oidc/callback`);
    provider.accounts.set('admin', { email: ADMIN.email, email_verified: true, name: 'Central Admin' });
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await provider?.close();
  });

  /**
   * A fresh tab (its own sessionStorage, so logged out) on the log-in page, with no session at the provider either
   * (its cookies gone: it would otherwise sign the last account in again without asking).
   */
  async function loginPage(): Promise<Page> {
    await browser.context.clearCookies();
    const page = await browser.newPage();
    await page.goto(`${stack.url}/login`);
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    return page;
  }

  /** Clicks "Sign in with Test IdP" and answers the provider's form as `account`. */
  async function signIn(page: Page, account: string): Promise<void> {
    await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
    await page.getByRole('heading', { name: 'Test identity provider' }).waitFor();
    await page.getByLabel('Account').fill(account);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  const refusal = (page: Page, code: string) => page.locator(`[role=alert][data-code=${code}]`);
  const token = (page: Page) => page.evaluate<string | null>("sessionStorage.getItem('certdesk.token')");

  it('offers the provider instead of a password, and refuses passwords', async () => {
    const page = await loginPage();
    await page.getByRole('link', { name: 'Sign in with Test IdP' }).waitFor();
    expect(await page.getByLabel('Password').count()).toBe(0);
    await browser.screenshot(page, 'login-single-sign-on', { guide: true });
    expect(await browser.accessibility(page)).toEqual([]);
    const answer = await callApi(stack.url, '/api/v1/auth/login', { body: ADMIN });
    expect(answer).toMatchObject({ status: 403, body: { code: 'PASSWORD_LOGIN_OFF' } });
    await page.close();
  });

  it('signs the central administrator in, and a manager of Namur by their verified e-mail', async () => {
    const page = await loginPage();
    await signIn(page, 'admin');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    // The ticket does not stay in the address bar.
    expect(new URL(page.url()).hash).toBe('');
    adminToken = (await token(page))!;
    const namur = await callApi(stack.url, '/api/v1/organisations', {
      token: adminToken,
      body: {
        name: 'Ambulances Namur',
        identifiers: [{ type: 'CBE', value: NAMUR_CBE }],
        contacts: [{ email: 'info@ambu-namur.test', language: 'fr', generic: true }],
      },
    });
    expect(namur.status).toBe(201);
    const jan = await callApi(stack.url, '/api/v1/users', {
      token: adminToken,
      body: {
        email: 'jan@ambu-namur.test',
        name: 'Jan Peeters',
        roles: [{ role: 'certificate-manager', organisationId: namur.body.id }],
      },
    });
    expect(jan.status).toBe(201);
    provider.accounts.set('jan', { email: 'jan@ambu-namur.test', email_verified: true });
    // Namur made a log-in for someone whose address is CHU Liège's: single sign-on vouches for Liège's log-ins only.
    const liege = await callApi(stack.url, '/api/v1/organisations', {
      token: adminToken,
      body: {
        name: 'CHU Liège',
        identifiers: [{ type: 'CBE', value: LIEGE_CBE }],
        contacts: [{ email: 'info@chu-liege.test', language: 'fr', generic: true }],
      },
    });
    expect(liege.status).toBe(201);
    const eve = await callApi(stack.url, '/api/v1/users', {
      token: adminToken,
      body: {
        email: 'eve@chu-liege.test',
        name: 'Eve',
        roles: [{ role: 'viewer', organisationId: namur.body.id }],
      },
    });
    expect(eve.status).toBe(201);

    const janPage = await loginPage();
    let callbackUrl = '';
    janPage.on('request', (request) => {
      if (request.url().includes('/api/v1/auth/oidc/callback')) callbackUrl = request.url();
    });
    await signIn(janPage, 'jan');
    await janPage.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    const me = await callApi(stack.url, '/api/v1/auth/me', { token: (await token(janPage))! });
    expect(me.body).toMatchObject({ userId: jan.body.id, name: 'Jan Peeters' });

    // The same answer again: its state was used.
    const replay = await browser.newPage();
    await replay.goto(callbackUrl);
    await refusal(replay, 'SSO_STATE_UNKNOWN').waitFor();
    expect(await refusal(replay, 'SSO_STATE_UNKNOWN').textContent()).toContain('sign in again');
    for (const p of [page, janPage, replay]) await p.close();
  });

  it.each([
    ['an unverified e-mail', 'SSO_EMAIL_UNVERIFIED', { email: 'jan@ambu-namur.test', email_verified: false }],
    // Her Namur log-in is not Liège's: she would get a log-in of Liège's own, had her groups given her a role.
    [
      "a Namur log-in with an address of CHU Liège's domain",
      'SSO_NO_ROLE',
      { email: 'eve@chu-liege.test', email_verified: true },
    ],
    [
      'a domain single sign-on does not serve',
      'SSO_DOMAIN_NOT_ALLOWED',
      { email: 'mallory@elsewhere.test', email_verified: true },
    ],
  ])('refuses %s, saying why', async (_what, code, account) => {
    provider.accounts.set(code, account);
    const page = await loginPage();
    await signIn(page, code);
    await refusal(page, code).waitFor();
    expect(await token(page)).toBeNull();
    if (code === 'SSO_EMAIL_UNVERIFIED')
      await browser.screenshot(page, 'login-single-sign-on-refused', { guide: true });
    await page.close();
  });

  it('offers no password and no set-password link on the people pages: a password would open nothing', async () => {
    const page = await loginPage();
    await signIn(page, 'admin');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.goto(`${stack.url}/people`);
    await page.getByRole('heading', { level: 1, name: 'People and log-ins' }).waitFor();
    await page.getByRole('button', { name: 'New log-in' }).click();
    const form = page.getByRole('form', { name: 'New log-in' });
    await form.getByRole('button', { name: 'Create the log-in' }).waitFor();
    expect(await form.getByText('Their password').count()).toBe(0);
    expect(await form.getByLabel('Password').count()).toBe(0);
    await page.getByRole('link', { name: 'Jan Peeters' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jan Peeters' }).waitFor();
    await page.getByRole('button', { name: 'Disable the log-in' }).waitFor();
    expect(await page.getByRole('button', { name: 'E-mail a link to choose a new password' }).count()).toBe(
      0,
    );
    expect(await page.getByRole('button', { name: 'Set a new password' }).count()).toBe(0);
    expect(browser.pageErrors()).toEqual([]);
    await page.close();
  });

  it('refuses an ID token from another issuer', async () => {
    provider.impersonateIssuer(`${provider.issuer}/impostor`);
    try {
      const page = await loginPage();
      await signIn(page, 'jan');
      await refusal(page, 'SSO_WRONG_ISSUER').waitFor();
      expect(await token(page)).toBeNull();
      await page.close();
    } finally {
      provider.impersonateIssuer(provider.issuer);
    }
  });

  it('refuses an ID token the provider issued to another application', async () => {
    const foreign = await provider.idTokenForOtherClient('jan');
    provider.rewriteTokenResponses((body) => ({ ...body, id_token: foreign }));
    try {
      const page = await loginPage();
      await signIn(page, 'jan');
      await refusal(page, 'SSO_WRONG_AUDIENCE').waitFor();
      expect(await token(page)).toBeNull();
      await page.close();
    } finally {
      provider.rewriteTokenResponses(null);
    }
  });

  it('creates a log-in on first sign-in, with the role its groups map to', async () => {
    provider.accounts.set('marie', {
      email: 'marie@ambu-namur.test',
      email_verified: true,
      name: 'Marie Dubois',
      groups: ['certdesk-managers'],
    });
    const page = await loginPage();
    await signIn(page, 'marie');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    const me = await callApi(stack.url, '/api/v1/auth/me', { token: (await token(page))! });
    expect(me.body).toMatchObject({ name: 'Marie Dubois', email: 'marie@ambu-namur.test' });
    expect(me.body.organisations).toEqual([expect.objectContaining({ roles: ['certificate-manager'] })]);
    expect(browser.pageErrors()).toEqual([]);
    await page.close();
  });
});
