import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { launchBrowser, type Browser } from './support/browser.js';
import { ADMIN, closedPort, startStack, type Stack } from './support/stack.js';

// Issue 9, item 9: the api sends a Content-Security-Policy without 'unsafe-inline' scripts and frame-ancestors 'none'.
// The built dashboard (Vite's output, as `npm start` serves it) must still work under it in a real browser: every
// refusal of the policy shows in chromium's console, and none may appear.
jest.setTimeout(120_000);

const CSP_REFUSAL = /Content Security Policy/i;

describe('the dashboard under its security headers', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const refusals: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    browser.context.on('console', (message) => {
      if (message.type() === 'error' && CSP_REFUSAL.test(message.text())) refusals.push(message.text());
    });
    page = await browser.newPage();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('serves its page with the policy, and the page has no inline script or style', async () => {
    const response = await fetch(`${stack.url}/organisations`);
    expect(response.status).toBe(200);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/(^|;)\s*script-src 'self'(;|$)/);
    expect(policy).toMatch(/(^|;)\s*frame-ancestors 'none'(;|$)/);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc=/);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
  });

  it('works under it: logs in, shows every page, looks for the card-bridge on loopback', async () => {
    await page.goto(`${stack.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    // connect-src lets it ask 127.0.0.1 on any port: nothing listens on this one, which it says as such.
    await page.getByLabel('Card-bridge port').fill(String(await closedPort()));
    await page.getByRole('button', { name: 'Find the card-bridge' }).click();
    await page.locator('[role=alert][data-code=BRIDGE_NOT_FOUND]').waitFor();
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    for (const [link, heading] of [
      ['Certificates', 'Certificates'],
      ['Import', 'Import certificates'],
      ['Organisations', 'Organisations'],
      ['Handovers', 'Handovers'],
      ['Audit trail', 'Audit trail'],
      ['Overview', 'Overview'],
    ] as const) {
      await page.getByRole('navigation').getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    }
    await browser.screenshot(page, 'under-csp');
    expect(refusals).toEqual([]);
    expect(browser.pageErrors()).toEqual([]);
  });

  it('renders the api documentation (Swagger UI) under its policy', async () => {
    const docs = await browser.newPage();
    await docs.goto(`${stack.url}/api/docs`);
    await docs.locator('.swagger-ui .info .title', { hasText: 'Certdesk API' }).waitFor();
    await docs.close();
    expect(refusals).toEqual([]);
  });

  it('cannot be framed by another page', async () => {
    const framing = await browser.newPage();
    await framing.setContent(`<iframe src="${stack.url}/" width="800" height="600"></iframe>`);
    for (
      let waited = 0;
      waited < 10_000 && !refusals.some((text) => /frame-ancestors/.test(text));
      waited += 100
    )
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(refusals.filter((text) => /frame-ancestors/.test(text))).toHaveLength(1);
    const frame = framing.frames().find((f) => f !== framing.mainFrame());
    expect(
      await frame
        ?.locator('#root')
        .count()
        .catch(() => 0),
    ).not.toBe(1);
    await framing.close();
  });
});
