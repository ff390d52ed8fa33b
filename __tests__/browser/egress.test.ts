/**
 * Customer-managed egress in the local preview, in Chromium: an admin adds a GitLab self-managed
 * integration, the preview's consent step asks to allow token checks to its server, and a user's token
 * is then checked against a loopback GitLab (PREVIEW_EGRESS_MAP) — or, refused, saved as not verified
 * with the reason.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { FakeHost } from '../support/fakeHost';
import { gitHostApis, VALID } from '../support/gitHostApis';
import { launchChromium, newContext, removeDataDir, SCREENSHOTS, startPreviewProcess, type RunningPreview } from '../support/preview';
import { openWatched } from '../support/watchedPage';

jest.setTimeout(120_000);

const SERVER = 'https://gitlab.acme.test';
const gitlab = new FakeHost();
let browser: Browser;
let preview: RunningPreview;
let context: BrowserContext;
let problems: string[];
let bodies: string[];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await gitlab.start();
  gitlab.answer(gitHostApis);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await gitlab.stop();
});

beforeEach(async () => {
  preview = await startPreviewProcess({ PREVIEW_ADMIN_IDS: 'site-admin', PREVIEW_EGRESS_MAP: `${SERVER}=${gitlab.origin}` });
  context = await newContext(browser);
  problems = [];
  bodies = [];
  gitlab.seen.length = 0;
});

afterEach(async () => {
  expect(problems).toEqual([]);
  expect(bodies.join('\n')).not.toContain(VALID.token);
  await context.close();
  await preview.stop();
  removeDataDir(preview.dataDir);
});

async function open(path: string): Promise<Page> {
  const { page } = await openWatched(context, `${preview.url}${path}`, { problems, bodies });
  await page.getByRole('table', { name: 'Git integrations' }).waitFor();
  return page;
}

/** Adds the integration; the consent step then appears, as Atlassian's dialog does after `permissions.egress.set`. */
async function addGitLab(admin: Page) {
  await admin.getByRole('button', { name: 'Add integration' }).click();
  const form = admin.getByRole('dialog', { name: 'Add integration' });
  await form.getByLabel('Display name').fill('Acme GitLab');
  await form.getByLabel('Host type').selectOption({ label: 'GitLab self-managed' });
  await form.getByLabel('Base URL').fill(`${SERVER}/`);
  await form.getByRole('button', { name: 'Add' }).click();
  await form.waitFor({ state: 'detached' });
  const consent = admin.getByRole('dialog', { name: 'Allow this app to connect to external domains?' });
  await consent.getByText('gitlab.acme.test', { exact: true }).waitFor();
  return consent;
}

function row(page: Page) {
  return page.getByRole('row').filter({ hasText: 'Acme GitLab' });
}

async function saveToken(user: Page) {
  await user.getByRole('button', { name: 'Setup your PAT for Acme GitLab', exact: true }).click();
  const dialog = user.getByRole('dialog');
  await dialog.getByLabel('Personal access token').fill(VALID.token);
  await dialog.getByRole('button', { name: 'Update' }).click();
  await dialog.waitFor({ state: 'detached' });
}

test('approved: a user’s token for the self-managed GitLab is checked against it and shown valid', async () => {
  const admin = await open('admin/?accountId=site-admin');
  const consent = await addGitLab(admin);
  await admin.screenshot({ path: join(SCREENSHOTS, 'egress-consent.png'), animations: 'disabled' });
  await consent.getByRole('button', { name: 'Allow', exact: true }).click();
  await row(admin).getByText('Allowed', { exact: true }).waitFor();
  await admin.screenshot({ path: join(SCREENSHOTS, 'admin-egress-allowed.png'), fullPage: true, animations: 'disabled' });

  const user = await open('?accountId=gitlab-user');
  await saveToken(user);
  await row(user).getByText('Valid', { exact: true }).waitFor();
  await row(user)
    .getByText(/^as @ana/)
    .waitFor();
  expect(gitlab.seen.map((request) => request.path)).toEqual(['/api/v4/user', '/api/v4/personal_access_tokens/self']);
});

test('refused: the server waits for approval, and a user’s token is saved as not verified with the reason', async () => {
  const admin = await open('admin/?accountId=site-admin');
  const consent = await addGitLab(admin);
  await consent.getByRole('button', { name: 'Don’t allow' }).click();
  await row(admin).getByText('Waiting for approval').waitFor();
  await row(admin).getByRole('button', { name: 'Allow token checks to gitlab.acme.test for Acme GitLab' }).waitFor();

  const user = await open('?accountId=gitlab-user');
  await saveToken(user);
  await row(user).getByText('Not verified', { exact: true }).waitFor();
  await row(user)
    .getByLabel(
      'Not verified: Your Jira admin has not allowed token checks to gitlab.acme.test yet, so the token was saved without a check.',
    )
    .waitFor();
  expect(gitlab.seen).toEqual([]);
});
