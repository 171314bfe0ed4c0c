import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { simpleParser } from 'mailparser';
import type { Page, Route } from 'playwright-core';
import { brusselsDate, formatSsin, withMod97CheckDigits } from '@certdesk/domain';
import { callApi } from './support/api.js';
import { launchBrowser, type Browser } from './support/browser.js';
import { failWithServerError } from './support/failed-page.js';
import { followedInDocument, modifierClicksTaken } from './support/in-app-links.js';
import { cbeNumber, createLegacyKeystore } from './support/keystore.js';
import { ADMIN, startStack, type Stack } from './support/stack.js';

// Issue 10, people and log-ins: a central administrator onboards an organisation's administrator from the dashboard,
// who chooses a password through the link the notifier mailed (read from the stack's own mail catcher) and logs in;
// the organisation's administrator records a person's departure and sees the warning it raises; personal API tokens;
// the organisation's identifiers. Debian's chromium against the stack `npm start` runs, on a fresh database, with its
// data made through the api here. The steps build on each other, in order.
// The root Jest run takes testTimeout from its global configuration only (jest-circus), not from jest.config.mjs.
jest.setTimeout(120_000);

const ORGANISATION = { name: 'Ambulances de Namur', cbe: cbeNumber('07960981') };
const OTHER = { name: 'Hôpital du Nord', cbe: cbeNumber('04620001') };
const OLIVIA = {
  name: 'Olivia Orgadmin',
  email: 'olivia@ambulances-namur.example',
  password: 'olivia-chose-this-one',
};
/** A certificate manager of the organisation (with a valid test SSIN), who will leave. */
const MARC = { name: 'Marc Manager', ssin: '85073003328', masked: '850730-***-**' };
/** The SSIN his administrator corrects it to (born the same day: masked the same). */
const NEW_SSIN = withMod97CheckDigits('850730034');

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

