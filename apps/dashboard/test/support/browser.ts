import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (apt-get install chromium: `npm test` installs it), never a browser download. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(import.meta.dirname, '..', '..', '..', '..', 'test-output', 'screenshots');
/**
 * The user's guide's pictures. `npm run guide:screenshots` (GUIDE_SCREENSHOTS=1) copies each screenshot a test names
 * for the guide there; an ordinary test run leaves the committed pictures alone.
 */
export const GUIDE_SCREENSHOTS = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'docs',
  'guide',
  'screenshots',
);

/** An axe-core finding that stops a test: what keeps someone from using the page. */
export interface AccessibilityViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

export interface Browser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  /** Uncaught errors of the pages so far: a dashboard that works throws none. */
  pageErrors(): string[];
  /**
   * Saves the page as test-output/screenshots/<name>.png (git-ignored); with `{ guide: true }` it is also a picture
   * of the user's guide (docs/guide/screenshots, copied there by `npm run guide:screenshots`).
   */
  screenshot(page: Page, name: string, options?: { guide?: boolean }): Promise<void>;
  /**
   * Runs axe-core (WCAG 2.1 A and AA rules) on the page as it is and answers its serious and critical violations;
   * `expect(await browser.accessibility(page)).toEqual([])` is the check every page passes.
   */
  accessibility(page: Page): Promise<AccessibilityViolation[]>;
  close(): Promise<void>;
}

/**
 * Headless chromium on a fresh profile, with the flags this machine needs: as root (no sandbox), no GPU, and
 * none of the background connections the closed network would refuse.
 */
export async function launchBrowser(): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'certdesk-chromium-'));
  await mkdir(SCREENSHOTS, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/Brussels',
  });
  context.setDefaultTimeout(15_000);
  const pageErrors: string[] = [];
  context.on('weberror', (error) => pageErrors.push(String(error.error())));
  return {
    context,
    newPage: () => context.newPage(),
    pageErrors: () => [...pageErrors],
    screenshot: async (page, name, options = {}) => {
      const file = join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      if (options.guide && process.env.GUIDE_SCREENSHOTS === '1') {
        await mkdir(GUIDE_SCREENSHOTS, { recursive: true });
        await copyFile(file, join(GUIDE_SCREENSHOTS, `${name}.png`));
      }
    },
    accessibility: (page) => axeViolations(page),
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

let axeSource: Promise<string> | undefined;

async function axeViolations(page: Page): Promise<AccessibilityViolation[]> {
  axeSource ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern (an injected
  // <script> would be refused, rightly).
  await page.evaluate(await axeSource);
  const options = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } };
  // A string, evaluated in the page (this file is typed for Node, without the DOM).
  const results = (await page.evaluate(`axe.run(document, ${JSON.stringify(options)})`)) as {
    violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  };
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact!,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
}
