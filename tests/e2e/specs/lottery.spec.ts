// A lottery market (摇号): a stallholder applies on the stall map, the organiser draws once
// applications close, the stallholder sees whether they were drawn, and the check on the phone says
// 一致. (The server's own drawer is set to wait an hour here, so the organiser's tap draws.)
import { APIRequestContext, expect, test } from '@playwright/test';
import { book, BOOTHS, logInAs, marketOf, screenshotEveryWay, serverCli } from './helpers';

const ORGANISER = '13900139061';
const CLOSES_IN_MS = 25_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A lottery market of 金良社区 whose applications close in 25 seconds: two booths and a car bay. */
async function lotteryMarket(request: APIRequestContext) {
  const closes = Date.now() + CLOSES_IN_MS;
  const { id } = await marketOf(request, {
    title: '小桐村枇杷节摇号集市',
    kind: 'festival',
    goods: '枇杷及枇杷制品',
    startsIn: 3 * DAY,
    lasts: 4 * HOUR,
    closesIn: CLOSES_IN_MS,
    booking: { allocation: 'lottery' },
    stalls: [...BOOTHS, { code: 'B01', zone: 'B区 后备箱', kind: 'car_bay', fee_fen: 2000 }],
    organiser: ORGANISER,
  });
  return { id, closes };
}

test('a stallholder applies, the organiser draws, the stallholder sees the outcome and the check says 一致', async ({ page, request, browser }, testInfo) => {
  const { id, closes } = await lotteryMarket(request);

  // Three others apply by the API, so there are more applicants than stalls.
  for (const phone of ['13700137952', '13700137953', '13700137954']) {
    serverCli('user', 'add', '--phone', phone, '--role', 'stallholder');
    const token = serverCli('token', '--phone', phone).split('\n').at(-1);
    const applied = await request.post(`/api/v1/markets/${id}/applications`, {
      headers: { Authorization: `Bearer ${token}` },
      data: { goods: '枇杷膏', plate: '浙J5678' + phone.at(-1) },
    });
    expect(applied.status()).toBe(201);
  }

  // The stallholder applies on the stall map: goods, and the zone wanted.
  await logInAs(page, '13700137951');
  await page.goto(`/stall/m/${id}`);
  await expect(page.getByText('这场集市的摊位报名后摇号')).toBeVisible();
  await page.getByLabel('卖什么').fill('白沙枇杷');
  await page.getByRole('button', { name: 'A区 农产品' }).click();
  await expect(page.getByRole('button', { name: '1 A区 农产品' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: '报名摇号' }).click();
  await expect(page.getByText('已报名，等待摇号。')).toBeVisible();
  await screenshotEveryWay(page, 'lottery-applied');

  // Before the draw the check page shows the commitment and says when it draws.
  await page.getByRole('link', { name: '查看摇号结果，在手机上验证' }).click();
  await expect(page.getByText('还没摇号')).toBeVisible();
  const commitment = await page.locator('code.hash').first().textContent();
  expect(commitment).toMatch(/^[0-9a-f]{64}$/);

  // Applications close; the organiser draws.
  await page.waitForTimeout(Math.max(0, closes - Date.now()) + 1_500);
  const organiser = await browser.newContext({ ...testInfo.project.use, baseURL: testInfo.project.use.baseURL });
  const desk = await organiser.newPage();
  await logInAs(desk, ORGANISER, ['hu-jinliang']);
  await desk.goto(`/organise/m/${id}/bookings`);
  await expect(desk.getByText('已报名 4 人')).toBeVisible();
  await desk.getByRole('button', { name: '现在摇号' }).click();
  await expect(desk.getByText('3 人中签，1 人候补')).toBeVisible();
  await expect(desk.locator('.booking-row')).toHaveCount(3);
  await organiser.close();

  // The stallholder sees the outcome, and the phone checks the draw.
  await page.goto(`/stall/m/${id}`);
  const mine = await (await page.request.get(`/api/v1/markets/${id}/applications/mine`, {
    headers: { Authorization: `Bearer ${await page.evaluate(() => localStorage.getItem('jishi.session'))}` },
  })).json();
  const outcome = mine.status === 'placed' ? '中签了！摊位已经给您。' : '您现在排在候补第 1 位';
  await expect(page.getByText(outcome)).toBeVisible();
  await page.getByRole('link', { name: '查看摇号结果，在手机上验证' }).click();
  await expect(page.getByText('一致：种子与摇号前公布的承诺相符')).toBeVisible();
  await expect(page.locator('code.hash').first()).toHaveText(commitment!);
  await screenshotEveryWay(page, 'lottery-checked');
});

test('an organiser marks a priority household by phone, and the villager sees it in 我的', async ({ page, browser }, testInfo) => {
  const organiser = await browser.newContext({ ...testInfo.project.use });
  const desk = await organiser.newPage();
  await logInAs(desk, '13900139062', ['hu-jinliang']);
  await desk.goto('/organise');
  await desk.getByRole('link', { name: '帮扶户' }).click();
  await expect(desk.getByText('还没有标记帮扶户。')).toBeVisible();
  await desk.getByLabel('村民手机号').fill('13700137961');
  await desk.getByRole('button', { name: '标记为帮扶户' }).click();
  await expect(desk.getByText('13700137961')).toBeVisible();
  await screenshotEveryWay(desk, 'households');
  await organiser.close();

  await logInAs(page, '13700137961');
  await page.goto('/me');
  await expect(page.getByText('您是金良社区的帮扶户')).toBeVisible();
});

test('a villager refused a stall kept for priority households joins the line from the stall map', async ({ page, request }) => {
  // No console-error check: the refused booking is logged as a failed request.
  // Half of two booths kept for priority households until a day before; one is booked.
  const { id } = await marketOf(request, {
    title: '金良社区帮扶小集',
    kind: 'produce_fair',
    goods: '时令果蔬',
    startsIn: 5 * DAY,
    lasts: 4 * HOUR,
    closesIn: 5 * DAY - HOUR,
    booking: { reserved_percent: 50, reserved_hours: 24 },
    stalls: BOOTHS,
    organiser: ORGANISER,
  });
  await book(request, id, '13700137971', 'A01');

  await logInAs(page, '13700137972');
  await page.goto(`/stall/m/${id}`);
  await page.getByRole('button', { name: /A02/ }).click();
  await page.getByLabel('卖什么').fill('番薯');
  await page.getByRole('button', { name: '订这个摊位' }).click();
  await expect(page.getByRole('alert')).toContainText('留给帮扶户');
  const line = page.locator('section', { hasText: '可以排队候补：开市前仍空着的摊位' });
  await line.getByLabel('卖什么').fill('番薯');
  await line.getByRole('button', { name: '排队候补' }).click();
  await expect(page.getByRole('status')).toContainText('你是第 1 位');
  await screenshotEveryWay(page, 'stall-kept-line');
});
