// When the server cannot be reached, the app says so in plain words and recovers on retry; a browser
// that cannot run the app is told so instead of seeing a blank page.
import { expect, test } from '@playwright/test';
import { openApp, screenshot } from './helpers';

test('an unreachable server shows a friendly, localised banner that retries', async ({ page }) => {
  await page.route('**/api/v1/health', (route) => route.abort('internetdisconnected'));

  await openApp(page, '/');

  const banner = page.getByRole('alert');
  await expect(banner).toContainText('网络不给力');
  await expect(page.getByRole('heading', { level: 1, name: '近期集市' })).toBeVisible();
  await screenshot(page, 'offline-banner');

  await page.unroute('**/api/v1/health');
  await banner.getByRole('button', { name: '重试' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a server error body is shown in the chosen language', async ({ page }) => {
  await page.route('**/api/v1/health', (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'unavailable', message: '服务暂时不可用，请稍后再试。' } }),
    }),
  );

  await openApp(page, '/');

  await expect(page.getByRole('alert')).toContainText('服务暂时不可用');
});

test('a browser without WebAssembly reads the schedule, and elsewhere gets a plain message', async ({ page }) => {
  await page.addInitScript(() => {
    // What an old WeChat WebView looks like to the page: no WebAssembly at all.
    delete (window as { WebAssembly?: unknown }).WebAssembly;
  });

  // The pages a shared link opens are complete without the app.
  await page.goto('/');
  await expect(page.locator('article.market').first()).toContainText('空余摊位');

  await page.goto('/me');

  await expect(page.getByText('您的浏览器版本太旧')).toBeVisible();
  await expect(page.locator('#boot-skeleton')).toBeHidden();
  await screenshot(page, 'unsupported-browser');
});

test('a wasm download that fails offers to reload', async ({ page }) => {
  await page.route('**/*_bg.wasm', (route) => route.abort('connectionreset'));

  await page.goto('/me');

  await expect(page.getByText('集市通没有加载成功')).toBeVisible();
  await expect(page.getByRole('button', { name: '重新加载 Reload' })).toBeVisible();
  await screenshot(page, 'load-failed');
});
