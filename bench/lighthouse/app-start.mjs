// Where a page's blocking time goes: loads each URL in Debian's chromium with the CPU slowed 8×
// (as Lighthouse's 3G run), records the long tasks after the first paint until the app's files
// have arrived (on a page the server drew the app then waits for the villager's first act, see
// style/start.js), then presses a key, as a first act, and records the app's start (the longest
// task after it). Prints the medians over five loads, once as browsers ship and once with V8
// compiling all of the wasm eagerly, off the main thread: the difference is what the lazy
// compilation of the functions the first render calls costs.
//
//   node bench/lighthouse/app-start.mjs http://127.0.0.1:8080/m/ID …   (against `cargo xtask run`)
import puppeteer from 'puppeteer-core';

const RUNS = 5;
const urls = process.argv.slice(2);
if (urls.length === 0) {
  console.error('usage: node app-start.mjs URL…');
  process.exit(2);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(url, jsFlags) {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', ...(jsFlags ? [`--js-flags=${jsFlags}`] : [])],
  });
  const loads = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 360, height: 640 });
    await page.emulateCPUThrottling(8);
    await page.evaluateOnNewDocument(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(url, { waitUntil: 'networkidle0' });
    await new Promise((settled) => setTimeout(settled, 1500));
    const act = await page.evaluate(() => performance.now());
    await page.keyboard.press('Shift');
    await page.waitForSelector('html[data-app=running]', { timeout: 60_000 });
    await new Promise((settled) => setTimeout(settled, 1500));
    loads.push(
      await page.evaluate((act) => {
        const fcp = performance.getEntriesByName('first-contentful-paint')[0].startTime;
        const before = window.__longTasks.filter(([start]) => start > fcp && start < act);
        const after = window.__longTasks.filter(([start]) => start >= act);
        return {
          blocking: before.reduce((sum, [, d]) => sum + Math.max(0, d - 50), 0),
          start: Math.max(0, ...after.map(([, d]) => d)),
        };
      }, act),
    );
    await context.close();
  }
  await browser.close();
  return { blocking: median(loads.map((l) => l.blocking)), start: median(loads.map((l) => l.start)) };
}

console.log('| page | blocking after first paint, before an act | app start at the first act | same, wasm compiled eagerly: blocking | app start |');
console.log('|---|---:|---:|---:|---:|');
for (const url of urls) {
  const lazy = await measure(url);
  const eager = await measure(url, '--no-wasm-lazy-compilation');
  const ms = (x) => `${Math.round(x)} ms`;
  console.log(`| \`${new URL(url).pathname}\` | ${ms(lazy.blocking)} | ${ms(lazy.start)} | ${ms(eager.blocking)} | ${ms(eager.start)} |`);
}
