import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { callApi, importCertificate } from './support/api.js';
import { launchBrowser, type Browser } from './support/browser.js';
import { EhealthTestCa } from './support/ehealth-ca.js';
import { cbeNumber } from './support/keystore.js';
import { ADMIN, startStack, type Stack, logInAsAdmin } from './support/stack.js';

// Issue 13 in the dashboard: a central administrator adds a webhook for an organisation, copies its secret (shown
// once), and follows its deliveries: the stack's notifier posts a renewal's start to a receiver on loopback that
// answers 500 and then 200, and the delivery log shows both attempts. Debian's chromium against the `npm start` stack.
jest.setTimeout(180_000);

const DAY = 86_400_000;

describe('webhooks in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let ca: EhealthTestCa;
  let receiver: Server;
  let token = '';
  let organisationId = '';
  let certificateId = '';
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const answers = [500];
  const cbe = cbeNumber('07961234');

  const api = (path: string, init: Parameters<typeof callApi>[2] = {}) =>
    callApi(stack.url, path, { token, ...init });
  const previousSecretValidUntil = async (name: string) => {
    const { webhooks } = (await api('/api/v1/webhooks')).body as {
      webhooks: { name: string; previousSecretValidUntil: string | null }[];
    };
    return webhooks.find((w) => w.name === name)!.previousSecretValidUntil;
  };

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        const status = answers.shift() ?? 200;
        response.writeHead(status).end(status === 200 ? 'thanks' : 'the desk is down');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    ca = await EhealthTestCa.create();
    const issued = await ca.issue({
      identifierType: 'CBE',
      identifierValue: cbe,
      holderName: 'AMBULANCES WEBHOOK',
      applicationId: 'MYCARENET',
      notBefore: new Date(Date.now() - 1000 * DAY),
      notAfter: new Date(Date.now() + 45 * DAY),
    });
    stack = await startStack({
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'on',
      WEBHOOK_RETRY_DELAY_MS: '500',
      WEBHOOK_ATTEMPTS: '3',
      OUTBOX_POLL_MS: '200',
    });
    token = (await callApi(stack.url, '/api/v1/auth/login', { method: 'POST', body: ADMIN })).body
      .accessToken as string;
    const organisation = await api('/api/v1/organisations', {
      body: {
        name: 'Ambulances Webhook',
        identifiers: [{ type: 'CBE', value: cbe }],
        contacts: [{ email: 'info@webhook.example', language: 'fr', generic: true }],
      },
    });
    organisationId = organisation.body.id as string;
    certificateId = await importCertificate(stack.url, token, organisationId, 'mycarenet.pem', issued.pem);

    browser = await launchBrowser();
    page = await browser.newPage();
    await logInAsAdmin(page, stack.url);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await ca?.remove();
    receiver?.close();
  });

  it('adds a webhook, shows its secret once, and the delivery log shows a retried delivery', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    expect(await browser.accessibility(page)).toEqual([]);

    await page.getByLabel('Whose events').selectOption({ label: 'Ambulances Webhook' });
    await page.getByLabel('Name').fill('Service desk');
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/certdesk`;
    await page.getByLabel('URL').fill(url);
    await page.getByLabel('Renewal step recorded').check();
    await page.getByRole('button', { name: 'Add a webhook' }).click();

    const secretBox = page.getByRole('textbox', { name: 'Signing secret' });
    await secretBox.waitFor();
    const secret = await secretBox.inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await page.getByText('it is shown this once, never again').waitFor();
    expect(await browser.accessibility(page)).toEqual([]);
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await secretBox.waitFor({ state: 'detached' });
    const row = page.getByRole('row', { name: /Service desk/ });
    await row.getByText('Enabled').waitFor();
    expect(await page.content()).not.toContain(secret);

    // A renewal starts: the outbox, the notifier, a 500, a retry, a 200.
    const started = await api(`/api/v1/certificates/${certificateId}/renewals`, { body: {} });
    expect(started.status).toBe(201);
    for (let i = 0; i < 300 && received.length < 2; i++) await sleep(100);
    expect(received).toHaveLength(2);
    expect(received[0]!.headers['webhook-id']).toBe(received[1]!.headers['webhook-id']);
    const [last] = received.slice(-1);
    const signed = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64'))
      .update(
        `${String(last!.headers['webhook-id'])}.${String(last!.headers['webhook-timestamp'])}.${last!.body}`,
      )
      .digest('base64');
    expect(last!.headers['webhook-signature']).toBe(`v1,${signed}`);
    expect(JSON.parse(last!.body)).toMatchObject({
      type: 'renewal.phase-recorded',
      data: { organisation: { id: organisationId }, state: 'phase1-sent', phase: 1 },
    });

    await row.getByRole('button', { name: 'Delivery log of Service desk' }).click();
    const log = page.getByRole('region', { name: 'Delivery log of Service desk' });
    const delivery = log.getByRole('row', { name: /Renewal step recorded/ });
    await delivery.getByText('Delivered').waitFor({ timeout: 15_000 });
    await delivery.getByText(/answered 500 in \d+ ms/).waitFor();
    await delivery.getByText(/answered 200 in \d+ ms/).waitFor();
    await delivery.getByText('the desk is down').waitFor();
    await delivery.getByText(String(received[0]!.headers['webhook-id'])).waitFor();
    expect(await browser.accessibility(page)).toEqual([]);
  });

  it('refuses a URL against the rules in the reader’s words, and disables and enables a webhook', async () => {
    await page.getByLabel('Whose events').selectOption({ label: 'Every organisation (installation-wide)' });
    await page.getByLabel('Name').fill('Metadata');
    await page.getByLabel('URL').fill('ftp://127.0.0.1/x');
    await page.getByLabel('Certificate expired').check();
    await page.getByRole('button', { name: 'Add a webhook' }).click();
    await page
      .getByRole('alert')
      .getByText(/Webhooks go to a receiver's full https:\/\/ \(or http:\/\/\) address/)
      .waitFor();

    const row = page.getByRole('row', { name: /Service desk/ });
    await row.getByRole('button', { name: 'Disable Service desk' }).click();
    await row.getByText('Disabled').waitFor();
    await row.getByRole('button', { name: 'Enable Service desk' }).click();
    await row.getByText('Enabled').waitFor();
  });

  it('rotates the secret keeping the old one valid for 24 hours, and says until when; unticked, not at all', async () => {
    const row = page.getByRole('row', { name: /Service desk/ });
    const until = row.getByText(/The previous secret still works until/);
    expect(await until.count()).toBe(0);
    await row.getByRole('button', { name: 'New secret for Service desk' }).click();
    const dialog = page.getByRole('dialog', { name: 'Replace the signing secret of “Service desk”?' });
    const keep = dialog.getByRole('checkbox', {
      name: 'Keep the old secret valid for 24 hours, while the receiver is updated',
    });
    expect(await keep.isChecked()).toBe(true);
    expect(await browser.accessibility(page)).toEqual([]);
    const asked = Date.now();
    await dialog.getByRole('button', { name: 'Replace the secret' }).click();

    const secretBox = page.getByRole('textbox', { name: 'Signing secret' });
    await secretBox.waitFor();
    const previousUntil = await previousSecretValidUntil('Service desk');
    const validUntil = Date.parse(previousUntil!);
    expect(validUntil).toBeGreaterThanOrEqual(asked + DAY - 60_000);
    expect(validUntil).toBeLessThanOrEqual(Date.now() + DAY);
    const shown = await page.evaluate(
      (iso) =>
        new Intl.DateTimeFormat('en-GB', {
          dateStyle: 'medium',
          timeStyle: 'short',
          timeZone: 'Europe/Brussels',
        }).format(new Date(iso)),
      previousUntil!,
    );
    const sentence = `The previous secret still works until ${shown}.`;
    await page.getByText(sentence).first().waitFor();
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await row.getByText(sentence).waitFor();

    // A leaked secret: unticked, the old one stops at once.
    await row.getByRole('button', { name: 'New secret for Service desk' }).click();
    await keep.uncheck();
    await dialog.getByRole('button', { name: 'Replace the secret' }).click();
    await secretBox.waitFor();
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await until.waitFor({ state: 'detached' });
    expect(await previousSecretValidUntil('Service desk')).toBeNull();
  });
});
