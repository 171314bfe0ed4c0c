import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { simpleParser } from 'mailparser';
import type { Page } from 'playwright-core';
import { callApi } from './support/api.js';
import { launchBrowser, type Browser } from './support/browser.js';
import { EhealthTestCa } from './support/ehealth-ca.js';
import { cbeNumber } from './support/keystore.js';
import { ADMIN, closedPort, startStack, type Stack } from './support/stack.js';

// Issue 14, the integrator cut-over, in Debian's chromium against the stack `npm start` runs: phase 3 of a renewal
// mails the deployment's contact a personal link (caught by the stack's mail catcher); the contact opens it with no
// account, confirms, and the certificate page's "still in use" count goes to 0. The steps build on each other.
jest.setTimeout(120_000);

const DAY = 86_400_000;
const CONTACT = 'lab@labosoft.example';

describe('the cut-over confirmation page in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let ca: EhealthTestCa;
  let work = '';
  let mailPage = '';
  let token = '';
  let certificateId = '';
  let link = '';

  const api = (path: string, init: Parameters<typeof callApi>[2] = {}) =>
    callApi(stack.url, path, { token, ...init });
  const must = async (path: string, init: Parameters<typeof callApi>[2] = {}) => {
    const answer = await api(path, init);
    if (answer.status >= 300) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const accessible = async () => expect(await browser.accessibility(page)).toEqual([]);
  /** The newest mail the stack's mail catcher kept for `to`, parsed, once it came. */
  const waitForMail = async (to: string) => {
    for (let i = 0; i < 150; i++) {
      const list = (await (await fetch(`${mailPage}messages.json`)).json()) as {
        messages: { id: string; to: string }[];
      };
      const message = list.messages.find((x) => x.to.includes(to));
      if (message) {
        const raw = Buffer.from(await (await fetch(`${mailPage}messages/${message.id}.eml`)).arrayBuffer());
        return simpleParser(raw);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`no mail to ${to}:\n${stack.output().slice(-3000)}`);
  };

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'certdesk-cut-over-'));
    ca = await EhealthTestCa.create();
    const cbe = cbeNumber('07960555');
    const issued = await ca.issue({
      identifierType: 'CBE',
      identifierValue: cbe,
      holderName: 'AMBULANCES CUTOVER',
      applicationId: null,
      notBefore: new Date(Date.now() - 1000 * DAY),
      notAfter: new Date(Date.now() + 40 * DAY),
    });
    mailPage = `http://127.0.0.1:${await closedPort()}/`;
    stack = await startStack({
      MAIL_CATCHER_HTTP_PORT: new URL(mailPage).port,
      MAIL_CATCHER_DIR: join(work, 'mail'),
    });
    browser = await launchBrowser();
    page = await browser.newPage();
    token = (await callApi(stack.url, '/api/v1/auth/login', { method: 'POST', body: ADMIN })).body
      .accessToken as string;
    const organisation = await must('/api/v1/organisations', {
      body: {
        name: 'Ambulances Cutover',
        identifiers: [{ type: 'CBE', value: cbe }],
        languages: ['en'],
        contacts: [{ email: 'info@cutover.example', language: 'en', generic: true }],
      },
    });
    const form = new FormData();
    form.append('files', new Blob([issued.pem]), 'cutover.pem');
    form.append('organisationId', organisation.id as string);
    const imported = (await (
      await fetch(`${stack.url}/api/v1/certificates/import`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
        body: form,
      })
    ).json()) as { files: { certificates: { certificateId: string }[] }[] };
    certificateId = imported.files[0]!.certificates[0]!.certificateId;
    await must(`/api/v1/certificates/${certificateId}/deployments`, {
      body: { software: 'LabLink', integrator: 'Labo Soft', contactEmail: CONTACT },
    });
    const renewal = await must(`/api/v1/certificates/${certificateId}/renewals`, { body: {} });
    await must(`/api/v1/renewals/${renewal.id as string}/complete`, { body: {} });
    await must(`/api/v1/renewals/${renewal.id as string}/activate-etk`, { body: {} });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await ca?.remove();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("mails the deployment's contact a personal link after phase 3", async () => {
    const mail = await waitForMail(CONTACT);
    expect(mail.subject).toContain('LabLink');
    link = /https?:\/\/\S+\/cut-over#token=cdc_[A-Za-z0-9_-]{43}/.exec(mail.text ?? '')?.[0] ?? '';
    expect(link.startsWith(`${stack.url}/cut-over#token=`)).toBe(true);
    expect((await api(`/api/v1/certificates/${certificateId}`)).body.stillInUseBy).toBe(1);
  });

  it('opens the link with no account, shows what to confirm, and confirms once', async () => {
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Confirm the new keystore' }).waitFor();
    await page.getByText('Ambulances Cutover renewed the eHealth certificate that LabLink uses.').waitFor();
    await page.getByText('Integrator: Labo Soft.').waitFor();
    await accessible();
    await page.getByRole('button', { name: 'The new keystore is installed' }).click();
    await page.getByRole('status').getByText('Thank you: the installation is confirmed.').waitFor();
    await browser.screenshot(page, 'cut-over-confirmed');

    // The same link again: it says so, and offers nothing to click.
    await page.goto('about:blank');
    await page.goto(link);
    await page
      .getByRole('status')
      .getByText(/The installation was already confirmed on/)
      .waitFor();
    expect(await page.getByRole('button', { name: 'The new keystore is installed' }).count()).toBe(0);
  });

  it('says plainly when a link is not valid', async () => {
    await page.goto('about:blank');
    await page.goto(`${stack.url}/cut-over#token=cdc_${'A'.repeat(43)}`);
    await page.getByRole('alert').getByText('This link is not valid.', { exact: false }).waitFor();
    await accessible();
  });

  it("shows on the certificate page who confirmed, and the old certificate's count at 0", async () => {
    await page.goto(`${stack.url}/certificates/${certificateId}`);
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    const section = page.getByRole('region', { name: 'Cut-over to the new keystore' });
    await section.getByText('No system still uses this certificate.').waitFor();
    await section.getByText(`Confirmed by ${CONTACT} on`, { exact: false }).waitFor();
    await accessible();
    expect(browser.pageErrors()).toEqual([]);
  });
});
