import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { callApi } from './support/api.js';
import { launchBrowser, type Browser } from './support/browser.js';
import { startStack, type Stack } from './support/stack.js';

// Issue 10: the demo as a newcomer meets it, and the signed handover walked in the browser. The stack `npm start` runs
// with its demo (SEED_DEMO, so it makes the demo eID test PKI and trusts it), two `npm run demo:card` processes (a
// card-bridge each, on a SoftHSM2 token with a demo manager's eID: Marc's RSA card, Sophie's P-384 one), and two
// chromium profiles: Marc pairs his bridge, logs in with his card, opens the handover of his certificates to Sophie
// and signs; Sophie, in her own browser, pairs hers, logs in with her card and countersigns; the certificates move.
// This file tests the demo itself, so it uses the demo's data. The steps build on each other, in order.
// The root Jest run takes testTimeout from its global configuration only (jest-circus), not from jest.config.mjs.
jest.setTimeout(120_000);

const ROOT = join(import.meta.dirname, '..', '..', '..');
/** What the bridge prints for the user to type into the dashboard (apps/card-bridge: "Pairing code: 1234 5678"). */
const PAIRING_CODE = /Pairing code: (\d{4} \d{4})/;
/** `npm start`'s own central administrator, which its demo log-in page lists. */
const DEMO_ADMIN = { email: 'admin@certdesk.demo', password: 'certdesk-demo-admin' };

