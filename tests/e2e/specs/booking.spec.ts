// Booking a stall: from a market's page to its stall map, a free stall, the form and the QR ticket;
// the next stallholder finds that stall taken. The market is laid out through the organisers' API
// with its booking open now, so the test does not depend on today's date.
import { expect, Page, test } from '@playwright/test';
import { largeText, logInAs, openMarket, screenshot, screenshotEveryWay } from './helpers';

/** The ticket's QR code is on the phone's screen whole, where the gate scans it. */
async function expectQrOnScreen(page: Page) {
  const box = (await page.locator('.qr').boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(page.viewportSize()!.height);
}

test('a stallholder books a stall and sees the QR ticket; the next one finds it taken', async ({ page, request }) => {
  // No console-error check: the refused attempt without a plate is logged as a failed request.
  const market = await openMarket(request);
  await logInAs(page, '13700137401');
  await page.goto(`/m/${market}`);
  await page.getByRole('link', { name: '我要摆摊' }).click();
  await expect(page).toHaveURL(new RegExp(`/stall/m/${market}$`));
  await expect(page.getByRole('heading', { name: 'B区 后备箱' })).toBeVisible();
  await screenshot(page, 'stall-map');

  await page.getByRole('button', { name: /B01/ }).click();
  // The picked stall's details and form come up on the screen, not 300 px below it.
  await expect(page.getByRole('heading', { name: 'B01' })).toBeInViewport();
  await expect(page.getByLabel('卖什么')).toBeInViewport();
  await page.getByLabel('卖什么').fill('土鸡蛋、番薯');
  await page.getByRole('button', { name: '订这个摊位' }).click();
  await expect(page.getByRole('alert')).toContainText('车牌');
  // What a plate looks like is said under the field; a malformed one is marked there.
  await expect(page.getByText('如 浙J12345；新能源车如 浙JD12345')).toBeVisible();
  await page.getByLabel('车牌号').fill('abc');
  await page.getByRole('button', { name: '订这个摊位' }).click();
  await expect(page.locator('[name=plate]')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.field-error')).toContainText('应是省份简称、一个字母，再加 5 位');
  await expect(page).toHaveURL(new RegExp(`/stall/m/${market}$`));
  await screenshotEveryWay(page, 'stall-plate-wrong');
  await page.getByLabel('车牌号').fill('浙J 12345');
  await expect(page.locator('[name=plate]')).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: '订这个摊位' }).click();

  await expect(page).toHaveURL(/\/stall\/b\/b_[0-9a-f]+$/);
  await expect(page.locator('.big-code')).toHaveText('B01');
  await expect(page.locator('.qr svg')).toBeVisible();
  await expect(page.locator('.short-code')).toHaveText(/^[2-9A-HJ-NP-Z]{6}$/);
  await expectQrOnScreen(page);
  await screenshot(page, 'stall-ticket');
  // At 200% text the ticket still fits the screen's width (the screenshot checks nothing is wider).
  await largeText(page);
  await screenshot(page, 'stall-ticket-200-text');
  await page.reload();

  // At the fair the network fails: the ticket still opens, from what the phone kept.
  await page.evaluate(() => navigator.serviceWorker.ready);
  const ticket = page.url();
  await page.context().setOffline(true);
  await page.goto(ticket);
  await expect(page.locator('.big-code')).toHaveText('B01');
  await expect(page.locator('.qr svg')).toBeVisible();
  await expect(page.getByRole('status')).toContainText('保存在手机上的凭证');
  await expectQrOnScreen(page);
  await page.evaluate(() => localStorage.setItem('jishi.elder', '1'));
  await page.reload();
  await expect(page.locator('html.elder .qr svg')).toBeVisible();
  await page.screenshot({ path: 'screenshots/stall-ticket-offline-elder-screen.png' });
  await expectQrOnScreen(page);
  await screenshot(page, 'stall-ticket-offline-elder');
  await page.evaluate(() => localStorage.removeItem('jishi.elder'));
  // 我的摊位 too: the list of what the phone kept.
  await page.goto('/stall/mine');
  await expect(page.getByRole('status')).toContainText('保存在手机上的凭证');
  await expect(page.getByRole('link', { name: /金良社区冬季后备箱集市 · B01/ })).toBeVisible();
  await page.context().setOffline(false);
  // The server answers with its "being updated" page (as while dist/ is rebuilt): still the ticket.
  await page.context().route(ticket, (route) =>
    route.fulfill({ status: 503, contentType: 'text/html', body: '<p>集市通正在更新，请稍后再试。</p>' }),
  );
  await page.goto(ticket);
  await expect(page.locator('.big-code')).toHaveText('B01');
  await expect(page.getByText('集市通正在更新')).toHaveCount(0);
  await page.context().unroute(ticket);

  await logInAs(page, '13700137402');
  await page.goto(`/stall/m/${market}`);
  const taken = page.getByRole('button', { name: /B01/ });
  await expect(taken).toHaveClass(/booked/);
  await expect(taken).toContainText('已订');
  await taken.click();
  await expect(page.getByLabel('卖什么')).toHaveCount(0);

  await page.goto('/me');
  await page.getByRole('link', { name: '我的摊位' }).click();
  await expect(page.getByText('还没有订摊位。')).toBeVisible();
});

