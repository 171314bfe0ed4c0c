import type { Locator, Page } from 'playwright-core';

/**
 * Whether the page took for its own a click on `link` with each modifier key (ctrl, meta, shift, alt): the browser's
 * to open a new tab or window, so a page that leaves them alone gives four `false`. Each click is synthetic and
 * prevented by the test afterwards (a listener on the document, after the page's), so no tab opens.
 */
export async function modifierClicksTaken(link: Locator): Promise<boolean[]> {
  return link.evaluate((anchor) =>
    [{ ctrlKey: true }, { metaKey: true }, { shiftKey: true }, { altKey: true }].map((modifier) => {
      let prevented = true;
      const look = (event: Event) => {
        prevented = event.defaultPrevented;
        event.preventDefault();
      };
      document.addEventListener('click', look, { once: true });
      anchor.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, ...modifier }));
      return prevented;
    }),
  );
}

/**
 * Clicks `link` plainly, waits for `arrived`, and tells whether the page followed it within the document already
 * loaded (a marker set on `window` before the click survives) rather than by loading a new one.
 */
export async function followedInDocument(
  page: Page,
  link: Locator,
  arrived: () => Promise<unknown>,
): Promise<boolean> {
  await page.evaluate(() => ((window as { sameDocument?: boolean }).sameDocument = true));
  await link.click();
  await arrived();
  return page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument === true);
}
