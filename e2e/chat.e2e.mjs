// Browser end-to-end check of the chat example, driving Debian's Chromium with playwright-core.
//
//   node e2e/chat.e2e.mjs --base http://127.0.0.1:8000 [--screenshot out.png]
//                         [--chromium /usr/bin/chromium] [--timeout-ms 60000]
//
// Page A enters room "lobby" through the index page's form, page B opens /chat/lobby/ and page C
// /chat/other/. A message sent from A must reach A and B within 5 s and still be absent from C
// one second later; then a message from B must reach A. Prints one JSON line,
// {"ok":true,...} or {"ok":false,"error":...}, and exits 0 or 1. The whole run is bounded by
// --timeout-ms (60 s by default) and never downloads a browser.
import { chromium } from 'playwright-core';
import { parseArgs } from 'node:util';

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const DELIVERY_MS = 5000;
const ABSENCE_MS = 1000;

const started = Date.now();
const problems = [];   // page errors and console errors, reported with a failure
let browser = null;
let finished = false;

function finish(result, code) {
  if (finished) return;
  finished = true;
  process.stdout.write(JSON.stringify({ ...result, elapsedMs: Date.now() - started }) + '\n');
  const close = browser ? browser.close().catch(() => {}) : Promise.resolve();
  // Exit even if closing the browser hangs.
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

async function openPage(context, name) {
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`${name}: page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${name}: console: ${m.text()}`);
  });
  return page;
}

async function waitConnected(page, name) {
  try {
    await page.waitForFunction(
      () => document.querySelector('#chat-status')?.textContent === 'connected',
      null, { timeout: 15000 });
  } catch (e) {
    const status = await page.textContent('#chat-status').catch(() => '(no #chat-status)');
    throw new Error(`timed out waiting for page ${name} (${page.url()}) to connect; status: ${status}`);
  }
}

async function waitLogContains(page, name, text) {
  try {
    await page.waitForFunction(
      (t) => document.querySelector('#chat-log')?.value.includes(t), text, { timeout: DELIVERY_MS });
  } catch (e) {
    throw new Error(`timed out waiting for "${text}" in page ${name}'s #chat-log within ${DELIVERY_MS} ms`);
  }
}

async function send(page, text) {
  await page.fill('#chat-message-input', text);
  await page.click('#chat-message-submit');
}

async function run(opts) {
  browser = await chromium.launch({
    executablePath: opts.chromium,
    headless: true,
    args: CHROMIUM_ARGS,     // launch() gives every run its own fresh, temporary user-data-dir
    timeout: 20000,
  });
  const context = await browser.newContext({ viewport: { width: 900, height: 700 } });
  context.setDefaultTimeout(10000);
  const a = await openPage(context, 'A');
  const b = await openPage(context, 'B');
  const c = await openPage(context, 'C');
  const pages = { A: a, B: b, C: c };
  try {
    // A arrives the way a person does: through the index page's form.
    await a.goto(opts.base + '/');
    await a.fill('#room-name-input', 'lobby');
    await a.press('#room-name-input', 'Enter');
    await a.waitForURL(opts.base + '/chat/lobby/');
    await b.goto(opts.base + '/chat/lobby/');
    await c.goto(opts.base + '/chat/other/');
    for (const [name, page] of Object.entries(pages)) await waitConnected(page, name);

    const tag = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const fromA = `hello from A ${tag}`;
    await send(a, fromA);
    await waitLogContains(a, 'A', fromA);
    await waitLogContains(b, 'B', fromA);
    await c.waitForTimeout(ABSENCE_MS);
    if ((await c.inputValue('#chat-log')).includes(fromA)) {
      throw new Error(`message for room lobby reached page C in room other: "${fromA}"`);
    }

    const fromB = `hello from B ${tag}`;
    await send(b, fromB);
    await waitLogContains(a, 'A', fromB);

    if (opts.screenshot) await a.screenshot({ path: opts.screenshot, fullPage: true });
    return { ok: true, base: opts.base, room: 'lobby', messages: [fromA, fromB], browser: browser.version() };
  } catch (e) {
    if (opts.screenshot) await a.screenshot({ path: opts.screenshot, fullPage: true }).catch(() => {});
    e.pages = {};
    for (const [name, page] of Object.entries(pages)) {
      const state = await page.evaluate(() => ({
        status: document.querySelector('#chat-status')?.textContent ?? null,
        log: document.querySelector('#chat-log')?.value ?? null,
      })).catch(() => ({}));
      e.pages[name] = { url: page.url(), ...state };
    }
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
  // Every path ends in finish(), which exits the process, so this guard never delays an exit.
  setTimeout(() => fail(new Error(`timed out after ${opts.timeoutMs} ms overall`)), opts.timeoutMs);
  run(opts)
    .then((result) => finish(result, 0))
    .catch((e) => fail(e, e.pages ? { pages: e.pages } : {}));
}
