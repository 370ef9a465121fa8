import { expect, Page } from '@playwright/test';
import * as path from 'node:path';

/** Where screenshots go: a folder git ignores, for people to look at. */
export const SCREENSHOTS = path.join(__dirname, '..', 'screenshots');

/** Checks the screen fits the phone's width (nothing cut off, no sideways scrolling) and saves a
 *  full-page screenshot named after it. */
export async function screenshot(page: Page, name: string) {
  const widths = await page.evaluate(() => ({
    content: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  }));
  expect(widths.content, `${name} is wider than the phone`).toBeLessThanOrEqual(widths.viewport);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Collects console errors and uncaught exceptions; `expectNone` fails the test if any. */
export function watchErrors(page: Page) {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return {
    expectNone: () => expect(errors, errors.join('\n')).toEqual([]),
  };
}

/** Opens a path and waits until the wasm app has replaced the boot skeleton. */
export async function openApp(page: Page, pathname: string) {
  await page.goto(pathname);
  await expect(page.locator('#boot-skeleton')).toHaveCount(0);
}
