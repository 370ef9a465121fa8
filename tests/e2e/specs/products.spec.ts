// 好物: search that understands pinyin initials and answers after a pause in typing (not per key),
// filters in the URL, a product's page with its workshop and the markets that carry it.
import { expect, test } from '@playwright/test';
import { openApp, screenshot, watchErrors } from './helpers';

test('typing ppl finds the loquat syrup with one request, and it leads to its market', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page, '/products');
  await expect(page.locator('a.product').first()).toBeVisible();
  const searches: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/v1/products?q=')) searches.push(request.url());
  });

  await page.getByLabel('搜索好物').click();
  await page.keyboard.type('ppl', { delay: 60 });

  const first = page.locator('a.product').first();
  await expect(first).toContainText('枇杷露');
  await expect(page).toHaveURL(/\?q=ppl/);
  expect(searches, 'one request for the whole word').toHaveLength(1);
  await screenshot(page, 'products-search-ppl');

  await first.click();
  await expect(page.getByRole('heading', { name: '枇杷露', level: 1 })).toBeVisible();
  await expect(page.getByText('小桐村阳光工坊')).toBeVisible();
  await expect(page.getByText('全年')).toBeVisible();
  await screenshot(page, 'product-page');
  const market = page.getByRole('region', { name: '在这些集市能买到' }).getByRole('link').first();
  await expect(market).toBeVisible();
  await market.click();
  await expect(page).toHaveURL(/\/m\//);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  errors.expectNone();
});

test('hongtang finds the brown sugar and the market where it is sold next', async ({ page }) => {
  await openApp(page, '/products?q=hongtang');
  const first = page.locator('a.product').first();
  await expect(first).toContainText('古法红糖');
  await first.click();
  const where = page.getByRole('region', { name: '在这些集市能买到' });
  await expect(where.getByRole('link').first()).toContainText('红糖助富集市');
  await expect(where.getByRole('link').first()).toContainText('鹤塘乡 · 上坪村 · 摊位 A01');
});

test('filters live in the URL, nothing found says what to try, and a workshop lists its products', async ({ page }) => {
  await openApp(page, '/products');
  await page.getByRole('navigation', { name: '品类' }).getByRole('link', { name: '苗木花卉' }).click();
  await expect(page).toHaveURL(/category=nursery/);
  await expect(page.locator('a.product')).toHaveCount(4);
  await page.getByRole('navigation', { name: '季节' }).getByRole('link', { name: '当季' }).click();
  await expect(page).toHaveURL(/category=nursery.*season=now|season=now.*category=nursery/);
  await page.reload();
  await expect(page.locator('a.product').first()).toBeVisible();
  await screenshot(page, 'products-filtered');

  await page.goto('/products?q=huoguo');
  await expect(page.getByText('没有找到相关的好物')).toBeVisible();
  await expect(page.getByText('hongtang、ppl')).toBeVisible();

  await page.goto('/w/ws-zhiweihong');
  await expect(page.getByRole('heading', { name: '知味红·红糖工坊' })).toBeVisible();
  await expect(page.getByText('带动 45 人就业')).toBeVisible();
  await expect(page.locator('a.product')).toHaveCount(3);
  await screenshot(page, 'workshop-page');
});
