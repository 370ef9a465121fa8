// Inside WeChat, against a server configured for an official account (its own process here, with a
// stand-in for WeChat's API): the JS-SDK is configured with the server's signature, a market page
// hands WeChat the very card its og: tags carry (before the app starts, and again as it moves), the
// gate's 用微信扫一扫 admits a ticket, and where WeChat cannot save a file the page shows the way out.
// WeChat's `wx` is a stand-in injected before the page loads, recording what the page asks of it;
// outside WeChat none of it shows and public/wechat.js is not even fetched.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { APIRequestContext, Browser, BrowserContext, expect, request as requests, test } from '@playwright/test';
import { book, cliOn, logInAs, ORGANISER, screenshotEveryWay, startApp, todaysMarket, watchErrors } from './helpers';

const serverBin = process.env.JISHI_SERVER_BIN ?? path.resolve(__dirname, '..', '..', '..', 'target', 'server', 'jishi-server');
const dist = process.env.JISHI_DIST ?? path.resolve(__dirname, '..', '..', '..', 'dist');
const PORT = Number(process.env.JISHI_E2E_PORT ?? 18181) + 10;
const BASE = `http://127.0.0.1:${PORT}`;
const DIR = fs.mkdtempSync(path.join(process.env.JISHI_E2E_DIR ?? '/tmp', 'wechat-'));
const cli = cliOn(`sqlite://${DIR}/jishi.db`);

let wechatApi: http.Server;
let server: ChildProcess;
let api: APIRequestContext;
const asked = { tokens: 0, tickets: 0 };

/** WeChat's token and ticket calls, as its API answers them. */
function startWechatApi(): Promise<number> {
  wechatApi = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    response.setHeader('content-type', 'application/json');
    if (url.pathname === '/cgi-bin/token') {
      asked.tokens += 1;
      response.end(JSON.stringify({ access_token: `token-${asked.tokens}`, expires_in: 7200 }));
    } else if (url.pathname === '/cgi-bin/ticket/getticket') {
      asked.tickets += 1;
      response.end(JSON.stringify({ errcode: 0, errmsg: 'ok', ticket: `ticket-${asked.tickets}`, expires_in: 7200 }));
    } else {
      response.statusCode = 404;
      response.end('{}');
    }
  });
  return new Promise((resolve) => wechatApi.listen(0, '127.0.0.1', () => resolve((wechatApi.address() as { port: number }).port)));
}

test.beforeAll(async () => {
  const apiPort = await startWechatApi();
  const log = fs.openSync(path.join(DIR, 'server.log'), 'a');
  server = spawn(serverBin, [
    'serve', '--addr', `127.0.0.1:${PORT}`, '--db', `sqlite://${DIR}/jishi.db`, '--dist', dist, '--demo',
    '--public-url', BASE, '--wechat-appid', 'wx-e2e', '--wechat-secret', 'e2e-secret',
    '--wechat-api', `http://127.0.0.1:${apiPort}`,
  ], { stdio: ['ignore', log, log], env: { ...process.env, RUST_LOG: 'info', JISHI_SMS: 'console' } });
  api = await requests.newContext({ baseURL: BASE });
  await expect.poll(async () => (await api.get('/api/v1/health').catch(() => null))?.status(), { timeout: 30_000 }).toBe(200);
});

test.afterAll(async () => {
  server?.kill('SIGTERM');
  wechatApi?.close();
  await api?.dispose();
});

/** A phone inside WeChat on this spec's server, with WeChat's `wx` stood in for: it records the
 *  configuration and the share data, says ready, and its scanner reads `window.scanned`. */
