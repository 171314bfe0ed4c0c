import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { withMod97CheckDigits } from '@certdesk/domain';
// A SoftHSM2 token provisioned like an eID card by the test PKI's Citizen CA (Node-side test support).
// eslint-disable-next-line @nx/enforce-module-boundaries
import {
  type BridgeCommand,
  type EidToken,
  PAIRING_CODE_LINE,
  provisionEidToken,
  startBridgeCommand,
  testPki,
} from '@certdesk/card-bridge/testing';
import { callApi } from './support/api.js';
import { launchBrowser, type Browser } from './support/browser.js';
import { ADMIN, startStack, type Stack } from './support/stack.js';

// The dashboard's eID log-in in a real browser: Debian's chromium on the stack `npm start` runs (trusting the test
// PKI's root and Citizen CA), a card-bridge process on a SoftHSM2 eID token, paired through the log-in page with
// the code the bridge prints, the api's challenge signed by the card. The steps build on each other, in order.
// The root Jest run takes testTimeout from its global configuration only (jest-circus), not from jest.config.mjs.
jest.setTimeout(60_000);

/** An SSIN with valid check digits (born 1985-01-01). */
const ssin = (sequence: number) => withMod97CheckDigits(`850101${String(sequence).padStart(3, '0')}`);

describe('the eID log-in through a paired card-bridge, in a real browser', () => {
  const holder = { name: 'Lena Janssens', ssin: ssin(201), email: 'lena@ambulances-eid.test' };
  let card: EidToken;
  let stack: Stack;
  let bridge: BridgeCommand;
  let browser: Browser;
  let page: Page;
  let personId = '';
  /** The live pairing code, read from the bridge's terminal after the page asked for it. */
  let pairingCode = '';

  const api = (path: string, init: Parameters<typeof callApi>[2] = {}) => callApi(stack.url, path, init);
  const heading = (name: string) => page.getByRole('heading', { level: 1, name }).waitFor();
  // A string, evaluated in the page: this file is checked as Node code, without the DOM's types.
  const sessionToken = () => page.evaluate<string | null>("sessionStorage.getItem('certdesk.token')");

  beforeAll(async () => {
    const pki = await testPki();
    card = await provisionEidToken('EC-P384', { ssin: holder.ssin, givenName: 'Lena', surname: 'Janssens' });
    const trustAnchors = join(card.dir, 'eid-trust.pem');
    await writeFile(trustAnchors, pki.root.certificate.pem + pki.citizenCa.certificate.pem);
    stack = await startStack({ EID_TRUST_ANCHORS: trustAnchors });
    // The bridge serves the dashboard's origin only, as its user would start it.
    // startStack's build made the bridge's dist, which the command runs.
    bridge = await startBridgeCommand(card, [stack.url]);

    const admin = await api('/api/v1/auth/login', { body: ADMIN });
    const adminToken = admin.body.accessToken as string;
    const organisation = await api('/api/v1/organisations', {
      token: adminToken,
      body: {
        name: 'Ambulances eID',
        identifiers: [{ type: 'CBE', value: '0566988259' }],
        contacts: [{ email: 'info@ambulances-eid.test', language: 'fr', generic: true }],
      },
    });
    expect(organisation.status).toBe(201);
    const user = await api('/api/v1/users', {
      token: adminToken,
      body: {
        email: holder.email,
        name: holder.name,
        password: 'a-password-nobody-uses',
        ssin: holder.ssin,
        roles: [{ role: 'certificate-manager', organisationId: organisation.body.id }],
      },
    });
    expect(user.status).toBe(201);
    personId = user.body.personId as string;

    browser = await launchBrowser();
    page = await browser.newPage();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await bridge?.stop();
    await stack?.stop();
    await card?.cleanup();
  });

  it('finds the bridge, refuses a wrong pairing code and stays logged out', async () => {
    await page.goto(`${stack.url}/`);
    await heading('Log in');
    await page.getByLabel('Card-bridge port').fill(String(bridge.port));
    const printedBefore = bridge.output().length;
    await page.getByRole('button', { name: 'Find the card-bridge' }).click();
    // The page asked the bridge for a code: it shows on the bridge's terminal only, never to the page.
    pairingCode = await bridge
      .waitForOutput(PAIRING_CODE_LINE, printedBefore)
      .then((match) => match[1]!)
      .catch(async (error: Error) => {
        // The page's own error says why it did not reach the bridge.
        const alerts = await page
          .locator('[role=alert]')
          .evaluateAll((found) => found.map((e) => e.outerHTML));
        throw new Error(`${error.message}\nthe page shows: ${alerts.join(' ') || 'no error'}`);
      });
    await page.getByLabel('Pairing code').waitFor();

    const wrongCode = pairingCode.replace(/\d$/, (digit) => String((Number(digit) + 1) % 10));
    await page.getByLabel('Pairing code').fill(wrongCode);
    await page.getByRole('button', { name: 'Pair' }).click();
    const alert = page.locator('[role=alert][data-code=PAIRING_CODE_INVALID]');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(
      "Wrong pairing code: type the one the card-bridge's window shows.",
    );
    await browser.screenshot(page, 'eid-login-wrong-pairing-code');
    // Not paired, so nothing to log in with, and no session.
    expect(await page.getByRole('button', { name: 'Log in with my eID' }).count()).toBe(0);
    expect(await sessionToken()).toBeNull();
    await heading('Log in');
  });

  it('pairs with the code the bridge printed and logs the card holder in', async () => {
    // A wrong try leaves the code alive (a few tries per code).
    await page.getByLabel('Pairing code').fill(pairingCode);
    await page.getByRole('button', { name: 'Pair' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Card-bridge paired (http://127.0.0.1:${bridge.port}).` })
      .waitFor();
    await page.getByRole('button', { name: 'Log in with my eID' }).click();

    await heading('Overview');
    await page.locator('header .me').filter({ hasText: holder.name }).waitFor();
    expect(await page.locator('header .me').textContent()).toBe(holder.name);
    await browser.screenshot(page, 'eid-login');
    // The session the page holds is that person's, issued by the eID log-in.
    const me = await api('/api/v1/auth/me', { token: (await sessionToken())! });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ personId, name: holder.name, centralAdmin: false });
    expect(browser.pageErrors()).toEqual([]);
  });
});
