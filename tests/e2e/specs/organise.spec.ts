// Organisers: the desk reached from 我的 (a second app under /organise), publishing a monthly series
// that rotates its host unit and seeing it in the villagers' schedule, publishing one market and
// cancelling it with a reason villagers then read. Roles are granted with the server's CLI, as an
// operator would; logging in itself is login.spec's business.
import { expect, test } from '@playwright/test';
import { logInAs, screenshot, watchErrors } from './helpers';

/** `YYYY-MM` of the month `ahead` months from now. */
function monthAhead(ahead: number): string {
  const now = new Date();
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + ahead, 1));
  return month.toISOString().slice(0, 7);
}

test('an organiser publishes a monthly series and villagers see it in the schedule', async ({ page }) => {
  const errors = watchErrors(page);
  await logInAs(page, '13900139011', ['hu-jiangsengqiao', 'hu-jinliang', 'hu-xiaotong']);
  await page.goto('/me');
  await page.getByRole('link', { name: '组织者工作台' }).click();
  await expect(page).toHaveURL(/\/organise$/);
  await expect(page.getByRole('heading', { name: '我负责的集市' })).toBeVisible();
  await screenshot(page, 'organise-home');

  await page.getByRole('link', { name: '发布每月系列集市' }).click();
  await page.getByLabel('集市名称').fill('新桥助富集市 · 月末专场');
  await page.getByLabel('第几个').selectOption({ label: '最后一个' });
  await page.getByLabel('星期几').selectOption({ label: '周日' });
  await page.getByLabel('第一个月').fill(monthAhead(2));
  await page.getByLabel('共几个月').fill('6');
  await page.getByLabel('开始时间').fill('15:00');
  await page.getByLabel('结束时间').fill('19:00');
  // Tapped in this order: 金良社区 hosts first, then 小桐村, in turn.
  await page.getByRole('button', { name: '金良社区' }).click();
  await page.getByRole('button', { name: '小桐村' }).click();
  await page.getByLabel('联系人').fill('王社长');
  await page.getByLabel('联系电话').fill('0576-8238 2002');

  const preview = page.locator('ol.preview li');
  await expect(preview).toHaveCount(6);
  await expect(preview.nth(0)).toContainText('周日 15:00–19:00 · 金良社区');
  await expect(preview.nth(1)).toContainText('小桐村');
  await expect(preview.nth(2)).toContainText('金良社区');
  await screenshot(page, 'organise-series');
  await page.getByRole('button', { name: '发布' }).click();
  await expect(page.getByRole('status')).toContainText('已发布 6 场集市');

  await page.getByRole('link', { name: '在集市列表查看' }).click();
  await expect(page.locator('section.day').first()).toBeVisible();
  const published = page.locator('article.market').filter({ hasText: '新桥助富集市 · 月末专场' });
  await expect(published.first()).toBeVisible();
  await expect(published.first()).toContainText('15:00–19:00');
  await expect(published.first()).toContainText('牵头单位：金良社区');
  expect(await published.count()).toBe(6);
  errors.expectNone();
});

test('an organiser publishes a market, then cancels it, and villagers read why', async ({ page }) => {
  const errors = watchErrors(page);
  await logInAs(page, '13900139012', ['hu-songshi']);
  await page.goto('/organise/new');
  await expect(page.getByLabel('地点名称')).toHaveValue('新市古镇运河边');
  await page.getByLabel('集市名称').fill('运河共富集市 · 冬至专场');
  await page.getByLabel('日期').fill(`${monthAhead(1)}-21`);
  await page.getByLabel('开始时间').fill('09:00');
  await page.getByLabel('结束时间').fill('12:00');
  await page.getByLabel('联系人').fill('陈站长');
  await page.getByLabel('联系电话').fill('0572-8451 6006');
  await page.getByRole('button', { name: '发布' }).click();

  // Published: the villagers' page of the new market, ready to share.
  await expect(page).toHaveURL(/\/m\/m_[0-9a-f]+$/);
  await expect(page.getByRole('heading', { name: '运河共富集市 · 冬至专场' })).toBeVisible();
  await expect(page.getByText('宋市村').first()).toBeVisible();

  await page.goto('/organise');
  await page.getByRole('link', { name: /运河共富集市 · 冬至专场/ }).click();
  await page.getByLabel('取消原因（村民会看到）').fill('冬至大雨，改期另行通知');
  await page.getByRole('button', { name: '确认取消' }).click();
  await expect(page.getByRole('note')).toContainText('冬至大雨，改期另行通知');
  await screenshot(page, 'organise-cancelled');

  await page.goto(`/?month=${monthAhead(1)}&day=${monthAhead(1)}-21`);
  await expect(page.locator('article.market').filter({ hasText: '冬至专场' }).getByRole('note')).toContainText('冬至大雨');
  errors.expectNone();
});

test('someone who organises nothing is told the desk is not theirs', async ({ page }) => {
  await logInAs(page, '13900139013', []);
  await page.goto('/organise/series');
  await expect(page.getByText('只有牵头单位的组织者可以使用这里。')).toBeVisible();
  await expect(page.getByLabel('集市名称')).toHaveCount(0);

  await page.evaluate(() => localStorage.removeItem('jishi.session'));
  await page.goto('/organise');
  await page.getByRole('link', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/account\?next=\/organise$/);
  await expect(page.getByLabel('手机号')).toBeVisible();
});

test('an organiser adds a row of stalls to the layout and villagers see the new count', async ({ page }) => {
  await logInAs(page, '13900139014', ['hu-changan']);
  await page.goto('/organise/m/m-changan-flowers');
  await page.getByRole('link', { name: '摊位布局' }).click();
  await expect(page.getByRole('heading', { name: 'A区 农产品' })).toBeVisible();
  await page.getByLabel('区域（如 A区 农产品）').fill('D区 手工');
  await page.getByLabel('编号字母').fill('D');
  await page.getByLabel('数量').fill('4');
  await page.getByRole('button', { name: '添加', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'D区 手工' })).toBeVisible();
  await page.getByRole('button', { name: 'D04' }).click();
  await expect(page.getByRole('button', { name: 'D04' })).toHaveClass(/closed/);
  await page.getByRole('button', { name: '保存布局' }).click();
  await expect(page.getByRole('status')).toContainText('布局已保存');
  await screenshot(page, 'organise-layout');

  await page.goto('/m/m-changan-flowers');
  await expect(page.getByText('空余 29 个，共 30 个')).toBeVisible();
});