test('where the market needs approval, the organiser approves and the ticket appears', async ({ page, request }) => {
  const market = await openMarket(request, 'manual');
  await logInAs(page, '13700137403');
  await page.goto(`/stall/m/${market}`);
  await page.getByRole('button', { name: /A02/ }).click();
  await page.getByLabel('卖什么').fill('手工年糕');
  await page.getByRole('button', { name: '订这个摊位' }).click();
  await expect(page.getByText('等组织者审核')).toBeVisible();
  await expect(page.locator('.qr')).toHaveCount(0);
  const ticket = page.url();

  await logInAs(page, '13900139099', ['hu-jinliang']);
  await page.goto(`/organise/m/${market}`);
  await page.getByRole('link', { name: '预订管理' }).click();
  // The page names the market it is for, and its day.
  await expect(page.locator('.market-named')).toContainText('金良社区冬季后备箱集市');
  await expect(page.locator('.market-named')).toContainText('16:00–20:00');
  await screenshotEveryWay(page, 'market-bookings-named');
  const row = page.locator('.booking-row').filter({ hasText: 'A02' });
  await expect(row).toContainText('待审核');
  await expect(row).toContainText('13700137403');
  await screenshot(page, 'market-bookings');
  await row.getByRole('button', { name: '通过', exact: true }).click();
  await expect(row).toContainText('已确认');

  await logInAs(page, '13700137403');
  await page.goto(ticket);
  await expect(page.locator('.qr svg')).toBeVisible();
});

test('an organiser books a car bay for someone without a smartphone (代办) and lets two stalls each', async ({ page, request }) => {
  const market = await openMarket(request);
  await logInAs(page, '13900139099', ['hu-jinliang']);
  await page.goto(`/organise/m/${market}`);
  await page.getByLabel('每人最多摊位数').fill('2');
  await page.getByRole('button', { name: '保存修改' }).click();
  await expect(page.getByText('已保存')).toBeVisible();

  await page.getByRole('link', { name: '预订管理' }).click();
  await page.getByText('代办摊位').click();
  await page.getByLabel('摊主姓名').fill('王阿婆');
  await page.getByLabel('摊主手机号').fill('13700137499');
  const carBay = await page.locator('select[name=stall] option', { hasText: 'B01' }).getAttribute('value');
  await page.locator('select[name=stall]').selectOption(carBay!);
  await page.getByLabel('卖什么').fill('自家腌菜');
  await page.getByRole('button', { name: '代办这个摊位' }).click();
  await expect(page.getByRole('alert')).toContainText('车牌');
  await page.getByLabel('车牌号').fill('浙J·12345');
  await page.getByRole('button', { name: '代办这个摊位' }).click();
  await expect(page.getByRole('status')).toContainText('王阿婆');
  await expect(page.locator('.short-code')).toHaveText(/\w{4,}/);
  const row = page.locator('.booking-row').filter({ hasText: 'B01' });
  await expect(row).toContainText('代办');
  await expect(row).toContainText('13700137499');
  await screenshot(page, 'on-behalf');

  // Two stalls each: the same person may have a second one.
  await page.getByLabel('摊主姓名').fill('王阿婆');
  await page.getByLabel('摊主手机号').fill('13700137499');
  await page.locator('select[name=stall]').selectOption({ index: 1 });
  await page.getByLabel('卖什么').fill('自家腌菜');
  await page.getByRole('button', { name: '代办这个摊位' }).click();
  await expect(page.locator('.booking-row').filter({ hasText: '王阿婆' })).toHaveCount(2);
});

