// A market page opened cold from a shared link: the server already puts the market in the HTML
// (share card, first paint); the app then shows when, where, who, stalls and the two actions.
import { expect, test } from '@playwright/test';
import { openApp, screenshot, watchErrors } from './helpers';

test('a shared link carries the market in its HTML before any script runs', async ({ request }) => {
  const html = await (await request.get('/m/m-xiaotong-loquat')).text();

  expect(html).toMatch(/<title>枇杷文化节共富集市 · \d+月\d+日 周日 9:00–16:00 · 集市通<\/title>/);
  expect(html).toContain('<meta property="og:title" content="枇杷文化节共富集市');
  expect(html).toContain('牵头单位：小桐村');
});

test('a villager opens a market cold and sees everything needed to go', async ({ page, context }) => {
  const errors = watchErrors(page);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);

  await openApp(page, '/m/m-xiaotong-loquat');

  await expect(page.getByRole('heading', { level: 1, name: '枇杷文化节共富集市' })).toBeVisible();
  await expect(page).toHaveTitle('枇杷文化节共富集市 · 集市通');
  const facts = page.locator('dl.facts');
  await expect(facts).toContainText(/\d+月\d+日 周日 9:00–16:00/);
  await expect(facts).toContainText('小桐村阳光工坊前广场');
  await expect(facts).toContainText('空余 30 个，共 30 个');
  await expect(page.getByRole('link', { name: '在地图中打开' })).toHaveAttribute('href', /uri\.amap\.com\/marker\?position=121\.\d+,28\.\d+/);
  await expect(page.getByRole('link', { name: '加入日历' })).toHaveAttribute('href', '/api/v1/markets/m-xiaotong-loquat/calendar.ics');
  // The event a phone keeps carries its revision, so a rescheduled market updates it.
  const ics = await (await page.request.get('/api/v1/markets/m-xiaotong-loquat/calendar.ics')).text();
  expect(ics).toMatch(/\r\nSEQUENCE:\d+\r\n/);
  expect(ics).toMatch(/\r\nLAST-MODIFIED:\d{8}T\d{6}Z\r\n/);
  expect(ics).toContain('UID:m-xiaotong-loquat@jishi');
  await expect(page.getByRole('link', { name: /0576/ })).toHaveAttribute('href', /^tel:0576/);
  await screenshot(page, 'market');

  await page.getByRole('button', { name: '复制分享文字' }).click();
  await expect(page.getByRole('status')).toContainText('已复制');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('【集市通】枇杷文化节共富集市');
  expect(copied).toContain('/m/m-xiaotong-loquat');
  errors.expectNone();
});

test('from the schedule a tap opens the market, and back returns', async ({ page }) => {
  await openApp(page, '/');
  const firstTitle = page.locator('article.market h3 a').first();
  const name = (await firstTitle.textContent())!.trim();

  await firstTitle.click();

  await expect(page).toHaveURL(/\/m\/[\w-]+$/);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '集市' })).toHaveAttribute('aria-current', 'page');
  await page.getByRole('link', { name: '‹ 近期集市' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '近期集市' })).toBeVisible();
});

test('an unknown market says so', async ({ page }) => {
  await openApp(page, '/m/m-nowhere');

  await expect(page.getByText('没有找到这个集市')).toBeVisible();
});
