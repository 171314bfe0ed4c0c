import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { SMTPServer } from 'smtp-server';
import { AUDIT_VERIFICATION_QUEUE } from '@certdesk/contracts';
import { brusselsDate, daysLeft } from '@certdesk/domain';
import { callApi } from './support/api.js';
import { launchBrowser, type Browser } from './support/browser.js';
import { cbeNumber } from './support/keystore.js';
import { ADMIN, REDIS_URL, startStack, type Stack } from './support/stack.js';

// Issue 10: the central administrator's daily overview in a real browser, against the stack `npm start` runs:
// warnings grouped by organisation and kind, the reminders page (deliveries, scans, queues, "send now" updating the
// page without a reload), and the audit trail. Its data is made through the api here; the mail goes to an SMTP
// server of this test that refuses one address for good, so a failed delivery and its reason are real.
jest.setTimeout(180_000);

const run = promisify(execFile);
const ALPHA = { name: 'Ambulances Alpha', cbe: cbeNumber('07960101'), holder: 'AMBULANCES ALPHA' };
const BRAVO = { name: 'Bravo Care', cbe: cbeNumber('07960202'), holder: 'BRAVO CARE' };
const REFUSED = 'bounce@alpha.example';
const APPLICATION_IDS = Array.from({ length: 12 }, (_, i) => `APP_${String(i + 1).padStart(2, '0')}`);
/** Organisations without a generic address, so the warnings fill more than one page of groups. */
const EXTRA_ORGANISATIONS = 20;

interface Minted {
  pem: string;
  notAfter: Date;
}

/**
 * Production-issued eHealth certificates of `cbe`, one per application ID, valid from today for `days[i]` days (EC
 * keys: fast). The issuer is named like the eHealth production CA.
 */