test('before booking opens, the market page and the stall map say when, and nothing can be booked', async ({ page, request }) => {
  const market = await openMarket(request, 'auto', 2);
  const opens = new Date(Date.now() + 2 * 86_400_000);
  // 12月3日 周四 8:00 开放预约: the day as the page writes it (China time; 8:00 there is the same day).
  const day = `${opens.getUTCMonth() + 1}月${opens.getUTCDate()}日`;
  await logInAs(page, '13700137404');
  await page.goto(`/m/${market}`);
  await expect(page.getByText(new RegExp(`${day} 周. 8:00 开放预约`))).toBeVisible();
  await expect(page.getByRole('link', { name: '我要摆摊' })).toHaveCount(0);
  await screenshot(page, 'market-booking-not-open');

  await page.getByRole('link', { name: '看摊位图' }).click();
  await expect(page).toHaveURL(new RegExp(`/stall/m/${market}$`));
  await expect(page.getByText(new RegExp(`${day} 周. 8:00 开放预约`))).toBeVisible();
  await page.getByRole('button', { name: /A01/ }).click();
  await expect(page.getByRole('heading', { name: 'A01' })).toBeVisible();
  await expect(page.getByLabel('卖什么')).toHaveCount(0);
  await screenshot(page, 'stall-map-not-open');
});

test('a phone whose clock runs ahead is refused with the time booking opens', async ({ page, request }) => {
  const market = await openMarket(request, 'auto', 2);
  await logInAs(page, '13700137405');
  // The phone believes it is three days later, when booking is open; the server knows better.
  await page.clock.install({ time: new Date(Date.now() + 3 * 86_400_000) });
  await page.goto(`/stall/m/${market}`);
  await page.getByRole('button', { name: /A01/ }).click();
  await page.getByLabel('卖什么').fill('青菜');
  await page.getByRole('button', { name: '订这个摊位' }).click();

  await expect(page.getByRole('alert')).toHaveText(/^现在不能订摊位：预约时间是 \d+月\d+日 周. 8:00 至 \d+月\d+日 周. 12:00。$/);
});

test('a cancelled ticket looks void: stamped, struck through, no QR code', async ({ page, request }) => {
  const market = await openMarket(request);
  await logInAs(page, '13700137405');
  await page.goto(`/stall/m/${market}`);
  await page.getByRole('button', { name: /A01/ }).click();
  await page.getByLabel('卖什么').fill('青菜');
  await page.getByRole('button', { name: '订这个摊位' }).click();
  await expect(page.locator('.qr svg')).toBeVisible();
  await expect(page.locator('.chip.status-confirmed')).toHaveText('已确认');

  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: '取消预订' }).click();

  await expect(page.getByRole('note').filter({ hasText: '已取消 · 凭证作废' })).toBeVisible();
  await expect(page.locator('.qr')).toHaveCount(0);
  await expect(page.locator('.ticket')).toHaveClass(/void/);
  const struck = await page.locator('.big-code').evaluate((e) => getComputedStyle(e).textDecorationLine);
  expect(struck).toBe('line-through');
  await expect(page.locator('.chip.status-void')).toHaveText('已取消');
  await screenshotEveryWay(page, 'stall-ticket-void');
  await page.goto('/stall/mine');
  await expect(page.locator('.row-link.void')).toContainText('A01');
});
