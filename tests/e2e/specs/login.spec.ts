// Logging in with a phone and the code from the console SMS sender (read from the server's log),
// staying logged in across a reload, and logging out. The form is the account page's, in the second
// app; 我的 in the villagers' app links to it and shows who is logged in.
import { expect, Page, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openApp, screenshot, screenshotEveryWay, watchErrors } from './helpers';

const SERVER_LOG = path.join(process.env.JISHI_E2E_DIR!, 'server.log');

/** The newest code the console sender logged for `phone`, waiting for it to appear. `notBefore` is
 *  the log's size in bytes before asking: the bytes are cut, then read (the log holds Chinese texts). */
async function codeFromLog(phone: string, notBefore: number): Promise<string> {
  let code: string | undefined;
  await expect
    .poll(() => {
      const log = fs.readFileSync(SERVER_LOG).subarray(notBefore).toString('utf8');
      const matches = [...log.matchAll(new RegExp(`SMS code for ${phone}: (\\d{6})`, 'g'))];
      code = matches.at(-1)?.[1];
      return code;
    })
    .toBeTruthy();
  return code!;
}

const logSize = () => fs.statSync(SERVER_LOG).size;

async function askForCode(page: Page, phone: string) {
  const before = logSize();
  await page.getByLabel('手机号').fill(phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByRole('status')).toContainText('验证码已发送');
  return codeFromLog(phone.replace(/\D/g, ''), before);
}

test('a stallholder logs in from 我的 with the texted code, comes back, and logs out', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page, '/me');
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
  await expect(page.getByLabel('手机号')).toHaveCount(0);
  await screenshot(page, 'me-logged-out');
  await page.getByRole('link', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/account\?next=\/me$/);
  await screenshot(page, 'login');

  const code = await askForCode(page, '13800138000');
  await expect(page.getByRole('button', { name: /秒后可重新获取/ })).toBeDisabled();
  await page.getByLabel('验证码').fill(code);
  await screenshot(page, 'login-code-sent');
  await page.getByRole('button', { name: '登录', exact: true }).click();

  // Back on 我的, in the villagers' app: who is logged in, and the ways into the second app.
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByText('138****8000')).toBeVisible();
  await expect(page.getByRole('link', { name: '我的摊位' })).toBeVisible();
  await screenshot(page, 'me-logged-in');
  await page.getByRole('link', { name: '修改资料 · 退出登录' }).click();

  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { name: '我的资料' })).toBeVisible();
  await page.getByLabel('称呼').fill('王阿姨');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('已保存')).toBeVisible();
  await screenshot(page, 'profile');

  await page.reload();
  await expect(page.getByRole('heading', { name: '我的资料' })).toBeVisible();
  await expect(page.getByLabel('称呼')).toHaveValue('王阿姨');

  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('手机号')).toBeVisible();
  await openApp(page, '/me');
  await expect(page.getByRole('link', { name: '登录' })).toBeVisible();
  errors.expectNone();
});

test('a bad number is caught before anything is sent', async ({ page }) => {
  await openApp(page, '/account');

  await page.getByLabel('手机号').fill('1380013');
  await page.getByRole('button', { name: '获取验证码' }).click();

  await expect(page.getByRole('alert')).toHaveText(/请输入正确的 11 位手机号码/);
});

test('a mistyped code says it can be typed again, with the tries left, and the right one still works', async ({ page }) => {
  await openApp(page, '/account');
  const code = await askForCode(page, '139 0013 9000');
  const wrong = code === '000000' ? '111111' : '000000';

  await page.getByLabel('验证码').fill(wrong);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('验证码不对，请核对短信里的 6 位数字再输入。还可以再输入 4 次。');
  await screenshotEveryWay(page, 'login-wrong-code');
  await page.getByLabel('验证码').fill(wrong);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('还可以再输入 3 次');

  await page.getByLabel('验证码').fill(code);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('heading', { name: '我的资料' })).toBeVisible();
});

test('an expired session asks to log in where a login is needed, then goes back there', async ({ page }) => {
  await openApp(page, '/account');
  const code = await askForCode(page, '13700137000');
  await page.getByLabel('验证码').fill(code);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('heading', { name: '我的资料' })).toBeVisible();
  // The session ends on the server (as after 30 days): its token no longer works.
  await page.evaluate(() => localStorage.setItem('jishi.session', 'expired-token'));

  // Reading the schedule needs no login: nothing interrupts it, and 我的 says what happened.
  await openApp(page, '/products');
  await expect(page).toHaveURL(/\/products$/);
  await page.getByRole('link', { name: '我的' }).click();
  await expect(page.getByText('登录已过期，请重新登录。')).toBeVisible();

  await page.evaluate(() => localStorage.setItem('jishi.session', 'expired-token'));
  await openApp(page, '/stall/mine');
  await expect(page.getByText('登录已过期，请重新登录。')).toBeVisible();
  await page.getByRole('link', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/account\?next=\/stall\/mine$/);
  await expect(page.getByText('登录已过期，请重新登录。')).toBeVisible();
  // Another phone, so the one-code-a-minute limit of the first does not hold this test up.
  const again = await askForCode(page, '13600136000');
  await page.getByLabel('验证码').fill(again);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/stall\/mine$/);
  await expect(page.getByText('还没有订摊位。')).toBeVisible();
});
