/**
 * In the local preview, in Chromium: a GitLab token about to expire shows in the attention message,
 * Rotate now replaces it without the person copying anything, and after the token is revoked on
 * GitLab the weekly re-check run on demand turns it red. GitLab is the loopback fake that follows
 * GitLab's documented API (tools/fakes/fakeGitLab.ts); every other host is down.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { FakeGitLab } from '../../tools/fakes/fakeGitLab';
import { openWatched } from '../support/watchedPage';
import { launchChromium, newContext, removeDataDir, SCREENSHOTS, startPreviewProcess, type RunningPreview } from '../support/preview';

jest.setTimeout(120_000);

const TOKEN = 'glpat-e2eExpiringToken0123456789';
const gitlab = new FakeGitLab();
let browser: Browser;
let preview: RunningPreview;
let context: BrowserContext;
let problems: string[];
let bodies: string[];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await gitlab.start();
  browser = await launchChromium();
  preview = await startPreviewProcess({ PREVIEW_EGRESS_MAP: `https://gitlab.com=${gitlab.origin}` });
  context = await newContext(browser);
  problems = [];
  bodies = [];
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await preview?.stop();
  if (preview) removeDataDir(preview.dataDir);
  await gitlab.stop();
});

async function open(): Promise<Page> {
  const { page } = await openWatched(context, preview.url, { problems, bodies });
  await page.getByRole('table', { name: 'Git integrations' }).waitFor();
  return page;
}

const attention = (page: Page) => page.getByRole('region', { name: 'Tokens that need your attention' });
const gitlabRow = (page: Page) => page.getByRole('row').filter({ has: page.getByText('GitLab.com', { exact: true }) });

test('banner, Rotate now, and the on-demand weekly re-check turning a revoked token red', async () => {
  gitlab.add(TOKEN, { username: 'ada', expiresInDays: 5 });
  const page = await open();
  await page.getByRole('button', { name: 'Setup your PAT for GitLab.com', exact: true }).click();
  await page.getByRole('dialog').getByLabel('Personal access token').fill(TOKEN);
  await page.getByRole('dialog').getByRole('button', { name: 'Update' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });

  // Expiring within 7 days: named at the top with Rotate.
  await attention(page)
    .getByText(/GitLab\.com: expires on/)
    .waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, 'attention-banner.png'), fullPage: true });
  await attention(page).getByRole('button', { name: 'Rotate the token for GitLab.com' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Rotate now the token for GitLab.com' }).waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, 'rotate-now.png') });
  await dialog.getByRole('button', { name: 'Rotate now the token for GitLab.com' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page
    .getByText(/The new token expires on/)
    .first()
    .waitFor();

  const live = [...gitlab.tokens.values()].find((token) => !token.revoked)!;
  expect(live.token).not.toBe(TOKEN);
  expect(gitlab.tokens.get(TOKEN)!.revoked).toBe(true);
  await gitlabRow(page)
    .getByLabel(`Token ending in ${live.token.slice(-4)}`)
    .waitFor();
  expect(
    await attention(page)
      .getByText(/GitLab\.com/)
      .count(),
  ).toBe(0);

  // Revoked on GitLab; the weekly job, run on demand, flags it without anyone pressing Re-check.
  gitlab.revoke(live.token);
  const run = await fetch(`${preview.url}__preview/jobs/token-recheck`, { method: 'POST' });
  expect(await run.json()).toMatchObject({ checked: 1, passFinished: true });
  await page.reload();
  await gitlabRow(page).getByText('Expired or revoked').waitFor();
  await attention(page)
    .getByText(/GitLab\.com: expired or revoked/)
    .waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, 'revoked-after-recheck.png'), fullPage: true });

  expect(problems).toEqual([]);
  expect(bodies.join('\n')).not.toContain(TOKEN);
  expect(bodies.join('\n')).not.toContain(live.token);
});
