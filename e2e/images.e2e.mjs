// Browser end-to-end check of the images example, driving Debian's Chromium with playwright-core.
//
//   node e2e/images.e2e.mjs --base http://127.0.0.1:8000 [--screenshot out.png]
//                           [--chromium /usr/bin/chromium] [--timeout-ms 60000]
//
// Opens /images/, makes three images in the page (two PNGs and a JPEG drawn on a canvas), puts
// them in the file input and uploads them; waits until every row reads done and the gallery shows
// three loaded thumbnails; a row must have been seen between 0% and 100% on the way (the progress
// is live). Then uploads a text file and expects the page to show the 415 refusal naming it.
// Prints one JSON line, {"ok":true,...} or {"ok":false,"error":...}, and exits 0 or 1.
import { browserVersion, main, newContext, openPage } from './harness.mjs';

const DONE_MS = 30000;

async function state(page) {
  return page.evaluate(() => ({
    status: document.querySelector('#img-status')?.textContent ?? null,
    error: document.querySelector('#img-error')?.textContent ?? null,
    rows: Array.from(document.querySelectorAll('.job'), (r) => `${r.dataset.state}: ${r.querySelector('.step').textContent}`),
    gallery: document.querySelectorAll('#img-gallery figure').length,
  }));
}

/** Puts files made in the page into the file input: [name, type, width, height] each. */
async function choose(page, specs) {
  await page.evaluate(async (specs) => {
    const dt = new DataTransfer();
    for (const [name, type, w, h, text] of specs) {
      let blob;
      if (text) {
        blob = new Blob([text], { type });
      } else {
        const canvas = document.createElement('canvas');
        canvas.width = w;
        canvas.height = h;
        const g = canvas.getContext('2d');
        const grad = g.createLinearGradient(0, 0, w, h);
        grad.addColorStop(0, '#e63c28');
        grad.addColorStop(1, '#28c85a');
        g.fillStyle = grad;
        g.fillRect(0, 0, w, h);
        g.fillStyle = '#1e3cdc';
        g.fillRect(w / 4, h / 4, w / 4, h / 4);
        blob = await new Promise((resolve) => canvas.toBlob(resolve, type, 0.9));
      }
      dt.items.add(new File([blob], name, { type }));
    }
    document.querySelector('#img-files').files = dt.files;
  }, specs);
}

async function run(opts) {
  const context = await newContext(opts, { width: 1000, height: 800 });
  const page = await openPage(context, 'images');
  try {
    await page.goto(opts.base + '/images/');
    await page.waitForFunction(() => !document.querySelector('#img-upload').disabled);
    // Record every row's step text, to prove the progress arrived live.
    await page.evaluate(() => {
      window.__seen = [];
      new MutationObserver(() => {
        for (const s of document.querySelectorAll('.job .step')) window.__seen.push(s.textContent);
      }).observe(document.querySelector('#img-jobs'), { childList: true, characterData: true, subtree: true });
    });
    await choose(page, [
      ['landscape.png', 'image/png', 1200, 800],
      ['portrait.jpg', 'image/jpeg', 600, 900],
      ['tiny.png', 'image/png', 120, 90],
    ]);
    await page.click('#img-upload');
    try {
      await page.waitForFunction(() => {
        const rows = document.querySelectorAll('.job');
        const imgs = document.querySelectorAll('#img-gallery figure img');
        return rows.length === 3 && Array.from(rows).every((r) => r.dataset.state === 'done')
          && imgs.length === 3 && Array.from(imgs).every((i) => i.complete && i.naturalWidth > 0);
      }, null, { timeout: DONE_MS });
    } catch (e) {
      throw new Error(`timed out waiting for three done rows and three loaded thumbnails within ${DONE_MS} ms; page shows ${JSON.stringify(await state(page))}`);
    }
    const seen = await page.evaluate(() => window.__seen);
    const partial = seen.filter((s) => /· ([1-9]|[1-9][0-9])%$/.test(s));
    if (partial.length === 0) throw new Error(`no row was seen between 0% and 100%: saw ${JSON.stringify(seen.slice(0, 20))}`);
    const widths = await page.evaluate(() => Array.from(document.querySelectorAll('#img-gallery img'), (i) => i.naturalWidth).sort((a, b) => a - b));
    if (JSON.stringify(widths) !== JSON.stringify([120, 600, 640])) throw new Error(`gallery widths ${JSON.stringify(widths)}, expected [120, 600, 640]`);

    await choose(page, [['notes.txt', 'text/plain', 0, 0, 'not an image']]);
    await page.click('#img-upload');
    await page.waitForFunction(() => document.querySelector('#img-error').textContent.includes('415'));
    const refusal = await page.evaluate(() => document.querySelector('#img-error').textContent);
    if (!refusal.includes("'notes.txt' is not an image")) throw new Error(`refusal does not name the file: ${refusal}`);
    if (opts.screenshot) await page.screenshot({ path: opts.screenshot, fullPage: true });
    return { ok: true, base: opts.base, partial: partial.slice(0, 5), widths, refusal, final: await state(page), browser: browserVersion() };
  } catch (e) {
    if (opts.screenshot) await page.screenshot({ path: opts.screenshot, fullPage: true }).catch(() => {});
    e.extra = { page: await state(page).catch(() => ({})) };
    throw e;
  }
}

main(run);
