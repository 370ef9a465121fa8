// The first screen from a shared link: the coming markets, grouped by day, with the month's next
// markets, the host, the place and the free stalls; a cancelled market says why.
import { expect, test } from '@playwright/test';
import { largeText, openApp, openFilters, screenshot, watchErrors } from './helpers';

test('a villager sees the coming markets grouped by day', async ({ page }) => {
  const errors = watchErrors(page);

  await openApp(page, '/');

  const days = page.locator('section.day');
  await expect(days.first()).toBeVisible();
  expect(await days.count()).toBeGreaterThan(3);
  await expect(days.first().getByRole('heading', { level: 2 })).toHaveText(/\d+月\d+日 周[一二三四五六日]/);
  const firstCard = page.locator('article.market').first();
  await expect(firstCard).toContainText(/\d+:\d{2}–\d+:\d{2}/);
  await expect(firstCard).toContainText('牵头单位');
  await expect(firstCard).toContainText(/空余摊位 \d+ \/ \d+/);
  await expect(page.getByText('助富集市 · 特色农产品展销').first()).toBeVisible();
  await screenshot(page, 'markets-list');
  errors.expectNone();
});

test('a cancelled market is marked with its reason', async ({ page }) => {
  await openApp(page, '/');

  const note = page.getByRole('note').filter({ hasText: '已取消' });

  await expect(note).toContainText('暂停一次');
  await note.scrollIntoViewIfNeeded();
  await screenshot(page, 'markets-cancelled');
});

test('the schedule follows the language', async ({ page }) => {
  await openApp(page, '/me');
  await page.getByRole('button', { name: 'English' }).click();

  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Markets' }).click();

  await expect(page.locator('section.day').first().getByRole('heading', { level: 2 })).toHaveText(
    /(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d+ [A-Z][a-z]{2}/,
  );
  await expect(page.locator('article.market').first()).toContainText('Free stalls');
  await screenshot(page, 'markets-list-english');
});

test('when the network drops, the schedule saved last time is shown and marked so', async ({ page, context }) => {
  await openApp(page, '/');
  await expect(page.locator('article.market').first()).toBeVisible();
  const tabs = page.getByRole('navigation', { name: '主菜单' });
  await tabs.getByRole('link', { name: '我的' }).click();

  await context.setOffline(true);
  await tabs.getByRole('link', { name: '集市' }).click();

  await expect(page.getByRole('status')).toContainText(/网络不给力，下面是 \d+月\d+日 周. \d+:\d{2} 保存的日程/);
  await expect(page.locator('article.market').first()).toBeVisible();
  await screenshot(page, 'markets-saved-offline');
  await context.setOffline(false);
});

test('filters by town and kind live in the URL and survive a reload', async ({ page }) => {
  await openApp(page, '/');
  const towns = page.getByRole('navigation', { name: '镇街' });
  const kinds = page.getByRole('navigation', { name: '类型' });

  await openFilters(page);
  await towns.getByRole('link', { name: '新市镇' }).click();

  await expect(page).toHaveURL(/\?town=%E6%96%B0%E5%B8%82%E9%95%87$/);
  // The choice stays in sight, folded into one line, with the way to drop it.
  await expect(page.locator('.filters summary')).toHaveText('筛选：新市镇');
  await expect(page.getByRole('link', { name: '清除', exact: true })).toBeVisible();
  await expect(towns.getByRole('link', { name: '新市镇' })).toHaveAttribute('aria-current', 'true');
  const cards = page.locator('article.market');
  await expect(cards.first()).toContainText('新市镇');
  for (const card of await cards.all()) await expect(card).toContainText('新市镇');
  await page.reload();
  await expect(cards.first()).toContainText('新市镇');
  await screenshot(page, 'markets-filtered');

  await openFilters(page);
  await kinds.getByRole('link', { name: '后备箱集市' }).click();
  await expect(page).toHaveURL(/town=.*&kind=trunk_market$/);
  await expect(page.locator('.filters summary')).toHaveText('筛选：新市镇 · 后备箱集市');
  await expect(page.getByText('没有符合条件的集市')).toBeVisible();
  await expect(page.getByText(/最近的一场集市： \d+月\d+日 周./)).toBeVisible();
  await page.getByRole('link', { name: '清除筛选' }).click();
  await expect(page).toHaveURL(/\/$/);
  expect(await cards.count()).toBeGreaterThan(5);
});

test('the month calendar marks market days, shows a day, and keeps the filters', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page, '/');

  await page.getByRole('link', { name: '月历' }).click();
  await expect(page).toHaveURL(/month=\d{4}-\d{2}/);
  const marked = page.locator('a.cal-day');
  await expect(marked.first()).toBeVisible();
  const month = await page.locator('#cal-month').textContent();
  await page.getByRole('link', { name: '下个月' }).click();
  await expect(page.locator('#cal-month')).not.toHaveText(month!);
  const days = page.locator('a.cal-day');
  await expect(days.nth(2)).toBeVisible();
  await days.nth(1).click();
  await expect(page).toHaveURL(/day=\d{4}-\d{2}-\d{2}/);
  await expect(page.locator('a.cal-day[aria-current="date"]')).toHaveCount(1);
  await expect(page.locator('section.day article.market').first()).toBeVisible();
  await screenshot(page, 'markets-month');

  await openFilters(page);
  await page.getByRole('navigation', { name: '类型' }).getByRole('link', { name: '后备箱集市' }).click();
  await expect(page).toHaveURL(/kind=trunk_market/);
  await expect(page).toHaveURL(/month=/);
  await page.getByRole('link', { name: '列表' }).click();
  await expect(page).toHaveURL(/kind=trunk_market/);
  await expect(page).not.toHaveURL(/month=/);
  await expect(page.locator('article.market').first()).toContainText('后备箱集市');
  errors.expectNone();
});

test('a market card is one link from edge to edge', async ({ page }) => {
  await openApp(page, '/');
  const card = page.locator('article.market').first();
  const href = await card.getByRole('link').getAttribute('href');
  await expect(card.getByRole('link')).toHaveCount(1);
  // Where an elderly thumb lands: the stalls line at the card's foot, far from the title.
  await card.locator('.stalls').scrollIntoViewIfNeeded();
  const foot = (await card.locator('.stalls').boundingBox())!;
  await page.mouse.click(foot.x + 8, foot.y + foot.height / 2);
  await expect(page).toHaveURL(new RegExp(`${href}$`));
});

for (const mode of ['normal', 'elder', '200% text'] as const) {
  test(`the first market is on the first screen (${mode})`, async ({ page }) => {
    if (mode === 'elder') await page.addInitScript(() => localStorage.setItem('jishi.elder', '1'));
    await openApp(page, '/');
    if (mode === '200% text') await largeText(page);

    const first = page.locator('article.market').first();
    await expect(first.getByRole('heading', { level: 3 })).toBeInViewport();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, `markets-first-screen-${mode.replace(/\W+/g, '-')}`);
  });
}
