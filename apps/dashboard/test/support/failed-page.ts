import { expect } from '@jest/globals';
import type { Locator, Page, Route } from 'playwright-core';

/** Answers a request as an api that failed would: 500 with the api's error body. */
export const failWithServerError = (route: Route) =>
  route.fulfill({ status: 500, json: { statusCode: 500, code: 'INTERNAL_ERROR', message: 'boom' } });

/**
 * From a list's first page, whose next page was never read: that page's request fails, the list says so with no
 * row, Next has nowhere to go and Previous goes back to the first page, shown without the error.
 */
export async function expectWayBackFromFailedPage(
  page: Page,
  { pager, rows, nextPageRequest }: { pager: Locator; rows: Locator; nextPageRequest: (url: URL) => boolean },
): Promise<void> {
  await page.route(nextPageRequest, failWithServerError);
  await pager.getByRole('button', { name: 'Next page' }).click();
  await page.getByRole('alert').filter({ hasText: 'Something went wrong on the server.' }).waitFor();
  await pager.getByText('Page 2', { exact: true }).waitFor();
  expect(await rows.count()).toBe(0);
  expect(await pager.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
  await page.unroute(nextPageRequest, failWithServerError);
  await pager.getByRole('button', { name: 'Previous page' }).click();
  await pager.getByText('Page 1', { exact: true }).waitFor();
  await rows.first().waitFor();
  expect(await page.getByRole('alert').count()).toBe(0);
}