async function wechatPhone(browser: Browser, userAgent?: string): Promise<BrowserContext> {
  const use = test.info().project.use;
  const context = await browser.newContext({
    baseURL: BASE,
    viewport: use.viewport,
    userAgent: userAgent ?? use.userAgent,
    isMobile: use.isMobile,
    hasTouch: use.hasTouch,
    deviceScaleFactor: use.deviceScaleFactor,
    locale: use.locale,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
  await context.addInitScript(() => {
    const calls: Record<string, unknown[]> = {};
    const record = (name: string) => (argument: unknown) => {
      (calls[name] ??= []).push(argument);
    };
    let readyAfterConfig: Array<() => void> = [];
    let configured = false;
    (window as any).wxCalls = calls;
    (window as any).wx = {
      config(options: unknown) {
        record('config')(options);
        configured = true;
        setTimeout(() => { readyAfterConfig.forEach((f) => f()); readyAfterConfig = []; }, 0);
      },
      ready(callback: () => void) {
        if (configured) setTimeout(callback, 0); else readyAfterConfig.push(callback);
      },
      error: record('error'),
      updateAppMessageShareData: record('updateAppMessageShareData'),
      updateTimelineShareData: record('updateTimelineShareData'),
      scanQRCode(options: { needResult: number; success: (answer: { resultStr: string }) => void }) {
        record('scanQRCode')(options);
        setTimeout(() => options.success({ resultStr: (window as any).scanned }), 0);
      },
    };
  });
  // The stand-in is there already: WeChat's own script must not be fetched.
  await context.route('https://res.wx.qq.com/**', (route) => route.abort());
  return context;
}

test('a market page shared from WeChat hands it the card its og: tags carry', async ({ browser }) => {
  const context = await wechatPhone(browser);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto('/m/m-xiaotong-loquat');
  await expect(page.locator('html[data-drawn]')).toHaveCount(1);
  // Shared straight away, before the app starts (a drawn page starts it at the first tap).
  await expect.poll(() => page.evaluate(() => (window as any).wxCalls.updateAppMessageShareData?.length ?? 0)).toBeGreaterThan(0);
  await expect(page.locator('html[data-app=running]')).toHaveCount(0);
  const drawnCard = await page.evaluate(() => (window as any).wxCalls.updateAppMessageShareData.at(-1));
  // WeChat saves no calendar file: the tap on 加入日历 starts the app, which shows the way out.
  await page.getByRole('link', { name: '加入日历' }).click();
  await expect(page.locator('html[data-app=running]')).toHaveCount(1);
  await expect(page.getByText('微信里不能直接加入日历。')).toBeVisible();
  await expect.poll(() => page.evaluate(() => (window as any).wxCalls.updateAppMessageShareData.length)).toBeGreaterThan(1);

  const config = await page.evaluate(() => (window as any).wxCalls.config[0]);
  expect(config.appId).toBe('wx-e2e');
  expect(config.signature).toMatch(/^[0-9a-f]{40}$/);
  expect(config.jsApiList).toEqual(expect.arrayContaining(['updateAppMessageShareData', 'updateTimelineShareData', 'scanQRCode']));

  const og = async (name: string) => page.locator(`meta[property="og:${name}"]`).getAttribute('content');
  const shared = await page.evaluate(() => (window as any).wxCalls.updateAppMessageShareData.at(-1));
  expect(shared).toEqual({
    title: await og('title'),
    desc: await og('description'),
    link: `${BASE}/m/m-xiaotong-loquat`,
    imgUrl: `${BASE}/api/v1/markets/m-xiaotong-loquat/share.png`,
  });
  expect(shared).toEqual(drawnCard);
  expect(shared.title).toContain('枇杷文化节共富集市');
  expect(shared.desc).toContain('小桐');
  const moments = await page.evaluate(() => (window as any).wxCalls.updateTimelineShareData.at(-1));
  expect(moments).toEqual({ title: shared.title, link: shared.link, imgUrl: shared.imgUrl });

  // The picture is there for WeChat to fetch.
  const picture = await api.get('/api/v1/markets/m-xiaotong-loquat/share.png');
  expect(picture.status()).toBe(200);
  expect(picture.headers()['content-type']).toBe('image/png');
  fs.writeFileSync(path.join(__dirname, '..', 'screenshots', 'wechat-share-picture.png'), await picture.body());

  await expect(page.getByRole('img', { name: '在浏览器打开' })).toBeVisible();
  await page.getByRole('button', { name: '复制链接' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${BASE}/m/m-xiaotong-loquat`);
  await screenshotEveryWay(page, 'wechat-market');

  // Another page of the app: signed again for its address (Android WeChat checks the current one).
  await page.getByRole('link', { name: /近期集市/ }).first().click();
  await expect.poll(() => page.evaluate(() => (window as any).wxCalls.updateAppMessageShareData.at(-1).link)).toBe(`${BASE}/`);
  const schedule = await page.evaluate(() => (window as any).wxCalls.updateAppMessageShareData.at(-1));
  expect(schedule.imgUrl).toBe(`${BASE}/api/v1/share.png`);
  expect(await page.evaluate(() => (window as any).wxCalls.config.length)).toBe(2);
  expect(asked).toEqual({ tokens: 1, tickets: 1 });
  errors.expectNone();
  await context.close();
});

test("the gate's 用微信扫一扫 admits a ticket through the same judgement as the camera", async ({ browser }) => {
  const { id } = await todaysMarket(api, cli);
  const ticket = await book(api, id, '13700137901', 'A01', cli);
  const context = await wechatPhone(browser);
  const page = await context.newPage();
  await logInAs(page, ORGANISER, ['hu-jinliang'], cli);
  await page.goto(`/gate/m/${id}`);
  await expect(page.locator('.chip', { hasText: '在线' })).toBeVisible();
  await page.evaluate((text) => { (window as any).scanned = text; }, ticket.ticket);
  await page.getByRole('button', { name: '用微信扫一扫' }).click();
  await expect(page.locator('.verdict.green')).toContainText('A01');
  const scan = await page.evaluate(() => (window as any).wxCalls.scanQRCode[0]);
  expect(scan.needResult).toBe(1);

  // The same ticket again: already in.
  await page.locator('.verdict').click();
  await page.getByRole('button', { name: '用微信扫一扫' }).click();
  await expect(page.locator('.verdict.yellow')).toContainText('A01');
  await context.close();
});

test("the attendance export and the poster's printing show the way out of WeChat", async ({ browser }) => {
  const { id } = await todaysMarket(api, cli);
  const context = await wechatPhone(browser);
  const page = await context.newPage();
  await logInAs(page, ORGANISER, ['hu-jinliang'], cli);
  await page.goto(`/organise/m/${id}/stats`);
  await expect(page.getByText('微信里不能下载表格。')).toBeVisible();
  await expect(page.getByRole('button', { name: '导出表格（Excel）' })).toHaveCount(0);
  await page.getByRole('button', { name: '复制链接' }).click();
  await expect(page.locator('.open-in-browser .share-text')).toHaveText(`${BASE}/organise/m/${id}/stats`);
  await screenshotEveryWay(page, 'wechat-attendance');
  await page.goto(`/organise/m/${id}/poster`);
  await expect(page.getByText('微信里不能打印。')).toBeVisible();
  await context.close();
});

test('outside WeChat none of it shows, and nothing of WeChat is asked', async ({ browser }) => {
  const before = { ...asked };
  const context = await wechatPhone(browser, 'Mozilla/5.0 (Linux; Android 12; M2102J2SC) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Mobile Safari/537.36');
  const page = await context.newPage();
  const signing: string[] = [];
  page.on('request', (r) => { if (/\/wechat[./-]/.test(r.url())) signing.push(r.url()); });
  await page.goto('/m/m-xiaotong-loquat');
  await expect(page.locator('html[data-drawn]')).toHaveCount(1);
  await startApp(page);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: '加入日历' }).click();
  expect((await download).suggestedFilename()).toBe('jishi-m-xiaotong-loquat.ics');
  await expect(page.getByText('微信里不能直接加入日历。')).toHaveCount(0);
  expect(await page.evaluate(() => Object.keys((window as any).wxCalls))).toEqual([]);
  expect(signing).toEqual([]);
  expect(asked).toEqual(before);
  await context.close();
});
