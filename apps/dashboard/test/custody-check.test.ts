import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
// The card-bridge command and a SoftHSM2 store (Node-side test support); the keystore check needs no card.
// eslint-disable-next-line @nx/enforce-module-boundaries
import {
  type BridgeCommand,
  PAIRING_CODE_LINE,
  type SoftHsm,
  createSoftHsm,
  startBridgeCommand,
  testPki,
} from '@certdesk/card-bridge/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { buildEhealthKeystore, type TestCertificate } from '@certdesk/pki/testing';
import { callApi, importCertificate } from './support/api.js';
import { launchBrowser, type Browser } from './support/browser.js';
import { cbeNumber } from './support/keystore.js';
import { ADMIN, startStack, type Stack } from './support/stack.js';

// "Check that I can still open this keystore" end to end: the custodian's browser pairs with the card-bridge process
// on the PC holding the keystore, the bridge asks for the password there (its password program stands for the person
// typing it), and the page posts only the bridge's answer to the api, which records it. The password never reaches
// the page nor the api. The steps build on each other, in order.
jest.setTimeout(60_000);

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('password custody in a real browser, through the card-bridge', () => {
  const cbe = cbeNumber('07960888');
  const custodian = { name: 'Jana Custodian', email: 'jana@custody.test', password: 'jana-custody-login-pw' };
  const keystorePassword = 'Custody-2026!keystore';
  const fileName = `CBE=${cbe} 20240301-101500.p12`;
  let store: SoftHsm;
  let stack: Stack;
  let bridge: BridgeCommand;
  let browser: Browser;
  let page: Page;
  let authentication: TestCertificate;
  let etk: TestCertificate;
  let certificateId = '';
  let custodianToken = '';
  let typedPasswordFile = '';
  /** Every body the page sent, to the api or the bridge. */
  const sentBodies: string[] = [];

  const api = (path: string, init: Parameters<typeof callApi>[2] = {}) => callApi(stack.url, path, init);
  const custodySection = () => page.getByRole('region', { name: 'Password custody' });
  /** The check's outcome on the page; when it does not come, what the section shows and what the bridge printed. */
  const outcomeShown = async (outcome: 'opened' | 'failed') => {
    const shown = custodySection().locator(`[data-outcome=${outcome}]`);
    await shown.waitFor().catch(async (error: unknown) => {
      throw new Error(
        `${(error as Error).message}\nthe Password custody section shows:\n${await custodySection().innerText()}` +
          `\nthe card-bridge printed:\n${bridge.output().slice(-2000)}`,
      );
    });
    return shown;
  };
  const attestations = async () =>
    (await api(`/api/v1/certificates/${certificateId}/custody-attestations`, { token: custodianToken }))
      .body as unknown as {
      outcome: string;
      failure: string | null;
      keystoreCertificateFingerprints: string[];
      etkPublicKeyFingerprint: string | null;
    }[];

  beforeAll(async () => {
    store = await createSoftHsm();
    const pki = await testPki();
    authentication = await pki.issueEhealthCertificate({
      identifierType: 'CBE',
      identifierValue: cbe,
      holderName: 'AMBULANCES CUSTODY',
      environment: 'acceptance',
    });
    etk = await pki.issueEtkCertificate(authentication);
    const folder = join(store.dir, 'keystore');
    await mkdir(folder);
    const keystorePath = join(folder, fileName);
    await writeFile(
      keystorePath,
      await buildEhealthKeystore({
        password: keystorePassword,
        encryption: 'legacy',
        authentication,
        etk: [etk],
      }),
    );
    typedPasswordFile = join(store.dir, 'typed-password');
    await writeFile(typedPasswordFile, keystorePassword);

    stack = await startStack();
    // startStack's build made the bridge's dist, which the command runs; it serves the dashboard's origin only.
    bridge = await startBridgeCommand(store, [stack.url], { passwordScript: `cat '${typedPasswordFile}'` });

    const adminToken = (await api('/api/v1/auth/login', { body: ADMIN })).body.accessToken as string;
    const organisation = await api('/api/v1/organisations', {
      token: adminToken,
      body: {
        name: 'Ambulances Custody',
        identifiers: [{ type: 'CBE', value: cbe }],
        contacts: [{ email: 'info@custody.test', language: 'fr', generic: true }],
      },
    });
    expect(organisation.status).toBe(201);
    const user = await api('/api/v1/users', {
      token: adminToken,
      body: {
        email: custodian.email,
        name: custodian.name,
        password: custodian.password,
        roles: [{ role: 'certificate-manager', organisationId: organisation.body.id }],
      },
    });
    expect(user.status).toBe(201);
    // importCertificate throws unless the api answers 200, with its answer.
    certificateId = await importCertificate(
      stack.url,
      adminToken,
      organisation.body.id as string,
      'authentication.pem',
      authentication.pem,
    );
    // Where the keystore lives and who knows its password, as an administrator records them.
    const recorded = await api(`/api/v1/certificates/${certificateId}`, {
      method: 'PATCH',
      token: adminToken,
      body: {
        keystore: { fileName, host: hostname(), path: keystorePath },
        passwordCustodianId: user.body.personId,
      },
    });
    expect(recorded.status).toBe(200);
    custodianToken = (
      await api('/api/v1/auth/login', { body: { email: custodian.email, password: custodian.password } })
    ).body.accessToken as string;

    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('request', (request) => {
      const body = request.postData();
      if (body) sentBodies.push(body);
    });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await bridge?.stop();
    await stack?.stop();
    await store?.cleanup();
  });

  it('the custodian pairs the card-bridge from the certificate page', async () => {
    await page.goto(`${stack.url}/certificates/${certificateId}`);
    await page.getByLabel('E-mail').fill(custodian.email);
    await page.getByLabel('Password').fill(custodian.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await custodySection().waitFor();
    await custodySection().getByLabel('Card-bridge port').fill(String(bridge.port));
    const printedBefore = bridge.output().length;
    await custodySection().getByRole('button', { name: 'Find the card-bridge' }).click();
    const code = (await bridge.waitForOutput(PAIRING_CODE_LINE, printedBefore))[1]!;
    await custodySection().getByLabel('Pairing code').fill(code);
    await custodySection().getByRole('button', { name: 'Pair' }).click();
    await custodySection()
      .getByRole('status')
      .filter({ hasText: `Card-bridge paired (http://127.0.0.1:${bridge.port}).` })
      .waitFor();
    // The place Certdesk recorded is offered.
    expect(await custodySection().getByLabel('Keystore on this PC (path or file name)').inputValue()).toBe(
      join(store.dir, 'keystore', fileName),
    );
  });

  it('a folder is not a keystore: the page says so and asks nothing of the bridge', async () => {
    const field = custodySection().getByLabel('Keystore on this PC (path or file name)');
    const recordedFile = await field.inputValue();
    await field.fill(join(store.dir, 'keystore'));
    const printedBefore = bridge.output().length;
    await custodySection().getByRole('button', { name: 'Check that I can still open this keystore' }).click();
    await custodySection()
      .getByRole('alert')
      .filter({ hasText: 'Name the keystore file itself (.p12 or .pfx), not its folder.' })
      .waitFor();
    expect(bridge.output().slice(printedBefore)).toBe('');
    expect(await attestations()).toEqual([]);
    await field.fill(recordedFile);
  });

  it('checks that the keystore opens: the page shows it, the api records the fingerprints', async () => {
    await custodySection().getByRole('button', { name: 'Check that I can still open this keystore' }).click();
    const outcome = await outcomeShown('opened');
    expect(await outcome.textContent()).toMatch(
      /The keystore opened \(.+\)\. Recorded: the password is known\./,
    );
    await browser.screenshot(page, 'custody-check-opened');
    const [latest] = await attestations();
    expect(latest).toMatchObject({
      outcome: 'opened',
      failure: null,
      etkPublicKeyFingerprint: sha256(etk.publicKeySpki),
    });
    expect(latest!.keystoreCertificateFingerprints).toContain(sha256(authentication.der));
  });

  it('a wrong password is shown and recorded as a failed attempt', async () => {
    await writeFile(typedPasswordFile, 'Not-The-Password-1');
    await custodySection().getByRole('button', { name: 'Check that I can still open this keystore' }).click();
    const outcome = await outcomeShown('failed');
    expect(await outcome.textContent()).toMatch(
      /The password did not open the keystore .*This attempt is recorded\./,
    );
    // The section lists the checks, newest first, for anyone who opens the page.
    const history = custodySection().getByRole('list', { name: 'Custody checks' });
    await history.getByText(/the password did not open it \(Jana Custodian\)/).waitFor();
    expect(await history.getByRole('listitem').count()).toBe(2);
    expect((await attestations()).map((a) => [a.outcome, a.failure])).toEqual(
      expect.arrayContaining([
        ['failed', 'wrong-password'],
        ['opened', null],
      ]),
    );
  });

  it('the passwords never went through the page', async () => {
    // The attestations were posted (the bridge's answers), and nothing the page sent held a password.
    expect(sentBodies.filter((body) => body.includes('keystoreCertificateFingerprints'))).toHaveLength(2);
    for (const body of sentBodies) {
      expect(body).not.toContain(keystorePassword);
      expect(body).not.toContain('Not-The-Password-1');
    }
    expect(await page.content()).not.toContain(keystorePassword);
    expect(bridge.output()).not.toContain(keystorePassword);
    expect(browser.pageErrors()).toEqual([]);
    expect(await browser.accessibility(page)).toEqual([]);
  });
});
