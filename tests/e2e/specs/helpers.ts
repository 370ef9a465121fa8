import { APIRequestContext, expect, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

/** Where screenshots go: a folder git ignores, for people to look at. */
export const SCREENSHOTS = path.join(__dirname, '..', 'screenshots');

/** Checks the screen fits the phone's width (nothing cut off, no sideways scrolling) and saves a
 *  full-page screenshot named after it. */
export async function screenshot(page: Page, name: string) {
  const widths = await page.evaluate(() => ({
    content: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  }));
  expect(widths.content, `${name} is wider than the phone`).toBeLessThanOrEqual(widths.viewport);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Collects console errors and uncaught exceptions; `expectNone` fails the test if any. */
export function watchErrors(page: Page) {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return {
    expectNone: () => expect(errors, errors.join('\n')).toEqual([]),
  };
}

/** Opens a path and waits until the wasm app has taken the page over (from the boot skeleton, or
 *  from the page the server drew). */
export async function openApp(page: Page, pathname: string) {
  await page.goto(pathname);
  await startApp(page);
}

/** On a page the server drew the app starts at the villager's first act (style/start.js): here a
 *  key press, which moves nothing. Then waits until it runs. */
export async function startApp(page: Page) {
  if ((await page.locator('html[data-drawn]').count()) > 0) await page.keyboard.press('Shift');
  await expect(page.locator('html[data-app=running]')).toHaveCount(1);
}

const serverBin =
  process.env.JISHI_SERVER_BIN ?? path.resolve(__dirname, '..', '..', '..', 'target', 'server', 'jishi-server');

/** Runs the server's CLI on this run's database, as an operator would; returns what it printed. */
export function serverCli(...args: string[]): string {
  return cliOn(`sqlite://${process.env.JISHI_E2E_DIR}/jishi.db`)(...args);
}

/** The server's CLI on the database at `db` (a spec's own server). */
export function cliOn(db: string) {
  return (...args: string[]) =>
    execFileSync(serverBin, [...args, '--db', db], { encoding: 'utf8', stdio: 'pipe' }).trim();
}

/** The organiser of 金良社区 who runs the markets the check-in specs make. */
export const ORGANISER = '13900139097';


/** Makes `phone` an organiser of `units` (a plain stallholder when there are none) and leaves the
 *  page logged in as them. Logging in itself is login.spec's business. */
export async function logInAs(page: Page, phone: string, units: string[] = [], cli = serverCli) {
  for (const unit of units) cli('user', 'add', '--phone', phone, '--role', 'organiser', '--unit', unit);
  if (units.length === 0) cli('user', 'add', '--phone', phone, '--role', 'stallholder');
  const token = cli('token', '--phone', phone).split('\n').at(-1)!;
  await page.goto('/me');
  await page.evaluate((t) => localStorage.setItem('jishi.session', t), token);
}

/** Unfolds the schedule's filters (folded under the line that says what is chosen). */
export async function openFilters(page: Page) {
  const details = page.locator('.filters details');
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await details.locator('summary').click();
  }
}

/** Text at 200%, as WeChat's and Android's largest font setting draws it (rem-sized, like ours). */
export async function largeText(page: Page) {
  await page.addStyleTag({ content: 'html { font-size: 200% !important; }' });
}

/** Screenshots of the screen as it is now, then in elder mode, then at 200% text, each checked
 *  for width by `screenshot`. In place (elder mode is the page's `elder` class): nothing reloads,
 *  so what the screen shows (a form's errors, a picked stall) stays. */
export async function screenshotEveryWay(page: Page, name: string) {
  await screenshot(page, name);
  await page.evaluate(() => document.documentElement.classList.add('elder'));
  await screenshot(page, `${name}-elder`);
  await page.evaluate(() => document.documentElement.classList.remove('elder'));
  const style = await page.addStyleTag({ content: 'html { font-size: 200% !important; }' });
  await screenshot(page, `${name}-200-text`);
  await style.evaluate((s) => s.remove());
}

/** A market a week ahead, with two booths and a car bay; returns its id. Its booking opened
 *  yesterday at 8:00, or `opensInDays` from today at 8:00 (China time). */
export async function openMarket(request: APIRequestContext, approval = 'auto', opensInDays = -1): Promise<string> {
  serverCli('user', 'add', '--phone', '13900139099', '--role', 'organiser', '--unit', 'hu-jinliang');
  const token = serverCli('token', '--phone', '13900139099').split('\n').at(-1)!;
  const headers = { Authorization: `Bearer ${token}` };
  const day = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  const hour = (h: number, d = day) => `${d}T${String(h).padStart(2, '0')}:00:00+08:00`;
  const opensOn = new Date(Date.now() + opensInDays * 86_400_000).toISOString().slice(0, 10);
  const created = await request.post('/api/v1/markets', {
    headers,
    data: {
      title: '金良社区冬季后备箱集市',
      kind: 'trunk_market',
      starts_at: hour(16),
      ends_at: hour(20),
      host_unit: { id: 'hu-jinliang' },
      venue: { name: '金良社区稻香果园停车场', town: '新桥镇', village: '金良社区', address: '台州市路桥区新桥镇金良社区二嫂乡苑北侧' },
      booking: { opens_at: hour(8, opensOn), closes_at: hour(12), approval },
      goods: '自家农产品',
      contact: { name: '王社长', phone: '0576-8238 2002' },
    },
  });
  expect(created.status()).toBe(201);
  const market = await created.json();
  const laid = await request.put(`/api/v1/markets/${market.id}/stalls`, {
    headers,
    data: {
      items: [
        { code: 'A01', zone: 'A区 农产品', kind: 'booth', fee_fen: 0 },
        { code: 'A02', zone: 'A区 农产品', kind: 'booth', fee_fen: 0, power: true },
        { code: 'B01', zone: 'B区 后备箱', kind: 'car_bay', fee_fen: 2000 },
      ],
    },
  });
  expect(laid.status()).toBe(200);
  return market.id;
}

/** What a test's market of 金良社区 differs in: times are ms from now; `booking` adds to the window's
 *  fields (allocation, reserved_percent…); `stalls` are laid out as given. */
export interface MarketOf {
  title: string;
  kind: string;
  goods: string;
  startsIn: number;
  lasts: number;
  closesIn: number;
  booking?: Record<string, unknown>;
  stalls: { code: string; zone: string; kind: string; fee_fen: number }[];
  organiser?: string;
}

export const BOOTHS = [
  { code: 'A01', zone: 'A区 农产品', kind: 'booth', fee_fen: 0 },
  { code: 'A02', zone: 'A区 农产品', kind: 'booth', fee_fen: 0 },
];

/** A market of 金良社区 made by `organiser` (ORGANISER when not said) through the API, its booking
 *  open since yesterday, laid out; its id and the organiser's headers. */
export async function marketOf(request: APIRequestContext, market: MarketOf, cli = serverCli) {
  const organiser = market.organiser ?? ORGANISER;
  cli('user', 'add', '--phone', organiser, '--role', 'organiser', '--unit', 'hu-jinliang');
  const headers = { Authorization: `Bearer ${cli('token', '--phone', organiser).split('\n').at(-1)}` };
  const china = (ms: number) => new Date(Date.now() + ms + 8 * 3_600_000).toISOString().slice(0, 19) + '+08:00';
  const created = await request.post('/api/v1/markets', {
    headers,
    data: {
      title: market.title,
      kind: market.kind,
      starts_at: china(market.startsIn),
      ends_at: china(market.startsIn + market.lasts),
      host_unit: { id: 'hu-jinliang' },
      venue: { name: '金良社区稻香果园停车场', town: '新桥镇', village: '金良社区', address: '台州市路桥区新桥镇金良社区二嫂乡苑北侧' },
      booking: { opens_at: china(-86_400_000), closes_at: china(market.closesIn), approval: 'auto', ...market.booking },
      goods: market.goods,
      contact: { name: '王社长', phone: '0576-8238 2002' },
    },
  });
  expect(created.status()).toBe(201);
  const id = (await created.json()).id as string;
  const laid = await request.put(`/api/v1/markets/${id}/stalls`, { headers, data: { items: market.stalls } });
  expect(laid.status()).toBe(200);
  return { id, headers };
}

/** A market starting in a few minutes (so its day is today), two booths, booking open. */
export async function todaysMarket(request: APIRequestContext, cli = serverCli) {
  const minutes = 60_000;
  return marketOf(request, {
    title: '金良社区傍晚小集',
    kind: 'produce_fair',
    goods: '时令果蔬',
    startsIn: 5 * minutes,
    lasts: 60 * minutes,
    closesIn: 60 * minutes,
    stalls: BOOTHS,
  }, cli);
}

/** Books `code` at market `id` for a new stallholder; returns the booking (with ticket and code). */
export async function book(request: APIRequestContext, id: string, phone: string, code: string, cli = serverCli) {
  cli('user', 'add', '--phone', phone, '--role', 'stallholder');
  const headers = { Authorization: `Bearer ${cli('token', '--phone', phone).split('\n').at(-1)}` };
  const stalls = await (await request.get(`/api/v1/markets/${id}/stalls`)).json();
  const stall = stalls.items.find((s: { code: string }) => s.code === code);
  const booked = await request.post(`/api/v1/markets/${id}/bookings`, { headers, data: { stall_id: stall.id, goods: '青菜' } });
  expect(booked.status()).toBe(201);
  return booked.json();
}
