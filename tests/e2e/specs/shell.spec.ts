// The app shell: it loads cleanly, the tabs switch, deep links survive a reload, and the language
// and elder mode choices persist. Screenshots of each screen go to ../screenshots.
import { expect, test } from '@playwright/test';
import { openApp, screenshot, watchErrors } from './helpers';

const tabs = (page) => page.getByRole('navigation', { name: '主菜单' });

test('the first screen loads with no console error and shows the markets tab', async ({ page }) => {
  const errors = watchErrors(page);

  await openApp(page, '/');

  await expect(page.getByRole('heading', { level: 1, name: '近期集市' })).toBeVisible();
  await expect(tabs(page).getByRole('link', { name: '集市' })).toHaveAttribute('aria-current', 'page');
  await expect(page).toHaveTitle('近期集市 · 集市通');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await screenshot(page, 'markets');
  errors.expectNone();
});

test('the tabs switch screens, and back goes back', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page, '/');

  await tabs(page).getByRole('link', { name: '好物' }).click();
  await expect(page).toHaveURL(/\/products$/);
  await expect(page.getByRole('heading', { level: 1, name: '本地好物' })).toBeVisible();
  await expect(tabs(page).getByRole('link', { name: '好物' })).toHaveAttribute('aria-current', 'page');
  await expect(tabs(page).getByRole('link', { name: '集市' })).not.toHaveAttribute('aria-current', 'page');
  await screenshot(page, 'products');

  await tabs(page).getByRole('link', { name: '我的' }).click();
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole('heading', { level: 1, name: '我的' })).toBeVisible();
  await screenshot(page, 'me');

  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: '本地好物' })).toBeVisible();
  errors.expectNone();
});

test('a deep link survives a reload', async ({ page }) => {
  await openApp(page, '/me');
  await page.reload();
  await expect(page.locator('#boot-skeleton')).toHaveCount(0);

  await expect(page.getByRole('heading', { level: 1, name: '我的' })).toBeVisible();
  await expect(tabs(page).getByRole('link', { name: '我的' })).toHaveAttribute('aria-current', 'page');
});

test('an unknown address says so and leads back to the markets', async ({ page }) => {
  await openApp(page, '/no/such/page');

  await expect(page.getByRole('heading', { name: '没有找到这个页面' })).toBeVisible();
  await screenshot(page, 'not-found');
  await page.getByRole('link', { name: '回到集市' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '近期集市' })).toBeVisible();
});

test('English can be chosen, and the choice survives a reload', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page, '/me');

  await page.getByRole('button', { name: 'English' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Me' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.reload();
  await expect(page.locator('#boot-skeleton')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: 'Me' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main menu' });
  await expect(nav.getByRole('link', { name: 'Markets' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');
  await screenshot(page, 'me-english');

  await nav.getByRole('link', { name: 'Markets' }).click();
  await expect(page.getByRole('heading', { level: 1, name: "Upcoming markets" })).toBeVisible();
  await screenshot(page, 'markets-english');

  await nav.getByRole('link', { name: 'Me' }).click();
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '我的' })).toBeVisible();
  errors.expectNone();
});

test('elder mode enlarges text and tap targets, and survives a reload', async ({ page }) => {
  await openApp(page, '/me');
  const bodyFontSize = () => page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  const normalSize = await bodyFontSize();
  const elderSwitch = page.getByRole('switch', { name: '长辈模式' });
  await expect(elderSwitch).toHaveAttribute('aria-checked', 'false');

  await elderSwitch.click();

  await expect(page.locator('html')).toHaveClass(/\belder\b/);
  expect(await bodyFontSize()).toBeGreaterThanOrEqual(20);
  expect(await bodyFontSize()).toBeGreaterThan(normalSize);
  await page.reload();
  await expect(page.locator('#boot-skeleton')).toHaveCount(0);
  await expect(page.getByRole('switch', { name: '长辈模式' })).toHaveAttribute('aria-checked', 'true');
  await expect(page.locator('html')).toHaveClass(/\belder\b/);
  for (const link of await tabs(page).getByRole('link').all()) {
    const box = await link.boundingBox();
    expect(box!.height, 'elder tap targets are at least 60 px tall').toBeGreaterThanOrEqual(60);
  }
  await screenshot(page, 'me-elder');
  await tabs(page).getByRole('link', { name: '集市' }).click();
  await screenshot(page, 'markets-elder');

  await tabs(page).getByRole('link', { name: '我的' }).click();
  await page.getByRole('switch', { name: '长辈模式' }).click();
  await expect(page.locator('html')).not.toHaveClass(/\belder\b/);
});

test('every tap target in normal mode is at least 48 px', async ({ page }) => {
  await openApp(page, '/me');

  const targets = page.locator('a, button');
  for (const target of await targets.all()) {
    const box = await target.boundingBox();
    expect(box!.height, await target.textContent() ?? '').toBeGreaterThanOrEqual(48);
  }
});
