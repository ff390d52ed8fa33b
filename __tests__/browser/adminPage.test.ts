import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium, newContext, removeDataDir, SCREENSHOTS, startPreviewProcess, type RunningPreview } from '../support/preview';
import { openWatched, type WatchedPage } from '../support/watchedPage';

jest.setTimeout(120_000);

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
  for (const watched of opened) expect(watched.problems).toEqual([]);
  await context.close();
  await preview.stop();
  removeDataDir(preview.dataDir);
});

async function open(path: string): Promise<WatchedPage> {
  const watched = await openWatched(context, `${preview.url}${path}`);
  opened.push(watched);
  return watched;
}

async function addIntegration(admin: WatchedPage, fields: { name: string; hostType?: string; baseUrl?: string; requirePat?: boolean }) {
  const { page } = admin;
  await page.getByRole('button', { name: 'Add integration' }).click();
  // By name: a self-hosted server's consent step opens another dialog as this one closes.
  const dialog = page.getByRole('dialog', { name: 'Add integration' });
  await dialog.getByLabel('Display name').fill(fields.name);
  if (fields.hostType) await dialog.getByLabel('Host type').selectOption({ label: fields.hostType });
  if (fields.baseUrl) await dialog.getByLabel('Base URL').fill(fields.baseUrl);
  if (fields.requirePat) await dialog.getByLabel('Require user PAT').check();
  await dialog.getByRole('button', { name: 'Add' }).click();
  await dialog.waitFor({ state: 'detached' });
}

test('an admin adds a self-hosted GitLab with a path prefix; users see it and its New token uses that base', async () => {
  const admin = await open('admin/?accountId=site-admin');
  await admin.page.getByRole('table', { name: 'Git integrations' }).waitFor();
  await addIntegration(admin, {
    name: 'Acme GitLab',
    hostType: 'GitLab self-managed',
    baseUrl: 'https://git.acme.example/gitlab/',
    requirePat: true,
  });
  // A new self-hosted server is offered for approval of its token checks at once; this admin declines for now.
  await admin.page
    .getByRole('dialog', { name: 'Allow this app to connect to external domains?' })
    .getByRole('button', { name: 'Don’t allow' })
    .click();
  await admin.page.getByRole('row').filter({ hasText: 'Acme GitLab' }).getByText('Waiting for approval').waitFor();
  await admin.page.getByRole('row').filter({ hasText: 'Acme GitLab' }).getByText('Required').waitFor();
  await admin.page.screenshot({ path: join(SCREENSHOTS, 'admin-page.png'), fullPage: true });

  await context.route('https://git.acme.example/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<title>token page</title>' }),
  );
  const user = await open('?accountId=some-user');
  const row = user.page.getByRole('row').filter({ hasText: 'Acme GitLab' });
  await row.getByText('git.acme.example/gitlab').waitFor();
  expect(await row.getByText('Required').isVisible()).toBe(true);
  const [tab] = await Promise.all([context.waitForEvent('page'), row.getByRole('button', { name: /^New token for Acme GitLab/ }).click()]);
  await tab.waitForLoadState();
  expect(tab.url()).toBe('https://git.acme.example/gitlab/-/user_settings/personal_access_tokens?name=Jira+git+integration&scopes=api');
});

test('an integration named with markup renders as text on both pages', async () => {
  const name = '<img src=x onerror=alert(1)>';
  const admin = await open('admin/?accountId=site-admin');
  await admin.page.getByRole('table', { name: 'Git integrations' }).waitFor();
  await addIntegration(admin, { name });
  await admin.page.getByText(name, { exact: true }).waitFor();
  const user = await open('');
  await user.page.getByText(name, { exact: true }).waitFor();
  for (const { page } of [admin, user]) expect(await page.locator('img[src="x"]').count()).toBe(0);
});

test('someone who is not a Jira admin is told so and cannot change anything', async () => {
  const visitor = await open('admin/?accountId=some-user');
  await visitor.page.getByRole('heading', { name: 'Only Jira administrators can manage git integrations' }).waitFor();
  expect(await visitor.page.getByRole('button', { name: 'Add integration' }).count()).toBe(0);
});
