import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { callApi } from './support/api.js';
import { launchBrowser, type Browser } from './support/browser.js';
import { EhealthTestCa } from './support/ehealth-ca.js';
import { cbeNumber } from './support/keystore.js';
import { ADMIN, startStack, type Stack, logInAsAdmin } from './support/stack.js';

// Issue 13 in the dashboard: muting a certificate's reminders from its page with a reason and an end date, then
// seeing the mute on the overview's muted section and as a tag in the certificate list (never hidden), and
// unmuting it. Debian's chromium against the `npm start` stack.
jest.setTimeout(180_000);

const DAY = 86_400_000;
/** How the dashboard writes a date for en-GB readers (i18n.tsx: medium, Brussels). */
const shown = (date: string) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'Europe/Brussels' }).format(
    new Date(`${date}T12:00:00Z`),
  );
const brusselsDay = (days: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(new Date(Date.now() + days * DAY));

describe('muting reminders in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let ca: EhealthTestCa;
  let token = '';
  let certificateId = '';
  const cbe = cbeNumber('07961777');

  const api = (path: string, init: Parameters<typeof callApi>[2] = {}) =>
    callApi(stack.url, path, { token, ...init });

  beforeAll(async () => {
    ca = await EhealthTestCa.create();
    stack = await startStack();
    token = (await callApi(stack.url, '/api/v1/auth/login', { method: 'POST', body: ADMIN })).body
      .accessToken as string;
    const organisation = await api('/api/v1/organisations', {
      body: {
        name: 'Ambulances Dinant',
        identifiers: [{ type: 'CBE', value: cbe }],
        contacts: [{ email: 'info@dinant.example', language: 'fr', generic: true }],
      },
    });
    const issued = await ca.issue({
      identifierType: 'CBE',
      identifierValue: cbe,
      holderName: 'AMBULANCES DINANT',
      applicationId: 'OLDHUB',
      notBefore: new Date(Date.now() - 1000 * DAY),
      notAfter: new Date(Date.now() + 45 * DAY),
    });
    const form = new FormData();
    form.append('files', new Blob([issued.pem]), 'OLDHUB.pem');
    form.append('organisationId', organisation.body.id as string);
    const imported = await fetch(`${stack.url}/api/v1/certificates/import`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: form,
    });
    const result = (await imported.json()) as { files: { certificates: { certificateId: string }[] }[] };
    certificateId = result.files[0]!.certificates[0]!.certificateId;

    browser = await launchBrowser();
    page = await browser.newPage();
    await logInAsAdmin(page, stack.url);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await ca?.remove();
  });

  it("mutes a certificate's reminders from its page, with a reason, an end date and a note", async () => {
    await page.goto(`${stack.url}/certificates/${certificateId}`);
    const section = page.getByRole('region', { name: 'Muted reminders' });
    await section.getByText('Its reminders are not muted.').waitFor();
    await section.getByText('Mute reminders').click();
    await section.getByLabel('Reason').selectOption({ label: 'Other' });
    await section.getByLabel('Until (last day)').fill(brusselsDay(20));
    // "Other" needs a reason in the note: the browser refuses the empty form, nothing is sent.
    await section.getByRole('button', { name: 'Mute', exact: true }).click();
    expect((await api(`/api/v1/certificates/${certificateId}`)).body.mute).toBeNull();
    await section.getByLabel('Why (required)').fill('The hub is switched off until the new contract');
    await section.getByRole('button', { name: 'Mute', exact: true }).click();

    await section.getByText(`Muted until ${shown(brusselsDay(20))}`, { exact: true }).waitFor();
    await section.getByText('The hub is switched off until the new contract').waitFor();
    await section.getByRole('button', { name: 'Unmute' }).waitFor();
    expect(await browser.accessibility(page)).toEqual([]);
    await browser.screenshot(page, 'certificate-mute', { guide: true });

    const detail = await api(`/api/v1/certificates/${certificateId}`);
    expect(detail.body.mute).toMatchObject({ reason: 'other', endDate: brusselsDay(20) });
  });

  it('lists the mute on the overview and keeps the certificate in the list, tagged muted', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    const muted = page.getByRole('region', { name: 'Muted' });
    await muted.getByText('1 in force, those ending soonest first:').waitFor();
    const row = muted.getByRole('row', { name: new RegExp(`CBE=${cbe}`) });
    await row.getByText('Other').waitFor();
    expect(await browser.accessibility(page)).toEqual([]);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Certificates' }).click();
    const listed = page.locator(`tr[data-certificate-id="${certificateId}"]`);
    await listed.getByText(`Muted until ${shown(brusselsDay(20))}`).waitFor();
    expect(await browser.accessibility(page)).toEqual([]);
  });

  it('unmutes it from its page: the history says so, and the overview has none left', async () => {
    await page.goto(`${stack.url}/certificates/${certificateId}`);
    const section = page.getByRole('region', { name: 'Muted reminders' });
    await section.getByRole('button', { name: 'Unmute' }).click();
    await section.getByText('Its reminders are not muted.').waitFor();
    await section.getByRole('listitem').filter({ hasText: 'unmuted' }).waitFor();
    expect((await api(`/api/v1/certificates/${certificateId}`)).body.mute).toBeNull();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('region', { name: 'Muted' }).getByText('No reminders are muted.').waitFor();
  });

  it('mutes a warning from the warnings page, which marks it and can hide it', async () => {
    await page.goto(`${stack.url}/warnings?code=KEYSTORE_LOCATION_UNKNOWN`);
    const row = page.getByRole('row', { name: new RegExp(`CBE=${cbe}`) });
    await row.getByText('Mute…').click();
    await row.getByRole('button', { name: 'Mute', exact: true }).click();
    await row.getByText(/^Muted until /).waitFor();
    expect(await browser.accessibility(page)).toEqual([]);

    await page.getByLabel('Muted warnings').selectOption({ label: 'Hidden' });
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('status').filter({ hasText: 'No warnings.' }).waitFor();
    expect(await page.getByRole('row', { name: new RegExp(`CBE=${cbe}`) }).count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('muted')).toBe('exclude');
    expect(browser.pageErrors()).toEqual([]);
  });
});
