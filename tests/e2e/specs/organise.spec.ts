// Organisers: the desk reached from 我的 (a second app under /organise), publishing a monthly series
// that rotates its host unit and seeing it in the villagers' schedule, publishing one market and
// cancelling it with a reason villagers then read. Roles are granted with the server's CLI, as an
// operator would; logging in itself is login.spec's business.
import { expect, test } from '@playwright/test';
import { logInAs, screenshot, screenshotEveryWay, watchErrors } from './helpers';

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
  // Published with no stalls: the first market's layout is the next step, and says so.
  await expect(page).toHaveURL(/\/organise\/m\/[^/]+\/stalls\?published=6$/);
  await expect(page.getByRole('status')).toContainText('已发布 6 场集市');
  await expect(page.locator('.market-named')).toContainText('新桥助富集市 · 月末专场');
  await expect(page.getByText('还没有摊位')).toBeVisible();

  await page.goto('/');
  await expect(page.locator('section.day').first()).toBeVisible();
  const published = page.locator('article.market').filter({ hasText: '新桥助富集市 · 月末专场' });
  await expect(published.first()).toBeVisible();
  await expect(published.first()).toContainText('15:00–19:00');
  await expect(published.first()).toContainText('牵头单位：金良社区');
  // No stalls laid out yet: not "0 / 0", which reads as sold out.
  await expect(published.first()).toContainText('摊位待公布');
  await expect(published.first()).not.toContainText('0 / 0');
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

  // Published: laying out its stalls comes next; villagers meanwhile read 摊位待公布.
  await expect(page).toHaveURL(/\/organise\/m\/m_[0-9a-f]+\/stalls\?published=1$/);
  await expect(page.getByRole('status')).toContainText('集市已发布');
  await screenshotEveryWay(page, 'organise-published-layout-next');
  await page.getByRole('link', { name: '看村民看到的页面' }).click();
  await expect(page).toHaveURL(/\/m\/m_[0-9a-f]+$/);
  await expect(page.getByRole('heading', { name: '运河共富集市 · 冬至专场' })).toBeVisible();
  await expect(page.getByText('宋市村').first()).toBeVisible();
  await expect(page.locator('dl.facts')).toContainText('摊位待公布');
  await expect(page.getByRole('link', { name: '我要摆摊' })).toHaveCount(0);
  await screenshot(page, 'market-stalls-pending');

  await page.goto('/organise');
  await page.getByRole('link', { name: /运河共富集市 · 冬至专场/ }).click();
  await page.getByLabel('原因（村民和摊主会看到）').fill('冬至大雨，改期另行通知');
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

test('an organiser adds rows, takes out a stall and a row no one holds, and villagers see the new count', async ({ page }) => {
  await logInAs(page, '13900139014', ['hu-changan']);
  await page.goto('/organise/m/m-changan-flowers');
  await page.getByRole('link', { name: '摊位布局' }).click();
  await expect(page.locator('.market-named')).toContainText('长安');
  await expect(page.getByRole('heading', { name: 'A区 农产品' })).toBeVisible();
  await page.getByLabel('区域（如 A区 农产品）').fill('D区 手工');
  await page.getByLabel('编号字母').fill('D');
  await page.getByLabel('数量').fill('4');
  await page.getByRole('button', { name: '添加', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'D区 手工' })).toBeVisible();
  // A row with a fee and power: both are on each tile.
  await page.getByLabel('区域（如 A区 农产品）').fill('E区 熟食');
  await page.getByLabel('编号字母').fill('E');
  await page.getByLabel('数量').fill('2');
  await page.getByLabel('用电').selectOption({ label: '有电' });
  await page.getByLabel('摊位费（元）').fill('10');
  await page.getByRole('button', { name: '添加', exact: true }).click();
  await expect(page.getByRole('button', { name: /E01/ })).toContainText('10元');
  await expect(page.getByRole('button', { name: /E01/ })).toContainText('⚡');

  // A tap picks a stall: what it is, and closing or taking out it or its row.
  await page.getByRole('button', { name: /D04/ }).click();
  await expect(page.getByRole('group', { name: /D04/ })).toBeInViewport();
  await page.getByRole('button', { name: '关闭这个摊位' }).click();
  await expect(page.getByRole('button', { name: /D04/ })).toHaveClass(/closed/);
  await page.getByRole('button', { name: /D03/ }).click();
  await screenshotEveryWay(page, 'organise-layout-stall');
  await page.getByRole('button', { name: '删除这个摊位' }).click();
  await expect(page.getByRole('button', { name: /D03/ })).toHaveCount(0);
  await page.getByRole('button', { name: /E02/ }).click();
  await page.getByRole('button', { name: '删除“E区 熟食”这一排没人订的 2 个摊位' }).click();
  await expect(page.getByRole('heading', { name: 'E区 熟食' })).toHaveCount(0);
  await page.getByRole('button', { name: '保存布局' }).click();
  await expect(page.getByRole('status')).toContainText('布局已保存');
  await screenshot(page, 'organise-layout');

  // 26 stalls before; D01, D02 and the closed D04 added.
  await page.goto('/m/m-changan-flowers');
  await expect(page.getByText('空余 28 个，共 29 个')).toBeVisible();
});

