import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { withMod97CheckDigits } from '@certdesk/domain';
// The depot's replay and the test PKI that mints ETKs run here, in Node (tsconfig.eid-test.json checks this file).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { type EtkDepotReplay, startEtkDepotReplay } from '@certdesk/etk-depot/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { buildEhealthKeystore, createTestPki, type TestCertificate } from '@certdesk/pki/testing';
import { callApi } from './support/api.js';
import { launchBrowser, type Browser } from './support/browser.js';
import { ADMIN, startStack, type Stack, logInAsAdmin } from './support/stack.js';

// Issue 11, the dashboard's parts: on an organisation, "Search the eHealth ETK directory", what it publishes with each
// ETK's match with the keystore, and the directory's warnings; on a certificate, since when it is published and the
// match. Debian's chromium against the stack `npm start` runs, whose ETK_DEPOT_URL is the depot's replay this test runs.
jest.setTimeout(120_000);

const CBE = withMod97CheckDigits('08205634');
const KEYSTORE_PASSWORD = 'Etk-dashboard-1';

describe('the ETK directory in a real browser', () => {
  let replay: EtkDepotReplay;
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let adminToken = '';
  let organisationId = '';
  let authentication: TestCertificate;
  let otherEtk: TestCertificate;

  const accessible = async (p: Page) => expect(await browser.accessibility(p)).toEqual([]);

  beforeAll(async () => {
    const pki = await createTestPki();
    authentication = await pki.issueEhealthCertificate({
      identifierType: 'CBE',
      identifierValue: CBE,
      holderName: 'AMBULANCES DU DIRECTOIRE',
      environment: 'production',
    });
    const etk = await pki.issueEtk(authentication);
    otherEtk = await pki.issueEtkCertificate(authentication);
    replay = await startEtkDepotReplay({
      published: [{ identifierType: 'CBE', identifierValue: CBE, applicationId: null, etk: etk.bytes }],
    });
    stack = await startStack({
      ETK_DEPOT_URL: replay.url,
      ETK_DEPOT_ACCEPTANCE_URL: replay.url,
      ETK_DEPOT_RATE_PER_SECOND: '20',
    });
    adminToken = (await callApi(stack.url, '/api/v1/auth/login', { method: 'POST', body: ADMIN })).body
      .accessToken as string;
    const organisation = await callApi(stack.url, '/api/v1/organisations', {
      token: adminToken,
      body: {
        name: 'Ambulances du Directoire',
        identifiers: [{ type: 'CBE', value: CBE }],
        contacts: [{ email: 'info@directoire.example', language: 'fr', generic: true }],
      },
    });
    organisationId = organisation.body.id as string;
    browser = await launchBrowser();
    page = await browser.newPage();
    await logInAsAdmin(page, stack.url);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await replay?.close();
  });

  it('searches the directory from the organisation and shows what it found, with its warning', async () => {
    await page.goto(`${stack.url}/organisations/${organisationId}`);
    const section = page.getByRole('region', { name: 'eHealth ETK directory' });
    await section.getByText('The directory has not been searched yet.').waitFor();
    await section.getByRole('button', { name: 'Search the eHealth ETK directory' }).click();
    await section
      .getByRole('status')
      .getByText('The directory publishes 1 ETK; 1 certificate was added to the inventory.')
      .waitFor();
    const row = section.getByRole('row', { name: new RegExp(`CBE=${CBE}`) });
    await row.waitFor();
    expect(await row.textContent()).toContain('keystore unknown');
    expect(await row.textContent()).toContain('Production');
    await section.getByText('Found in the ETK directory, unknown here').waitFor();
    expect(replay.violations()).toEqual([]);
    await accessible(page);
    await browser.screenshot(page, 'etk-directory-organisation');
  });

  it('shows on the certificate since when it is published, and the match with its keystore', async () => {
    const section = page.getByRole('region', { name: 'eHealth ETK directory' });
    await section
      .getByRole('row', { name: new RegExp(`CBE=${CBE}`) })
      .getByRole('link')
      .click();
    const published = page.getByRole('region', { name: 'eHealth ETK directory' });
    await published.getByText(/Published \(Production\) since/).waitFor();
    expect(await published.textContent()).toContain('keystore unknown');
    await accessible(page);

    // Its keystore, imported with another ETK key than the published one.
    const keystore = await buildEhealthKeystore({
      password: KEYSTORE_PASSWORD,
      encryption: 'modern',
      authentication,
      etk: [otherEtk],
    });
    const form = new FormData();
    form.set('organisationId', organisationId);
    form.set('password', KEYSTORE_PASSWORD);
    form.set('host', 'PC-DISPATCH');
    form.set('path', '/home/dispatch/ehealth/keystore');
    form.append('files', new Blob([keystore]), `CBE=${CBE} 20260101-120000.p12`);
    const imported = await fetch(`${stack.url}/api/v1/certificates/import`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminToken}` },
      body: form,
    });
    expect(imported.status).toBe(200);
    await page.reload();
    const after = page.getByRole('region', { name: 'eHealth ETK directory' });
    await after.getByText('holds another ETK').waitFor();
    await accessible(page);
    await browser.screenshot(page, 'etk-directory-certificate');

    await page.goto(`${stack.url}/organisations/${organisationId}`);
    const organisation = page.getByRole('region', { name: 'eHealth ETK directory' });
    await organisation.getByText('Keystore ETK is not the published one').waitFor();
    expect(await organisation.getByText('Found in the ETK directory, unknown here').count()).toBe(0);
    expect(browser.pageErrors()).toEqual([]);
  });
});
