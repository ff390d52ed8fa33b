import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { manifestBackendEgress } from '../../tools/manifest';
import { demoIntegrations } from '../../tools/fixtures/integrations';
import { openWatched } from '../support/watchedPage';
import { launchChromium, newContext, removeDataDir, SCREENSHOTS, startPreviewProcess, type RunningPreview } from '../support/preview';

jest.setTimeout(120_000);

const TOKEN = 'ghp_e2eSecretTokenValue0123456789QRST';
const SEEDED = demoIntegrations().length;

// Saving a token asks its git host first. These tests are about the page, so every allow-listed host
// is a loopback server that is down (HTTP 503): tokens save as "Host unreachable", and nothing leaves
// the machine (verification.test.ts covers the checks).
const hostsDown = createServer((_request, response) => response.writeHead(503).end());
let hostsEnv: Record<string, string>;

let browser: Browser;
let preview: RunningPreview;
let context: BrowserContext;
/** Everything that would make a person distrust the page: console errors, crashes, CSP violations. */
let problems: string[];
/** Every response body the page received, to prove the token never comes back. */
let bodies: string[];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await new Promise<void>((resolve) => hostsDown.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(hostsDown.address() as AddressInfo).port}`;
  hostsEnv = {
    PREVIEW_EGRESS_MAP: manifestBackendEgress()
      .map((host) => `https://${host}=${origin}`)
      .join(','),
  };
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => hostsDown.close(resolve));
});

beforeEach(async () => {
  preview = await startPreviewProcess(hostsEnv);
  context = await newContext(browser);
  problems = [];
  bodies = [];
});

afterEach(async () => {
  await context.close();
  await preview.stop();
  removeDataDir(preview.dataDir);
});

async function open(query = ''): Promise<Page> {
  const { page } = await openWatched(context, `${preview.url}${query}`, { problems, bodies });
  await page.getByRole('table', { name: 'Git integrations' }).waitFor();
  return page;
}

function row(page: Page, name: string) {
  return page.getByRole('row').filter({ has: page.getByText(name, { exact: true }) });
}

async function savePat(page: Page, integration: string, token: string): Promise<void> {
  await page.getByRole('button', { name: `Setup your PAT for ${integration}`, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Personal access token').fill(token);
  await dialog.getByRole('button', { name: 'Update' }).click();
  await dialog.waitFor({ state: 'detached' });
}

function expectNoProblems(): void {
  expect(problems).toEqual([]);
  expect(bodies.join('\n')).not.toContain(TOKEN);
}

test('the page loads with every seeded integration and filters as you type', async () => {
  const page = await open();
  await expect(page.getByRole('heading', { name: 'Personal access tokens', exact: true }).isVisible()).resolves.toBe(true);
  expect(await page.getByRole('row').count()).toBe(SEEDED + 1);
  await page.screenshot({ path: join(SCREENSHOTS, 'personal-page.png'), fullPage: true });

  await page.getByRole('textbox', { name: 'Search integrations' }).fill('gitlab');
  await page.getByText('2 of 11 integrations match').waitFor();
  expect(await page.getByRole('row').count()).toBe(3);
  await page.getByRole('textbox', { name: 'Search integrations' }).fill('no such thing');
  await page.getByText('No integrations match “no such thing”.').waitFor();
  await page.getByRole('button', { name: 'Clear search' }).click();
  // The list follows the search as a deferred render: wait for it to come back before counting.
  await page.getByRole('table', { name: 'Git integrations' }).waitFor();
  expect(await page.getByRole('row').count()).toBe(SEEDED + 1);
  expectNoProblems();
});

test('a saved PAT shows its hint, survives reload and server restart, and stays with its user', async () => {
  const page = await open();
  await page.getByRole('button', { name: 'Setup your PAT for GitHub', exact: true }).click();
  await page.getByRole('dialog').getByLabel('Personal access token').waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, 'setup-dialog.png') });
  await page.getByRole('dialog').getByLabel('Personal access token').fill(`  ${TOKEN}\n`);
  await page.getByRole('dialog').getByRole('button', { name: 'Update' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  await row(page, 'GitHub').getByLabel('Token ending in QRST').waitFor();
  await row(page, 'GitHub').getByText('Host unreachable').waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, 'pat-saved.png'), fullPage: true });

  await page.reload();
  await row(page, 'GitHub').getByLabel('Token ending in QRST').waitFor();

  await preview.stop();
  preview = await startPreviewProcess(hostsEnv, preview.dataDir);
  const afterRestart = await open();
  await row(afterRestart, 'GitHub').getByLabel('Token ending in QRST').waitFor();

  const otherUser = await open('?accountId=another-user');
  expect(await row(otherUser, 'GitHub').getByRole('button', { name: 'Setup your PAT for GitHub', exact: true }).isVisible()).toBe(true);
  expect(await otherUser.getByText('••••••••QRST').count()).toBe(0);
  expectNoProblems();
});

