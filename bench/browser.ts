/**
 * Bench section 4: the personal page in headless Chromium against the local preview (in this process,
 * fresh temp data folder), with the catalog seeded before the page loads. Times are taken inside the
 * page (performance.now(), whose origin is the navigation start), never from Node round trips.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../__tests__/support/preview';
import type { ForgeFetch } from '../tools/forge-doubles/forgeFetch';
import { startPreview } from '../tools/preview/server';
import { BENCH_ACCOUNT, seedSite } from './storage';
import { summarize, type Summary } from './stats';

export interface BrowserRow {
  n: number;
  held: number;
  /** Navigation start → table rows visible and the search field enabled. */
  usable: Summary;
  /** Navigation start → the page's getPersonalPage invoke is sent (the app has booted). */
  invokeSent: Summary;
  /** The invoke's round trip (resolver + JSON over loopback). */
  invoke: Summary;
  invokesPerLoad: number;
  invokeResponseBytes: number;
  /** Click on a row's PAT button → dialog with the "Personal access token" field visible; first open loads the lazy chunk. */
  firstDialog: Summary;
  nextDialog: Summary;
}

export interface KeystrokeResult {
  n: number;
  /** Each keystroke as measured, with the status line it led to. */
  samples: Probe['keys'];
  /** keydown → next frame after the status line / table changed. */
  all: Summary;
  /** Typing a digit into an empty field (filters N rows). */
  narrow: Summary;
  /** Backspace back to the full list. */
  widen: Summary;
}

export interface BrowserResults {
  chromium: string;
  latencyMs: number;
  rows: BrowserRow[];
  keystrokes: KeystrokeResult;
  pageErrors: string[];
}

export interface BrowserOptions {
  sizes: readonly number[];
  runs: number;
  latencyMs: number;
  /** Digits typed then erased: 2 keystrokes each. */
  keystrokePairs: number;
  keystrokeN: number;
}

interface Probe {
  clickAt?: number;
  keys: { key: string; ms: number; status: string }[];
}

declare global {
  interface Window {
    __bench?: Probe;
  }
}

const MODULE_KEY = 'git-pat-personal-settings';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs in the page on every animation frame: the moment the list is usable, or 0. */
function usableAt(): number {
  const rows = document.querySelectorAll('table[aria-label="Git integrations"] tbody tr');
  const search = document.querySelector<HTMLInputElement>('input[aria-label="Search integrations"]');
  const first = rows[0]?.getBoundingClientRect();
  return first && first.height > 0 && search && !search.disabled ? performance.now() : 0;
}

/** Runs in the page: the moment the Setup dialog shows its token field, or 0. */
function dialogShownAt(): number {
  const dialog = document.querySelector('[role="dialog"]');
  const label = dialog && [...dialog.querySelectorAll('label')].find((candidate) => candidate.textContent?.trim() === 'Personal access token');
  const box = label ? document.getElementById(label.htmlFor)?.getBoundingClientRect() : undefined;
  return box && box.width > 0 && box.height > 0 ? performance.now() : 0;
}

/** Runs in the page: marks each keydown and the next frame after the list (not the field) changed. */
function installKeyProbe(): void {
  const probe: Probe = (window.__bench ??= { keys: [] });
  const main = document.querySelector('main')!;
  const field = document.querySelector('input[aria-label="Search integrations"]')!.parentElement!;
  let pending: { key: string; id: number } | undefined;
  let next = 0;
  window.addEventListener(
    'keydown',
    (event) => {
      next += 1;
      pending = { key: event.key, id: next };
      performance.mark(`kd-${next}`, { startTime: event.timeStamp });
    },
    true,
  );
  new MutationObserver((records) => {
    if (!pending || records.every((record) => field.contains(record.target))) return;
    const { key, id } = pending;
    pending = undefined;
    requestAnimationFrame(() => {
      // The frame's paint comes right after rAF callbacks: a message posted now runs once it is done.
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        performance.mark(`done-${id}`);
        const status = document.querySelector('[role="status"]')?.textContent ?? '';
        probe.keys.push({ key, ms: performance.measure(`key-${id}`, `kd-${id}`, `done-${id}`).duration, status });
      };
      channel.port2.postMessage(null);
    });
  }).observe(main, { subtree: true, childList: true, characterData: true });
}

async function openDialog(page: Page): Promise<number> {
  await page.evaluate(() => {
    const probe: Probe = (window.__bench ??= { keys: [] });
    window.addEventListener('click', (event) => void (probe.clickAt = event.timeStamp), { capture: true, once: true });
  });
  await page.locator('[data-pat-button]').first().click();
  const shownAt = (await (await page.waitForFunction(dialogShownAt, undefined, { polling: 'raf', timeout: 30_000 })).jsonValue()) as number;
  const clickAt = await page.evaluate(() => window.__bench?.clickAt ?? Number.NaN);
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('[role="dialog"]'), undefined, { timeout: 30_000 });
  return shownAt - clickAt;
}

