// Check-in at the fair: a visitor opens the poster's URL and is counted once however often they
// open it; the organiser prints the poster; the gate reads a ticket from a (fake) camera, keeps
// judging offline (and after a reload with no network), and sends its queue once the network is back.
import { chromium, expect, test } from '@playwright/test';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeQrVideo } from './fake-camera';
import { book, logInAs, ORGANISER, screenshot, screenshotEveryWay, serverCli, todaysMarket } from './helpers';

test('a visitor opens the poster URL, is counted once across two visits, and the poster prints', async ({ page, request }) => {
  const { id, headers } = await todaysMarket(request);
  const poster = await (await request.get(`/api/v1/markets/${id}/poster`, { headers })).json();
  const url = new URL(poster.url);
  await page.goto(url.pathname + url.search);
  await expect(page.getByText('签到成功')).toBeVisible();
  await expect(page.locator('.visitor-count')).toHaveText('1');
  await expect(page.getByRole('heading', { name: '摊位地图' })).toBeVisible();
  await screenshot(page, 'checkin-welcome');

  await page.goto(url.pathname + url.search);
  await expect(page.getByText('你今天已经签到过了')).toBeVisible();
  const stats = await (await request.get(`/api/v1/markets/${id}/stats`, { headers })).json();
  expect(stats.visitors).toBe(1);

  // Altered: the page says so, and offers the code instead; the code works for a new phone.
  await page.goto(url.pathname + url.search.slice(0, -4) + 'AAAA');
  await expect(page.getByRole('alert')).toContainText('二维码无效');
  await page.evaluate(() => localStorage.removeItem('jishi.device'));
  await page.getByLabel('输入海报上的签到码').fill(poster.code.toLowerCase());
  await page.getByRole('button', { name: '签到', exact: true }).click();
  await expect(page.locator('.visitor-count')).toHaveText('2');

  await logInAs(page, ORGANISER, ['hu-jinliang']);
  await page.goto(`/organise/m/${id}`);
  await page.getByRole('link', { name: '签到海报' }).click();
  await expect(page.locator('.poster-code strong')).toHaveText(poster.code);
  await expect(page.locator('.poster-qr svg')).toBeVisible();
  await screenshot(page, 'poster');
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: '打印海报' })).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  await page.goto(`/organise/m/${id}/stats`);
  await expect(page.locator('.count-tile.visitors strong')).toHaveText('2');
  await expect(page.locator('.market-named')).toContainText('金良社区傍晚小集');
  // One row an hour, across: the whole day is on a 360-px screen, nothing scrolls sideways.
  const hours = page.locator('.hour-bars tbody tr');
  expect(await hours.count()).toBeGreaterThanOrEqual(2);
  await expect(page.locator('.hour-bars tr.latest .bar-count')).toHaveText('2');
  const table = (await page.locator('.hour-bars').boundingBox())!;
  expect(table.x + table.width).toBeLessThanOrEqual(360);
  await screenshotEveryWay(page, 'attendance');
});

test('the gate reads a ticket from the camera, judges offline, and sends its queue when back', async ({ request }, testInfo) => {
  const { id, headers } = await todaysMarket(request);
  const first = await book(request, id, '13700137801', 'A01');
  const second = await book(request, id, '13700137802', 'A02');
  const video = path.join(os.tmpdir(), `jishi-ticket-${Date.now()}.y4m`);
  writeQrVideo(first.ticket, video);

  const use = testInfo.project.use;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      ...(use.launchOptions?.args ?? []),
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
  const context = await browser.newContext({
    baseURL: use.baseURL,
    viewport: use.viewport,
    userAgent: use.userAgent,
    isMobile: use.isMobile,
    hasTouch: use.hasTouch,
    deviceScaleFactor: use.deviceScaleFactor,
    locale: use.locale,
  });
  const page = await context.newPage();
  await logInAs(page, ORGANISER, ['hu-jinliang']);
  await page.goto(`/gate/m/${id}`);
  await expect(page.locator('.chip', { hasText: '在线' })).toBeVisible();
  await expect(page.locator('.market-named')).toContainText('金良社区傍晚小集');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.getByRole('button', { name: '打开摄像头扫码' }).click();
  const green = page.locator('.verdict.green');
  await expect(green).toContainText('A01', { timeout: 15_000 });
  await screenshot(page, 'gate-green');
  await expect(page.locator('.queued')).toHaveText('0');

  // The network drops: the gate still judges, and keeps what it admits.
  await context.setOffline(true);
  await green.click();
  await page.getByLabel('输入凭证上的验证码').fill(second.code);
  await page.getByRole('button', { name: '核验' }).click();
  await expect(green).toContainText('A02');
  await expect(page.locator('.queued')).toHaveText('1');
  await green.click();
  // The first ticket is still in front of the camera: already in.
  await expect(page.locator('.verdict.yellow')).toContainText('A01', { timeout: 15_000 });
  await screenshot(page, 'gate-yellow');
  await page.getByLabel('输入凭证上的验证码').fill('NOSUCH');
  await page.locator('.verdict.yellow').click();
  await page.getByRole('button', { name: '核验' }).click();
  await expect(page.locator('.verdict.red')).toContainText('不是有效的摊位凭证');

  // The phone reloads with no network: the gate opens from its service worker, the queue from the
  // phone; back online, the queue drains.
  await page.reload();
  await expect(page.locator('.chip', { hasText: '离线' })).toBeVisible();
  await expect(page.locator('.market-named')).toContainText('金良社区傍晚小集');
  await screenshotEveryWay(page, 'gate-offline-named');
  await expect(page.locator('.queued')).toHaveText('1');
  await context.setOffline(false);
  await expect(page.locator('.queued')).toHaveText('0', { timeout: 20_000 });
  const stats = await (await request.get(`/api/v1/markets/${id}/stats`, { headers })).json();
  expect(stats.arrived).toBe(2);
  await browser.close();
});