interface DemoCard {
  port: number;
  output(): string;
  /** The first match of `pattern` printed after `from` characters (waits up to 15 s). */
  waitFor(pattern: RegExp, from?: number): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

/** `npm run demo:card -- <holder> --port 0 --origin <dashboard>`, as a newcomer starts it (without a terminal). */
async function startDemoCard(holder: string, origin: string): Promise<DemoCard> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'scripts', 'demo-card.mjs'), holder, '--port', '0', '--origin', origin],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waitFor = async (pattern: RegExp, from = 0) => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const match = text.slice(from).match(pattern);
      if (match) return match;
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`demo:card ${holder} did not print ${pattern}:\n${text}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const [, port] = await waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
  return {
    port: Number(port),
    output: () => text,
    waitFor,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

describe('the demo, and the signed handover walked in the browser with two demo eID cards', () => {
  let stack: Stack;
  let marcCard: DemoCard;
  let sophieCard: DemoCard;
  let marcBrowser: Browser;
  let sophieBrowser: Browser;
  let marc: Page;
  let sophie: Page;
  let handoverId = '';
  let handedOver: string[] = [];
  /** The certificate whose keystore Marc marked as lost, as the form names it. */
  let lostLabel = '';

  const api = (path: string, init: Parameters<typeof callApi>[2] = {}) => callApi(stack.url, path, init);
  const adminToken = async () =>
    (await api('/api/v1/auth/login', { body: DEMO_ADMIN })).body.accessToken as string;
  const heading = (p: Page, name: string) => p.getByRole('heading', { level: 1, name }).waitFor();
  const nav = (p: Page, name: string) =>
    p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

  /** Pairs the page's dashboard with the bridge (the code read from its output, as its user reads it) and logs in. */
  async function logInWithCard(page: Page, card: DemoCard, browser: Browser, pictures: boolean) {
    await page.goto(`${stack.url}/`);
    await heading(page, 'Log in');
    await page.getByLabel('Card-bridge port').fill(String(card.port));
    const printed = card.output().length;
    await page.getByRole('button', { name: 'Find the card-bridge' }).click();
    const [, code] = await card.waitFor(PAIRING_CODE, printed);
    await page.getByLabel('Pairing code').fill(code!);
    if (pictures) await browser.screenshot(page, 'card-bridge-pairing-code', { guide: true });
    await page.getByRole('button', { name: 'Pair' }).click();
    await page.getByRole('status').filter({ hasText: 'Card-bridge paired' }).waitFor();
    if (pictures) await browser.screenshot(page, 'card-bridge-paired', { guide: true });
    expect(await browser.accessibility(page)).toEqual([]);
    await page.getByRole('button', { name: 'Log in with my eID' }).click();
    await heading(page, 'Overview');
  }

  beforeAll(async () => {
    stack = await startStack({
      SEED_DEMO: 'true',
      ADMIN_EMAIL: DEMO_ADMIN.email,
      ADMIN_PASSWORD: DEMO_ADMIN.password,
    });
    [marcCard, sophieCard] = await Promise.all([
      startDemoCard('marc', stack.url),
      startDemoCard('sophie', stack.url),
    ]);
    [marcBrowser, sophieBrowser] = await Promise.all([launchBrowser(), launchBrowser()]);
    marc = await marcBrowser.newPage();
    sophie = await sophieBrowser.newPage();
  }, 300_000);
  afterAll(async () => {
    await Promise.all([marcBrowser?.close(), sophieBrowser?.close()]);
    await Promise.all([marcCard?.stop(), sophieCard?.stop()]);
    await stack?.stop();
  });

  it('lists a log-in for each role and the demo cards on the log-in page, and a listed log-in opens', async () => {
    await marc.goto(`${stack.url}/`);
    await heading(marc, 'Log in');
    const banner = marc.getByRole('region', { name: 'This is the demo' });
    await banner.getByRole('listitem').first().waitFor();
    const text = (await banner.textContent()) ?? '';
    for (const role of [
      'central administrator',
      'organisation administrator',
      'certificate manager',
      'viewer',
    ]) {
      expect(text).toContain(role);
    }
    // Every listed log-in is the demo's, with the password shown beside it.
    const listed = (await api('/api/v1/demo')).body as { logins: { email: string; password: string }[] };
    for (const login of listed.logins) {
      expect(text).toContain(`${login.email} / ${login.password}`);
      expect(
        (await api('/api/v1/auth/login', { body: { email: login.email, password: login.password } })).status,
      ).toBe(200);
    }
    // The cards: the command for each, and the PIN the demo card itself announces.
    expect(text).toContain('npm run demo:card the card of Marc Dubois');
    expect(text).toContain('npm run demo:card -- sophie the card of Sophie Lambert');
    const [, pin] = await marcCard.waitFor(/PIN (\d+)/);
    expect(text).toContain(`The cards' PIN is ${pin}.`);
    expect(await marcBrowser.accessibility(marc)).toEqual([]);
    await marcBrowser.screenshot(marc, 'login-demo', { guide: true });

    await banner.getByRole('button', { name: 'Use the log-in of Central administrator' }).click();
    expect(await marc.getByLabel('E-mail').inputValue()).toBe(DEMO_ADMIN.email);
    await marc.getByRole('button', { name: 'Log in', exact: true }).click();
    await heading(marc, 'Overview');
    await marc.getByRole('button', { name: 'Log out' }).click();
    await heading(marc, 'Log in');
  });

  it('logs Marc in with his demo card through the card-bridge he paired', async () => {
    await logInWithCard(marc, marcCard, marcBrowser, true);
    expect(await marc.locator('header .me').textContent()).toBe('Marc Dubois');
    expect(marcBrowser.pageErrors()).toEqual([]);
  });

  it('Marc opens the handover of his certificates to Sophie', async () => {
    await nav(marc, 'Handovers');
    await heading(marc, 'Handovers');
    await marc.getByRole('button', { name: 'Start a handover' }).click();
    const form = marc.getByRole('form', { name: 'Start a handover' });
    await form.getByRole('combobox', { name: /^Outgoing manager/ }).selectOption({ label: 'Marc Dubois' });
    await form.getByRole('combobox', { name: /^Incoming manager/ }).selectOption({ label: 'Sophie Lambert' });
    await form.getByLabel('Reason').fill('Marc moves to the laboratory');
    // His certificates, every one ticked; the keystore of one of them cannot be found.
    const choice = form.getByRole('group', { name: /^Certificates handed over: \d+ of \d+$/ });
    const lostKeystore = choice.getByRole('checkbox', {
      name: /^The keystore or password of .* cannot be obtained/,
    });
    await lostKeystore.first().waitFor();
    const offered = await lostKeystore.count();
    lostLabel = /^The keystore or password of (.*) cannot be obtained/.exec(
      (await lostKeystore.first().evaluate((box) => box.parentElement?.textContent ?? '')).trim(),
    )![1]!;
    await lostKeystore.first().check();
    expect(await choice.locator('legend').textContent()).toBe(
      `Certificates handed over: ${offered} of ${offered}`,
    );
    expect(await marcBrowser.accessibility(marc)).toEqual([]);
    await marcBrowser.screenshot(marc, 'handover-open', { guide: true });
    await form.getByRole('button', { name: 'Start a handover' }).click();
    await heading(marc, 'Handover from Marc Dubois to Sophie Lambert');
    handoverId = new URL(marc.url()).pathname.split('/').pop()!;

    // It covers every active certificate Marc manages, each named on the page.
    const token = await adminToken();
    const handover = (await api(`/api/v1/handovers/${handoverId}`, { token })).body as {
      certificates: { certificateId: string }[];
      outgoingManager: { id: string };
    };
    handedOver = handover.certificates.map((c) => c.certificateId);
    const all = (await api('/api/v1/certificates?limit=100', { token })).body as {
      items: { id: string; manager: { id: string } | null; label?: string }[];
    };
    const marcs = all.items.filter((c) => c.manager?.id === handover.outgoingManager.id).map((c) => c.id);
    expect(marcs.length).toBeGreaterThan(0);
    expect([...handedOver].sort()).toEqual([...marcs].sort());
    const covered = marc.getByRole('region', { name: 'Certificates handed over' });
    const listed = covered.getByRole('link');
    expect(await listed.count()).toBe(handedOver.length);
    expect(await listed.first().textContent()).toMatch(/^(CBE|NIHII-HOSPITAL)=\d+/);
    await covered
      .getByRole('listitem')
      .filter({ hasText: lostLabel })
      .getByText('keystore or password unobtainable: revoke and request again')
      .waitFor();
  });

  it('Marc signs it with his card, and Sophie is still to sign', async () => {
    const signer = marc.getByRole('region', { name: 'Signatures' });
    await signer.getByRole('button', { name: 'Sign the handover with my eID' }).click();
    await marc.getByRole('status').filter({ hasText: 'Your signature is recorded.' }).waitFor();
    await signer.getByText(/Signed by Marc Dubois \(outgoing side\)/).waitFor();
    await signer.getByText('Still to sign: Sophie Lambert (incoming manager)').waitFor();
    expect(await marcBrowser.accessibility(marc)).toEqual([]);
    await marcBrowser.screenshot(marc, 'handover-signed-by-outgoing', { guide: true });
    expect(marcBrowser.pageErrors()).toEqual([]);
  });

  it('Sophie logs in with her card in her own browser and countersigns: the certificates are hers', async () => {
    await logInWithCard(sophie, sophieCard, sophieBrowser, false);
    expect(await sophie.locator('header .me').textContent()).toBe('Sophie Lambert');
    await nav(sophie, 'Handovers');
    await heading(sophie, 'Handovers');
    const row = sophie.getByRole('row', { name: /Marc Dubois.*Sophie Lambert/ });
    await row.getByText('Awaiting signatures').waitFor();
    expect(await sophieBrowser.accessibility(sophie)).toEqual([]);
    await sophieBrowser.screenshot(sophie, 'handovers-list', { guide: true });
    await row.getByRole('link').click();
    await heading(sophie, 'Handover from Marc Dubois to Sophie Lambert');
    // Her bridge is paired in this tab already: she signs at once.
    await sophie.getByRole('button', { name: 'Sign the handover with my eID' }).click();
    await sophie
      .getByRole('status')
      .filter({ hasText: /Completed on .*: the certificates are now managed by Sophie Lambert\./ })
      .waitFor();
    expect(await sophie.getByRole('region', { name: 'Signatures' }).textContent()).toMatch(
      /Signed by Marc Dubois \(outgoing side\).*Signed by Sophie Lambert \(incoming manager\)/,
    );
    expect(await sophieBrowser.accessibility(sophie)).toEqual([]);
    await sophieBrowser.screenshot(sophie, 'handover-completed', { guide: true });

    const token = await adminToken();
    const handover = (await api(`/api/v1/handovers/${handoverId}`, { token })).body as {
      state: string;
      incomingManager: { id: string };
      signatures: { role: string; signatureAlgorithm: string }[];
    };
    expect(handover.state).toBe('completed');
    // Two real cards signed: Marc's RSA key and Sophie's P-384 key, each through its own bridge.
    expect(handover.signatures.map((s) => [s.role, s.signatureAlgorithm])).toEqual([
      ['outgoing', 'RSASSA-PKCS1-v1_5'],
      ['incoming', 'ECDSA'],
    ]);
    const flagged: string[] = [];
    for (const id of handedOver) {
      const certificate = (await api(`/api/v1/certificates/${id}`, { token })).body as {
        manager: { id: string; name: string } | null;
        revokeAndRequestAgain: boolean;
      };
      expect(certificate.manager).toMatchObject({ id: handover.incomingManager.id, name: 'Sophie Lambert' });
      if (certificate.revokeAndRequestAgain) flagged.push(id);
    }
    // The one whose keystore was lost is to be revoked and requested again; the others simply changed hands.
    expect(flagged).toHaveLength(1);
    // Her dashboard shows it too.
    await sophie.getByRole('region', { name: 'Certificates handed over' }).getByRole('link').first().click();
    await sophie.getByText('Sophie Lambert').first().waitFor();
    expect(sophieBrowser.pageErrors()).toEqual([]);
  });

  it('pages through more handovers than a page holds, and filters them by state', async () => {
    const token = await adminToken();
    const done = (await api(`/api/v1/handovers/${handoverId}`, { token })).body as {
      organisationId: string;
      outgoingManager: { id: string };
      incomingManager: { id: string };
    };
    // 101 handovers back from Sophie to Marc, each opened and cancelled (a certificate is in one open at most).
    for (let i = 0; i < 101; i++) {
      const opened = await api('/api/v1/handovers', {
        token,
        body: {
          organisationId: done.organisationId,
          fromPersonId: done.incomingManager.id,
          toPersonId: done.outgoingManager.id,
          reason: `Paging ${i}`,
        },
      });
      expect(opened.status).toBe(201);
      const id = (opened.body as { id: string }).id;
      expect((await api(`/api/v1/handovers/${id}/cancel`, { token, body: { reason: 'test' } })).status).toBe(
        200,
      );
    }
    const rows = sophie.locator('main table tbody tr');
    await sophie.goto(`${stack.url}/handovers`);
    await heading(sophie, 'Handovers');
    const pages = sophie.getByRole('navigation', { name: 'Pages of handovers' });
    await rows.first().waitFor();
    expect(await rows.count()).toBe(100);
    expect(await rows.filter({ hasText: 'Cancelled' }).count()).toBe(100);
    await pages.getByRole('button', { name: 'Next page' }).click();
    await pages.getByText('Page 2').waitFor();
    // The oldest cancelled one, then the first handover of all, the one Marc and Sophie signed.
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(1).textContent()).toMatch(/Marc Dubois.*Sophie Lambert.*Completed/);
    expect(await pages.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);

    const filters = sophie.getByRole('form', { name: 'Filter the handovers' });
    await filters.getByLabel('State').selectOption('completed');
    await sophie.waitForURL(/state=completed/);
    // Page 2 had two rows, the filtered list has one (and none while it loads).
    await sophie.waitForFunction(() => document.querySelectorAll('main table tbody tr').length === 1);
    expect(await rows.first().textContent()).toMatch(/Marc Dubois.*Sophie Lambert.*Completed/);
    expect(await pages.count()).toBe(0);
    await filters.getByLabel('State').selectOption('awaiting-signatures');
    await sophie.getByText('No handover matches these filters.').waitFor();
    expect(await sophieBrowser.accessibility(sophie)).toEqual([]);

    // A list that could not be read says so, and not that there is no handover.
    await sophie.route('**/api/v1/handovers?*', (route) =>
      route.fulfill({ status: 500, contentType: 'application/json', body: '{"statusCode":500}' }),
    );
    await sophie.goto(`${stack.url}/handovers`);
    await sophie.getByRole('alert').waitFor();
    expect(await sophie.getByText(/No handover/).count()).toBe(0);
    await sophie.unroute('**/api/v1/handovers?*');
    expect(sophieBrowser.pageErrors()).toEqual([]);
  });
});