test('a market form with several mistakes marks each beside its field at once', async ({ page }) => {
  await logInAs(page, '13900139015', ['hu-songshi']);
  await page.goto('/organise/new');
  await expect(page.getByLabel('地点名称')).toHaveValue('新市古镇运河边');
  await page.getByLabel('地点名称').fill('');
  await page.getByLabel('联系人').fill('陈站长');
  await page.getByLabel('联系电话').fill('call me');
  await page.getByLabel('每人最多摊位数').fill('0');
  await page.getByRole('button', { name: '发布' }).click();

  const beside = (name: string) => page.locator('label.field').filter({ has: page.locator(`[name=${name}]`) }).locator('.field-error');
  await expect(beside('title')).toHaveText('请填写：集市名称');
  await expect(beside('date')).toHaveText('请填写：日期');
  await expect(beside('venue_name')).toHaveText('请填写：地点名称');
  await expect(beside('contact_phone')).toHaveText('不正确：联系电话');
  await expect(beside('stalls_per_person')).toContainText('每人最多摊位数');
  await expect(page.getByRole('alert')).toHaveText('有 5 处要修改，已在上面标出。');
  await expect(page.locator('[name=title]')).toBeFocused();
  await expect(page.locator('[aria-invalid=true]')).toHaveCount(5);
  await page.locator('[name=title]').scrollIntoViewIfNeeded();
  await screenshotEveryWay(page, 'organise-form-problems');

  // Fixed, the marks go and the market is published.
  await page.getByLabel('集市名称').fill('运河共富集市 · 小寒专场');
  await page.getByLabel('日期').fill(`${monthAhead(1)}-05`);
  await page.getByLabel('地点名称').fill('新市古镇运河边');
  await page.getByLabel('联系电话').fill('0572-8451 6006');
  await page.getByLabel('每人最多摊位数').fill('1');
  await page.getByRole('button', { name: '发布' }).click();
  await expect(page).toHaveURL(/\/stalls\?published=1$/);
});

test('a failed load says so with 重试 instead of an empty form, and 重试 loads it', async ({ page }) => {
  await logInAs(page, '13900139016', ['hu-songshi']);
  await page.route('**/api/v1/host-units', (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'unavailable', message: '服务暂时不可用，请稍后再试。' } }),
    }),
  );
  await page.goto('/organise/new');
  const failed = page.locator('.error-view');
  await expect(failed).toContainText('服务暂时不可用');
  await expect(page.getByLabel('集市名称')).toHaveCount(0);
  await screenshotEveryWay(page, 'organise-load-failed');

  await page.unroute('**/api/v1/host-units');
  await failed.getByRole('button', { name: '重试' }).click();
  await expect(page.getByLabel('地点名称')).toHaveValue('新市古镇运河边');
});
