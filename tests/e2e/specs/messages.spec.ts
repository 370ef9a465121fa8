// Texts: a stallholder chooses what they are texted; an organiser cancels a market with a reason and
// copies the ready notice for the WeChat group; the stallholder's booking shows the cancellation
// as it was texted, and that it went.
import { expect, test } from '@playwright/test';
import { logInAs, openMarket, screenshotEveryWay, serverCli, watchErrors } from './helpers';

test('an organiser cancels a market, copies the group notice, and the stallholder sees the text that went', async ({ page, request, context }) => {
  const errors = watchErrors(page);
  const market = await openMarket(request);

  // The stallholder turns quiet hours off, so the text goes at once whatever the hour of this run.
  await logInAs(page, '13700137901');
  await page.goto('/me');
  await page.getByRole('link', { name: '短信通知 ›' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { name: '短信通知' })).toBeVisible();
  const quiet = page.getByRole('switch', { name: '晚上9点到早上8点不发短信' });
  await expect(quiet).toHaveAttribute('aria-checked', 'true');
  await quiet.click();
  await expect(quiet).toHaveAttribute('aria-checked', 'false');
  await expect(page.getByRole('status')).toContainText('已保存');
  await screenshotEveryWay(page, 'account-texts');
  const holder = serverCli('token', '--phone', '13700137901').split('\n').at(-1)!;
  const booked = await request.post(`/api/v1/markets/${market}/bookings`, {
    headers: { Authorization: `Bearer ${holder}` },
    data: { stall_id: `${market}-A01`, goods: '自家青菜' },
  });
  expect(booked.status()).toBe(201);
  const booking = (await booked.json()).id;

  // The organiser cancels with a reason; the notice for the groups says so, ready to copy.
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await logInAs(page, '13900139099', ['hu-jinliang']);
  await page.goto(`/organise/m/${market}`);
  await expect(page.getByRole('heading', { name: '群通知' })).toBeVisible();
  await page.getByLabel('原因（村民和摊主会看到）').fill('寒潮大风，停办一次');
  await page.getByRole('button', { name: '确认取消' }).click();
  const notice = page.locator('.notice-item').filter({ hasText: '【集市取消】' });
  await expect(notice).toContainText('寒潮大风，停办一次');
  await expect(page.locator('.notice-item')).toHaveCount(1);
  await notice.getByRole('button', { name: '复制' }).click();
  await expect(notice.getByRole('status')).toContainText('已复制');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('【集市取消】');
  expect(copied).toContain(`/m/${market}`);
  await screenshotEveryWay(page, 'organise-notices');

  // The organiser's list of bookings shows the text and that it went.
  await page.goto(`/organise/m/${market}/bookings`);
  await page.locator('.booking-messages summary').click();
  await expect(page.locator('.booking-messages')).toContainText('集市取消');

  // The desk counts this month's texts against the host unit's limit.
  await page.goto('/organise');
  const usage = page.locator('.sms-usage').filter({ hasText: '金良社区' });
  await expect(usage).toContainText(/已发 [1-9]\d* 条，每月额度 2000 条/);
  await expect(usage).toContainText('金良社区冬季后备箱集市');
  await usage.getByLabel('每月短信额度（条）').fill('500');
  await usage.getByRole('button', { name: '保存' }).click();
  await expect(page.locator('.sms-usage').filter({ hasText: '金良社区' })).toContainText('每月额度 500 条');
  await screenshotEveryWay(page, 'organise-home-texts');

  // The stallholder's ticket: the cancellation as it was texted, and 已发送.
  await logInAs(page, '13700137901');
  await expect(async () => {
    await page.goto(`/stall/b/${booking}`);
    await expect(page.locator('.messages')).toContainText('已发送', { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.locator('.messages')).toContainText('集市取消');
  await expect(page.getByRole('note').first()).toContainText('集市取消 · 凭证作废');
  await expect(page.locator('.qr')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '取消预订' })).toHaveCount(0);
  await expect(page.locator('.messages')).toContainText('寒潮大风，停办一次');
  await screenshotEveryWay(page, 'ticket-texts');
  errors.expectNone();
});
