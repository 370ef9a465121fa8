// The pages a shared link opens (/, /m/{id}, /products, /p/{id}, /w/{id}) come drawn by the server
// from the app's own components: readable and tappable with scripts off, and taken over by the app
// without a change anyone could see.
import { expect, Page, test } from '@playwright/test';
import { screenshot, startApp, watchErrors } from './helpers';

const MARKET = '/m/m-xiaotong-loquat';
const PAGES = ['/', '/?month=2026-12', MARKET, '/products', '/products?category=nursery', '/p/p-hongtang', '/w/ws-zhiweihong'];

// A first visit, every time: once the app runs it registers the villagers' service worker, which
// would then answer the wasm from its copy (past the test's hold on it) and the pages after it.
test.use({ serviceWorkers: 'block' });

test.describe('with JavaScript turned off', () => {
  test.use({ javaScriptEnabled: false });

  test('the schedule reads by day, and its filters and month view are links that work', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: '近期集市' })).toBeVisible();
    await expect(page.locator('section.day').first()).toBeVisible();
    await expect(page.locator('article.market').first()).toContainText(/空余摊位 \d+ \/ \d+/);
    await screenshot(page, 'first-paint-markets');

    // The filters unfold with no script too (a <details>).
    await page.locator('.filters summary').click();
    await page.getByRole('navigation', { name: '镇街' }).getByRole('link', { name: '鹤塘乡' }).click();
    await expect(page.locator('.filters summary')).toContainText('鹤塘乡');
    await expect(page).toHaveURL(/town=%E9%B9%A4%E5%A1%98%E4%B9%A1/);
    const places = await page
      .locator('article.market')
      .evaluateAll((cards) => cards.map((card) => card.querySelector('p.muted')!.textContent!));
    expect(places.length).toBeGreaterThan(0);
    for (const place of places) {
      expect(place).toContain('鹤塘乡');
    }

    await page.getByRole('link', { name: '月历' }).click();
    await expect(page).toHaveURL(/month=\d{4}-\d{2}/);
    await expect(page.locator('.cal-grid')).toBeVisible();
    const month = await page.locator('#cal-month').textContent();
    await page.getByRole('link', { name: '下个月' }).click();
    await expect(page.locator('#cal-month')).not.toHaveText(month!);
  });

  test('a market page has when, where, the map, the call, the calendar and the share text', async ({ page }) => {
    const response = await page.goto(MARKET);
    expect(response!.status()).toBe(200);

    await expect(page.getByRole('heading', { level: 1, name: '枇杷文化节共富集市' })).toBeVisible();
    await expect(page.locator('dl.facts')).toContainText('小桐村阳光工坊前广场');
    await expect(page.getByRole('link', { name: '在地图中打开' })).toHaveAttribute('href', /uri\.amap\.com\/marker/);
    await expect(page.getByRole('link', { name: /0576/ })).toHaveAttribute('href', /^tel:0576/);
    const calendar = await page.request.get(await page.getByRole('link', { name: '加入日历' }).getAttribute('href') ?? '');
    expect(await calendar.text()).toContain('BEGIN:VEVENT');
    await page.getByText('分享文字（长按可复制）').click();
    await expect(page.locator('.share-text')).toContainText('【集市通】枇杷文化节共富集市');
    await expect(page.locator('.share-text')).toContainText(`${MARKET}`);
    await screenshot(page, 'first-paint-market');

    await page.getByRole('link', { name: '‹ 近期集市' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '近期集市' })).toBeVisible();
  });

  test('products search, filter and lead to a product and its workshop', async ({ page }) => {
    await page.goto('/products');
    await page.getByRole('searchbox').fill('hongtang');
    await page.getByRole('searchbox').press('Enter');
    await expect(page).toHaveURL(/q=hongtang/);
    await page.locator('a.product').filter({ hasText: '古法红糖' }).click();

    await expect(page.getByRole('heading', { level: 1, name: '古法红糖' })).toBeVisible();
    const where = page.getByRole('region', { name: '在这些集市能买到' });
    await expect(where.getByRole('link').first()).toContainText('红糖助富集市');
    await screenshot(page, 'first-paint-product');
    await page.locator('dl.facts').getByRole('link').click();
    await expect(page.getByText(/带动 \d+ 人就业/)).toBeVisible();

    await page.goto('/products');
    await page.getByRole('navigation', { name: '品类' }).getByRole('link', { name: '苗木花卉' }).click();
    await expect(page.locator('a.product')).toHaveCount(4);
  });

  test('what does not exist says so, with a 404', async ({ page }) => {
    const response = await page.goto('/m/m-nowhere');
    expect(response!.status()).toBe(404);
    await expect(page.getByText('没有找到这个集市')).toBeVisible();
  });
});

