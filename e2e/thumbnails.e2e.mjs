// Browser end-to-end check of the thumbnails example, driving Debian's Chromium with playwright-core.
//
//   node e2e/thumbnails.e2e.mjs --base http://127.0.0.1:8000 [--screenshot out.png]
//                               [--chromium /usr/bin/chromium] [--timeout-ms 60000]
//
// Opens /thumbnails/, clicks "Start resize" and waits until the progress bar reads 100%, the state
// SUCCESS and the result names the thumbnail; the bar must have been seen below 100% on the way
// (the progress is live, not just the end). Prints one JSON line, {"ok":true,...} or
// {"ok":false,"error":...}, and exits 0 or 1. The run is bounded by --timeout-ms and never
// downloads a browser.
import { chromium } from 'playwright-core';
import { parseArgs } from 'node:util';

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const DONE_MS = 20000;

const started = Date.now();
const problems = [];
let browser = null;
let finished = false;

function finish(result, code) {
  if (finished) return;
  finished = true;
  process.stdout.write(JSON.stringify({ ...result, elapsedMs: Date.now() - started }) + '\n');
  const close = browser ? browser.close().catch(() => {}) : Promise.resolve();
  setTimeout(() => process.exit(code), 3000);
  close.then(() => process.exit(code));
}

function fail(error, extra = {}) {
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  finish({ ok: false, error: message, ...extra, problems }, 1);
}

function options() {
  const { values } = parseArgs({
    options: {
      base: { type: 'string' },
      screenshot: { type: 'string' },
      chromium: { type: 'string', default: process.env.SB_CHROMIUM || '/usr/bin/chromium' },
      'timeout-ms': { type: 'string', default: '60000' },
    },
  });
  if (!values.base || !/^https?:\/\/[^/]+$/.test(values.base.replace(/\/$/, ''))) {
    throw new Error(`--base must be an origin like http://127.0.0.1:8000, got: ${values.base}`);
  }
  const timeoutMs = Number(values['timeout-ms']);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new Error(`--timeout-ms must be a positive integer, got: ${values['timeout-ms']}`);
  }
  return { ...values, base: values.base.replace(/\/$/, ''), timeoutMs };
}

async function state(page) {
  return page.evaluate(() => ({
    state: document.querySelector('#thumb-state')?.textContent ?? null,
    percent: document.querySelector('#thumb-percent')?.textContent ?? null,
    result: document.querySelector('#thumb-result')?.textContent ?? null,
  }));
}

async function run(opts) {
  browser = await chromium.launch({ executablePath: opts.chromium, headless: true, args: CHROMIUM_ARGS, timeout: 20000 });
  const context = await browser.newContext({ viewport: { width: 900, height: 600 } });
  context.setDefaultTimeout(10000);
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  try {
    await page.goto(opts.base + '/thumbnails/');
    await page.fill('#thumb-image', 'e2e-cat.png');
    await page.fill('#thumb-width', '96');
    // Record every percentage the bar shows, to prove the progress arrived live.
    await page.evaluate(() => {
      window.__seen = [];
      new MutationObserver(() => window.__seen.push(document.querySelector('#thumb-percent').textContent))
        .observe(document.querySelector('#thumb-percent'), { childList: true, characterData: true, subtree: true });
    });
    await page.click('#thumb-start');
    try {
      await page.waitForFunction(
        () => document.querySelector('#thumb-percent')?.textContent === '100%'
          && document.querySelector('#thumb-state')?.textContent === 'SUCCESS'
          && document.querySelector('#thumb-result')?.textContent.includes('e2e-cat-96.png'),
        null, { timeout: DONE_MS });
    } catch (e) {
      throw new Error(`timed out waiting for 100% and the result within ${DONE_MS} ms; page shows ${JSON.stringify(await state(page))}`);
    }
    const seen = await page.evaluate(() => window.__seen);
    const partial = seen.filter((p) => p !== '0%' && p !== '100%');
    if (partial.length === 0) throw new Error(`the bar jumped to 100% without live progress: saw ${JSON.stringify(seen)}`);
    if (opts.screenshot) {
      await page.waitForTimeout(300); // let the bar's width transition end
      await page.screenshot({ path: opts.screenshot, fullPage: true });
    }
    return { ok: true, base: opts.base, seen, final: await state(page), browser: browser.version() };
  } catch (e) {
    if (opts.screenshot) await page.screenshot({ path: opts.screenshot, fullPage: true }).catch(() => {});
    e.page = await state(page).catch(() => ({}));
    throw e;
  }
}

let opts;
try {
  opts = options();
} catch (e) {
  fail(e);
}
if (opts) {
  setTimeout(() => fail(new Error(`timed out after ${opts.timeoutMs} ms overall`)), opts.timeoutMs);
  run(opts)
    .then((result) => finish(result, 0))
    .catch((e) => fail(e, e.page ? { page: e.page } : {}));
}
