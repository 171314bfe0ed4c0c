import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { callApi } from './support/api.js';
import { launchBrowser, type Browser } from './support/browser.js';
import { cbeNumber } from './support/keystore.js';
import { ADMIN, startStack, type Stack } from './support/stack.js';

// Issue 13, sessions: the user sees each browser they are logged in with, where and when it was last used, and ends
// one; the browser whose session ended is logged out at its next request.
jest.setTimeout(240_000);

describe('sessions in the browser', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function logIn(userAgent: string, who: { email: string; password: string } = ADMIN): Promise<Page> {
    const page = await browser.newPage();
    await page.setExtraHTTPHeaders({ 'User-Agent': userAgent });
    await page.goto(`${stack.url}/login`);
    await page.getByLabel('E-mail').fill(who.email);
    await page.getByLabel('Password').fill(who.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    return page;
  }

  it('lists my sessions with where and when each was last used, and ends another browser’s', async () => {
    const laptop = await logIn('Firefox on the laptop');
    const desk = await logIn('Chromium on the desk PC');
    await desk.goto(`${stack.url}/tokens`);
    const sessions = desk.getByRole('region', { name: 'Your sessions' });
    await sessions.getByRole('row').nth(2).waitFor();
    // The header, then one row per session: this browser's says so, the laptop's says which browser and from where.
    expect(await sessions.getByRole('row').count()).toBe(3);
    const laptopRow = sessions.getByRole('row').filter({ hasText: 'Firefox on the laptop' });
    expect(await laptopRow.textContent()).toContain('127.0.0.1');
    expect(await sessions.getByRole('row').filter({ hasText: 'this browser' }).textContent()).toContain(
      'Chromium on the desk PC',
    );
    await browser.screenshot(desk, 'sessions', { guide: true });
    expect(await browser.accessibility(desk)).toEqual([]);

    await laptopRow.getByRole('button', { name: /^End the session opened/ }).click();
    await desk.getByRole('status').filter({ hasText: 'The session is ended.' }).waitFor();
    await laptopRow.waitFor({ state: 'detached' });
    expect(await sessions.getByRole('row').count()).toBe(2);

    // The laptop's next request is refused: it is back on the log-in page.
    await laptop.reload();
    await laptop.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    expect(browser.pageErrors()).toEqual([]);
  });

  it("lets an administrator end a user's sessions from the person's page", async () => {
    const admin = await callApi(stack.url, '/api/v1/auth/login', { body: ADMIN });
    const token = admin.body.accessToken as string;
    const organisation = await callApi(stack.url, '/api/v1/organisations', {
      token,
      body: {
        name: 'Ambulances Namur',
        identifiers: [
          { type: 'CBE', value: cbeNumber(String(Math.floor(Math.random() * 10_000_000)).padStart(8, '0')) },
        ],
        contacts: [{ email: 'info@ambu-namur.test', language: 'fr', generic: true }],
      },
    });
    expect(organisation.status).toBe(201);
    const jan = { email: 'jan@ambu-namur.test', password: 'jan-has-a-long-password' };
    const created = await callApi(stack.url, '/api/v1/users', {
      token,
      body: {
        ...jan,
        name: 'Jan Peeters',
        roles: [{ role: 'viewer', organisationId: organisation.body.id }],
      },
    });
    expect(created).toMatchObject({ status: 201 });
    const jansBrowser = await logIn('Jan’s browser', jan);

    const page = await logIn('The administrator’s browser');
    await page.goto(`${stack.url}/people/${created.body.personId as string}`);
    await page.getByRole('button', { name: 'End their sessions' }).click();
    await page.getByRole('status').filter({ hasText: 'One session ended.' }).waitFor();
    await jansBrowser.reload();
    await jansBrowser.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    expect(browser.pageErrors()).toEqual([]);
  });
});