/** Every element of the page, in order: its tag, attributes (sorted), own text and box. */
function drawing(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('#app *')].map((el) => {
      const box = el.getBoundingClientRect();
      const text = [...el.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent)
        .join('');
      const attributes = [...el.attributes]
        .map((a) => `${a.name}=${a.value}`)
        .sort()
        .join(' ');
      const round = (v: number) => Math.round(v * 2) / 2;
      return `${el.tagName.toLowerCase()}[${attributes}] "${text}" ${round(box.x)},${round(box.y)} ${round(box.width)}x${round(box.height)}`;
    }),
  );
}

/** Opens `pathname` with the wasm held back, draws what the server sent, lets the app in, and
 *  gives both drawings and the paint entries seen after the takeover. */
async function takeOver(page: Page, pathname: string) {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/*_bg.wasm', async (route) => {
    await held;
    await route.continue();
  });
  await page.addInitScript(() => {
    // Shifts from the takeover on (before it, the browser may still be settling its own fonts).
    const seen = { since: Infinity, shifts: 0, moved: [] as string[], largest: [] as number[] };
    (window as unknown as { seen: typeof seen }).seen = seen;
    type Shift = { value: number; startTime: number; sources: { node?: Element; previousRect: DOMRect; currentRect: DOMRect }[] };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as Shift[]) {
        if (entry.startTime < seen.since) continue;
        seen.shifts += entry.value;
        for (const source of entry.sources) {
          const { previousRect: a, currentRect: b } = source;
          seen.moved.push(`${Math.round(entry.startTime)} ms ${source.node?.outerHTML?.slice(0, 60)}: ${a.x},${a.y} ${a.width}x${a.height} -> ${b.x},${b.y} ${b.width}x${b.height}`);
        }
      }
    }).observe({ type: 'layout-shift', buffered: true });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) seen.largest.push((entry as unknown as { size: number }).size);
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  });
  await page.goto(pathname, { waitUntil: 'domcontentloaded' });
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 50))));
  const before = await drawing(page);
  const paintsBefore = await page.evaluate(() => {
    const seen = (window as unknown as { seen: { since: number; largest: number[] } }).seen;
    seen.since = performance.now();
    return seen.largest.length;
  });
  release();
  await startApp(page);
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 100))));
  const after = await drawing(page);
  const seen = await page.evaluate(() => (window as unknown as { seen: { shifts: number; moved: string[]; largest: number[] } }).seen);
  await page.unroute('**/*_bg.wasm');
  return { before, after, paintsBefore, seen };
}

for (const mode of [
  { name: 'Chinese', cookies: [] },
  { name: 'English', cookies: [{ name: 'jishi_lang', value: 'en' }] },
  { name: 'elder mode', cookies: [{ name: 'jishi_elder', value: '1' }] },
]) {
  test(`in ${mode.name}, the app takes over each page without changing a word or a box`, async ({ page, context, baseURL }) => {
    const errors = watchErrors(page);
    await context.addCookies(mode.cookies.map((c) => ({ ...c, url: baseURL! })));
    for (const pathname of PAGES) {
      const { before, after, paintsBefore, seen } = await takeOver(page, pathname);
      expect(before.length, `${pathname} is drawn by the server`).toBeGreaterThan(10);
      expect(after, `${pathname}: the app's drawing is the server's`).toEqual(before);
      expect(seen.shifts, `${pathname}: nothing moved, but ${seen.moved.join('; ')}`).toBe(0);
      // The largest paint happened before the app ran, and nothing larger came after.
      expect(paintsBefore, `${pathname}: the largest paint came first`).toBeGreaterThan(0);
      expect(seen.largest.length, `${pathname}: no larger paint after the takeover`).toBe(paintsBefore);
    }
    errors.expectNone();
  });
}

