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
import { measureKeystrokes, type KeystrokeResults } from './keystrokes';
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

export interface BrowserResults {
  chromium: string;
  latencyMs: number;
  rows: BrowserRow[];
  keystrokes: KeystrokeResults;
  pageErrors: string[];
}

export interface BrowserOptions {
  sizes: readonly number[];
  runs: number;
  latencyMs: number;
  /** Digits typed then erased per round and variant: 2 keystrokes each. */
  keystrokePairs: number;
  /** Rounds of the real page and its floor, alternating. */
  keystrokeRounds: number;
  keystrokeN: number;
}

interface Probe {
  clickAt?: number;
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
  const label =
    dialog && [...dialog.querySelectorAll('label')].find((candidate) => candidate.textContent?.trim() === 'Personal access token');
  const box = label ? document.getElementById(label.htmlFor)?.getBoundingClientRect() : undefined;
  return box && box.width > 0 && box.height > 0 ? performance.now() : 0;
}

async function openDialog(page: Page): Promise<number> {
  await page.evaluate(() => {
    const probe: Probe = (window.__bench ??= {});
    window.addEventListener('click', (event) => void (probe.clickAt = event.timeStamp), { capture: true, once: true });
  });
  await page.locator('[data-pat-button]').first().click();
  const shownAt = await (await page.waitForFunction(dialogShownAt, undefined, { polling: 'raf', timeout: 30_000 })).jsonValue();
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
    const usable = await (
      await page.waitForFunction(usableAt, undefined, { polling: 'raf', timeout: 60_000 }).catch(async (error: unknown) => {
        const text = await page.evaluate(() => document.body.innerText.slice(0, 300)).catch(() => '(no page)');
        throw new Error(`the list never became usable at ${url}: ${String(error)}\npage: ${text}`);
      })
    ).jsonValue();
    const invoke = await page.evaluate(() => {
      const entry = performance.getEntriesByType('resource').find((candidate) => candidate.name.includes('/__preview/invoke')) as
        PerformanceResourceTiming | undefined;
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
    let keystrokes: KeystrokeResults | undefined;
    for (const n of options.sizes) {
      latency.ms = 0;
      const { held } = await seedSite(n, BENCH_ACCOUNT);
      latency.ms = options.latencyMs;
      await warmInvoke(url);
      const samples = {
        usable: [] as number[],
        invokeSent: [] as number[],
        invoke: [] as number[],
        firstDialog: [] as number[],
        nextDialog: [] as number[],
      };
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
        } finally {
          await result.close();
        }
      }
      if (n === options.keystrokeN) keystrokes = await measureKeystrokes(browser, url, n, options.keystrokePairs, options.keystrokeRounds);
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
    if (!keystrokes) throw new Error(`the keystroke size ${options.keystrokeN} is not among the browser sizes`);
    return { chromium: browser.version(), latencyMs: options.latencyMs, rows, keystrokes, pageErrors };
  } finally {
    await browser.close();
    globalThis.__forge_fetch__ = inner;
    await preview.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
