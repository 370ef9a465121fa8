// The shared link opened again where there is no signal: the villagers' app is kept by its service
// worker, and shows what the phone saved, marked so; the banner's 重试 loads it again.
import { expect, test } from '@playwright/test';
import { logInAs, openApp, screenshot } from './helpers';

test('with no signal the schedule and a market opened before still open, marked as saved', async ({ page, context }) => {
  await openApp(page, '/');
  await page.evaluate(() => navigator.serviceWorker.ready);
  const first = page.locator('article.market').first();
  const title = (await first.getByRole('heading', { level: 3 }).textContent())!.trim();
  const link = await first.getByRole('link').first().getAttribute('href');

  await context.setOffline(true);
  await page.goto('/');
  await expect(page.getByRole('status')).toContainText(/网络不给力，下面是 \d+月\d+日 周. \d+:\d{2} 保存的日程/);
  await expect(page.locator('article.market').first()).toContainText(title);

  // From the saved list to the market: its saved details, and a way to try again.
  await page.locator('article.market').first().getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByRole('status')).toContainText('保存的日程');
  await screenshot(page, 'market-saved-offline');

  // Opened straight from the link, as from the WeChat group.
  await page.goto(link!);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByRole('button', { name: '重试' })).toBeVisible();

  await context.setOffline(false);
  await page.getByRole('button', { name: '重试' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByText('保存的日程')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
});

test('with no signal 我的 still shows who is logged in', async ({ page, context }) => {
  await logInAs(page, '13700137801');
  await openApp(page, '/me');
  await expect(page.getByText('137****7801')).toBeVisible();
  await page.evaluate(() => navigator.serviceWorker.ready);

  await context.setOffline(true);
  await page.goto('/me');

  await expect(page.getByText('137****7801')).toBeVisible();
  await expect(page.getByRole('link', { name: '我的摊位' })).toBeVisible();
  await context.setOffline(false);
});

test('a market never seen is answered plainly offline, with a way to try again', async ({ page, context }) => {
  await openApp(page, '/');
  await page.evaluate(() => navigator.serviceWorker.ready);

  await context.setOffline(true);
  await page.goto('/m/m-never-seen');

  await expect(page.getByText('集市日程没有加载成功')).toBeVisible();
  await expect(page.getByRole('button', { name: '重试' })).toBeVisible();
  await context.setOffline(false);
});