test('the page follows the saved language and mode from its first byte', async ({ page, context, baseURL }) => {
  await context.addCookies([
    { name: 'jishi_lang', value: 'en', url: baseURL! },
    { name: 'jishi_elder', value: '1', url: baseURL! },
  ]);
  const html = await (await page.request.get(MARKET)).text();
  expect(html).toMatch(/<html lang="en" class="elder" data-drawn>/);
  expect(html).toContain('<h1>枇杷文化节共富集市</h1>');
  expect(html).toContain('‹ Upcoming markets');

  // Without a saved choice the phone's language decides.
  await context.clearCookies();
  const english = await page.request.get('/products', { headers: { 'Accept-Language': 'en-US,en;q=0.9' } });
  expect(await english.text()).toContain('<html lang="en" data-drawn>');
});

test('choosing English in 我的 makes the next server page English', async ({ page }) => {
  await page.goto('/me');
  await startApp(page);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('switch', { name: 'Elder mode' }).click();

  await page.goto('/', { waitUntil: 'commit' });
  const html = await page.content();
  expect(html).toContain('Upcoming markets');
  await expect(page.locator('html')).toHaveClass(/\belder\b/);
});

test('after the takeover the app navigates, and offline shows the saved schedule', async ({ page, context }) => {
  await page.goto('/');
  await startApp(page);
  await page.locator('article.market h3 a').first().click();
  await expect(page.locator('dl.facts')).toBeVisible();

  await context.setOffline(true);
  await page.getByRole('link', { name: '‹ 近期集市' }).click();
  await expect(page.getByRole('status').filter({ hasText: '保存的日程' })).toBeVisible();
  await expect(page.locator('article.market').first()).toBeVisible();
  await context.setOffline(false);
});

test.describe('on a page the server drew, the app starts at the first act that needs it', () => {
  test('reading and scrolling never start it; its files are fetched meanwhile', async ({ page }) => {
    const errors = watchErrors(page);
    const wasm = page.waitForResponse('**/*_bg.wasm');
    await page.goto(MARKET);
    await wasm;
    await page.mouse.wheel(0, 400);
    await page.getByText('分享文字（长按可复制）').click();
    await page.evaluate(() => new Promise((done) => setTimeout(done, 300)));
    await expect(page.locator('html[data-app]')).toHaveCount(0);
    errors.expectNone();
  });

  test('a tap on 复制分享文字 starts the app, which copies', async ({ page, context, baseURL }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    await page.goto(MARKET);
    await page.getByRole('button', { name: '复制分享文字' }).click();
    await expect(page.getByRole('status')).toContainText('已复制');
    await expect(page.locator('html[data-app=running]')).toHaveCount(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('【集市通】枇杷文化节共富集市');
  });

  test('typing in the search is left to the page, whose form answers Enter', async ({ page }) => {
    // Were the app to start here, its drawing would replace the field mid-word (a pinyin
    // composition, the phone's keyboard).
    await page.goto('/products');
    await page.waitForLoadState('networkidle');
    const search = page.getByRole('searchbox');
    await search.click();
    await page.keyboard.type('hongtang');
    await expect(search).toHaveValue('hongtang');
    await expect(page.locator('html[data-app]')).toHaveCount(0);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/q=hongtang/);
    const found = await (await page.request.get('/api/v1/products?q=hongtang')).json();
    const names = found.items.map((product: { name: string }) => product.name);
    await expect(page.locator('a.product .product-name')).toHaveText(names);
    await expect(page.getByRole('searchbox')).toHaveValue('hongtang');
  });

  test('where WebAssembly is missing a drawn page stays as drawn, without the copy button', async ({ page }) => {
    await page.addInitScript(() => {
      // @ts-expect-error: a browser without WebAssembly
      delete window.WebAssembly;
    });
    await page.goto(MARKET);
    await expect(page.getByRole('heading', { level: 1, name: '枇杷文化节共富集市' })).toBeVisible();
    await expect(page.getByRole('button', { name: '复制分享文字' })).toBeHidden();
    await page.locator('body').press('Shift');
    await page.evaluate(() => new Promise((done) => setTimeout(done, 300)));
    await expect(page.locator('html[data-app]')).toHaveCount(0);
  });
});
