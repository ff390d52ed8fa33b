import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { REJECTED_REASON } from '../../src/hostChecks/outcomes';
import { openWatched } from '../support/watchedPage';
import { launchChromium, newContext, removeDataDir, SCREENSHOTS, startPreviewProcess, type RunningPreview } from '../support/preview';

jest.setTimeout(120_000);

const VALID = 'ghp_e2eValidToken0123456789abcdefVALD';
const REVOKED = 'ghp_e2eRevokedToken0123456789abcdREVK';

/** Tokens the fake GitHub no longer accepts; a test revokes a valid one to re-check it. */
const revoked = new Set<string>();
const asked: string[] = [];

/** GitHub's `GET /user` on 127.0.0.1: the preview sends https://api.github.com here (PREVIEW_EGRESS_MAP). */
const github = createServer((request, response) => {
  const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
  asked.push(`${request.method} ${request.url}`);
  if (request.url !== '/user' || revoked.has(token) || token !== VALID) {
    response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Bad credentials' }));
    return;
  }
  response
    .writeHead(200, {
      'content-type': 'application/json',
      'x-oauth-scopes': 'repo, read:org',
      'github-authentication-token-expiration': '2099-01-31 00:00:00 UTC',
    })
    .end(JSON.stringify({ login: 'octocat', avatar_url: 'https://avatars.example/u/1' }));
});

let browser: Browser;
let preview: RunningPreview;
let context: BrowserContext;
let problems: string[];
let bodies: string[];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await new Promise<void>((resolve) => github.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(github.address() as AddressInfo).port}`;
  preview = await startPreviewProcess({ PREVIEW_EGRESS_MAP: `https://api.github.com=${origin}` });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await preview?.stop();
  if (preview) removeDataDir(preview.dataDir);
  await new Promise((resolve) => github.close(resolve));
});

beforeEach(async () => {
  context = await newContext(browser);
  problems = [];
  bodies = [];
  asked.length = 0;
  revoked.clear();
});

afterEach(async () => {
  await context.close();
});

/** Each test acts as its own user, so the tests share one preview without sharing PATs. */
async function open(accountId: string): Promise<Page> {
  const { page } = await openWatched(context, `${preview.url}?accountId=${accountId}`, { problems, bodies });
  await page.getByRole('table', { name: 'Git integrations' }).waitFor();
  return page;
}

function gitHubRow(page: Page) {
  return page.getByRole('row').filter({ has: page.getByText('GitHub', { exact: true }) });
}

async function paste(page: Page, token: string) {
  await page.getByRole('button', { name: 'Setup your PAT for GitHub', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Personal access token').fill(token);
  await dialog.getByRole('button', { name: 'Update' }).click();
  return dialog;
}

function expectNoProblems(): void {
  expect(problems).toEqual([]);
  const received = bodies.join('\n');
  expect(received).not.toContain(VALID);
  expect(received).not.toContain(REVOKED);
}

test('a valid GitHub token is saved with the account it belongs to', async () => {
  const page = await open('valid-user');
  const dialog = await paste(page, VALID);
  await dialog.waitFor({ state: 'detached' });
  const row = gitHubRow(page);
  await row.getByText('Valid', { exact: true }).waitFor();
  await row.getByText('as @octocat · expires on Jan 31, 2099').waitFor();
  expect(asked).toEqual(['GET /user']);
  await page.screenshot({ path: join(SCREENSHOTS, 'verification-valid.png'), fullPage: true, animations: 'disabled' });
  expectNoProblems();
});

test('a revoked GitHub token is refused with the host’s reason, and the dialog keeps it', async () => {
  const page = await open('revoked-user');
  const dialog = await paste(page, REVOKED);
  await dialog.getByRole('alert').getByText(REJECTED_REASON).waitFor();
  expect(await dialog.getByLabel('Personal access token').inputValue()).toBe(REVOKED);
  await page.screenshot({ path: join(SCREENSHOTS, 'verification-refused.png'), animations: 'disabled' });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.reload();
  await gitHubRow(page).getByRole('button', { name: 'Setup your PAT for GitHub', exact: true }).waitFor();
  expectNoProblems();
});

test('Re-check shows a token revoked since it was saved', async () => {
  const page = await open('recheck-user');
  await (await paste(page, VALID)).waitFor({ state: 'detached' });
  await gitHubRow(page).getByText('Valid', { exact: true }).waitFor();
  revoked.add(VALID);
  await gitHubRow(page).getByRole('button', { name: 'Re-check PAT for GitHub' }).click();
  await gitHubRow(page).getByText('Expired or revoked').waitFor();
  await page.getByText('Personal access token re-checked for GitHub', { exact: true }).waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, 'verification-rechecked.png'), fullPage: true, animations: 'disabled' });
  await page.reload();
  await gitHubRow(page).getByText('Expired or revoked').waitFor();
  await gitHubRow(page).getByLabel('Token ending in VALD').waitFor();
  await page.getByRole('button', { name: 'Edit your PAT for GitHub', exact: true }).click();
  const lastCheck = page.getByRole('dialog').getByRole('region', { name: 'Last check with GitHub' });
  await lastCheck.getByText(REJECTED_REASON).waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, 'verification-dialog-last-check.png'), animations: 'disabled' });
  expectNoProblems();
});

test('a token that looks like another host’s gets a warning as it is typed', async () => {
  const page = await open('warning-user');
  await page.getByRole('button', { name: 'Setup your PAT for GitHub', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Personal access token').fill('glpat-looksLikeGitLab0123456789');
  await dialog.getByText('This looks like a GitLab token, but this integration is for GitHub.', { exact: false }).waitFor();
  expect(await dialog.getByRole('button', { name: 'Update' }).isEnabled()).toBe(true);
  await page.screenshot({ path: join(SCREENSHOTS, 'verification-format-warning.png'), animations: 'disabled' });
  expect(asked).toEqual([]);
  expectNoProblems();
});
