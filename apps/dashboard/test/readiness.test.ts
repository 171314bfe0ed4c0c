import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { callApi, importCertificate } from './support/api.js';
import { launchBrowser, type Browser } from './support/browser.js';
import { EhealthTestCa } from './support/ehealth-ca.js';
import { cbeNumber } from './support/keystore.js';
import { ADMIN, startStack, type Stack, logInAsAdmin } from './support/stack.js';

// Issue 14 in the dashboard: renewal readiness on the certificate's page (each condition, what to do, naming a
// custodian right there) and on the overview (not-ready certificates within the digest horizon, per organisation,
// leading to the list filtered on them). Debian's chromium against the `npm start` stack.
jest.setTimeout(180_000);

const DAY = 86_400_000;

describe('renewal readiness in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let ca: EhealthTestCa;
  let token = '';
  let certificateId = '';
  const cbe = cbeNumber('07961888');

  const api = (path: string, init: Parameters<typeof callApi>[2] = {}) =>
    callApi(stack.url, path, { token, ...init });

  beforeAll(async () => {
    ca = await EhealthTestCa.create();
    stack = await startStack();
    token = (await callApi(stack.url, '/api/v1/auth/login', { method: 'POST', body: ADMIN })).body
      .accessToken as string;
    const organisation = await api('/api/v1/organisations', {
      body: {
        name: 'Ambulances Ciney',
        identifiers: [{ type: 'CBE', value: cbe }],
        contacts: [{ email: 'info@ciney.example', language: 'fr', generic: true }],
      },
    });
    const organisationId = organisation.body.id as string;
    await api('/api/v1/people', {
      body: { name: 'Paula Custodian', memberships: [{ organisationId, employed: true }] },
    });
    const issued = await ca.issue({
      identifierType: 'CBE',
      identifierValue: cbe,
      holderName: 'AMBULANCES CINEY',
      applicationId: 'HUB',
      notBefore: new Date(Date.now() - 900 * DAY),
      notAfter: new Date(Date.now() + 150 * DAY),
    });
    certificateId = await importCertificate(stack.url, token, organisationId, 'HUB.pem', issued.pem);

    browser = await launchBrowser();
    page = await browser.newPage();
    await logInAsAdmin(page, stack.url);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await ca?.remove();
  });

  it('counts the not-ready certificate on the overview and leads to the list filtered on it', async () => {
    const section = page.getByRole('region', { name: 'Renewals not ready (180 days ahead)' });
    await section.getByRole('row', { name: /Ambulances Ciney/ }).waitFor();
    expect(await browser.accessibility(page)).toEqual([]);
    await browser.screenshot(page, 'overview-readiness', { guide: true });
    await section.getByRole('link', { name: /within 180 days and (is|are) not ready for renewal/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Certificates' }).waitFor();
    expect(await page.getByLabel('Renewal readiness').inputValue()).toBe('not-ready');
    await page
      .locator(`tr[data-certificate-id="${certificateId}"]`)
      .getByText('Not ready', { exact: true })
      .waitFor();
  });

  it("shows each condition on the certificate's page, with what to do, and names a custodian there", async () => {
    await page.goto(`${stack.url}/certificates/${certificateId}`);
    const section = page.getByRole('region', { name: 'Renewal readiness' });
    await section.getByText('Not ready', { exact: true }).waitFor();
    const custodian = section.locator('li[data-code="CUSTODIAN_NAMED"]');
    expect(await custodian.getAttribute('data-met')).toBe('false');
    await custodian
      .getByText('Name the person who knows the keystore password (never the password itself).')
      .waitFor();
    await section
      .locator('li[data-code="KEYSTORE_LOCATION_KNOWN"]')
      .getByText(/PC and the folder/)
      .waitFor();
    expect(await section.locator('li[data-met="true"]').count()).toBeGreaterThan(0);
    expect(await browser.accessibility(page)).toEqual([]);
    await browser.screenshot(page, 'certificate-readiness', { guide: true });

    await section
      .getByRole('combobox', { name: /^Password custodian/ })
      .selectOption({ label: 'Paula Custodian' });
    await section.getByRole('button', { name: 'Name a password custodian' }).click();
    await section.locator('li[data-code="CUSTODIAN_NAMED"][data-met="true"]').waitFor();
    await custodian.getByText('Paula Custodian knows the keystore password').waitFor();
    // Named, but she has not yet checked that the keystore opens.
    expect(
      await section.locator('li[data-code="CUSTODIAN_ATTESTED_RECENTLY"]').getAttribute('data-met'),
    ).toBe('false');
    expect((await api(`/api/v1/certificates/${certificateId}`)).body.passwordCustodian).toMatchObject({
      name: 'Paula Custodian',
    });
    expect(browser.pageErrors()).toEqual([]);
  });

  it('reads in French and Dutch too', async () => {
    for (const [language, title] of [
      ['fr', 'Préparation du renouvellement'],
      ['nl', 'Klaar voor vernieuwing'],
    ] as const) {
      await page.evaluate((l) => localStorage.setItem('certdesk.language', l), language);
      await page.reload();
      await page.getByRole('region', { name: title }).waitFor();
    }
    await page.evaluate(() => localStorage.setItem('certdesk.language', 'en'));
  });
  it('names the ten organisations with the most not ready and leads to the others through the list', async () => {
    // Eleven more organisations with one certificate not ready each: twelve in all, two past the ten named.
    for (let i = 0; i < 11; i++) {
      const identifier = cbeNumber(String(7961900 + i).padStart(8, '0'));
      const organisation = await api('/api/v1/organisations', {
        body: {
          name: `Ambulances ${String(i).padStart(2, '0')}`,
          identifiers: [{ type: 'CBE', value: identifier }],
        },
      });
      const issued = await ca.issue({
        identifierType: 'CBE',
        identifierValue: identifier,
        holderName: `AMBULANCES ${i}`,
        applicationId: 'HUB',
        notBefore: new Date(Date.now() - 900 * DAY),
        notAfter: new Date(Date.now() + 150 * DAY),
      });
      await importCertificate(stack.url, token, organisation.body.id as string, `HUB-${i}.pem`, issued.pem);
    }
    const { organisations } = (await api('/api/v1/overview')).body.readiness as { organisations: number };
    expect(organisations).toBeGreaterThanOrEqual(12);
    await page.goto(`${stack.url}/`);
    const section = page.getByRole('region', { name: 'Renewals not ready (180 days ahead)' });
    const more = section.getByRole('link', { name: `and ${organisations - 10} more organisations` });
    await more.waitFor();
    expect(await section.locator('tbody tr').count()).toBe(10);
    await more.click();
    await page.getByRole('heading', { level: 1, name: 'Certificates' }).waitFor();
    expect(await page.getByLabel('Renewal readiness').inputValue()).toBe('not-ready');
  });
});
