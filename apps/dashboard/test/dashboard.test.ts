import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page, Route } from 'playwright-core';
import { certificateStatus, daysLeft } from '@certdesk/domain';
import { callApi } from './support/api.js';
import { launchBrowser, type Browser } from './support/browser.js';
import { expectWayBackFromFailedPage, failWithServerError } from './support/failed-page.js';
import { followedInDocument, modifierClicksTaken } from './support/in-app-links.js';
import { cbeNumber, createLegacyKeystore, type TestKeystore } from './support/keystore.js';
import { ADMIN, closedPort, startStack, type Stack } from './support/stack.js';

// Issue 6's acceptance test: Debian's chromium, driven by playwright-core, against the stack `npm start` runs, on
// a fresh database. The steps build on each other (one organisation, one keystore), in order.
// The root Jest run takes testTimeout from its global configuration only (jest-circus), not from jest.config.mjs.
jest.setTimeout(120_000);

describe('the dashboard in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let keystore: TestKeystore;
  let keystoreDir: string;
  const cbe = cbeNumber('07960997');
  const organisationName = 'Ambulances Dupont';
  let organisationId = '';
  let certificateId = '';

  const api = (path: string, init: Parameters<typeof callApi>[2] = {}) => callApi(stack.url, path, init);
  const tokenFor = async (email: string, password: string) =>
    (await api('/api/v1/auth/login', { method: 'POST', body: { email, password } })).body
      .accessToken as string;
  const heading = (p: Page, name: string) => p.getByRole('heading', { level: 1, name }).waitFor();
  const logIn = async (p: Page, email: string, password: string) => {
    await p.getByLabel('E-mail').fill(email);
    await p.getByLabel('Password').fill(password);
    await p.getByRole('button', { name: 'Log in' }).click();
  };

  beforeAll(async () => {
    keystoreDir = await mkdtemp(join(tmpdir(), 'certdesk-e2e-'));
    keystore = await createLegacyKeystore({
      cbe,
      name: 'AMBULANCES DUPONT',
      days: 60,
      password: 'Keystore-pass-1',
      directory: keystoreDir,
    });
    stack = await startStack();
    browser = await launchBrowser();
    page = await browser.newPage();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await rm(keystoreDir, { recursive: true, force: true });
  });

  it('refuses a wrong log-in password, then logs in and returns to the page asked for', async () => {
    await page.goto(`${stack.url}/certificates`);
    await heading(page, 'Log in');
    await browser.screenshot(page, 'login', { guide: true });
    expect(await browser.accessibility(page)).toEqual([]);
    // The eID log-in looks for the card-bridge on this PC: none listens on a closed port.
    await page.getByLabel('Card-bridge port').fill(String(await closedPort()));
    await page.getByRole('button', { name: 'Find the card-bridge' }).click();
    await page.locator('[role=alert][data-code=BRIDGE_NOT_FOUND]').waitFor();
    await logIn(page, ADMIN.email, 'not-the-password');
    await page.locator('#login-error').filter({ hasText: 'Wrong e-mail or password.' }).waitFor();
    await logIn(page, ADMIN.email, ADMIN.password);
    await heading(page, 'Certificates');
    expect(new URL(page.url()).pathname).toBe('/certificates');
  });

  it("keeps each page's code apart (the log-in page fetches its own alone) and compiled ahead, with react-router's production build", async () => {
    // The pages as the sources name them (src/pages/*-page.tsx); vite names each page's chunk after its module.
    const pages = (await readdir(join(import.meta.dirname, '..', 'src', 'pages')))
      .filter((file) => file.endsWith('-page.tsx'))
      .map((file) => file.replace(/\.tsx$/, ''));
    expect(pages).toEqual(expect.arrayContaining(['overview-page', 'audit-page', 'certificates-page']));
    /** The pages whose chunk `tab`'s document has fetched (its resource timing: cached files included). */
    const fetchedPages = async (tab: Page) => {
      const paths = await tab.evaluate(() =>
        performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname),
      );
      return pages.filter((name) => paths.some((path) => path.startsWith(`/assets/${name}-`)));
    };
    // Signed out (a new tab keeps no session), the log-in page's code alone. Signed in, the others are fetched once
    // the browser is idle (app.tsx), so that a click does not wait for them.
    const signedOut = await browser.newPage();
    await signedOut.goto(`${stack.url}/login`);
    await heading(signedOut, 'Log in');
    await signedOut.waitForLoadState('networkidle');
    expect(await fetchedPages(signedOut)).toEqual(['login-page']);
    await signedOut.close();

    // react-router offers only its development build through its package's exports (remix-run/react-router#14102):
    // vite.config.ts points the bundle at its production build, without the development warnings.
    const assets = join(import.meta.dirname, '..', 'dist', 'assets');
    const assetFiles = await readdir(assets);
    // Each chunk with a source map, and the sources the map names: read once for both checks below.
    const chunkSources = new Map(
      await Promise.all(
        assetFiles
          .filter((file) => file.endsWith('.js.map'))
          .map(async (file) => {
            const { sources } = JSON.parse(await readFile(join(assets, file), 'utf8')) as {
              sources: string[];
            };
            return [file.replace(/\.map$/, ''), sources] as const;
          }),
      ),
    );
    const sources = [...chunkSources.values()].flat();
    const reactRouter = sources.filter((source) => source.includes('node_modules/react-router/'));
    expect(reactRouter.length).toBeGreaterThan(0);
    expect(reactRouter.filter((source) => !source.includes('/dist/production/'))).toEqual([]);

    // Chromium compiles a chunk that opens with V8's compile hint whole, off the main thread, as it is fetched
    // (vite.config.ts): every page's chunk, fetched ahead, is ready before the click that runs it. The libraries'
    // chunks are left to V8's own choice: react-dom's is not marked.
    const opening = async (file: string) => (await readFile(join(assets, file), 'utf8')).split('\n', 1)[0];
    const chunks = assetFiles.filter((file) => file.endsWith('.js'));
    const unmarkedPages: string[] = [];
    for (const name of pages) {
      const chunk = chunks.find((file) => file.startsWith(`${name}-`));
      if (!chunk || (await opening(chunk)) !== '//# allFunctionsCalledOnLoad') unmarkedPages.push(name);
    }
    expect(unmarkedPages).toEqual([]);
    const reactDomChunks = [...chunkSources]
      .filter(([, chunkSourceList]) =>
        chunkSourceList.some((source) => source.includes('node_modules/react-dom/')),
      )
      .map(([chunk]) => chunk);
    expect(reactDomChunks.length).toBeGreaterThan(0);
    for (const file of reactDomChunks) expect(await opening(file)).not.toContain('allFunctionsCalledOnLoad');
  });

  it('creates an organisation, and warns while it has no generic contact address', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organisations' }).click();
    await heading(page, 'Organisations');
    await page.getByRole('button', { name: 'New organisation' }).click();
    await page.getByLabel('Name').fill(organisationName);
    await page.getByLabel('Identifier type').selectOption('CBE');
    await page.getByLabel('Identifier', { exact: true }).fill(cbe);
    await page.getByRole('button', { name: 'New organisation' }).click();
    await heading(page, organisationName);
    organisationId = new URL(page.url()).pathname.split('/').pop()!;
    expect(await page.getByRole('note').first().textContent()).toContain('No generic contact address');
    await page.getByRole('form', { name: 'Add an address' }).getByLabel('E-mail').fill('info@dupont.example');
    await page.getByLabel('generic').check();
    await page.getByRole('button', { name: 'Add an address' }).click();
    await page.getByText('info@dupont.example').waitFor();
    expect(await page.getByRole('note').count()).toBe(0);
    await browser.screenshot(page, 'organisation');
    await page.goto(`${stack.url}/organisations`);
    await page.getByRole('link', { name: organisationName }).waitFor();
    await browser.screenshot(page, 'organisations');
  });

  it('shows a wrong keystore password as such and adds nothing', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click();
    await heading(page, 'Import certificates');
    await page.getByLabel('choose files').setInputFiles(keystore.path);
    await page.getByLabel('Keystore password').fill('wrong-password-1');
    await page.getByRole('button', { name: 'Import 1 file' }).click();
    // One keystore alone: the api refuses the whole request (422 WRONG_PASSWORD); in a batch, that file alone.
    const alert = page.getByRole('alert');
    expect(await alert.getAttribute('data-code')).toBe('WRONG_PASSWORD');
    expect(await alert.textContent()).toContain(
      'Wrong keystore password: nothing was imported from this file.',
    );
    expect(await page.getByRole('region', { name: 'Result' }).count()).toBe(0);

    const token = await tokenFor(ADMIN.email, ADMIN.password);
    const list = await api('/api/v1/certificates?state=active,superseded,revoked', { token });
    expect(list.body.items).toEqual([]);
    const audit = await api('/api/v1/audit?action=certificate.*', { token });
    expect(audit.body.items).toEqual([]);
  });

  it('imports the legacy-encrypted keystore with its password', async () => {
    // The refused file stays selected, waiting for the right password.
    await page.getByLabel('Keystore password').fill(keystore.password);
    await page.getByRole('button', { name: 'Import 1 file' }).click();
    const row = page.getByRole('row', { name: new RegExp(keystore.fileName) });
    await row.getByText('Added', { exact: true }).waitFor();
    expect(await page.getByText('1 file added').count()).toBe(1);
    await browser.screenshot(page, 'import');
  });

  it('finds it in the table with the right status and days left', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Certificates' }).click();
    await page.getByLabel('Search').fill(cbe);
    await page.getByRole('button', { name: 'Apply' }).click();
    const row = page.getByRole('row', { name: new RegExp(`CBE=${cbe}`) });
    await row.waitFor();
    const now = new Date();
    const days = daysLeft(keystore.notAfter, now);
    expect(certificateStatus(keystore, now)).toBe('renewable');
    expect(await row.getByText('Renewable').count()).toBe(1);
    expect(await row.textContent()).toContain(`${days} days left`);
    expect(await row.textContent()).toContain(organisationName);
    expect(await row.textContent()).toContain('Production');
    await browser.screenshot(page, 'certificates');
    const link = row.getByRole('link', { name: `CBE=${cbe}` });
    // A click with a modifier key is the browser's (a new tab or window): the page does not take it for its own.
    expect(await modifierClicksTaken(link)).toEqual([false, false, false, false]);
    expect(new URL(page.url()).pathname).toBe('/certificates');
    // A plain click opens the certificate within the page already loaded, as every link of the dashboard does.
    expect(await followedInDocument(page, link, () => heading(page, `Certificate CBE=${cbe}`))).toBe(true);
    certificateId = new URL(page.url()).pathname.split('/').pop()!;
  });

  it("names each row's organisation before every organisation's name is read, then offers them in the filter", async () => {
    // At national scale the filter's options are 10,000 names: the rows must not wait for them.
    let answerNames!: () => void;
    const namesHeld = new Promise<void>((resolve) => (answerNames = resolve));
    const everyName = (url: URL) => url.pathname === '/api/v1/organisations/names';
    const holdNames = async (route: Route) => {
      await namesHeld;
      await route.continue();
    };
    await page.route(everyName, holdNames);
    await page.goto(`${stack.url}/certificates?q=${cbe}`);
    const row = page.getByRole('row', { name: new RegExp(`CBE=${cbe}`) });
    await row.waitFor();
    expect(await row.getByText(organisationName, { exact: true }).count()).toBe(1);
    answerNames();
    const filter = page.getByRole('combobox', { name: 'Organisation' });
    await filter.locator('option', { hasText: organisationName }).waitFor({ state: 'attached' });
    await page.unroute(everyName, holdNames);
    await row.getByRole('link', { name: `CBE=${cbe}` }).click();
    await heading(page, `Certificate CBE=${cbe}`);
    expect(await page.getByRole('link', { name: organisationName, exact: true }).count()).toBe(1);
  });

  it('sends the due reminders on demand, and shows them on the certificate', async () => {
    // Before its renewal starts: a certificate past phase 1 is no longer reminded.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('button', { name: 'Send due reminders now' }).click();
    await page.getByRole('status').filter({ hasText: 'Reminder scan started' }).waitFor();
    // The notifier started by `npm start` mails the organisation's generic address through its mail catcher.
    await page.goto(`${stack.url}/certificates/${certificateId}`);
    const reminders = page.getByRole('region', { name: 'Reminders sent' });
    const sent = reminders.locator('tr[data-state="sent"]').filter({ hasText: 'info@dupont.example' });
    // The page renders before its reminders arrive: wait for the row (Playwright's waitFor), reloading meanwhile
    // since the send happens in the notifier, after the click.
    for (let attempt = 1; ; attempt++) {
      try {
        await sent.first().waitFor({ timeout: 3_000 });
        break;
      } catch (error) {
        if (attempt < 10) {
          await page.reload();
          continue;
        }
        await browser.screenshot(page, 'reminders-missing');
        const token = await tokenFor(ADMIN.email, ADMIN.password);
        const runs = await api('/api/v1/reminders/runs', { token });
        const delivered = await api(`/api/v1/reminders?certificateId=${certificateId}`, { token });
        throw new Error(
          `no reminder shown as sent (${(error as Error).message}).\nruns: ${JSON.stringify(runs.body)}\n` +
            `reminders: ${JSON.stringify(delivered.body)}\nthe stack printed:\n${stack.output().slice(-3000)}`,
        );
      }
    }
    expect(await sent.first().textContent()).toContain('Sent');
  });

  it('records the three renewal phases, in order', async () => {
    const phases = [
      'Record phase 1: renewal requested',
      'Record phase 2: renewal completed',
      'Record phase 3: renewal ETK activated',
    ];
    for (const [index, name] of phases.entries()) {
      // Only the next step can be recorded.
      for (const later of phases.slice(index + 1))
        expect(await page.getByRole('button', { name: later }).count()).toBe(0);
      await page.getByRole('button', { name }).click();
      await page.locator(`.checklist li[data-phase="${index + 1}"].done`).waitFor();
    }
    expect(await page.locator('.checklist li.done').count()).toBe(3);
    await page.getByRole('button', { name: 'Record that every integrator has the new keystore' }).waitFor();
    await browser.screenshot(page, 'certificate');
  });

  it('edits where the keystore lives and the systems that use the certificate', async () => {
    await page.getByRole('button', { name: 'Edit keystore and password custodian' }).click();
    await page.getByLabel('Computer').fill('PC-ACCUEIL-01');
    await page.getByLabel('Folder').fill('C:\\Users\\accueil\\ehealth\\keystore');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('region', { name: 'Keystore' }).getByText('PC-ACCUEIL-01').waitFor();

    const add = page.getByRole('form', { name: 'Add a system' });
    await add.getByLabel('Software or system').fill('Ambuline');
    await add.getByLabel('Integrator').fill('Acme Software');
    await add.getByRole('button', { name: 'Add a system' }).click();
    await page
      .getByRole('row', { name: /Ambuline/ })
      .getByText('Acme Software')
      .waitFor();
    await page.getByRole('button', { name: 'Edit Ambuline' }).click();
    const edit = page.getByRole('form', { name: 'Edit Ambuline' });
    await edit.getByLabel('Integrator').fill('Other Vendor');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('row', { name: /Ambuline/ })
      .getByText('Other Vendor')
      .waitFor();
  });

  it('shows the audit trail of the certificate and of everything', async () => {
    const trail = page.getByRole('region', { name: 'Audit trail' });
    for (const action of [
      'renewal.started',
      'renewal.completed',
      'renewal.etk-activated',
      'certificate.imported',
      'certificate.updated',
      'deployment.added',
      'deployment.updated',
    ]) {
      await trail.locator(`tr[data-action="${action}"]`).waitFor();
    }
    expect(await trail.textContent()).toContain('Renewal ETK activated (phase 3)');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit trail' }).click();
    await heading(page, 'Audit trail');
    await page.locator('tr[data-action="renewal.etk-activated"]').waitFor();
    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await page
      .getByText(/The chain is intact/)
      .first()
      .waitFor();
    await browser.screenshot(page, 'audit');
  });

  it('gives an overview: counts by status, expiries by month, renewals in progress', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    await heading(page, 'Overview');
    await page.getByRole('heading', { name: 'Expiries in the next 12 months' }).waitFor();
    // Counts wait for the overview's data, not only for its headings.
    await page.getByRole('link', { name: /1 Renewable/ }).waitFor();
    expect(await page.getByRole('link', { name: /1 Renewable/ }).count()).toBe(1);
    await page.getByText('Phase 3: Renewal ETK activated').first().waitFor();
    await browser.screenshot(page, 'overview');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Handovers' }).click();
    await heading(page, 'Handovers');
    await page.getByRole('button', { name: 'Start a handover' }).click();
    await page.getByRole('form', { name: 'Start a handover' }).waitFor();
    await browser.screenshot(page, 'handovers');
  });

  it('exports the table as CSV and gives the organisation its calendar feed', async () => {
    await page.goto(`${stack.url}/certificates?organisationId=${organisationId}`);
    await heading(page, 'Certificates');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('certificates.csv');
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split('\n').filter((line) => line.includes(cbe))).toHaveLength(1);

    await page.getByRole('button', { name: 'Show the address' }).click();
    const feedUrl = await page.getByLabel('Calendar address').inputValue();
    const feed = await fetch(feedUrl.replace(/^https?:\/\/[^/]+/, stack.url));
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain('BEGIN:VCALENDAR');
  });

  it('can be used with the keyboard: a skip link first, focus visible', async () => {
    await page.goto(`${stack.url}/certificates`);
    await heading(page, 'Certificates');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).toBe('solid');
  });

  it('shows a viewer no button that changes state, and the api refuses them anyway', async () => {
    const adminToken = await tokenFor(ADMIN.email, ADMIN.password);
    const viewer = { email: 'viewer@dupont.example', password: 'viewer-password-long-enough' };
    const created = await api('/api/v1/users', {
      token: adminToken,
      method: 'POST',
      body: { ...viewer, name: 'Vera Viewer', roles: [{ role: 'viewer', organisationId }] },
    });
    expect(created.status).toBeLessThan(300);

    const viewerPage = await browser.newPage();
    await viewerPage.goto(`${stack.url}/certificates/${certificateId}`);
    await logIn(viewerPage, viewer.email, viewer.password);
    await heading(viewerPage, `Certificate CBE=${cbe}`);
    await viewerPage.getByRole('region', { name: 'Audit trail' }).locator('tr').first().waitFor();
    const buttons = await viewerPage.getByRole('main').getByRole('button').allTextContents();
    expect(buttons).toEqual([]);
    expect(await viewerPage.getByText('Revoke').count()).toBe(0);
    expect(await viewerPage.getByRole('link', { name: 'Import' }).count()).toBe(0);
    await browser.screenshot(viewerPage, 'certificate-as-viewer');
    await viewerPage.goto(`${stack.url}/organisations/${organisationId}`);
    await heading(viewerPage, organisationName);
    await viewerPage.getByRole('button', { name: 'Show the address' }).first().waitFor();
    expect(await viewerPage.getByRole('main').getByRole('button').allTextContents()).toEqual([
      'Show the address',
    ]);
    await viewerPage.goto(`${stack.url}/handovers`);
    await heading(viewerPage, 'Handovers');
    expect(await viewerPage.getByRole('main').getByRole('button').count()).toBe(0);
    await viewerPage.goto(`${stack.url}/organisations`);
    await heading(viewerPage, 'Organisations');
    expect(await viewerPage.getByRole('main').getByRole('button').count()).toBe(0);

    const viewerToken = await tokenFor(viewer.email, viewer.password);
    const refused = await Promise.all([
      api(`/api/v1/certificates/${certificateId}/revoke`, {
        token: viewerToken,
        method: 'POST',
        body: { reason: 'replaced', revokedOn: '2026-01-01' },
      }),
      api(`/api/v1/certificates/${certificateId}`, {
        token: viewerToken,
        method: 'PATCH',
        body: { notes: 'x' },
      }),
      api(`/api/v1/organisations/${organisationId}`, {
        token: viewerToken,
        method: 'PATCH',
        body: { name: 'x' },
      }),
    ]);
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403]);
    await viewerPage.close();
  });

  it('speaks French and Dutch too, and remembers the choice', async () => {
    await page.goto(`${stack.url}/certificates`);
    await page.getByLabel('Language').selectOption('nl');
    await heading(page, 'Certificaten');
    await page.reload();
    await heading(page, 'Certificaten');
    await page.getByRole('row', { name: new RegExp(`CBE=${cbe}`) }).waitFor();
    expect(
      await page
        .getByRole('row', { name: new RegExp(`CBE=${cbe}`) })
        .getByText('Hernieuwbaar')
        .count(),
    ).toBe(1);
    await page.getByLabel('Taal').selectOption('fr');
    await heading(page, 'Certificats');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    await browser.screenshot(page, 'certificates-fr');
    await page.getByLabel('Langue').selectOption('en');
  });

  it('pages through many organisations, and finds one by name or by its identifier written with dots', async () => {
    const token = await tokenFor(ADMIN.email, ADMIN.password);
    for (let i = 0; i < 105; i++) {
      const created = await api('/api/v1/organisations', {
        token,
        body: {
          name: `Zone de secours ${String(i).padStart(3, '0')}`,
          identifiers: [{ type: 'CBE', value: cbeNumber(String(3_100_000 + i).padStart(8, '0')) }],
          contacts: [{ email: `info${i}@zone.example`, language: 'fr', generic: true }],
        },
      });
      expect(created.status).toBe(201);
    }
    const everyName = (
      (await api('/api/v1/organisations', { token })).body as unknown as { name: string }[]
    ).map((o) => o.name);
    const rowNames = async () => {
      await page.locator('table tbody tr').first().waitFor();
      return page.locator('table tbody tr th').allTextContents();
    };
    await page.goto(`${stack.url}/organisations`);
    await heading(page, 'Organisations');
    const pages = page.getByRole('navigation', { name: 'Pages of organisations' });
    const first = await rowNames();
    expect(first).toEqual(everyName.slice(0, 100));
    await pages.getByRole('button', { name: 'Next page' }).click();
    await pages.getByText('Page 2').waitFor();
    expect(await rowNames()).toEqual(everyName.slice(100));
    expect(await pages.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    await pages.getByRole('button', { name: 'Previous page' }).click();
    await pages.getByText('Page 1').waitFor();
    expect(await rowNames()).toEqual(first);
    // A later page that cannot be read says so, and the way back to the page before stays.
    await page.reload();
    await expectWayBackFromFailedPage(page, {
      pager: pages,
      rows: page.locator('table tbody tr'),
      nextPageRequest: (url) => url.pathname === '/api/v1/organisations' && url.searchParams.has('after'),
    });

    const search = page.getByRole('form', { name: 'Search organisations' });
    await search
      .getByLabel('Find an organisation')
      .fill(`${cbe.slice(0, 4)}.${cbe.slice(4, 7)}.${cbe.slice(7)}`);
    await search.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\?q=/);
    // The first page's rows go when the search's answer comes: one row left.
    await page.locator('table tbody tr').nth(1).waitFor({ state: 'detached' });
    expect(await rowNames()).toEqual([organisationName]);
    expect(await pages.count()).toBe(0);
    await search.getByLabel('Find an organisation').fill('zone de secours 10');
    await search.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('row', { name: /Zone de secours 104/ }).waitFor();
    expect(await rowNames()).toEqual(['100', '101', '102', '103', '104'].map((n) => `Zone de secours ${n}`));
    await search.getByLabel('Find an organisation').fill('no such organisation');
    await search.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No organisation matches this search.').waitFor();
    await browser.screenshot(page, 'organisations-search');
    // Back in the browser's history: the search before, in the field as in the rows.
    await page.goBack();
    await page.getByRole('row', { name: /Zone de secours 104/ }).waitFor();
    expect(await search.getByLabel('Find an organisation').inputValue()).toBe('zone de secours 10');
    // A row's name opens the organisation within the page already loaded; a click with a modifier key is the browser's.
    const zone = page
      .getByRole('row', { name: /Zone de secours 104/ })
      .getByRole('link', { name: 'Zone de secours 104' });
    expect(await modifierClicksTaken(zone)).toEqual([false, false, false, false]);
    expect(await followedInDocument(page, zone, () => heading(page, 'Zone de secours 104'))).toBe(true);

    // A list that could not be read says so, and not that there is no organisation.
    await page.route(
      (url) => url.pathname === '/api/v1/organisations' && url.searchParams.has('limit'),
      failWithServerError,
    );
    await page.goto(`${stack.url}/organisations?q=no+such+organisation`);
    await page.getByRole('alert').filter({ hasText: 'Something went wrong on the server.' }).waitFor();
    expect(await page.getByText(/No organisation/).count()).toBe(0);
    await page.unrouteAll();
  });

  it('chooses among more than fifty organisations by typing part of a name', async () => {
    // The test before made 105 more: a <select> of them all gives way to a typed choice with suggestions.
    await page.goto(`${stack.url}/certificates`);
    const filters = page.getByRole('form', { name: 'Filters' });
    // A <select> until the names have come (after the rows), then a field to type in, "All" while empty.
    const field = filters
      .getByRole('combobox', { name: 'Organisation' })
      .and(filters.getByPlaceholder('All'));
    const suggestions = filters.getByRole('listbox');
    await field.fill('zone');
    await suggestions.getByRole('option').first().waitFor();
    expect(await suggestions.getByRole('option').count()).toBe(20);
    await filters.getByText('85 more: type more of the name').waitFor();
    await browser.screenshot(page, 'organisation-typed');
    expect(await browser.accessibility(page)).toEqual([]);
    // Accents and case aside, every word typed, in any order.
    await field.fill('DUPONT ambulânces');
    await suggestions.getByRole('option', { name: organisationName, exact: true }).waitFor();
    expect(await suggestions.getByRole('option').allTextContents()).toEqual([organisationName]);
    await field.press('Enter');
    expect(await field.inputValue()).toBe(organisationName);
    expect(new URL(page.url()).searchParams.has('organisationId')).toBe(false);
    await filters.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(new RegExp(`organisationId=${organisationId}`));
    await page.getByRole('row', { name: new RegExp(`CBE=${cbe}`) }).waitFor();
    await page.reload();
    await page.waitForFunction(
      (name) => (document.querySelector('[role="combobox"]') as HTMLInputElement | null)?.value === name,
      organisationName,
    );

    // Text no name holds, control characters included, says so and leaves the choice as it was.
    await field.fill('\u0007<b>zzz</b>'.repeat(50));
    await filters.getByText('No organisation has this in its name').waitFor();
    await field.press('Escape');
    expect(await field.inputValue()).toBe(organisationName);
    // Emptied, the field is "All" again; with the mouse, a suggestion is taken as with Enter.
    await field.fill('');
    await field.blur();
    await filters.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL((url) => !url.searchParams.has('organisationId'));
    await field.fill('secours 104');
    await suggestions.getByRole('option', { name: 'Zone de secours 104' }).click();
    expect(await field.inputValue()).toBe('Zone de secours 104');

    // In a form: the typed choice is required, and what is sent is the chosen organisation's id.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New requests' }).click();
    await page.getByRole('button', { name: 'Record a new request' }).click();
    const form = page.getByRole('form', { name: 'Record a new request' });
    await form.getByLabel('Identifier type').selectOption('NIHII-AMBU_SERVICE');
    await form.getByLabel('Identifier', { exact: true }).fill('79609977');
    const organisation = form
      .getByRole('combobox', { name: 'Organisation' })
      .and(form.getByPlaceholder('Type part of its name'));
    await form.getByRole('button', { name: 'Record the new request' }).click();
    expect(await organisation.evaluate((input: HTMLInputElement) => input.validity.valueMissing)).toBe(true);
    // A text that names no organisation, sent with Enter (the field not left), is refused in words.
    await organisation.fill('no such organisation');
    await form.getByText('No organisation has this in its name').waitFor();
    await organisation.press('Enter');
    expect(await organisation.evaluate((input: HTMLInputElement) => input.validationMessage)).toBe(
      'Pick an organisation among the suggestions',
    );
    await organisation.fill('dupont');
    await organisation.press('ArrowDown');
    await organisation.press('Enter');
    expect(await organisation.inputValue()).toBe(organisationName);
    const recorded = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/new-requests') && r.request().method() === 'POST',
    );
    await form.getByRole('button', { name: 'Record the new request' }).click();
    const response = await recorded;
    expect(response.status()).toBe(201);
    expect(((await response.json()) as { organisationId: string }).organisationId).toBe(organisationId);
    expect(
      (await api('/api/v1/new-requests', { token: await tokenFor(ADMIN.email, ADMIN.password) })).body,
    ).toEqual([expect.objectContaining({ organisationId })]);

    // A choice before the organisations that is not "All": a webhook for every organisation.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('button', { name: 'Add a webhook' }).click();
    const scope = page
      .getByRole('combobox', { name: 'Whose events' })
      .and(page.getByPlaceholder('Type part of its name'));
    await scope.focus();
    await page.getByRole('option', { name: 'Every organisation (installation-wide)' }).click();
    await scope.blur();
    expect(await scope.inputValue()).toBe('Every organisation (installation-wide)');
    expect(await scope.evaluate((input: HTMLInputElement) => input.validity.valid)).toBe(true);
  });

  it('threw no error in any page', () => {
    expect(browser.pageErrors()).toEqual([]);
  });
});