describe('people, log-ins, API tokens and organisations in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let admin: Page;
  /** The new organisation administrator's own tab (a session of her own). */
  let olivia: Page;
  let work: string;
  let mailPage = '';
  let adminToken = '';
  let organisationId = '';
  let otherId = '';
  let certificateId = '';
  let marcId = '';
  let samId = '';
  let setPasswordLink = '';

  const api = (path: string, init: Parameters<typeof callApi>[2] = {}) =>
    callApi(stack.url, path, { token: adminToken, ...init });
  const must = async (path: string, init: Parameters<typeof callApi>[2] = {}) => {
    const answer = await api(path, init);
    if (answer.status >= 300) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const heading = (p: Page, name: string | RegExp) => p.getByRole('heading', { level: 1, name }).waitFor();
  const nav = (p: Page, name: string) =>
    p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });
  const logIn = async (p: Page, email: string, password: string) => {
    await p.getByLabel('E-mail').fill(email);
    await p.getByLabel('Password').fill(password);
    await p.getByRole('button', { name: 'Log in' }).click();
  };
  const accessible = async (p: Page) => expect(await browser.accessibility(p)).toEqual([]);
  /** The people table's log-ins have come: no cell of it says "Loading…" any more (call once its rows show). */
  const loginsShown = (p: Page) =>
    p.locator('table.people').getByText('Loading…').first().waitFor({ state: 'detached' });
  /** The dashboard reading log-ins: GET /api/v1/users, with the ids of the people it shows. */
  const loginsRead = (url: URL) => url.pathname === '/api/v1/users';
  /**
   * Holds the tab's readings of log-ins until `release()`, as a slow api would: `asked` resolves once one is held.
   */
  const holdLogins = async (p: Page) => {
    let asked!: () => void;
    let release!: () => void;
    const wasAsked = new Promise<void>((resolve) => (asked = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const hold = async (route: Route) => {
      if (route.request().method() !== 'GET') return route.continue();
      asked();
      await released;
      await route.continue();
    };
    await p.route(loginsRead, hold);
    return {
      asked: wasAsked,
      release: async () => {
        release();
        await p.unrouteAll({ behavior: 'wait' });
      },
    };
  };
  /** A tab of its own, with the central administrator logged in: its routes and its cache are its own. */
  const adminTab = async () => {
    const p = await browser.newPage();
    await p.goto(`${stack.url}/login`);
    await logIn(p, ADMIN.email, ADMIN.password);
    await heading(p, 'Overview');
    return p;
  };
  /** The mails the stack's mail catcher kept for `to`, newest first, parsed. */
  const mailsTo = async (to: string) => {
    const list = (await (await fetch(`${mailPage}messages.json`)).json()) as {
      messages: { id: string; to: string }[];
    };
    const parsed = [];
    for (const message of list.messages.filter((x) => x.to.includes(to))) {
      const raw = Buffer.from(await (await fetch(`${mailPage}messages/${message.id}.eml`)).arrayBuffer());
      parsed.push(await simpleParser(raw));
    }
    return parsed;
  };
  const waitForMail = async (to: string, count = 1) => {
    for (let i = 0; i < 150; i++) {
      const mails = await mailsTo(to);
      if (mails.length >= count) return mails[0]!;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`no mail to ${to}:\n${stack.output().slice(-3000)}`);
  };

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'certdesk-people-'));
    const mailPort = await freePort();
    mailPage = `http://127.0.0.1:${mailPort}/`;
    // The stack's mail catcher keeps its mails in a folder of this test's own, and shows them on this port.
    stack = await startStack({
      MAIL_CATCHER_HTTP_PORT: String(mailPort),
      MAIL_CATCHER_DIR: join(work, 'mail'),
    });
    adminToken = (await callApi(stack.url, '/api/v1/auth/login', { method: 'POST', body: ADMIN })).body
      .accessToken as string;

    const organisation = await must('/api/v1/organisations', {
      body: {
        name: ORGANISATION.name,
        identifiers: [{ type: 'CBE', value: ORGANISATION.cbe }],
        languages: ['fr', 'nl'],
        contacts: [{ email: 'info@ambulances-namur.example', language: 'fr', generic: true }],
      },
    });
    organisationId = organisation.id as string;
    otherId = (
      await must('/api/v1/organisations', {
        body: { name: OTHER.name, identifiers: [{ type: 'CBE', value: OTHER.cbe }], languages: ['nl'] },
      })
    ).id as string;
    // Its certificate, managed by Marc.
    const keystore = await createLegacyKeystore({
      cbe: ORGANISATION.cbe,
      name: 'AMBULANCES DE NAMUR',
      days: 300,
      password: 'Keystore-pass-1',
      directory: work,
    });
    const form = new FormData();
    form.set('organisationId', organisationId);
    form.set('password', keystore.password);
    form.append('files', new Blob([await readFile(keystore.path)]), keystore.fileName);
    const imported = (await (
      await fetch(`${stack.url}/api/v1/certificates/import`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${adminToken}` },
        body: form,
      })
    ).json()) as { files: { certificates: { certificateId: string }[] }[] };
    certificateId = imported.files[0]!.certificates[0]!.certificateId;
    marcId = (
      await must('/api/v1/people', {
        body: {
          name: MARC.name,
          ssin: MARC.ssin,
          email: 'marc@ambulances-namur.example',
          memberships: [{ organisationId, roles: ['certificate-manager'] }],
        },
      })
    ).id as string;
    await must(`/api/v1/certificates/${certificateId}/manager`, {
      method: 'PUT',
      body: { managerId: marcId },
    });
    // Sam works for both organisations: one person, with a log-in, and roles in each.
    samId = (
      await must('/api/v1/users', {
        body: {
          email: 'sam@shared.example',
          name: 'Sam Shared',
          password: 'sam-long-password-1',
          roles: [
            { role: 'viewer', organisationId },
            { role: 'certificate-manager', organisationId: otherId },
          ],
        },
      })
    ).personId as string;
    await must(`/api/v1/people/${samId}`, {
      method: 'PATCH',
      body: { memberships: [{ organisationId: otherId, roles: ['access-manager'] }] },
    });

    browser = await launchBrowser();
    admin = await browser.newPage();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('shows one row per person, with their roles in each organisation', async () => {
    await admin.goto(`${stack.url}/login`);
    await logIn(admin, ADMIN.email, ADMIN.password);
    await heading(admin, 'Overview');
    await nav(admin, 'People').click();
    await heading(admin, 'People and log-ins');
    const sam = admin.locator(`tr[data-person="${samId}"]`);
    await sam.waitFor();
    await loginsShown(admin);
    expect(await admin.locator('tr', { hasText: 'Sam Shared' }).count()).toBe(1);
    const roles = await sam.locator('ul.roles-per-organisation li').allTextContents();
    expect(roles).toEqual([
      `${ORGANISATION.name}: viewer`,
      `${OTHER.name}: certificate manager, access manager`,
    ]);
    expect(await sam.textContent()).toContain('sam@shared.example');
    await accessible(admin);
    await browser.screenshot(admin, 'people', { guide: true });
  });

  it('shows the people before their log-ins come, and offers nothing a log-in decides until then', async () => {
    const tab = await adminTab();
    const held = await holdLogins(tab);
    await tab.goto(`${stack.url}/people`);
    await heading(tab, 'People and log-ins');
    const sam = tab.locator(`tr[data-person="${samId}"]`);
    const marc = tab.locator(`tr[data-person="${marcId}"]`);
    await sam.getByRole('link', { name: 'Sam Shared' }).waitFor();
    await marc.getByRole('link', { name: MARC.name }).waitFor();
    await held.asked;
    // The rows are there, with what the people say; what their log-ins decide is on its way, for Marc too, who has
    // none: not "none" before it is known.
    expect(await marc.locator('td').first().textContent()).toBe('marc@ambulances-namur.example');
    for (const row of [sam, marc]) {
      expect(await row.locator('td').nth(1).textContent()).toBe('…Loading…');
      expect(await row.locator('td').last().textContent()).toBe('…Loading…');
    }
    expect(await tab.locator('table.people').getByText('none', { exact: true }).count()).toBe(0);
    await accessible(tab);
    await held.release();
    await sam.locator('td').last().getByText('sam@shared.example').waitFor();
    expect(await marc.locator('td').last().textContent()).toBe('none');
    expect(await sam.locator('ul.roles-per-organisation li').allTextContents()).toEqual([
      `${ORGANISATION.name}: viewer`,
      `${OTHER.name}: certificate manager, access manager`,
    ]);
    await loginsShown(tab);

    // A person's page: neither "give them a log-in" nor the log-in's buttons before it is known whether they have one.
    const again = await holdLogins(tab);
    await tab.goto(`${stack.url}/people/${marcId}`);
    await heading(tab, MARC.name);
    await again.asked;
    // The section shows with the heading (one render): Marc has no log-in, and it is not known yet.
    const login = tab.getByRole('region', { name: 'Log-in to Certdesk' });
    expect(await login.getByRole('button').count()).toBe(0);
    expect(await login.textContent()).not.toContain('none');
    await login.getByRole('status').filter({ hasText: 'Loading…' }).waitFor();
    await accessible(tab);
    await again.release();
    await login.getByRole('button', { name: 'Give them a log-in' }).waitFor();
    expect(browser.pageErrors()).toEqual([]);
    await tab.close();
  });

  it('shows the people when their log-ins cannot be read: the error beside them, nothing a log-in decides', async () => {
    const tab = await adminTab();
    const fail = (route: Route) =>
      route.request().method() === 'GET'
        ? route.fulfill({
            status: 500,
            json: { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal server error' },
          })
        : route.continue();
    await tab.route(loginsRead, fail);
    await tab.goto(`${stack.url}/people`);
    await heading(tab, 'People and log-ins');
    await tab.getByRole('alert').filter({ hasText: 'Something went wrong on the server.' }).waitFor();
    const sam = tab.locator(`tr[data-person="${samId}"]`);
    const marc = tab.locator(`tr[data-person="${marcId}"]`);
    await sam.getByRole('link', { name: 'Sam Shared' }).waitFor();
    for (const row of [sam, marc]) expect(await row.locator('td').last().textContent()).toBe('not known');
    expect(await marc.locator('td').first().textContent()).toBe('marc@ambulances-namur.example');
    expect(await tab.locator('table.people').getByText('Loading…').count()).toBe(0);
    await accessible(tab);

    await tab.goto(`${stack.url}/people/${marcId}`);
    await heading(tab, MARC.name);
    const login = tab.getByRole('region', { name: 'Log-in to Certdesk' });
    await login.getByRole('alert').filter({ hasText: 'Something went wrong on the server.' }).waitFor();
    expect(await login.getByRole('button').count()).toBe(0);
    expect(await login.getByRole('status').count()).toBe(0);
    await accessible(tab);

    // People who cannot be read are not "nobody".
    await tab.route((url) => url.pathname === '/api/v1/people', failWithServerError);
    await tab.goto(`${stack.url}/people`);
    await heading(tab, 'People and log-ins');
    await tab.getByRole('alert').filter({ hasText: 'Something went wrong on the server.' }).waitFor();
    expect(await tab.getByText('Nobody matches.').count()).toBe(0);
    await tab.close();
  });

  it('creates an organisation administrator, who is mailed a link to choose a password (never a password)', async () => {
    await admin.getByRole('button', { name: 'New log-in' }).click();
    const form = admin.getByRole('form', { name: 'New log-in' });
    await form.getByLabel('Name').fill(OLIVIA.name);
    await form.getByLabel('E-mail', { exact: true }).fill(OLIVIA.email);
    await form.getByLabel('Organisation').selectOption({ label: ORGANISATION.name });
    await form.getByLabel('Role in Certdesk').selectOption('org-admin');
    expect(await form.getByLabel('E-mail them a link to choose it (recommended)').isChecked()).toBe(true);
    await accessible(admin);
    await browser.screenshot(admin, 'people-new-login', { guide: true });
    await form.getByRole('button', { name: 'Create the log-in' }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: `Log-in created for ${OLIVIA.email}.` })
      .waitFor();
    const row = admin.locator('tr', { hasText: OLIVIA.name });
    await row.filter({ hasText: 'no password yet' }).waitFor();
    expect(await row.textContent()).toContain('no password yet');
    expect(await row.textContent()).toContain(`${ORGANISATION.name}: organisation administrator`);

    // The notifier mailed it, through the stack's SMTP (its mail catcher), in the organisation's languages.
    const mail = await waitForMail(OLIVIA.email);
    expect(mail.subject).toBe('Certdesk: choisissez votre mot de passe / kies uw wachtwoord');
    const match = /https?:\/\/\S+\/set-password#token=cdl_[A-Za-z0-9_-]+/.exec(mail.text ?? '');
    expect(match).not.toBeNull();
    setPasswordLink = match![0];
    expect(setPasswordLink.startsWith(`${stack.url}/set-password#token=`)).toBe(true);
    // The link is the only secret in it.
    const longWords = (mail.text ?? '').match(/\S{24,}/g)!.filter((w) => /\d/.test(w) && /[a-z]/i.test(w));
    expect(new Set(longWords)).toEqual(new Set([setPasswordLink]));
  });

  it('lets the new administrator choose a password with the link, then log in with it; the link works once', async () => {
    olivia = await browser.newPage();
    await olivia.goto(setPasswordLink);
    await heading(olivia, 'Choose your password');
    await olivia.getByText(`For your Certdesk log-in ${OLIVIA.email}.`).waitFor();
    await accessible(olivia);
    await browser.screenshot(olivia, 'set-password', { guide: true });
    await olivia.getByLabel('New password').fill('too-short');
    await olivia.getByLabel('The same password again').fill('too-short');
    await olivia.getByRole('button', { name: 'Set my password' }).click();
    await olivia.getByRole('alert').filter({ hasText: 'at least 12 characters' }).waitFor();
    await olivia.getByLabel('New password').fill(OLIVIA.password);
    await olivia.getByLabel('The same password again').fill(`${OLIVIA.password}!`);
    await olivia.getByRole('button', { name: 'Set my password' }).click();
    await olivia.getByRole('alert').filter({ hasText: 'The two passwords differ.' }).waitFor();
    await olivia.getByLabel('The same password again').fill(OLIVIA.password);
    await olivia.getByRole('button', { name: 'Set my password' }).click();
    await olivia.getByRole('status').filter({ hasText: 'Your password is set' }).waitFor();
    await olivia.getByRole('link', { name: 'Go to the log-in page' }).click();
    await heading(olivia, 'Log in');
    await logIn(olivia, OLIVIA.email, OLIVIA.password);
    await heading(olivia, 'Overview');
    expect(await olivia.locator('header .me').textContent()).toContain(OLIVIA.name);

    // The same link again: refused, in words, and her password is untouched.
    const again = await browser.newPage();
    await again.goto(setPasswordLink);
    await again.getByRole('alert').filter({ hasText: 'This link was used already.' }).waitFor();
    expect(await again.getByRole('alert').getAttribute('data-code')).toBe('SET_PASSWORD_LINK_USED');
    await accessible(again);
    await again.close();
    const relogin = await callApi(stack.url, '/api/v1/auth/login', {
      method: 'POST',
      body: { email: OLIVIA.email, password: OLIVIA.password },
    });
    expect(relogin.status).toBe(200);
    // She sees her organisation only.
    await nav(olivia, 'Organisations').click();
    await heading(olivia, 'Organisations');
    await olivia.getByRole('link', { name: ORGANISATION.name }).waitFor();
    expect(await olivia.getByRole('link', { name: OTHER.name }).count()).toBe(0);
  });

  it("records Marc's departure with its date, and the warning shows it", async () => {
    await nav(olivia, 'People').click();
    await heading(olivia, 'People and log-ins');
    await olivia.getByRole('link', { name: MARC.name }).click();
    await heading(olivia, MARC.name);
    // Her view shows the SSIN masked, as the api masks it for an organisation administrator.
    expect(await olivia.locator('code[data-ssin]').textContent()).toBe(MARC.masked);
    await accessible(olivia);
    await olivia.getByRole('button', { name: `Record that they left ${ORGANISATION.name}` }).click();
    const yesterday = brusselsDate(new Date(Date.now() - 86_400_000));
    const departure = olivia.getByRole('form', { name: `Record that they left ${ORGANISATION.name}` });
    await departure.getByLabel('Day they left').fill(yesterday);
    await departure.getByRole('button', { name: 'Record the departure' }).click();
    const left = olivia.locator('[data-left-on]');
    await left.waitFor();
    expect(await left.getAttribute('data-left-on')).toBe(yesterday);
    await olivia.getByRole('button', { name: `They work at ${ORGANISATION.name} again` }).waitFor();
    await accessible(olivia);
    await browser.screenshot(olivia, 'person', { guide: true });
    const marc = await must(`/api/v1/people/${marcId}`);
    expect(marc.memberships).toEqual([
      { organisationId, employed: false, leftOn: yesterday, roles: ['certificate-manager'] },
    ]);

    // The warning: his certificate's manager has left.
    await nav(olivia, 'Warnings').click();
    await heading(olivia, 'Warnings');
    const warning = olivia.locator(
      `section.warning-group[data-organisation-id="${organisationId}"][data-code="MANAGER_LEFT"]`,
    );
    await warning.waitFor();
    expect(await warning.textContent()).toContain(MARC.name);
    await accessible(olivia);
    // ... and the certificate says so too.
    await olivia.goto(`${stack.url}/certificates/${certificateId}`);
    await olivia.getByText(MARC.name).first().waitFor();
    expect(await olivia.locator('main').textContent()).toContain('has left');
  });

  it('edits a person’s details; a new SSIN shows masked to the organisation administrator', async () => {
    await olivia.goto(`${stack.url}/people/${marcId}`);
    await heading(olivia, MARC.name);
    await olivia.getByRole('button', { name: 'Edit the details' }).click();
    const form = olivia.getByRole('form', { name: 'Edit the details' });
    await form.getByLabel('Phone').fill('+32 81 22 33 44');
    // Typed as people write it; the api keeps the 11 digits.
    await form.getByLabel('New national register number (SSIN)').fill(formatSsin(NEW_SSIN));
    await accessible(olivia);
    await form.getByRole('button', { name: 'Save' }).click();
    await olivia.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await olivia.locator('dl.facts').first().getByText('+32 81 22 33 44').waitFor();
    expect(await olivia.locator('code[data-ssin]').textContent()).toBe(MARC.masked);
    expect((await must(`/api/v1/people/${marcId}`)).ssin).toBe(NEW_SSIN);
    // A number that is not an SSIN: refused in words, nothing changed.
    await olivia.getByRole('button', { name: 'Edit the details' }).click();
    await form.getByLabel('New national register number (SSIN)').fill('85073003329');
    await form.getByRole('button', { name: 'Save' }).click();
    const alert = form.getByRole('alert');
    expect(await alert.getAttribute('data-code')).toBe('INVALID_SSIN');
    expect(await alert.textContent()).toBe('This national register number is not valid.');
    expect((await must(`/api/v1/people/${marcId}`)).ssin).toBe(NEW_SSIN);
  });

  it('creates a personal API token shown once, which works until it is revoked', async () => {
    await nav(olivia, 'API tokens').click();
    await heading(olivia, 'Personal API tokens');
    await olivia.getByLabel('Name').fill('nightly export');
    await olivia.getByLabel(/Valid for/).fill('30');
    await olivia.getByRole('button', { name: 'Create a token' }).click();
    const value = olivia.locator('input.token-value');
    await value.waitFor();
    const token = await value.inputValue();
    expect(token).toMatch(/^cdp_/);
    await accessible(olivia);
    await browser.screenshot(olivia, 'tokens', { guide: true });
    const me = await callApi(stack.url, '/api/v1/auth/me', { token });
    expect(me.body).toMatchObject({ email: OLIVIA.email });
    await olivia.getByRole('button', { name: 'I have copied it' }).click();
    // Shown once: the list has its name, never the token.
    const row = olivia.getByRole('row', { name: /nightly export/ });
    await row.waitFor();
    expect(await olivia.locator('main').textContent()).not.toContain(token);
    await row.getByRole('button', { name: 'Revoke nightly export' }).click();
    const dialog = olivia.getByRole('dialog', { name: 'Revoke the token "nightly export"?' });
    expect(await dialog.textContent()).toContain('cannot be undone');
    await accessible(olivia);
    await dialog.getByRole('button', { name: 'Revoke it' }).click();
    await olivia.getByRole('status').filter({ hasText: 'The token "nightly export" is revoked.' }).waitFor();
    await olivia.getByText('You have no token.').waitFor();
    expect((await callApi(stack.url, '/api/v1/auth/me', { token })).status).toBe(401);
  });

  it("edits the organisation's identifiers, checked as at creation, and its contacts", async () => {
    await admin.goto(`${stack.url}/organisations/${organisationId}`);
    await heading(admin, ORGANISATION.name);
    await admin.getByRole('button', { name: 'Edit the name and identifiers' }).click();
    const form = admin.getByRole('form', { name: 'Name and identifiers' });
    await form.getByRole('button', { name: 'Add an identifier' }).click();
    const second = form.getByRole('group', { name: 'Identifier 2' });
    await second.getByLabel(/Identifier type/).selectOption('NIHII-AMBU_SERVICE');
    // One digit short: refused by libs/domain's checks, as it would be at creation.
    await second.getByLabel('Identifier', { exact: true }).fill('7960997');
    await form.getByRole('button', { name: 'Save' }).click();
    expect(await form.getByRole('alert').getAttribute('data-code')).toBe('INVALID_IDENTIFIER');
    expect(await form.getByRole('alert').textContent()).toBe(
      'This identifier is not valid for its type (length or check digits).',
    );
    expect(((await must(`/api/v1/organisations/${organisationId}`)).identifiers as unknown[]).length).toBe(1);
    await second.getByLabel('Identifier', { exact: true }).fill('79609977');
    await form.getByLabel('Name').fill(`${ORGANISATION.name} (SMUR)`);
    await accessible(admin);
    await form.getByRole('button', { name: 'Save' }).click();
    await heading(admin, `${ORGANISATION.name} (SMUR)`);
    await admin.getByText('NIHII-AMBU_SERVICE=79609977').waitFor();
    expect(await admin.getByText(`CBE=${ORGANISATION.cbe}`).count()).toBe(1);

    // A contact's language and kind.
    await admin.getByRole('button', { name: 'Edit info@ambulances-namur.example' }).click();
    const contact = admin.getByRole('form', { name: 'Edit info@ambulances-namur.example' });
    await contact.getByLabel('Language').selectOption('nl');
    await contact.getByRole('button', { name: 'Save the address' }).click();
    await admin.getByText('(Nederlands)').waitFor();
    const saved = await must(`/api/v1/organisations/${organisationId}`);
    expect(saved.contacts).toEqual([
      expect.objectContaining({ email: 'info@ambulances-namur.example', language: 'nl', generic: true }),
    ]);
    await accessible(admin);
    await browser.screenshot(admin, 'organisation-edited', { guide: true });
  });

  it("sends a new link, and disables the administrator's log-in, which ends her session", async () => {
    await admin.goto(`${stack.url}/people`);
    await admin.getByRole('link', { name: OLIVIA.name }).click();
    await heading(admin, OLIVIA.name);
    await admin.getByRole('button', { name: 'E-mail a link to choose a new password' }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: `was e-mailed to ${OLIVIA.email}` })
      .waitFor();
    await waitForMail(OLIVIA.email, 2);
    await admin.getByRole('button', { name: 'Disable the log-in' }).click();
    const dialog = admin.getByRole('dialog', { name: `Disable the log-in ${OLIVIA.email}?` });
    await accessible(admin);
    await browser.screenshot(admin, 'person-login', { guide: true });
    await dialog.getByRole('button', { name: 'Disable the log-in' }).click();
    await admin.getByRole('status').filter({ hasText: 'The log-in is disabled.' }).waitFor();
    await admin.getByRole('button', { name: 'Enable the log-in' }).waitFor();
    // Her open session ends at once.
    await olivia.reload();
    await heading(olivia, 'Log in');
    const refused = await callApi(stack.url, '/api/v1/auth/login', {
      method: 'POST',
      body: { email: OLIVIA.email, password: OLIVIA.password },
    });
    expect(refused.status).toBe(401);
  });

  it('keeps the people table within a 1024-pixel-wide window', async () => {
    await admin.setViewportSize({ width: 1024, height: 800 });
    await admin.goto(`${stack.url}/people`);
    await heading(admin, 'People and log-ins');
    await admin.locator('table.people').waitFor();
    const widths = await admin.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      table: document.querySelector('table.people')!.getBoundingClientRect().right,
    }));
    expect(widths.page).toBeLessThanOrEqual(1024);
    expect(widths.table).toBeLessThanOrEqual(1024);
    expect(browser.pageErrors()).toEqual([]);
  });

  it('pages through many people, with their log-ins, and searches every one by name or address', async () => {
    for (let i = 0; i < 104; i++) {
      await must('/api/v1/people', {
        body: {
          name: `Secouriste ${String(i).padStart(3, '0')}`,
          email: `secouriste${i}@namur.example`,
          memberships: [{ organisationId, roles: ['certificate-manager'] }],
        },
      });
    }
    const everyone = (await must(`/api/v1/people?organisationId=${organisationId}`)) as unknown as {
      name: string;
    }[];
    expect(everyone.length).toBeGreaterThan(104);
    await admin.goto(`${stack.url}/people?organisationId=${organisationId}`);
    await heading(admin, 'People and log-ins');
    const names = async () => {
      await admin.locator('table.people tbody tr').first().waitFor();
      return admin.locator('table.people tbody tr th').allTextContents();
    };
    const pages = admin.getByRole('navigation', { name: 'Pages of people' });
    const first = await names();
    expect(first).toHaveLength(100);
    expect(new Set(first)).toEqual(new Set(everyone.slice(0, 100).map((p) => p.name)));
    await pages.getByRole('button', { name: 'Next page' }).click();
    await pages.getByText('Page 2').waitFor();
    expect(new Set(await names())).toEqual(new Set(everyone.slice(100).map((p) => p.name)));
    expect(await pages.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    await pages.getByRole('button', { name: 'Previous page' }).click();
    await pages.getByText('Page 1').waitFor();

    const filters = admin.getByRole('form', { name: 'Filter the people' });
    await filters.getByRole('searchbox').fill('SECOURISTE77@');
    await filters.getByRole('button', { name: 'Apply' }).click();
    // The first page's rows go when the search's answer comes: one row left.
    await admin.locator('table.people tbody tr').nth(1).waitFor({ state: 'detached' });
    expect(await names()).toEqual(['Secouriste 077']);
    expect(await admin.getByRole('status').filter({ hasText: '1 person' }).count()).toBe(1);
    expect(await pages.count()).toBe(0);
    await filters.getByRole('searchbox').fill(OLIVIA.name);
    await filters.getByRole('button', { name: 'Apply' }).click();
    const olivia = admin.getByRole('row', { name: new RegExp(OLIVIA.name) });
    await olivia.waitFor();
    await loginsShown(admin);
    // Her log-in, read for this page's people alone, is beside her: disabled by the test before.
    expect(await olivia.locator('td').last().textContent()).toBe(`${OLIVIA.email} disabled`);
    await filters.getByRole('searchbox').fill('Secouriste 05');
    await filters.getByRole('button', { name: 'Apply' }).click();
    await admin.getByRole('row', { name: /Secouriste 059/ }).waitFor();
    await loginsShown(admin);
    expect(await names()).toHaveLength(10);
    expect(await admin.locator('table.people tbody tr').first().locator('td').last().textContent()).toBe(
      'none',
    );
    // A row's name opens the person within the page already loaded; a click with a modifier key is the browser's.
    const secouriste = admin
      .getByRole('row', { name: /Secouriste 059/ })
      .getByRole('link', { name: 'Secouriste 059' });
    expect(await modifierClicksTaken(secouriste)).toEqual([false, false, false, false]);
    expect(await followedInDocument(admin, secouriste, () => heading(admin, 'Secouriste 059'))).toBe(true);
    expect(browser.pageErrors()).toEqual([]);
  });
});
