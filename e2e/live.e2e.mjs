// Browser end-to-end check of the live (message-flow) example, driving Debian's Chromium with
// playwright-core.
//
//   node e2e/live.e2e.mjs --base http://127.0.0.1:8000 [--screenshot out.png]
//                         [--chromium /usr/bin/chromium] [--timeout-ms 60000]
//
// Opens /live/ in two pages; each must be connected and authenticated, and its chart must gain
// points pushed by the server. A post from page one must appear in page two's feed. Page two's
// requests after it loaded are recorded: only socket-token requests are allowed (no polling).
// Prints one JSON line, {"ok":true,...} or {"ok":false,"error":...}, and exits 0 or 1.
import { browserVersion, main, newContext, openPage } from './harness.mjs';

async function state(page) {
  return page.evaluate(() => ({
    connected: document.querySelector('#connected')?.textContent ?? null,
    authenticated: document.querySelector('#authenticated')?.textContent ?? null,
    points: document.querySelector('#chart')?.dataset.points ?? '0',
    feed: Array.from(document.querySelectorAll('#feed li'), (li) => li.textContent).slice(0, 5),
  }));
}

async function run(opts) {
  const context = await newContext(opts, { width: 1000, height: 900 });
  const one = await openPage(context, 'one');
  const two = await openPage(context, 'two');
  const requests = [];
  try {
    await one.goto(opts.base + '/live/');
    await two.goto(opts.base + '/live/');
    two.on('request', (r) => requests.push(new URL(r.url()).pathname));
    for (const page of [one, two]) {
      await page.waitForFunction(() => document.querySelector('#authenticated').dataset.on === 'yes');
    }
    const before = Number((await state(two)).points);
    await two.waitForFunction((n) => Number(document.querySelector('#chart').dataset.points || 0) >= n + 2, before, { timeout: 10000 });

    const text = 'hello from page one ' + Date.now();
    await one.fill('#feed-text', text);
    await one.click('#feed-send');
    await two.waitForFunction((t) => Array.from(document.querySelectorAll('#feed li')).some((li) => li.textContent.includes(t)), text);
    const polled = requests.filter((p) => p !== '/api/socket_token');
    if (polled.length > 0) throw new Error(`page two made requests other than its socket token: ${JSON.stringify(polled)}`);
    if (opts.screenshot) await two.screenshot({ path: opts.screenshot, fullPage: true });
    return { ok: true, base: opts.base, requests, two: await state(two), browser: browserVersion() };
  } catch (e) {
    if (opts.screenshot) await two.screenshot({ path: opts.screenshot, fullPage: true }).catch(() => {});
    e.extra = { one: await state(one).catch(() => ({})), two: await state(two).catch(() => ({})), requests };
    throw e;
  }
}

main(run);
