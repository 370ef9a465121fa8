// 共富 reports: an organiser of the three Luqiao units opens last month's report (the demo keeps
// what happened at last month's Luqiao market), reads it on the phone, narrows it to one unit,
// prints it on A4, and outside WeChat takes the table for Excel.
import { expect, Page, test } from '@playwright/test';
import * as fs from 'node:fs';
import { logInAs, screenshot, screenshotEveryWay, watchErrors } from './helpers';

const ORGANISER = '13900139081';
const UNITS = ['hu-jiangsengqiao', 'hu-jinliang', 'hu-xiaotong'];
const CHROME_UA =
  'Mozilla/5.0 (Linux; Android 12; M2102J2SC) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Mobile Safari/537.36';

function tile(page: Page, name: string) {
  return page.locator('.report-tiles .count-tile', { hasText: name }).locator('strong');
}

test('an organiser reads last month’s report, narrows it to a unit, and prints it on A4', async ({ page }) => {
  const errors = watchErrors(page);
  await logInAs(page, ORGANISER, UNITS);
  await page.goto('/organise');
  await page.getByRole('link', { name: '共富报表' }).click();
  await expect(page.getByRole('heading', { name: '共富集市报表' })).toBeVisible();

  // Last month's Luqiao market, as the demo keeps it: 12 of 26 stalls booked, 10 came.
  await expect(tile(page, '举办集市')).toHaveText('1');
  await expect(tile(page, '预订摊位')).toHaveText('12/26');
  await expect(tile(page, '到场摊位')).toHaveText('10');
  await expect(tile(page, '未到场率')).toHaveText('17%');
  await expect(tile(page, '摊主')).toHaveText('12');
  await expect(tile(page, '帮扶户')).toHaveText('4');
  await expect(tile(page, '访客')).toHaveText('86');
  const first = page.locator('.report-bars').nth(2).locator('tbody tr').first();
  await expect(first.locator('th')).toHaveText('蒋僧桥村');
  await expect(first.locator('.bar-count')).toHaveText('4');
  await expect(first.locator('.bar-part-count')).toContainText('帮扶户 2');
  await expect(page.locator('.report-markets li')).toHaveCount(1);
  // WeChat's browser neither prints nor saves: the way out instead of buttons that do nothing.
  await expect(page.getByText('微信里不能打印。')).toBeVisible();
  await screenshotEveryWay(page, 'report');

  // One unit: 小桐村 hosted none last month.
  await page.getByLabel('牵头单位').selectOption({ label: '小桐村' });
  await expect(page.getByText('这段时间没有已举办的集市。')).toBeVisible();
  await page.getByLabel('牵头单位').selectOption({ label: '全部单位' });
  await expect(tile(page, '摊主')).toHaveText('12');

  // Printed: the choices and buttons go, the report stays.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByLabel('时段')).toBeHidden();
  await expect(page.getByRole('heading', { name: '共富集市报表' })).toBeVisible();
  await page.emulateMedia({ media: 'screen' });
  errors.expectNone();
});

test('outside WeChat the report prints and its table downloads for Excel', async ({ browser }, testInfo) => {
  const use = testInfo.project.use;
  const context = await browser.newContext({
    baseURL: use.baseURL,
    viewport: use.viewport,
    userAgent: CHROME_UA,
    isMobile: use.isMobile,
    hasTouch: use.hasTouch,
    deviceScaleFactor: use.deviceScaleFactor,
    locale: use.locale,
  });
  const page = await context.newPage();
  await logInAs(page, ORGANISER, UNITS);
  await page.goto('/organise/reports');
  await expect(tile(page, '摊主')).toHaveText('12');
  await expect(page.getByRole('button', { name: '打印报表' })).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出表格（Excel）' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^jishi-report-\d{4}-\d{2}\.csv$/);
  const bytes = fs.readFileSync((await file.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  expect(text).toContain('共富集市报表');
  expect(text).toContain('合计,12,4\r\n');

  // A4, as the print dialog would lay it: the whole report on two pages at most.
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi, to look at
  await screenshot(page, 'report-print');
  const pdf = await page.pdf({ format: 'A4', printBackground: false });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  expect(pages).toBeGreaterThan(0);
  expect(pages).toBeLessThanOrEqual(2);
  await context.close();
});
