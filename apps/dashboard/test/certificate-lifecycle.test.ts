import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { cbeNumber } from './support/keystore.js';
import { callApi } from './support/api.js';
import { launchBrowser, type Browser } from './support/browser.js';
import { EhealthTestCa, type IssuedCertificate } from './support/ehealth-ca.js';
import { ADMIN, startStack, type Stack } from './support/stack.js';

// Issue 10: the certificate lifecycle and the import done from the dashboard, in Debian's chromium against the stack
// `npm start` runs (fresh database, no demo data). The data is made here: one organisation, certificates of every
// status from a CA named like eHealth's. The steps build on each other, in order.
// The root Jest run takes testTimeout from its global configuration only (jest-circus), not from jest.config.mjs.
jest.setTimeout(120_000);

const DAY = 86_400_000;
/** An api answer as the checks read it, field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = Record<string, any>;
const KEYSTORE_PASSWORD = 'Keystore-pass-1';
/** How the dashboard writes a date for en-GB readers (i18n.tsx: medium, Brussels). */
const shown = (date: Date | string) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'Europe/Brussels' }).format(
    new Date(date),
  );

describe('the certificate lifecycle and the import in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let ca: EhealthTestCa;
  let token = '';
  const cbe = cbeNumber('07960999');
  const otherCbe = cbeNumber('04030201');
  const organisationName = 'Ambulances Lifecycle';
  let organisationId = '';
  const custodian = 'Jana Peeters';
  /** The certificates: renewable, valid (not yet renewable), expired; the produced one; another organisation's. */
  const issued = {} as Record<
    'renewable' | 'valid' | 'expired' | 'produced' | 'stranger' | 'lone',
    IssuedCertificate
  >;
  const ids = {} as Record<'renewable' | 'valid' | 'expired' | 'produced', string>;

  const api = (path: string, init: Parameters<typeof callApi>[2] = {}) =>
    callApi(stack.url, path, { token, ...init });
  const heading = (p: Page, name: string) => p.getByRole('heading', { level: 1, name }).waitFor();
  const nav = (name: string) =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
  const accessible = async () => expect(await browser.accessibility(page)).toEqual([]);
  const certificate = async (id: string) => (await api(`/api/v1/certificates/${id}`)).body as Answer;

  /** POST /api/v1/certificates/import as the dashboard sends it (multipart). */
  async function importFiles(files: { name: string; content: string }[]): Promise<Answer> {
    const form = new FormData();
    for (const file of files) form.append('files', new Blob([file.content]), file.name);
    form.append('organisationId', organisationId);
    const response = await fetch(`${stack.url}/api/v1/certificates/import`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: form,
    });
    if (response.status !== 200)
      throw new Error(`import: ${response.status} ${await response.text()}\n${stack.output().slice(-3000)}`);
    return (await response.json()) as Answer;
  }

  beforeAll(async () => {
    ca = await EhealthTestCa.create();
    const now = Date.now();
    const certificateOf = (applicationId: string, fromDays: number, toDays: number, identifierValue = cbe) =>
      ca.issue({
        identifierType: 'CBE',
        identifierValue,
        holderName: 'AMBULANCES LIFECYCLE',
        applicationId,
        notBefore: new Date(now + fromDays * DAY),
        notAfter: new Date(now + toDays * DAY),
      });
    issued.renewable = await certificateOf('VITALINKGATEWAY', -1000, 45);
    issued.valid = await certificateOf('HUBLINK', -600, 400);
    issued.expired = await certificateOf('MISSIONS', -1100, -10);
    issued.produced = await certificateOf('MISSIONS', -1, 1095);
    issued.stranger = await certificateOf('STRANGER', -10, 700, otherCbe);
    issued.lone = await certificateOf('LONE', -10, 800, otherCbe);

    stack = await startStack();
    browser = await launchBrowser();
    page = await browser.newPage();
    token = (await callApi(stack.url, '/api/v1/auth/login', { method: 'POST', body: ADMIN })).body
      .accessToken as string;
    const organisation = await api('/api/v1/organisations', {
      body: {
        name: organisationName,
        identifiers: [{ type: 'CBE', value: cbe }],
        languages: ['fr', 'nl'],
        contacts: [{ email: 'info@lifecycle.example', language: 'fr', generic: true }],
      },
    });
    expect(organisation.status).toBe(201);
    organisationId = organisation.body.id as string;
    const person = await api('/api/v1/people', {
      body: { name: custodian, email: 'jana@lifecycle.example', memberships: [{ organisationId }] },
    });
    expect(person.status).toBe(201);
    const result = await importFiles([
      { name: 'renewable.pem', content: issued.renewable.pem },
      { name: 'valid.pem', content: issued.valid.pem },
      { name: 'expired.pem', content: issued.expired.pem },
    ]);
    const idOf = (name: string) =>
      result.files.find((f: { name: string }) => f.name === name).certificates[0].certificateId as string;
    ids.renewable = idOf('renewable.pem');
    ids.valid = idOf('valid.pem');
    ids.expired = idOf('expired.pem');
    // A system using the valid certificate, so its page has deployments to edit (until it is revoked).
    expect(
      (await api(`/api/v1/certificates/${ids.valid}/deployments`, { body: { software: 'Ambuline' } })).status,
    ).toBe(201);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await ca?.remove();
  });

  it('logs in and lists the certificates with their count, each title carrying its application ID', async () => {
    await page.goto(`${stack.url}/certificates`);
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await heading(page, 'Certificates');
    await page.getByText('3 certificates', { exact: true }).waitFor();
    const search = page.getByRole('searchbox', { name: 'Search' });
    // The placeholder fits in the box: the text is not cut off.
    expect(
      await search.evaluate((input: HTMLInputElement) => {
        const context = document.createElement('canvas').getContext('2d')!;
        const style = getComputedStyle(input);
        context.font = `${style.fontSize} ${style.fontFamily}`;
        const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
        return context.measureText(input.placeholder).width + padding <= input.clientWidth;
      }),
    ).toBe(true);
    const row = page.getByRole('row', { name: /VITALINKGATEWAY/ });
    await row.getByRole('link', { name: `CBE=${cbe}` }).click();
    await heading(page, `Certificate CBE=${cbe} · VITALINKGATEWAY`);
    await accessible();
  });

  it('records the renewal phases of a renewable certificate, in order', async () => {
    const phases = [
      'Record phase 1: renewal requested',
      'Record phase 2: renewal completed',
      'Record phase 3: renewal ETK activated',
    ];
    for (const [index, name] of phases.entries()) {
      for (const later of phases.slice(index + 1))
        expect(await page.getByRole('button', { name: later }).count()).toBe(0);
      await page.getByRole('button', { name }).click();
      await page.locator(`.checklist li[data-phase="${index + 1}"].done`).waitFor();
    }
    await page.getByRole('button', { name: 'Record that every integrator has the new keystore' }).waitFor();
    await browser.screenshot(page, 'lifecycle-renewal', { guide: true });
    const detail = await certificate(ids.renewable);
    expect(detail.renewal).toMatchObject({ state: 'phase3-etk-activated' });
  });

  it('says from when a valid certificate is renewable, instead of offering a renewal the api refuses', async () => {
    await page.goto(`${stack.url}/certificates/${ids.valid}`);
    await heading(page, `Certificate CBE=${cbe} · HUBLINK`);
    const refused = await api(`/api/v1/certificates/${ids.valid}/renewals`, { body: {} });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('NOT_RENEWABLE_YET');
    const from = (refused.body.details as { renewableFrom: string }).renewableFrom;
    const renewal = page.getByRole('region', { name: 'Renewal checklist' });
    await renewal.getByText(`Renewable from ${shown(from)}`).waitFor();
    expect(await page.getByRole('button', { name: /Record phase 1/ }).count()).toBe(0);
    await accessible();
  });

  it('records a keystore password change, never the password: when, and who knows it', async () => {
    const section = page.getByRole('region', { name: 'Keystore password' });
    await section.getByText('No password change recorded.').waitFor();
    await section.getByRole('button', { name: 'Record a password change' }).click();
    const form = page.getByRole('form', { name: 'Record a password change' });
    await form.getByLabel('Who knows the new password').selectOption({ label: custodian });
    await form.getByLabel('Note').fill('changed after the reception PC was replaced');
    await accessible();
    await browser.screenshot(page, 'lifecycle-password-change', { guide: true });
    await form.getByRole('button', { name: 'Record the password change' }).click();
    await section.getByText(`known by ${custodian}`).waitFor();
    const detail = await certificate(ids.valid);
    expect(detail.passwordCustodian).toMatchObject({ name: custodian });
    expect(detail.lifecycle.passwordChanges).toHaveLength(1);
    expect(detail.audit.map((e: { action: string }) => e.action)).toContain('certificate.password-changed');
  });

  it('leads an expired certificate to a new request, not to a renewal', async () => {
    await page.goto(`${stack.url}/certificates/${ids.expired}`);
    await heading(page, `Certificate CBE=${cbe} · MISSIONS`);
    await page.getByText(`This certificate expired on ${shown(issued.expired.notAfter)}`).waitFor();
    expect(await page.getByRole('button', { name: /Record phase 1/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Request a new one' }).click();
    const form = page.getByRole('form', { name: 'Record a new request' });
    await form.getByText(`For CBE=${cbe} · MISSIONS`).waitFor();
    await form.getByLabel('Note').fill('requested on the reception PC');
    await accessible();
    await browser.screenshot(page, 'lifecycle-new-request', { guide: true });
    await form.getByRole('button', { name: 'Record the new request' }).click();
    const section = page.getByRole('region', { name: 'New request' });
    await section.getByText('Requested', { exact: true }).waitFor();
    const requests = await api(`/api/v1/new-requests?organisationId=${organisationId}`);
    expect(requests.body).toEqual([
      expect.objectContaining({
        replacesCertificateId: ids.expired,
        identifierValue: cbe,
        applicationId: 'MISSIONS',
        state: 'requested',
        note: 'requested on the reception PC',
      }),
    ]);
  });

  it("imports a batch: says why each file or certificate was skipped, records a known keystore's place, and imports another identifier only once confirmed", async () => {
    const keystorePath = await ca.keystore(issued.valid, KEYSTORE_PASSWORD, `CBE=${cbe} 20240101-120000.p12`);
    const files = [
      await ca.file('produced-with-chain.pem', `${issued.produced.pem}\n${ca.caPem}`),
      await ca.file('stranger.pem', issued.stranger.pem),
      keystorePath,
    ];
    await nav('Import');
    await heading(page, 'Import certificates');
    await page.getByLabel('choose files').setInputFiles(files);
    await page.getByLabel('Keystore password').fill(KEYSTORE_PASSWORD);
    await page.getByText('Where the keystore lives (optional)').click();
    await page.getByLabel('Computer').fill('PC-RECEPTION-02');
    await page.getByLabel('Folder').fill('C:\\Users\\reception\\ehealth\\keystore');
    await page.getByRole('button', { name: 'Import 3 files' }).click();

    const produced = page.getByRole('row', { name: /produced-with-chain\.pem/ });
    await produced.getByText('Added', { exact: true }).waitFor();
    expect(await produced.textContent()).toContain('skipped: a certificate authority, not an inventory item');
    const keystoreRow = page.getByRole('row', { name: /\.p12/ });
    await keystoreRow.getByText('Already there', { exact: true }).waitFor();
    expect(await keystoreRow.textContent()).toContain(
      'the keystore (file, computer, folder, encryption) is now recorded',
    );
    const stranger = page.getByRole('row', { name: /stranger\.pem/ });
    await stranger.getByText('Refused', { exact: true }).waitFor();
    // In words, without the api's code.
    expect(await stranger.textContent()).toContain("The certificate's identifier is not the organisation's.");
    expect(await stranger.textContent()).not.toContain('IDENTIFIER_MISMATCH');
    await accessible();

    await stranger.getByRole('button', { name: 'Import anyway… stranger.pem' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import anyway?' });
    await dialog.waitFor();
    const question = (await dialog.textContent()) ?? '';
    expect(question).toContain(`this certificate is for CBE=${otherCbe} · STRANGER`);
    expect(question).toContain(`${organisationName}'s identifiers are CBE=${cbe}`);
    await accessible();
    await browser.screenshot(page, 'import-anyway', { guide: true });
    await dialog.getByRole('button', { name: 'Yes, import anyway' }).click();
    await dialog.waitFor({ state: 'detached' });
    await stranger.getByText('Added', { exact: true }).waitFor();
    expect(await stranger.textContent()).toContain('imported anyway');
    await browser.screenshot(page, 'import-result', { guide: true });

    // The keystore of a certificate already there: now its keystore, with where it lives.
    const valid = await certificate(ids.valid);
    expect(valid).toMatchObject({
      hasPrivateKey: true,
      keystore: {
        host: 'PC-RECEPTION-02',
        path: 'C:\\Users\\reception\\ehealth\\keystore',
        encryption: 'legacy',
      },
    });
    const list = await api(`/api/v1/certificates?organisationId=${organisationId}&q=${otherCbe}`);
    expect((list.body.items as { ehealth: { identifierValue: string } }[])[0]!.ehealth.identifierValue).toBe(
      otherCbe,
    );
    ids.produced = (
      (
        await api(
          `/api/v1/certificates?organisationId=${organisationId}&q=${cbe}&sort=notAfter&direction=desc`,
        )
      ).body.items as { id: string }[]
    )[0]!.id;
  });

  it('offers "import anyway" for a single refused file too, naming both identifiers', async () => {
    await page.getByLabel('choose files').setInputFiles(await ca.file('lone.pem', issued.lone.pem));
    await page.getByRole('button', { name: 'Import 1 file' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-code')).toBe('IDENTIFIER_MISMATCH');
    await page.getByText(`lone.pem: this certificate is for CBE=${otherCbe} · LONE`).waitFor();
    await page.getByRole('button', { name: 'Import anyway…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import anyway?' });
    expect(await dialog.textContent()).toContain(`${organisationName}'s identifiers are CBE=${cbe}`);
    await dialog.getByRole('button', { name: 'Yes, import anyway' }).click();
    const row = page.getByRole('row', { name: /lone\.pem/ });
    await row.getByText('Added', { exact: true }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await accessible();
  });

  it('closes the new request with the certificate it produced, from the new requests page', async () => {
    await nav('New requests');
    await heading(page, 'New requests');
    const row = page.getByRole('row', { name: new RegExp(`CBE=${cbe} · MISSIONS`) });
    await row.getByText('Requested', { exact: true }).waitFor();
    await accessible();
    await browser.screenshot(page, 'new-requests', { guide: true });
    await row.getByRole('button', { name: 'Record that it is completed' }).click();
    const form = page.getByRole('form', { name: `Complete the request for CBE=${cbe} · MISSIONS` });
    await form
      .getByLabel('The certificate it produced')
      .selectOption({ label: `CBE=${cbe} · MISSIONS, valid until ${shown(issued.produced.notAfter)}` });
    await form.getByRole('button', { name: 'Record as completed' }).click();
    // Open requests are listed by default: the completed one leaves the list.
    await page.getByText('No new request.').waitFor();
    const requests = await api(`/api/v1/new-requests?organisationId=${organisationId}`);
    expect(requests.body).toEqual([
      expect.objectContaining({ state: 'completed', completedCertificateId: ids.produced }),
    ]);
    await page.goto(`${stack.url}/certificates/${ids.expired}`);
    await page.getByRole('region', { name: 'New request' }).getByText('Completed', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'the certificate it produced' }).click();
    await heading(page, `Certificate CBE=${cbe} · MISSIONS`);
    expect(new URL(page.url()).pathname).toBe(`/certificates/${ids.produced}`);
  });

  it('asks before recording a revocation, says it cannot be undone, then stops offering renewal and deployments', async () => {
    await page.goto(`${stack.url}/certificates/${ids.valid}`);
    await heading(page, `Certificate CBE=${cbe} · HUBLINK`);
    await page.getByRole('button', { name: 'Edit Ambuline' }).waitFor();
    await page.locator('details.revoke summary').click();
    await page
      .locator('details.revoke')
      .getByLabel('Reason')
      .selectOption({ label: 'Keystore password lost' });
    await page.getByRole('button', { name: 'Record the revocation' }).click();
    const dialog = page.getByRole('dialog', { name: `Revoke CBE=${cbe} · HUBLINK?` });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('This cannot be undone');
    expect(await dialog.textContent()).toContain('Keystore password lost');
    await accessible();
    await browser.screenshot(page, 'lifecycle-revoke-confirm', { guide: true });
    // Cancelled: nothing recorded.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await certificate(ids.valid)).state).toBe('active');

    await page.getByRole('button', { name: 'Record the revocation' }).click();
    await dialog.getByRole('button', { name: 'Yes, record the revocation' }).click();
    await page.getByText('This certificate is revoked: it can no longer be renewed.').waitFor();
    const detail = await certificate(ids.valid);
    expect(detail).toMatchObject({ state: 'revoked', revocationReason: 'password-lost' });
    for (const offered of [
      /Record phase/,
      /Add a system/,
      /Edit Ambuline/,
      /Remove Ambuline/,
      /Record a password change/,
      /Record the revocation/,
      /Designate another manager/,
    ]) {
      expect(await page.getByRole('button', { name: offered }).count()).toBe(0);
    }
    // Its systems stay listed; the replacement request was opened with the revocation.
    await page.getByRole('row', { name: /Ambuline/ }).waitFor();
    await page.getByRole('region', { name: 'New request' }).getByText('Requested', { exact: true }).waitFor();
    await accessible();
    await browser.screenshot(page, 'lifecycle-revoked', { guide: true });
  });

  it("shows errors in the reader's language, without the api's code, and identifier types from a list", async () => {
    await page.getByLabel('Language').selectOption('fr');
    await page.goto(`${stack.url}/new-requests`);
    await heading(page, 'Nouvelles demandes');
    await page.getByRole('button', { name: 'Enregistrer une nouvelle demande' }).click();
    const form = page.getByRole('form', { name: 'Enregistrer une nouvelle demande' });
    const type = form.getByLabel("Type d'identifiant");
    expect(await type.evaluate((element) => element.tagName)).toBe('SELECT');
    await type.selectOption('CBE');
    await form.getByLabel('Identifiant', { exact: true }).fill('123');
    await form.getByRole('button', { name: 'Enregistrer la nouvelle demande' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-code')).toBe('INVALID_IDENTIFIER');
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain("Cet identifiant n'est pas valide pour son type");
    expect(text).not.toContain('INVALID_IDENTIFIER');
    await accessible();
    await page.getByLabel('Langue').selectOption('en');
  });

  it('pages through more new requests than a page holds, newest first, and starts again when the filter changes', async () => {
    const created = await api('/api/v1/organisations', {
      body: { name: 'Ambulances Paging', identifiers: [], contacts: [] },
    });
    expect(created.status).toBe(201);
    const pagingOrganisation = (created.body as { id: string }).id;
    const identities: string[] = [];
    for (let i = 0; i < 103; i++) {
      const value = String(70_000_000 + i);
      const opened = await api('/api/v1/new-requests', {
        body: {
          organisationId: pagingOrganisation,
          identifierType: 'NIHII-AMBU_SERVICE',
          identifierValue: value,
        },
      });
      expect(opened.status).toBe(201);
      identities.push(`NIHII-AMBU_SERVICE=${value}`);
    }
    const newestFirst = [...identities].reverse();
    const rowIdentities = async () => {
      await page.locator('table.new-requests tbody tr').first().waitFor();
      return page.locator('table.new-requests tbody tr th').allTextContents();
    };
    await page.goto(`${stack.url}/new-requests?organisationId=${pagingOrganisation}`);
    await heading(page, 'New requests');
    const pages = page.getByRole('navigation', { name: 'Pages of new requests' });
    expect(await rowIdentities()).toEqual(newestFirst.slice(0, 100));
    await pages.getByRole('button', { name: 'Next page' }).click();
    await pages.getByText('Page 2').waitFor();
    expect(await rowIdentities()).toEqual(newestFirst.slice(100));
    expect(await pages.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    // Another filter is another list: it starts at its first page.
    await page.getByLabel('State').selectOption('all');
    await pages.getByText('Page 1').waitFor();
    expect(await rowIdentities()).toEqual(newestFirst.slice(0, 100));
    await pages.getByRole('button', { name: 'Next page' }).click();
    await pages.getByText('Page 2').waitFor();
    await pages.getByRole('button', { name: 'Previous page' }).click();
    await pages.getByText('Page 1').waitFor();
    expect(await rowIdentities()).toEqual(newestFirst.slice(0, 100));
    // The organisation filter shows the organisation the address named; "All" drops it and keeps the state.
    const organisationFilter = page.getByRole('combobox', { name: 'Organisation' });
    expect(await organisationFilter.inputValue()).toBe(pagingOrganisation);
    await organisationFilter.selectOption({ label: 'All' });
    await page.waitForURL(
      (url) => !url.searchParams.has('organisationId') && url.searchParams.get('state') === 'all',
    );
    await accessible();
  });

  it('works at 1024 px wide: no page or table scrolls sideways', async () => {
    await page.setViewportSize({ width: 1024, height: 800 });
    for (const path of [
      '/certificates',
      `/certificates/${ids.renewable}`,
      `/certificates/${ids.valid}`,
      '/new-requests?state=all',
    ]) {
      await page.goto(`${stack.url}${path}`);
      await page.locator('main table').first().waitFor();
      const overflow = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        tables: [...document.querySelectorAll('main table')].map(
          (table) => table.scrollWidth - (table.parentElement?.clientWidth ?? 0),
        ),
      }));
      expect({ path, page: overflow.page, tables: overflow.tables.filter((excess) => excess > 0) }).toEqual({
        path,
        page: 0,
        tables: [],
      });
    }
    await page.goto(`${stack.url}/certificates`);
    await browser.screenshot(page, 'certificates-1024');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('threw no error in any page', () => {
    expect(browser.pageErrors()).toEqual([]);
  });
});