async function loadOnce(browser: Browser, url: string, errors: string[]) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    let invokes = 0;
    page.on('request', (request) => {
      if (request.url().includes('/__preview/invoke')) invokes += 1;
    });
    await page.goto(url, { waitUntil: 'commit' });
    const usable = (await (await page.waitForFunction(usableAt, undefined, { polling: 'raf', timeout: 60_000 }).catch(async (error: unknown) => {
      const text = await page.evaluate(() => document.body.innerText.slice(0, 300)).catch(() => '(no page)');
      throw new Error(`the list never became usable at ${url}: ${String(error)}\npage: ${text}`);
    })).jsonValue()) as number;
    const invoke = await page.evaluate(() => {
      const entry = performance.getEntriesByType('resource').find((candidate) => candidate.name.includes('/__preview/invoke')) as
        | PerformanceResourceTiming
        | undefined;
      return { sent: entry?.startTime ?? Number.NaN, ms: entry?.duration ?? Number.NaN, bytes: entry?.encodedBodySize ?? 0 };
    });
    const firstDialog = await openDialog(page);
    const nextDialog = await openDialog(page);
    return { usable, invoke, invokes, firstDialog, nextDialog, page, close: () => context.close() };
  } catch (error) {
    await context.close();
    throw error;
  }
}

async function keystrokes(page: Page, pairs: number): Promise<Probe['keys']> {
  await page.evaluate(installKeyProbe);
  await page.getByRole('textbox', { name: 'Search integrations' }).focus();
  const keys = Array.from({ length: pairs }, (_, i) => [String((i + 1) % 10), 'Backspace']).flat();
  for (const [i, key] of keys.entries()) {
    await page.keyboard.press(key);
    await page.waitForFunction((count) => (window.__bench?.keys.length ?? 0) >= count, i + 1, { polling: 'raf', timeout: 15_000 });
    await sleep(50);
  }
  return page.evaluate(() => window.__bench?.keys ?? []);
}

async function warmInvoke(url: string): Promise<void> {
  // The preview writes its data folder after the first call following a change; not part of any measured load.
  const response = await fetch(new URL('/__preview/invoke', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ moduleKey: MODULE_KEY, accountId: BENCH_ACCOUNT, functionKey: 'getPersonalPage', payload: {} }),
  });
  if (!response.ok) throw new Error(`warm-up invoke failed: HTTP ${response.status}`);
  await response.text();
}

export async function measureBrowser(options: BrowserOptions): Promise<BrowserResults> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-preview-'));
  const preview = await startPreview({ port: 0, dataDir, adminIds: [], storageUnitsPerMinute: Infinity });
  // The preview's emulator answers at once; each KVS request now waits latency.ms first, as in bench section 2.
  const latency = { ms: 0 };
  const inner: ForgeFetch = globalThis.__forge_fetch__!;
  globalThis.__forge_fetch__ = async (target, path, init) => {
    if (target.type === 'kvs' && latency.ms > 0) await sleep(latency.ms);
    return inner(target, path, init);
  };
  const browser = await launchChromium();
  const pageErrors: string[] = [];
  try {
    const url = `${preview.url}?accountId=${encodeURIComponent(BENCH_ACCOUNT)}`;
    const rows: BrowserRow[] = [];
    let keys: Probe['keys'] = [];
    for (const n of options.sizes) {
      latency.ms = 0;
      const { held } = await seedSite(n, BENCH_ACCOUNT);
      latency.ms = options.latencyMs;
      await warmInvoke(url);
      const samples = { usable: [] as number[], invokeSent: [] as number[], invoke: [] as number[], firstDialog: [] as number[], nextDialog: [] as number[] };
      let invokes = 0;
      let bytes = 0;
      for (let run = 0; run < options.runs; run += 1) {
        const result = await loadOnce(browser, url, pageErrors);
        try {
          samples.usable.push(result.usable);
          samples.invokeSent.push(result.invoke.sent);
          samples.invoke.push(result.invoke.ms);
          samples.firstDialog.push(result.firstDialog);
          samples.nextDialog.push(result.nextDialog);
          invokes = Math.max(invokes, result.invokes);
          bytes = result.invoke.bytes;
          if (n === options.keystrokeN && run === 0) keys = await keystrokes(result.page, options.keystrokePairs);
        } finally {
          await result.close();
        }
      }
      rows.push({
        n,
        held: held.length,
        usable: summarize(samples.usable),
        invokeSent: summarize(samples.invokeSent),
        invoke: summarize(samples.invoke),
        invokesPerLoad: invokes,
        invokeResponseBytes: bytes,
        firstDialog: summarize(samples.firstDialog),
        nextDialog: summarize(samples.nextDialog),
      });
    }
    return {
      chromium: browser.version(),
      latencyMs: options.latencyMs,
      rows,
      keystrokes: {
        n: options.keystrokeN,
        samples: keys.map((key) => ({ ...key, ms: Math.round(key.ms * 10) / 10 })),
        all: summarize(keys.map((key) => key.ms)),
        narrow: summarize(keys.filter((key) => key.key !== 'Backspace').map((key) => key.ms)),
        widen: summarize(keys.filter((key) => key.key === 'Backspace').map((key) => key.ms)),
      },
      pageErrors,
    };
  } finally {
    await browser.close();
    globalThis.__forge_fetch__ = inner;
    await preview.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
