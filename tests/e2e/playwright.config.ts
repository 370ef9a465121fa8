// End-to-end tests: the release server (built by `cargo xtask test`) on a fresh SQLite file with demo
// data, driven in Debian's Chromium as a phone inside WeChat: 360x640, touch, WeChat's user agent.
import { defineConfig } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const serverBin = process.env.JISHI_SERVER_BIN ?? path.join(root, 'target', 'server', 'jishi-server');
const dist = process.env.JISHI_DIST ?? path.join(root, 'dist');
const port = Number(process.env.JISHI_E2E_PORT ?? 18181);
// One fresh folder per run for the database and the server log. Workers evaluate this file again
// but inherit the variable, so they all see the folder the main process made.
process.env.JISHI_E2E_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'jishi-e2e-'));
const runDir = process.env.JISHI_E2E_DIR;
/** The server's log: the console SMS sender writes login codes here, and tests read them. */
export const SERVER_LOG = path.join(runDir, 'server.log');

/** WeChat 8.0 on Android (XWeb, Chromium-based), as villagers open shared links. */
export const WECHAT_ANDROID_UA =
  'Mozilla/5.0 (Linux; Android 12; M2102J2SC Build/SKQ1.211006.001; wv) AppleWebKit/537.36 ' +
  '(KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 ' +
  'MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64 Weixin ' +
  'NetType/4G Language/zh_CN ABI/arm64';

export default defineConfig({
  testDir: './specs',
  outputDir: './test-results',
  // Two cores: one browser at a time beside the server.
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 360, height: 640 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    userAgent: WECHAT_ANDROID_UA,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    },
  },
  // The server trusts 127.0.0.1 as a proxy, so a test can speak from another client address by
  // sending X-Forwarded-For (the login limits count by address).
  webServer: {
    command: `"${serverBin}" serve --addr 127.0.0.1:${port} --db "sqlite://${runDir}/jishi.db" --dist "${dist}" --demo --trusted-proxy 127.0.0.1 --draw-every 3600 2>> "${SERVER_LOG}"`,
    url: `http://127.0.0.1:${port}/api/v1/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: { RUST_LOG: 'info', JISHI_SMS: 'console' },
  },
});
