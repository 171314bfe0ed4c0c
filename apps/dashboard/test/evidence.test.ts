import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { callApi, importCertificate } from './support/api.js';
import { launchBrowser, type Browser } from './support/browser.js';
import { EhealthTestCa } from './support/ehealth-ca.js';
import { cbeNumber } from './support/keystore.js';
import { ADMIN, startStack, type Stack, logInAsAdmin } from './support/stack.js';

// Issue 14 in the dashboard: an administrator downloads a certificate's and an organisation's evidence pack from
// their pages, in the reader's language; the file verifies with `certdesk evidence verify` against the installation's published key. A viewer is
// not offered the button. Debian's chromium against the `npm start` stack.
jest.setTimeout(180_000);

const DAY = 86_400_000;
const certdesk = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'cli', 'bin', 'certdesk.js');

describe('evidence packs in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let ca: EhealthTestCa;
  let token = '';
  let organisationId = '';
  let certificateId = '';
  let fingerprint = '';
  const cbe = cbeNumber('07961888');

  const api = (path: string, init: Parameters<typeof callApi>[2] = {}) =>
    callApi(stack.url, path, { token, ...init });

  /** Clicks the section's button; the file it downloads is checked as an auditor would, with the CLI. */
  async function download(sectionPage: Page) {
    const section = sectionPage.getByRole('region', { name: /Evidence for an audit|Preuves pour un audit/ });
    const [file] = await Promise.all([
      sectionPage.waitForEvent('download'),
      section.getByRole('button').click(),
    ]);
    const path = (await file.path())!;
    const verified = await promisify(execFile)(process.execPath, [
      certdesk,
      'evidence',
      'verify',
      path,
      '--fingerprint',
      fingerprint,
      '--json',
    ]);
    const result = JSON.parse(verified.stdout) as { valid: boolean; statement: { scope: unknown } };
    expect(result.valid).toBe(true);
    return { name: file.suggestedFilename(), statement: result.statement };
  }

  beforeAll(async () => {
    ca = await EhealthTestCa.create();
    stack = await startStack();
    token = (await callApi(stack.url, '/api/v1/auth/login', { method: 'POST', body: ADMIN })).body
      .accessToken as string;
    const organisation = await api('/api/v1/organisations', {
      body: { name: 'Ambulances Ciney', identifiers: [{ type: 'CBE', value: cbe }] },
    });
    organisationId = organisation.body.id as string;
    const issued = await ca.issue({
      identifierType: 'CBE',
      identifierValue: cbe,
      holderName: 'AMBULANCES CINEY',
      notBefore: new Date(Date.now() - 1000 * DAY),
      notAfter: new Date(Date.now() + 60 * DAY),
    });
    certificateId = await importCertificate(stack.url, token, organisationId, 'ciney.pem', issued.pem);
    fingerprint = (await api('/api/v1/installation/evidence-key')).body.fingerprint as string;

    browser = await launchBrowser();
    page = await browser.newPage();
    await logInAsAdmin(page, stack.url);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await ca?.remove();
  });

  it("downloads a certificate's pack from its page, which verifies against the installation's key", async () => {
    await page.goto(`${stack.url}/certificates/${certificateId}`);
    await page.getByRole('button', { name: 'Download the evidence pack' }).waitFor();
    expect(await browser.accessibility(page)).toEqual([]);
    const { name, statement } = await download(page);
    expect(name).toBe(`evidence-certificate-${certificateId}.zip`);
    expect(statement.scope).toEqual({ kind: 'certificate', id: certificateId });
    await browser.screenshot(page, 'certificate-evidence', { guide: true });
  });

  it("downloads an organisation's pack from its page, in French when the reader reads French", async () => {
    await page.goto(`${stack.url}/organisations/${organisationId}`);
    // The page's own language switch (the organisation's page also has a form to choose the organisation's languages).
    const languageSwitch = page.locator('label.language select');
    await languageSwitch.selectOption('fr');
    await page.getByRole('button', { name: 'Télécharger le dossier de preuves' }).waitFor();
    const { statement } = await download(page);
    expect(statement.scope).toEqual({ kind: 'organisation', id: organisationId });
    const audit = await api(`/api/v1/audit?organisationId=${organisationId}`);
    const made = (audit.body.items as { action: string; after: { language: string } }[]).filter(
      (e) => e.action === 'evidence.pack-made',
    );
    expect(made.map((e) => e.after.language)).toEqual(['fr', 'en']);
    await languageSwitch.selectOption('en');
    expect(browser.pageErrors()).toEqual([]);
  });
});
