/**
 * Issue 15 in Chromium against the local preview: an admin pastes a GitHub Enterprise API root
 * (case 1), a user pastes a quoted token (case 4) and searches with pasted addresses (case 8).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoIntegrations } from '../../tools/fixtures/integrations';
import { launchChromium, newContext, removeDataDir, startPreviewProcess, type RunningPreview } from '../support/preview';
import { openWatched, type WatchedPage } from '../support/watchedPage';

jest.setTimeout(120_000);

const GITLAB_TOKEN = 'glpat-E2ePastedSecret0123456789-0000';
const SEEDED = demoIntegrations().length;

let browser: Browser;
let preview: RunningPreview;
let context: BrowserContext;
const opened: WatchedPage[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  preview = await startPreviewProcess({ PREVIEW_ADMIN_IDS: 'site-admin' });
  context = await newContext(browser);
  opened.length = 0;
});

afterEach(async () => {
  for (const watched of opened) {
    expect(watched.problems).toEqual([]);
    // However it was pasted, the token never comes back to the browser.
    expect(watched.bodies.join('\n')).not.toContain(GITLAB_TOKEN);
  }
  await context.close();
  await preview.stop();
  removeDataDir(preview.dataDir);
});

async function open(path: string): Promise<Page> {
  const watched = await openWatched(context, `${preview.url}${path}`);
  opened.push(watched);
  await watched.page.getByRole('table', { name: 'Git integrations' }).waitFor();
  return watched.page;
}

test('case 1: an admin pastes a GitHub Enterprise API root; the form says what it saves, and users get the right New token link', async () => {
  const admin = await open('admin/?accountId=site-admin');
  await admin.getByRole('button', { name: 'Add integration' }).click();
  const dialog = admin.getByRole('dialog');
  await dialog.getByLabel('Display name').fill('Acme GHE');
  await dialog.getByLabel('Host type').selectOption({ label: 'GitHub Enterprise' });
  await dialog.getByLabel('Base URL').fill('https://ghe.example.com/api/v3');
  await dialog.getByText('Will be saved as').waitFor();
  expect(await dialog.getByText('Will be saved as').textContent()).toBe('Will be saved as https://ghe.example.com.');
  await dialog
    .getByRole('list', { name: 'Changes to what you entered' })
    .getByText('Removed the API path /api/v3', { exact: false })
    .waitFor();
  await dialog.getByText('https://ghe.example.com/settings/personal-access-tokens/new').waitFor();
  await dialog.getByRole('button', { name: 'Add' }).click();
  // A new self-hosted server is offered for token checks at once: Atlassian's consent step (here the preview's).
  const consent = admin.getByRole('dialog', { name: 'Allow this app to connect to external domains?' });
  await consent.getByText('ghe.example.com', { exact: true }).waitFor();
  await consent.getByRole('button', { name: 'Allow', exact: true }).click();
  await admin.getByRole('dialog').first().waitFor({ state: 'detached' });
  await admin.getByRole('row').filter({ hasText: 'Acme GHE' }).getByText('GitHub Enterprise · ghe.example.com', { exact: true }).waitFor();

  await context.route('https://ghe.example.com/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<title>token page</title>' }),
  );
  const user = await open('?accountId=some-user');
  const row = user.getByRole('row').filter({ hasText: 'Acme GHE' });
  const [tab] = await Promise.all([context.waitForEvent('page'), row.getByRole('button', { name: /^New token for Acme GHE/ }).click()]);
  await tab.waitForLoadState();
  expect(tab.url()).toBe('https://ghe.example.com/settings/personal-access-tokens/new');
});

test('case 4: a quoted token is saved without its quotes, and the dialog said so before saving', async () => {
  const page = await open('?accountId=some-user');
  await page.getByRole('button', { name: 'Setup your PAT for GitLab self-managed', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Personal access token').fill(`"${GITLAB_TOKEN}"`);
  await dialog.getByRole('list', { name: 'Changes to the pasted token' }).getByText('Removed the quotes ("…") around the token.').waitFor();
  await dialog.getByRole('button', { name: 'Update' }).click();
  await dialog.waitFor({ state: 'detached' });
  const row = page.getByRole('row').filter({ has: page.getByText('GitLab self-managed', { exact: true }) });
  await row.getByLabel('Token ending in 0000').waitFor();
  await page.reload();
  await row.getByLabel('Token ending in 0000').waitFor();

  // An invisible character inside is refused in the dialog by name, and nothing is sent.
  await page.getByRole('button', { name: 'Setup your PAT for GitLab.com', exact: true }).click();
  await dialog.getByLabel('Personal access token').fill('glpat-Pasted\u200bSecret0123456789');
  await dialog
    .getByRole('alert')
    .getByText('The token contains an invisible character (zero-width space, U+200B) inside it.', { exact: false })
    .waitFor();
  expect(await dialog.getByRole('button', { name: 'Update' }).isDisabled()).toBe(true);
});

test('case 8: addresses pasted with a trailing slash find their integration', async () => {
  const page = await open('?accountId=some-user');
  const search = page.getByRole('textbox', { name: 'Search integrations' });
  for (const [query, name] of [
    ['https://github.com/', 'GitHub'],
    ['https://git.example.com/gitlab/', 'GitLab self-managed'],
    ['https://www.github.com/acme/app', 'GitHub'],
  ] as const) {
    await search.fill(query);
    await page.getByText(`1 of ${SEEDED} integrations match`).waitFor();
    expect(await page.getByRole('row').count()).toBe(2);
    await page
      .getByRole('row')
      .filter({ has: page.getByText(name, { exact: true }) })
      .waitFor();
  }
});
