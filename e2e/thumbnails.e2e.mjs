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
import { browserVersion, main, newContext, openPage } from './harness.mjs';

const DONE_MS = 20000;

async function state(page) {
  return page.evaluate(() => ({
    state: document.querySelector('#thumb-state')?.textContent ?? null,
    percent: document.querySelector('#thumb-percent')?.textContent ?? null,
    result: document.querySelector('#thumb-result')?.textContent ?? null,
  }));
}

async function run(opts) {
  const context = await newContext(opts, { width: 900, height: 600 });
  const page = await openPage(context, 'thumbnails');
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
    return { ok: true, base: opts.base, seen, final: await state(page), browser: browserVersion() };
  } catch (e) {
    if (opts.screenshot) await page.screenshot({ path: opts.screenshot, fullPage: true }).catch(() => {});
    e.extra = { page: await state(page).catch(() => ({})) };
    throw e;
  }
}


main(run);