test('Remove asks first and then clears the PAT', async () => {
  const page = await open();
  await savePat(page, 'GitLab.com', 'glpat-removeMe-0123456789ABCD');
  await page.getByRole('button', { name: 'Remove PAT for GitLab.com' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  await row(page, 'GitLab.com').getByRole('button', { name: 'Setup your PAT for GitLab.com' }).waitFor();
  await page.reload();
  await row(page, 'GitLab.com').getByRole('button', { name: 'Setup your PAT for GitLab.com' }).waitFor();
  expectNoProblems();
});

test('New token opens the host token page in a new tab', async () => {
  await context.route('https://github.com/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<title>GitHub token page</title>' }),
  );
  const page = await open();
  const [tab] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: /^New token for GitHub \(/ }).click()]);
  await tab.waitForLoadState();
  // The recommended kind: a fine-grained token, prefilled through GitHub's template URL.
  expect(tab.url()).toBe(
    'https://github.com/settings/personal-access-tokens/new?name=Jira+git+integration&description=Branches+and+pull+requests+created+from+Jira&expires_in=90&contents=write&pull_requests=write',
  );
  expect(await row(page, 'AWS CodeCommit').getByRole('button', { name: 'New token' }).isDisabled()).toBe(true);
  expectNoProblems();
});

test('the dark theme renders with dark surfaces and light text', async () => {
  const page = await open('?theme=dark');
  await page.waitForFunction(() => document.documentElement.getAttribute('data-color-mode') === 'dark');
  await page.waitForFunction(() => getComputedStyle(document.body).backgroundColor !== 'rgb(255, 255, 255)');
  const [background, text] = await page.evaluate(() => [
    getComputedStyle(document.body).backgroundColor,
    getComputedStyle(document.querySelector('h1')!).color,
  ]);
  const luminance = (rgb: string) => (rgb.match(/\d+/g) ?? []).slice(0, 3).reduce((sum, value) => sum + Number(value), 0) / 3;
  expect(luminance(background)).toBeLessThan(60);
  expect(luminance(text)).toBeGreaterThan(150);
  await page.screenshot({ path: join(SCREENSHOTS, 'personal-page-dark.png'), fullPage: true });
  expectNoProblems();
});

test('the main flow works with the keyboard alone', async () => {
  const page = await open();
  // The attention message loads after the table (its own chunk): Tab is pressed once it is there.
  await page.getByRole('region', { name: 'Tokens that need your attention' }).waitFor();
  // The required integrations without a token are named first, in the attention message; then the search.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
    'Set up your PAT for GitHub, required, no token saved',
  );
  for (
    let i = 0;
    i < 10 && (await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))) !== 'Search integrations';
    i += 1
  ) {
    await page.keyboard.press('Tab');
  }
  expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Search integrations');
  await page.keyboard.type('gitea');
  let label: string | null | undefined;
  for (let i = 0; i < 10 && label !== 'Setup your PAT for Codeberg (Forgejo)'; i += 1) {
    await page.keyboard.press('Tab');
    label = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
  }
  expect(label).toBe('Setup your PAT for Codeberg (Forgejo)');
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').waitFor();
  await page.waitForFunction(() => document.activeElement?.getAttribute('type') === 'password');
  await page.keyboard.type('gitea_keyboardOnlyToken_0123456789KEYS');
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Edit your PAT for Codeberg (Forgejo)');
  await row(page, 'Codeberg (Forgejo)').getByLabel('Token ending in KEYS').waitFor();
  expectNoProblems();
});
