/**
 * Bench: keystroke → filtered list painted on the personal page, for the real page and for its floor, in one
 * Chromium. The floor is the same page, data and search with the result table rendering nothing: the browser is
 * served a table module whose default export draws nothing (the rest of the module is the real one), so the ratio
 * real ÷ floor is what drawing the rows costs on top of everything else a keystroke does.
 *
 * Per keystroke: wall time from the keydown's timestamp to the end of the first frame that painted a change of
 * the list or its status line, and main-thread CPU (Chromium's TaskDuration metric over the same keystroke).
 */
import type { Browser, Page } from 'playwright-core';
import { summarize, type Summary } from './stats';

export type Variant = 'real' | 'floor';

export interface KeySample {
  variant: Variant;
  key: string;
  /** keydown → end of the frame that painted the change, ms. */
  wallMs: number;
  /** Main-thread task time during the keystroke, ms. */
  cpuMs: number;
  /** The status line it led to ("12 of 10,000 integrations match"). */
  status: string;
}

export interface VariantResult {
  wall: Summary;
  cpu: Summary;
}

export interface KeystrokeResults {
  n: number;
  samples: KeySample[];
  real: VariantResult;
  floor: VariantResult;
  /** real median ÷ floor median. */
  ratio: { wall: number; cpu: number };
}

interface Probe {
  keys: { key: string; ms: number; status: string }[];
}

declare global {
  interface Window {
    __keys?: Probe;
  }
}

/** Runs in the page: marks each keydown and the end of the next frame after the list (not the field) changed. */
function installKeyProbe(): void {
  const probe: Probe = (window.__keys = { keys: [] });
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
  }).observe(main, { subtree: true, childList: true, characterData: true, attributes: true });
}

/** Serves the table module with a default export that draws nothing; everything else it exports is the real module's. */
async function serveFloorTable(page: Page): Promise<void> {
  await page.route(/\/assets\/IntegrationTable-[\w-]+\.js$/, async (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop()!;
    await route.fulfill({
      contentType: 'text/javascript',
      body: `export * from './${name}?real';\nexport default function IntegrationTable() { return null; }\n`,
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function typeAndErase(browser: Browser, url: string, variant: Variant, pairs: number): Promise<KeySample[]> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  try {
    const page = await context.newPage();
    if (variant === 'floor') await serveFloorTable(page);
    await page.goto(url);
    const search = page.getByRole('textbox', { name: 'Search integrations' });
    await search.waitFor({ timeout: 60_000 });
    if (variant === 'real') await page.locator('table[aria-label="Git integrations"] tbody tr').first().waitFor();
    else await sleep(500);
    if (variant === 'floor' && (await page.locator('table[aria-label="Git integrations"]').count()) > 0) {
      throw new Error('the floor variant still drew the table');
    }
    await page.evaluate(installKeyProbe);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskSeconds = async () =>
      (await cdp.send('Performance.getMetrics')).metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? Number.NaN;
    await search.focus();
    const keys = Array.from({ length: pairs }, (_, i) => [String((i + 1) % 10), 'Backspace']).flat();
    const cpu: number[] = [];
    for (const [i, key] of keys.entries()) {
      await sleep(100);
      const before = await taskSeconds();
      await page.keyboard.press(key);
      await page.waitForFunction((count) => (window.__keys?.keys.length ?? 0) >= count, i + 1, { polling: 'raf', timeout: 15_000 });
      cpu.push(((await taskSeconds()) - before) * 1000);
    }
    const probe = await page.evaluate(() => window.__keys?.keys ?? []);
    return probe.map((sample, i) => ({
      variant,
      key: sample.key,
      wallMs: Math.round(sample.ms * 10) / 10,
      cpuMs: Math.round(cpu[i]! * 10) / 10,
      status: sample.status,
    }));
  } finally {
    await context.close();
  }
}

/**
 * Types `pairs` digits and Backspaces into the search field of the loaded page at `url` (a catalog of `n`
 * integrations), for the real page and the floor, alternating over `rounds` rounds so both meet the same machine.
 */
export async function measureKeystrokes(
  browser: Browser,
  url: string,
  n: number,
  pairs: number,
  rounds: number,
): Promise<KeystrokeResults> {
  const samples: KeySample[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const variant of ['real', 'floor'] as const) samples.push(...(await typeAndErase(browser, url, variant, pairs)));
  }
  const of = (variant: Variant): VariantResult => {
    const mine = samples.filter((sample) => sample.variant === variant);
    return { wall: summarize(mine.map((s) => s.wallMs)), cpu: summarize(mine.map((s) => s.cpuMs)) };
  };
  const real = of('real');
  const floor = of('floor');
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  return {
    n,
    samples,
    real,
    floor,
    ratio: { wall: ratio(real.wall.median, floor.wall.median), cpu: ratio(real.cpu.median, floor.cpu.median) },
  };
}
