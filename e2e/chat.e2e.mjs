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
import { browserVersion, main, newContext, openPage } from './harness.mjs';

const DELIVERY_MS = 5000;
const ABSENCE_MS = 1000;

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
  const context = await newContext(opts, { width: 900, height: 700 });
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
    return { ok: true, base: opts.base, room: 'lobby', messages: [fromA, fromB], browser: browserVersion() };
  } catch (e) {
    if (opts.screenshot) await a.screenshot({ path: opts.screenshot, fullPage: true }).catch(() => {});
    const pagesState = {};
    for (const [name, page] of Object.entries(pages)) {
      const state = await page.evaluate(() => ({
        status: document.querySelector('#chat-status')?.textContent ?? null,
        log: document.querySelector('#chat-log')?.value ?? null,
      })).catch(() => ({}));
      pagesState[name] = { url: page.url(), ...state };
    }
    e.extra = { pages: pagesState };
    throw e;
  }
}


main(run);