async function mintCertificates(
  directory: string,
  organisation: { cbe: string; holder: string },
  applicationIds: (string | null)[],
  days: (i: number) => number,
): Promise<Minted[]> {
  const openssl = (...args: string[]) => run('openssl', args, { cwd: directory });
  await openssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '3650',
    '-subj',
    '/C=BE/O=ZETES SA/serialNumber=001/CN=ZetesConfidens Private Trust PKI - eHealth issuing CA 001',
  );
  await writeFile(join(directory, 'leaf.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n');
  const minted: Minted[] = [];
  for (const [i, applicationId] of applicationIds.entries()) {
    const id = `CBE=${organisation.cbe}`;
    const subject = applicationId
      ? `/C=BE/O=Federal Government/OU=${applicationId}/OU=${id}/OU=${organisation.holder}/OU=eHealth-platform Belgium/CN=${id}\\, ${applicationId}`
      : `/C=BE/O=Federal Government/OU=${id}/OU=${organisation.holder}/OU=eHealth-platform Belgium/CN=${id}`;
    await openssl(
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      `leaf${i}.key`,
      '-out',
      `leaf${i}.csr`,
      '-subj',
      subject,
    );
    await openssl(
      'x509',
      '-req',
      '-in',
      `leaf${i}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      String(days(i)),
      '-extfile',
      'leaf.ext',
      '-out',
      `leaf${i}.pem`,
    );
    const pem = await readFile(join(directory, `leaf${i}.pem`), 'utf8');
    minted.push({ pem, notAfter: new Date(new X509Certificate(pem).validTo) });
  }
  return minted;
}

describe('the daily overview in a real browser: warnings, reminders, audit trail', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let work: string;
  let smtp: SMTPServer;
  const delivered: string[] = [];
  let adminToken = '';
  let alphaId = '';
  let bravoId = '';
  let alphaCertificates: Minted[] = [];
  const orgAdmin = { email: 'admin@alpha.example', password: 'alpha-admin-password-1' };

  const api = (path: string, init: Parameters<typeof callApi>[2] = {}) =>
    callApi(stack.url, path, { token: adminToken, ...init });
  const must = async (path: string, init: Parameters<typeof callApi>[2] = {}) => {
    const answer = await api(path, init);
    if (answer.status >= 300) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const importPems = async (organisationId: string, pems: string[], prefix: string) => {
    const form = new FormData();
    form.set('organisationId', organisationId);
    pems.forEach((pem, i) => form.append('files', new Blob([pem]), `${prefix}-${i}.pem`));
    const response = await fetch(`${stack.url}/api/v1/certificates/import`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminToken}` },
      body: form,
    });
    const body = (await response.json()) as {
      files?: { outcome: string; certificates: { certificateId: string }[] }[];
    };
    if (response.status !== 200 || body.files?.some((f) => f.outcome !== 'imported'))
      throw new Error(`import: ${response.status} ${JSON.stringify(body)}`);
    return body;
  };
  const heading = (p: Page, name: string) => p.getByRole('heading', { level: 1, name }).waitFor();
  const nav = (p: Page, name: string) =>
    p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });
  const logIn = async (p: Page, email: string, password: string) => {
    await p.getByLabel('E-mail').fill(email);
    await p.getByLabel('Password').fill(password);
    await p.getByRole('button', { name: 'Log in' }).click();
  };
  const group = (p: Page, organisationId: string, code: string) =>
    p.locator(`section.warning-group[data-organisation-id="${organisationId}"][data-code="${code}"]`);

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'certdesk-daily-'));
    // The mail server: it takes every mail, except for one address it refuses for good.
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (address.address.toLowerCase() === REFUSED) {
          const error = new Error(`5.1.1 <${REFUSED}>: mailbox unavailable`) as Error & {
            responseCode: number;
          };
          error.responseCode = 550;
          callback(error);
          return;
        }
        callback();
      },
      onData(stream, session, callback) {
        stream.resume();
        stream.on('end', () => {
          delivered.push(...session.envelope.rcptTo.map((r) => r.address));
          callback();
        });
      },
    });
    smtp.listen(0, '127.0.0.1');
    await once(smtp.server, 'listening');
    const smtpPort = (smtp.server.address() as AddressInfo).port;

    const [alphaPems, bravoPems] = await Promise.all([
      mkdtemp(join(work, 'alpha-')).then((dir) =>
        mintCertificates(dir, ALPHA, APPLICATION_IDS, (i) => 30 + i),
      ),
      mkdtemp(join(work, 'bravo-')).then((dir) => mintCertificates(dir, BRAVO, [null], () => 45)),
    ]);
    alphaCertificates = alphaPems;
    stack = await startStack({ SMTP_URL: `smtp://127.0.0.1:${smtpPort}` });
    adminToken = (await callApi(stack.url, '/api/v1/auth/login', { body: ADMIN })).body.accessToken as string;

    alphaId = (
      await must('/api/v1/organisations', {
        body: {
          name: ALPHA.name,
          identifiers: [{ type: 'CBE', value: ALPHA.cbe }],
          contacts: [
            { email: 'info@alpha.example', language: 'fr', generic: true },
            { email: REFUSED, language: 'fr', generic: true },
          ],
        },
      })
    ).id as string;
    bravoId = (
      await must('/api/v1/organisations', {
        body: {
          name: BRAVO.name,
          identifiers: [{ type: 'CBE', value: BRAVO.cbe }],
          contacts: [{ email: 'jan@bravo.example', language: 'nl', generic: false }],
        },
      })
    ).id as string;
    for (let i = 1; i <= EXTRA_ORGANISATIONS; i++) {
      await must('/api/v1/organisations', {
        body: {
          name: `Clinic ${String(i).padStart(2, '0')}`,
          identifiers: [{ type: 'CBE', value: cbeNumber(String(7_970_000 + i).padStart(8, '0')) }],
          contacts: [{ email: `someone@clinic${i}.example`, language: 'fr', generic: false }],
        },
      });
    }
    await importPems(
      alphaId,
      alphaPems.map((m) => m.pem),
      'alpha',
    );
    const bravoImport = await importPems(bravoId, [bravoPems[0]!.pem], 'bravo');
    const bravoCertificate = bravoImport.files![0]!.certificates[0]!.certificateId;
    // Bravo's certificate manager, who then left.
    const manager = await must('/api/v1/people', {
      body: {
        name: 'Vera Vertrokken',
        memberships: [{ organisationId: bravoId, roles: ['certificate-manager'] }],
      },
    });
    await must(`/api/v1/certificates/${bravoCertificate}/manager`, {
      method: 'PUT',
      body: { managerId: manager.id },
    });
    const yesterday = brusselsDate(new Date(Date.now() - 86_400_000));
    await must(`/api/v1/people/${manager.id as string}`, {
      method: 'PATCH',
      body: { memberships: [{ organisationId: bravoId, employed: false, leftOn: yesterday }] },
    });
    await must('/api/v1/users', {
      body: {
        ...orgAdmin,
        name: 'Alpha Admin',
        roles: [{ role: 'org-admin', organisationId: alphaId }],
      },
    });

    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(`${stack.url}/`);
    await logIn(page, ADMIN.email, ADMIN.password);
    await heading(page, 'Overview');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    smtp?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('groups the warnings by organisation and kind, each naming its certificates, in pages', async () => {
    await nav(page, 'Warnings').click();
    await heading(page, 'Warnings');
    // Twelve certificates without a known keystore: one group, not twelve lines.
    const keystores = group(page, alphaId, 'KEYSTORE_LOCATION_UNKNOWN');
    await keystores.waitFor();
    expect(await keystores.getByRole('heading').textContent()).toContain(
      `${ALPHA.name}: 12 certificates whose keystore nobody can locate`,
    );
    expect(await group(page, alphaId, 'RENEWABLE_NO_RENEWAL').count()).toBe(1);
    // It names the first ten, soonest expiry first: identifier, application ID, days left.
    const rows = keystores.locator('tbody tr');
    expect(await rows.count()).toBe(10);
    const now = new Date();
    const first = rows.first();
    expect(await first.getByRole('rowheader').textContent()).toBe(`CBE=${ALPHA.cbe}`);
    expect(await first.locator('td').first().textContent()).toBe('APP_01');
    expect(await first.textContent()).toContain(`${daysLeft(alphaCertificates[0]!.notAfter, now)} days left`);
    await keystores.getByRole('button', { name: 'Show all 12' }).click();
    await rows.nth(11).waitFor();
    expect(await rows.nth(11).locator('td').first().textContent()).toBe('APP_12');

    // The gravest first: a manager who left, and more production certificates than eHealth allows.
    const managerLeft = group(page, bravoId, 'MANAGER_LEFT');
    expect(await managerLeft.getByRole('heading').textContent()).toContain(
      `${BRAVO.name}: 1 certificate whose manager has left`,
    );
    expect(await managerLeft.textContent()).toContain('Vera Vertrokken');
    expect(await group(page, alphaId, 'PRODUCTION_LIMIT_EXCEEDED').textContent()).toMatch(/12\s*10/);
    const severities = await page
      .locator('section.warning-group')
      .evaluateAll((sections) => sections.map((s) => (s.classList.contains('warning-critical') ? 0 : 1)));
    expect(severities).toEqual([...severities].sort());
    expect(severities[0]).toBe(0);

    // 20 organisations without a generic address and Alpha's and Bravo's groups: two pages of 20 groups.
    const counted = (await page.locator('.result-count').textContent())!;
    const total = Number(/^(\d+) groups/.exec(counted)![1]);
    expect(total).toBeGreaterThan(20);
    expect(await page.locator('section.warning-group').count()).toBe(20);
    expect(await browser.accessibility(page)).toEqual([]);
    await browser.screenshot(page, 'warnings', { guide: true });
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Page 2 of 2').waitFor();
    expect(await page.locator('section.warning-group').count()).toBe(total - 20);
    expect(await page.locator('section.warning-group[data-code="NO_GENERIC_CONTACT"]').count()).toBe(
      total - 20,
    );

    // One organisation's warnings only.
    await page.locator('select[name="organisationId"]').selectOption({ label: BRAVO.name });
    await page.getByRole('button', { name: 'Apply' }).click();
    await group(page, bravoId, 'NO_GENERIC_CONTACT').waitFor();
    const shown = await page
      .locator('section.warning-group')
      .evaluateAll((sections) => sections.map((s) => s.getAttribute('data-organisation-id')));
    expect(new Set(shown)).toEqual(new Set([bravoId]));
  });

  it('shows the gravest groups on the overview, each naming its first certificates', async () => {
    await nav(page, 'Overview').click();
    await heading(page, 'Overview');
    const warnings = page.getByRole('region', { name: 'Warnings' });
    await warnings.locator('section.warning-group').first().waitFor();
    expect(await warnings.locator('section.warning-group').count()).toBe(5);
    expect(await warnings.locator('section.warning-group').first().getAttribute('class')).toContain(
      'warning-critical',
    );
    await warnings.getByRole('link', { name: /^All warnings \(\d+ groups\)$/ }).waitFor();
    expect(await browser.accessibility(page)).toEqual([]);
    await browser.screenshot(page, 'daily-overview', { guide: true });
  });

  it('sends the due reminders on demand and follows the scan on the page, without a reload', async () => {
    await nav(page, 'Reminders').click();
    await heading(page, 'Reminders');
    const deliveries = page.getByRole('region', { name: 'Deliveries' });
    await deliveries.getByText('None.').waitFor();
    await page.getByRole('region', { name: 'Scans' }).getByText('No scan yet.').waitFor();
    // Marks this document: a reload would lose the mark.
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    await page.getByRole('button', { name: 'Send due reminders now' }).click();
    const progress = page.locator('.run-progress');
    await progress.getByText('Reminder scan started').waitFor();
    await page.locator('.run-progress[data-settled="true"]').waitFor({ timeout: 90_000 });
    const runs = (await api('/api/v1/reminders/runs')).body as unknown as {
      counts: { candidates: number; reminders: number; deliveries: number };
      deliveries: { sent: number; failed: number };
    }[];
    const { counts } = runs[0]!;
    // Alpha's twelve and Bravo's one are due; the page says what the scan recorded.
    expect(counts.candidates).toBe(13);
    expect(await progress.textContent()).toContain(
      `Found 13 certificates in a reminder window: ${counts.reminders} new reminders, ${counts.deliveries} mails to send.`,
    );
    expect(await progress.textContent()).toContain(
      `Sent: ${runs[0]!.deliveries.sent}. Failed: ${runs[0]!.deliveries.failed}.`,
    );
    expect(runs[0]!.deliveries.failed).toBeGreaterThan(0);

    // The deliveries appeared in the table: the digest sent to Alpha's address, the refused one with its reason.
    const sent = deliveries.locator('tr[data-state="sent"]').filter({ hasText: 'info@alpha.example' });
    await sent.first().waitFor();
    const failed = deliveries.locator('tr[data-state="failed"]').filter({ hasText: REFUSED });
    await failed.first().waitFor();
    expect(await failed.first().textContent()).toContain('550');
    expect(await failed.first().textContent()).toContain(ALPHA.name);
    expect(delivered).toContain('info@alpha.example');
    expect(delivered).not.toContain(REFUSED);
    // The scan, who asked and what it found; the queues with the send jobs done.
    const scan = page.getByRole('region', { name: 'Scans' }).locator('tbody tr').first();
    await scan.getByText(`asked by`).waitFor();
    expect(await scan.textContent()).toContain(ADMIN.email);
    expect(await scan.textContent()).toContain('13 certificates due');
    const sendQueue = page.getByRole('region', { name: 'Queues' }).locator('tr[data-queue="reminder-send"]');
    await sendQueue.waitFor();
    // The queues are read every 10 s: the send jobs show as done within a read or two.
    await sendQueue
      .locator('td[data-state="completed"]')
      .filter({ hasNotText: /^0$/ })
      .waitFor({ timeout: 25_000 });
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(
      true,
    );
    expect(await browser.accessibility(page)).toEqual([]);
    await browser.screenshot(page, 'reminders', { guide: true });
  });

  it('filters the deliveries by state, organisation and scan', async () => {
    const deliveries = page.getByRole('region', { name: 'Deliveries' });
    await deliveries.getByLabel('State').selectOption('failed');
    await deliveries.getByRole('button', { name: 'Apply' }).click();
    await deliveries.locator('tbody tr').first().waitFor();
    const states = await deliveries
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.dataset.state));
    expect(new Set(states)).toEqual(new Set(['failed']));
    expect(await deliveries.textContent()).toContain('mailbox unavailable');

    await deliveries.getByLabel('State').selectOption('');
    await deliveries.getByLabel('Organisation').selectOption({ label: ALPHA.name });
    await deliveries.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/organisationId=/);
    await deliveries.locator('tbody tr').first().waitFor();
    const organisations = await deliveries
      .locator('tbody tr td:nth-child(2)')
      .evaluateAll((cells) => cells.map((c) => c.textContent));
    expect(new Set(organisations)).toEqual(new Set([ALPHA.name]));

    await page.getByRole('button', { name: /^Its deliveries: the scan of / }).click();
    await page.waitForURL(/runId=/);
    await deliveries.getByText(/^Only the deliveries of the scan of /).waitFor();
    await deliveries.locator('tbody tr').first().waitFor();
  });

  it('names the address that mail cannot reach among the warnings', async () => {
    await page.goto(`${stack.url}/warnings?code=CONTACT_DELIVERY_FAILED`);
    const failing = group(page, alphaId, 'CONTACT_DELIVERY_FAILED');
    await failing.waitFor();
    expect(await failing.getByRole('row', { name: new RegExp(REFUSED) }).textContent()).toContain('550');
  });

  it('shows the audit trail with organisations, certificates and actions in words, verified per organisation', async () => {
    await nav(page, 'Audit trail').click();
    await heading(page, 'Audit trail');
    const imported = page.locator('tr[data-action="certificate.imported"]').filter({ hasText: 'APP_01' });
    await imported.first().waitFor();
    const row = await imported.first().textContent();
    expect(row).toContain(ALPHA.name);
    expect(row).toContain(`CBE=${ALPHA.cbe}, APP_01 (${ALPHA.holder})`);
    expect(row).toContain('Certificate imported');
    await page
      .locator('tr[data-action="reminders.run-requested"]')
      .getByText('Reminder scan asked for')
      .waitFor();
    await page.locator('tr[data-action="person.membership-updated"]').first().waitFor();
    // No action code shows instead of words.
    const table = (await page.locator('table.audit').textContent())!;
    expect(table).not.toMatch(/\b(certificate|reminders|person|organisation|user)\.[a-z-]+/);
    expect(table).not.toContain('Other change');

    await page.getByRole('button', { name: 'Verify the chain' }).click();
    const chains = page.getByRole('region', { name: 'Verification of the chains' });
    await chains.locator('li').first().waitFor();
    const lines = await chains.locator('li').allTextContents();
    expect(lines).toContain(`✓ ${ALPHA.name}: The chain is intact (${await chainLength(alphaId)} events).`);
    expect(lines.some((l) => l.startsWith(`✓ ${BRAVO.name}: The chain is intact`))).toBe(true);
    expect(lines[0]).toMatch(/^✓ Installation-wide: /);
    expect(await browser.accessibility(page)).toEqual([]);
    await browser.screenshot(page, 'audit-trail', { guide: true });

    // One organisation's trail.
    await page.locator('select[name="organisationId"]').selectOption({ label: BRAVO.name });
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/organisationId=/);
    await page.locator('tr[data-action="certificate.manager-reassigned"]').waitFor();
    const named = await page
      .locator('table.audit tbody tr td:nth-child(3)')
      .evaluateAll((cells) => cells.map((c) => c.textContent));
    expect(new Set(named)).toEqual(new Set([BRAVO.name]));

    // Its chain alone verified: one line, the other organisations' chains not read.
    expect(await page.getByRole('region', { name: 'Verification of the chains' }).count()).toBe(0);
    await page.getByRole('button', { name: "Verify this organisation's chain" }).click();
    await chains.locator('li').first().waitFor();
    expect(await chains.locator('li').allTextContents()).toEqual([
      `✓ ${BRAVO.name}: The chain is intact (${await chainLength(bravoId)} events).`,
    ]);
  });

  it('follows a verification while it waits for the api, and the one a second tab asks for is the same', async () => {
    // No replica takes a verification while the queue is paused: it stays queued, as behind a long one.
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(AUDIT_VERIFICATION_QUEUE, { connection, prefix: stack.queuePrefix });
    const second = await browser.newPage();
    try {
      await queue.pause();
      await page.goto(`${stack.url}/audit`);
      await heading(page, 'Audit trail');
      await page.getByRole('button', { name: 'Verify the chain' }).click();
      const chains = page.getByRole('region', { name: 'Verification of the chains' });
      await chains.getByText('Verification queued: it starts in a moment.').waitFor();
      expect(await page.getByRole('button', { name: 'Verify the chain' }).isDisabled()).toBe(true);
      expect(await browser.accessibility(page)).toEqual([]);

      // The same log-in in another tab: told of the verification that runs, it follows that one, with no error.
      await second.goto(`${stack.url}/audit`);
      await logIn(second, ADMIN.email, ADMIN.password);
      await heading(second, 'Audit trail');
      await second.getByRole('button', { name: 'Verify the chain' }).click();
      const secondChains = second.getByRole('region', { name: 'Verification of the chains' });
      await secondChains.getByText('Verification queued: it starts in a moment.').waitFor();
      expect(await second.getByRole('alert').count()).toBe(0);

      await queue.resume();
      for (const tab of [chains, secondChains]) {
        await tab.locator('li').first().waitFor();
        expect(await tab.locator('li').allTextContents()).toContain(
          `✓ ${ALPHA.name}: The chain is intact (${await chainLength(alphaId)} events).`,
        );
      }
      expect(await page.getByRole('button', { name: 'Verify the chain' }).isDisabled()).toBe(false);
    } finally {
      await queue.resume();
      await queue.close();
      connection.disconnect();
      await second.close();
    }
  });

  it("shows an organisation administrator their organisation's deliveries and warnings only, and no scans or queues", async () => {
    const own = await browser.newPage();
    await own.goto(`${stack.url}/reminders`);
    await logIn(own, orgAdmin.email, orgAdmin.password);
    await heading(own, 'Reminders');
    const deliveries = own.getByRole('region', { name: 'Deliveries' });
    await deliveries.locator('tbody tr').first().waitFor();
    const organisations = await deliveries
      .locator('tbody tr td:nth-child(2)')
      .evaluateAll((cells) => cells.map((c) => c.textContent));
    expect(new Set(organisations)).toEqual(new Set([ALPHA.name]));
    expect(await own.getByRole('region', { name: 'Scans' }).count()).toBe(0);
    expect(await own.getByRole('region', { name: 'Queues' }).count()).toBe(0);
    expect(await own.getByRole('button', { name: 'Send due reminders now' }).count()).toBe(0);
    expect(await browser.accessibility(own)).toEqual([]);
    const token = (await callApi(stack.url, '/api/v1/auth/login', { body: orgAdmin })).body
      .accessToken as string;
    for (const path of ['/api/v1/reminders/queues', '/api/v1/reminders/runs'])
      expect((await callApi(stack.url, path, { token })).status).toBe(403);

    await own.goto(`${stack.url}/warnings`);
    await heading(own, 'Warnings');
    await own.locator('section.warning-group').first().waitFor();
    const shown = await own
      .locator('section.warning-group')
      .evaluateAll((sections) => sections.map((s) => s.getAttribute('data-organisation-id')));
    expect(new Set(shown)).toEqual(new Set([alphaId]));
    await own.close();
  });

  it('fits the overview, reminders, warnings and audit pages in 1024 pixels', async () => {
    await page.setViewportSize({ width: 1024, height: 800 });
    for (const [path, title] of [
      ['/', 'Overview'],
      ['/reminders', 'Reminders'],
      ['/warnings', 'Warnings'],
      ['/audit', 'Audit trail'],
    ] as const) {
      await page.goto(`${stack.url}${path}`);
      await heading(page, title).catch(async (error: unknown) => {
        await browser.screenshot(page, `narrow${path.replace('/', '-')}-failed`);
        throw error;
      });
      await page.locator('table').first().waitFor();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect([path, overflow]).toEqual([path, 0]);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('threw no error in any page', () => {
    expect(browser.pageErrors()).toEqual([]);
  });

  /** Events in the organisation's chain, as the api counts them. */
  async function chainLength(organisationId: string): Promise<number> {
    const chains = (await api('/api/v1/audit/verify', { method: 'POST' })).body as unknown as {
      chain: string;
      events: number;
    }[];
    return chains.find((c) => c.chain === organisationId)!.events;
  }
});
