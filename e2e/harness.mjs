// Shared by the browser checks: options, Chromium launch, page error capture, one JSON result
// line and a bounded run. A check module calls main(run), where run(opts, h) returns the result
// object (ok: true ...) or throws; an error may carry `extra` with details to report.
//
//   node e2e/<check>.e2e.mjs --base http://127.0.0.1:8000 [--screenshot out.png]
//                            [--chromium /usr/bin/chromium] [--timeout-ms 60000]
import { chromium } from 'playwright-core';
import { parseArgs } from 'node:util';

// Flags Debian's Chromium needs headless, as root, on a machine with no outside network.
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

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

/** Launches Chromium (a fresh temporary profile per run) and returns a browser context. */
export async function newContext(opts, viewport) {
  browser = await chromium.launch({
    executablePath: opts.chromium, headless: true, args: CHROMIUM_ARGS, timeout: 20000,
  });
  const context = await browser.newContext({ viewport });
  context.setDefaultTimeout(10000);
  return context;
}

/** Opens a page whose script errors and console errors are reported with a failure. */
export async function openPage(context, name) {
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`${name}: page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${name}: console: ${m.text()}`);
  });
  return page;
}

/** Returns the browser's version, for the result line. */
export function browserVersion() {
  return browser ? browser.version() : null;
}

/** Parses the options, runs the check within --timeout-ms and prints its one JSON line. */
export function main(run) {
  let opts;
  try {
    opts = options();
  } catch (e) {
    fail(e);
    return;
  }
  // Every path ends in finish(), which exits the process, so this guard never delays an exit.
  setTimeout(() => fail(new Error(`timed out after ${opts.timeoutMs} ms overall`)), opts.timeoutMs);
  run(opts)
    .then((result) => finish(result, 0))
    .catch((e) => fail(e, e.extra ?? {}));
}
