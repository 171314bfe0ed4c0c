import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { callApi, importCertificates } from './support/api.js';
import { launchBrowser, type Browser } from './support/browser.js';
import { expectWayBackFromFailedPage } from './support/failed-page.js';
import { EhealthTestCa, type IssuedCertificate } from './support/ehealth-ca.js';
import { cbeNumber } from './support/keystore.js';
import { ADMIN, startStack, type Stack, logInAsAdmin } from './support/stack.js';

// Issue 13 in the dashboard: a label put on a certificate from its page, the certificate list filtered by label,
// and a bulk action from the list (every certificate of the page ticked, a label added to all of them after a
// confirmation that says how many). Debian's chromium against the `npm start` stack.
jest.setTimeout(180_000);

const DAY = 86_400_000;

describe('labels and bulk actions in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let ca: EhealthTestCa;
  let token = '';
  let organisationId = '';
  const certificateIds: string[] = [];

  const api = (path: string, init: Parameters<typeof callApi>[2] = {}) =>
    callApi(stack.url, path, { token, ...init });
  const rowOf = (id: string) => page.locator(`tr[data-certificate-id="${id}"]`);
  /** A row's label chip. */
  const chip = (id: string, label: string) =>
    rowOf(id).getByRole('list', { name: 'Labels' }).getByText(label, { exact: true });

  beforeAll(async () => {
    ca = await EhealthTestCa.create();
    stack = await startStack();
    token = (await callApi(stack.url, '/api/v1/auth/login', { method: 'POST', body: ADMIN })).body
      .accessToken as string;
    const cbe = cbeNumber('07961555');
    const organisation = await api('/api/v1/organisations', {
      body: {
        name: 'Ambulances Namur',
        identifiers: [{ type: 'CBE', value: cbe }],
        contacts: [{ email: 'info@namur.example', language: 'fr', generic: true }],
      },
    });
    organisationId = organisation.body.id as string;
    const files: { fileName: string; pem: string }[] = [];
    for (const [i, application] of ['MYCARENET', 'RECIPE', 'VITALINK'].entries()) {
      const issued = await ca.issue({
        identifierType: 'CBE',
        identifierValue: cbe,
        holderName: 'AMBULANCES NAMUR',
        applicationId: application,
        notBefore: new Date(Date.now() - 1000 * DAY),
        notAfter: new Date(Date.now() + (60 + i * 30) * DAY),
      });
      files.push({ fileName: `${application}.pem`, pem: issued.pem });
    }
    certificateIds.push(...(await importCertificates(stack.url, token, organisationId, files)));
    expect(certificateIds).toHaveLength(3);

    browser = await launchBrowser();
    page = await browser.newPage();
    await logInAsAdmin(page, stack.url);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await ca?.remove();
  });

  it("labels a certificate from its page, refusing a label against the rules in the reader's words", async () => {
    await page.goto(`${stack.url}/certificates/${certificateIds[0]}`);
    const labels = page.getByRole('region', { name: 'Labels' });
    await labels.getByText('No label yet.').waitFor();
    await labels.getByLabel('New label').fill('x'.repeat(65));
    await labels.getByRole('button', { name: 'Add the label' }).click();
    await labels.getByRole('alert').getByText('A label is at most 64 characters.').waitFor();

    await labels.getByLabel('New label').fill('  MyCareNet ');
    await labels.getByRole('button', { name: 'Add the label' }).click();
    await labels.getByRole('listitem').filter({ hasText: 'MyCareNet' }).waitFor();
    await expect(labels.getByLabel('New label').inputValue()).resolves.toBe('');
    expect(await browser.accessibility(page)).toEqual([]);
    await browser.screenshot(page, 'certificate-labels', { guide: true });

    const detail = await api(`/api/v1/certificates/${certificateIds[0]}`);
    expect(detail.body.labels).toEqual(['MyCareNet']);
  });

  it('filters the certificate list by label and shows each row’s labels', async () => {
    await page.goto(`${stack.url}/certificates`);
    await page.getByRole('heading', { level: 1, name: 'Certificates' }).waitFor();
    await chip(certificateIds[0]!, 'MyCareNet').waitFor();
    await page.getByRole('group', { name: 'Labels' }).getByLabel('MyCareNet').check();
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('status').getByText('1 certificate', { exact: true }).waitFor();
    expect(new URL(page.url()).searchParams.getAll('label')).toEqual(['MyCareNet']);
    await rowOf(certificateIds[0]!).waitFor();
    expect(await rowOf(certificateIds[1]!).count()).toBe(0);
    expect(await browser.accessibility(page)).toEqual([]);
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByRole('status').getByText('3 certificates').waitFor();
  });

  it('adds a label to every certificate of the page in one bulk action, after a confirmation saying how many', async () => {
    await page.getByLabel('Tick every certificate on this page').check();
    const bar = page.getByRole('region', { name: 'Change the ticked certificates' });
    await bar.getByText('3 certificates ticked').waitFor();
    await bar.getByLabel('Action').selectOption({ label: 'Add a label' });
    await bar.getByLabel('Label', { exact: true }).fill('site Namur');
    await bar.getByRole('button', { name: 'Apply…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change 3 certificates?' });
    await dialog.getByText('Add the label “site Namur”.').waitFor();
    expect(await browser.accessibility(page)).toEqual([]);
    await browser.screenshot(page, 'certificates-bulk-confirm', { guide: true });
    await dialog.getByRole('button', { name: 'Change 3 certificates' }).click();
    await page.getByRole('status').getByText('3 certificates changed').waitFor();
    for (const id of certificateIds) await chip(id, 'site Namur').waitFor();
    expect(await bar.count()).toBe(0);

    const labels = await api(`/api/v1/labels?organisationId=${organisationId}`);
    expect(labels.body.labels).toEqual([
      expect.objectContaining({ name: 'MyCareNet', certificates: 1 }),
      expect.objectContaining({ name: 'site Namur', certificates: 3 }),
    ]);
    expect(browser.pageErrors()).toEqual([]);
  });

  it("mutes the ticked certificates' reminders from the bar, and gives a label's calendar feed", async () => {
    const until = new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10);
    await page.getByLabel('Tick every certificate on this page').check();
    // The previous action's outcome goes with a new selection.
    expect(await page.getByText('3 certificates changed').count()).toBe(0);
    const bar = page.getByRole('region', { name: 'Change the ticked certificates' });
    await bar.getByLabel('Action').selectOption({ label: 'Mute their reminders' });
    await bar.getByLabel('Reason').selectOption({ label: 'Handled by an integrator' });
    await bar.getByLabel('Until (last day)').fill(until);
    await bar.getByRole('button', { name: 'Apply…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change 3 certificates?' });
    await dialog.getByText(`Mute their reminders until ${until} (Handled by an integrator).`).waitFor();
    await dialog.getByRole('button', { name: 'Change 3 certificates' }).click();
    await page.getByRole('status').getByText('3 certificates changed').waitFor();
    for (const id of certificateIds) {
      const certificate = await api(`/api/v1/certificates/${id}`);
      expect(certificate.body.mute).toMatchObject({ reason: 'handled-by-integrator', endDate: until });
    }

    await page.goto(`${stack.url}/certificates?organisationId=${organisationId}`);
    await page.getByRole('button', { name: 'Show the address' }).click();
    const address = page.getByLabel('Calendar address', { exact: true });
    await expect(address.inputValue()).resolves.toMatch(
      new RegExp(`/calendar/${organisationId}/[^/]+\\.ics$`),
    );
    await page.getByLabel('Certificates in the feed').selectOption({ label: 'MyCareNet' });
    const labelFeed = new RegExp(`/calendar/${organisationId}/labels/[0-9a-f-]{36}/[^/]+\\.ics$`);
    for (let i = 0; i < 50 && !labelFeed.test(await address.inputValue()); i++)
      await page.waitForTimeout(100);
    expect(await address.inputValue()).toMatch(labelFeed);
    const feed = await fetch(await address.inputValue()).then((r) => r.text());
    expect(feed).toContain(`UID:${certificateIds[0]}@certdesk`);
    expect(feed).not.toContain(`UID:${certificateIds[1]}@certdesk`);
    expect(await browser.accessibility(page)).toEqual([]);
    expect(browser.pageErrors()).toEqual([]);
  });

  it('pages through more certificates than a page holds, counting them once, apart from the pages', async () => {
    const cbe = cbeNumber('07961753');
    const organisation = await api('/api/v1/organisations', {
      body: { name: 'Ambulances Dinant', identifiers: [{ type: 'CBE', value: cbe }] },
    });
    const files: { fileName: string; pem: string }[] = [];
    let first: IssuedCertificate | undefined;
    for (let i = 0; i < 52; i++) {
      const issued: IssuedCertificate = await ca.issue({
        identifierType: 'CBE',
        identifierValue: cbe,
        holderName: 'AMBULANCES DINANT',
        applicationId: `APPLICATION${i}`,
        notBefore: new Date(Date.now() - 10 * DAY),
        notAfter: new Date(Date.now() + (200 + i) * DAY),
        keyOf: first,
      });
      first ??= issued;
      files.push({ fileName: `${i}.pem`, pem: issued.pem });
    }
    expect(await importCertificates(stack.url, token, organisation.body.id as string, files)).toHaveLength(
      52,
    );

    const asked: URL[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/v1/certificates') asked.push(url);
    });
    await page.goto(`${stack.url}/certificates?organisationId=${organisation.body.id}`);
    await page.getByRole('status').getByText('52 certificates', { exact: true }).waitFor();
    // The filter shows the organisation of the address, though its names arrive after the page's first render.
    const filter = page.getByRole('combobox', { name: 'Organisation' });
    await filter.locator(`option[value="${organisation.body.id}"]`).waitFor({ state: 'attached' });
    expect(await filter.inputValue()).toBe(organisation.body.id);
    expect(await page.locator('tr[data-certificate-id]').count()).toBe(50);
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Page 2', { exact: true }).waitFor();
    await page.locator('tr[data-certificate-id]').nth(1).waitFor();
    expect(await page.locator('tr[data-certificate-id]').count()).toBe(2);
    expect(await page.getByRole('status').textContent()).toBe('52 certificates');
    // Each page without its count; the count once, apart (one row with it), and not again for the second page.
    const asks = asked
      .filter((url) => url.searchParams.get('organisationId') === organisation.body.id)
      .map((url) => [
        url.searchParams.get('limit'),
        url.searchParams.has('cursor'),
        url.searchParams.get('count'),
      ]);
    expect(asks.sort()).toEqual([
      ['1', false, null],
      ['50', false, 'false'],
      ['50', true, 'false'],
    ]);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByText('Page 1', { exact: true }).waitFor();
    expect(await page.getByRole('status').textContent()).toBe('52 certificates');
    // A page belongs to its filters: sorted the other way, its second page, then back in the browser's history,
    // the first sort's first page (not the rows after the other sort's cursor).
    await page.getByRole('button', { name: 'Expires', exact: true }).click();
    await page.waitForURL(/direction=desc/);
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Page 2', { exact: true }).waitFor();
    await page.goBack();
    await page.waitForURL((url) => !url.search.includes('direction'));
    await page.getByText('Page 1', { exact: true }).waitFor();
    await page.locator('tr[data-certificate-id]').nth(49).waitFor();
    expect(await page.locator('tr[data-certificate-id]').count()).toBe(50);
    // A later page that cannot be read says so, and the way back to the page before stays (a fresh page: no
    // answer of an earlier visit to show instead).
    await page.reload();
    await page.locator('tr[data-certificate-id]').nth(49).waitFor();
    await expectWayBackFromFailedPage(page, {
      pager: page.getByRole('navigation', { name: 'Pages', exact: true }),
      rows: page.locator('tr[data-certificate-id]'),
      nextPageRequest: (url) => url.pathname === '/api/v1/certificates' && url.searchParams.has('cursor'),
    });
    expect(browser.pageErrors()).toEqual([]);
  });

  it('offers the first labels to tick, and finds any other one by typing it', async () => {
    const dinant = (await api('/api/v1/organisations?q=Ambulances%20Dinant')).body as unknown as {
      id: string;
    }[];
    const listed = await api(`/api/v1/certificates?organisationId=${dinant[0]!.id}&limit=40&count=false`);
    const ids = (listed.body.items as { id: string }[]).map((c) => c.id);
    for (let i = 0; i < 32; i++) {
      const labelled = await api(`/api/v1/certificates/${ids[i]}/labels`, {
        body: { label: `Zone ${String(i).padStart(2, '0')}` },
      });
      expect(labelled.status).toBe(200);
    }
    await page.goto(`${stack.url}/certificates`);
    await page.getByRole('heading', { level: 1, name: 'Certificates' }).waitFor();
    const filter = page.getByRole('group', { name: 'Labels' });
    const other = filter.getByLabel('Another label');
    await other.waitFor();
    expect(await filter.getByRole('checkbox').count()).toBe(30);
    expect(await filter.getByLabel('Zone 31').count()).toBe(0);
    // Text no label could be (longer than a label may be) is not sent as a search: no refused request per keystroke.
    const searched: string[] = [];
    const refused: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/labels/names'))
        searched.push(new URL(request.url()).searchParams.get('q') ?? '');
    });
    page.on('response', (response) => {
      if (response.url().includes('/api/v1/labels/names') && !response.ok()) refused.push(response.url());
    });
    await other.pressSequentially('z'.repeat(66), { delay: 5 });
    await page.waitForTimeout(500); // what is checked is that nothing is sent: time for it to be
    expect(searched.filter((q) => q.length > 64)).toEqual([]);
    expect(searched.some((q) => q.startsWith('z'))).toBe(true);
    expect(refused).toEqual([]);
    await other.fill('zone 3');
    await page.locator('datalist option[value="Zone 31"]').waitFor({ state: 'attached' });
    await other.fill('zone 31');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('status').getByText('1 certificate', { exact: true }).waitFor();
    expect(new URL(page.url()).searchParams.getAll('label')).toEqual(['zone 31']);
    await chip(ids[31]!, 'Zone 31').waitFor();
    // The label typed is now ticked in the filter, so the view it names is kept when it is applied again.
    expect(await filter.getByLabel('zone 31').isChecked()).toBe(true);
    expect(await browser.accessibility(page)).toEqual([]);
    expect(browser.pageErrors()).toEqual([]);
  });
});
