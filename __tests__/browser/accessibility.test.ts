/**
 * axe-core (Deque's accessibility engine, https://github.com/dequelabs/axe-core) on both built pages in Chromium,
 * in light and dark theme: the list, a search with no match, each dialog open and an error state. Every WCAG 2.x
 * A and AA rule axe has must pass: 0 violations.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, newContext, removeDataDir, startPreviewProcess, type RunningPreview } from '../support/preview';

jest.setTimeout(180_000);

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const RULES = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface Violation {
  id: string;
  help: string;
  nodes: { target: unknown[] }[];
}

declare global {
  interface Window {
    axe?: { run: (context: Document, options: unknown) => Promise<{ violations: Violation[] }> };
  }
}

let browser: Browser;
let preview: RunningPreview;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchChromium();
  // Saving a token for a self-managed host asks no one (it cannot be checked from Forge): no network needed.
  preview = await startPreviewProcess({ PREVIEW_ADMIN_IDS: 'site-admin' });
});

afterAll(async () => {
  await browser?.close();
  await preview?.stop();
  if (preview) removeDataDir(preview.dataDir);
});

beforeEach(async () => {
  context = await newContext(browser);
});

afterEach(async () => {
  await context.close();
});

/** axe's violations in the page as it is now, one line each: rule, help and the elements. */
async function violations(page: Page): Promise<string[]> {
  // page.evaluate is not subject to the page's CSP (no inline scripts), which a script tag would be.
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(
    (tags) => window.axe!.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    RULES,
  );
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((node) => JSON.stringify(node.target)).join(', ')})`);
}

async function open(path: string, theme: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${preview.url}${path}${path.includes('?') ? '&' : '?'}theme=${theme}`);
  return page;
}

/** Waits for Atlaskit's dialog to finish opening (its fade-in), then for the fonts and theme to settle. */
async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(400);
}

describe.each(['light', 'dark'])('in %s theme', (theme) => {
  test('the personal page: list, no search match, Setup and Remove dialogs, load error', async () => {
    const page = await open(`?accountId=a11y-${theme}`, theme);
    await page.getByRole('table', { name: 'Git integrations' }).waitFor();
    await settle(page);
    expect(await violations(page)).toEqual([]);

    await page.getByRole('textbox', { name: 'Search integrations' }).fill('no such integration');
    await page.getByText('No integrations match').waitFor();
    expect(await violations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Clear search' }).click();

    await page.getByRole('button', { name: 'Setup your PAT for GitLab self-managed' }).click();
    const setup = page.getByRole('dialog');
    await setup.getByLabel('Personal access token').fill('glpat-a11yTokenValue0123456789');
    await settle(page);
    expect(await violations(page)).toEqual([]);
    await setup.getByRole('button', { name: 'Update' }).click();
    await setup.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Remove PAT for GitLab self-managed' }).click();
    await page.getByRole('dialog').waitFor();
    await settle(page);
    expect(await violations(page)).toEqual([]);
    await page.keyboard.press('Escape');

    const failing = await context.newPage();
    await failing.route('**/__preview/invoke', (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: '{"message":"down"}' }),
    );
    await failing.goto(`${preview.url}?accountId=a11y-${theme}&theme=${theme}`);
    await failing.getByRole('button', { name: 'Retry' }).waitFor();
    await settle(failing);
    expect(await violations(failing)).toEqual([]);
  });

  test('the admin page: list, integration form, Remove dialog, no permission, load error', async () => {
    const page = await open('admin/?accountId=site-admin', theme);
    await page.getByRole('table', { name: 'Git integrations' }).waitFor();
    await settle(page);
    expect(await violations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Add integration' }).click();
    await page.getByRole('dialog').getByLabel('Display name').waitFor();
    await settle(page);
    expect(await violations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Remove GitHub', exact: true }).click();
    await page.getByRole('dialog').waitFor();
    await settle(page);
    expect(await violations(page)).toEqual([]);
    await page.keyboard.press('Escape');

    const visitor = await open('admin/?accountId=not-an-admin', theme);
    await visitor.getByRole('heading', { name: 'Only Jira administrators can manage git integrations' }).waitFor();
    await settle(visitor);
    expect(await violations(visitor)).toEqual([]);

    const failing = await context.newPage();
    await failing.route('**/__preview/invoke', (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: '{"message":"down"}' }),
    );
    await failing.goto(`${preview.url}admin/?accountId=site-admin&theme=${theme}`);
    await failing.getByRole('button', { name: 'Retry' }).waitFor();
    await settle(failing);
    expect(await violations(failing)).toEqual([]);
  });
});
