/**
 * The weekly re-check job over the real SDKs and the KVS emulator, asking a fake GitLab (as its API
 * documents) and a scripted GitHub on loopback, reached through support/hostFetch.ts.
 */
// First: the host route must be in place before anything loads @forge/api (support/hostFetch.ts).
import { loopbackFetch, routeHostFetch } from '../support/hostFetch';
import type { AdminPage, PatView, PersonalPageWire, ResolverResult } from '../../src/contract';
import { decodePersonalPage } from '../../src/domain/catalogWire';
import { rewriteOrigins } from '../../tools/preview/egressMap';
import { demoIntegrations } from '../../tools/fixtures/integrations';
import { FakeGitLab } from '../../tools/fakes/fakeGitLab';
import { FakeHost } from '../support/fakeHost';
import { callPersonal, callAdmin, seedCatalog, useForge } from '../support/forge';
import { credentialPayload } from '../../tools/fixtures/credentials';
import { runWeeklyRecheck } from '../../src/recheck/weeklyRecheck';
import { RECHECK_PROGRESS_KEY } from '../../src/storage/keys';
import { tokenRecheckHandler } from '../../src/index';

const gitlab = new FakeGitLab();
const github = new FakeHost();
routeHostFetch((url, init) =>
  rewriteOrigins(loopbackFetch, { 'https://gitlab.com': gitlab.origin, 'https://api.github.com': github.origin })(url, init),
);

// No query lag here: these tests are about the job's own rules; the lag case is its own test below.
const forge = useForge({ queryLag: 0 });
const DAY_MS = 24 * 3_600_000;
const ACCOUNTS = ['acct-1', 'acct-2', 'acct-3', 'acct-4', 'acct-5'];
const glpat = (account: string) => `glpat-${account}-0123456789abcdef`;
const ghp = (account: string) => `ghp_${account}_0123456789abcdefABCD`;

beforeAll(async () => {
  await gitlab.start();
  await github.start();
});
afterAll(async () => {
  await gitlab.stop();
  await github.stop();
});

let consoleSpies: jest.SpyInstance[] = [];
beforeEach(async () => {
  await seedCatalog(forge.kvs, demoIntegrations());
  gitlab.tokens.clear();
  gitlab.seen.length = 0;
  github.answer(() => ({ status: 200, headers: { 'X-OAuth-Scopes': 'repo' }, body: { login: 'octocat' } }));
  consoleSpies = (['log', 'warn'] as const).map((method) => jest.spyOn(console, method).mockImplementation(() => undefined));
});
afterEach(() => consoleSpies.forEach((spy) => spy.mockRestore()));

function value<T>(result: ResolverResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

async function saveGitLab(account: string, expiresInDays = 90): Promise<void> {
  gitlab.add(glpat(account), { username: account, expiresInDays });
  value(await callPersonal<PatView>('savePat', { integrationId: 'demo-gitlab', token: glpat(account) }, account));
}

async function statusOf(account: string, integrationId: string): Promise<string | undefined> {
  const page = decodePersonalPage(value(await callPersonal<PersonalPageWire>('getPersonalPage', {}, account)));
  return page.pats.find((pat) => pat.integrationId === integrationId)?.verification?.status;
}

const inDays = (days: number) => () => new Date(Date.now() + days * DAY_MS);
const gitlabChecks = () => gitlab.seen.filter((request) => request === 'GET /api/v4/personal_access_tokens/self').length;

it('flags a token revoked on the host as expired a week later, without anyone pressing Re-check', async () => {
  await saveGitLab('acct-1');
  gitlab.revoke(glpat('acct-1'));
  expect(await statusOf('acct-1', 'demo-gitlab')).toBe('valid');

  // Within the week nothing is asked: the save's own check is recent.
  gitlab.seen.length = 0;
  expect(await runWeeklyRecheck({ now: inDays(3) })).toMatchObject({ checked: 0, notDue: 1, passFinished: true });
  expect(gitlab.seen).toEqual([]);

  forge.kvs.resetCounts();
  const run = await runWeeklyRecheck({ now: inDays(7.1) });
  expect(run).toMatchObject({ checked: 1, passFinished: true });
  // Progress read, 1 query page, the token (batch read + secret), its verdict (read + transaction), progress and health written.
  expect({ query: forge.kvs.count('entity/query'), total: forge.kvs.count() }).toEqual({ query: 1, total: 8 });
  expect(await statusOf('acct-1', 'demo-gitlab')).toBe('expired');
});

it('resumes a pass cut short where it stopped and never checks one token twice in a week', async () => {
  for (const account of ACCOUNTS) await saveGitLab(account);
  gitlab.seen.length = 0;
  const clock = inDays(8);

  const first = await runWeeklyRecheck({ now: clock, maxChecks: 2 });
  expect(first).toMatchObject({ checked: 2, passFinished: false });
  const second = await runWeeklyRecheck({ now: clock, maxChecks: 2 });
  expect(second).toMatchObject({ checked: 2, passFinished: false });
  const third = await runWeeklyRecheck({ now: clock, maxChecks: 2 });
  expect(third).toMatchObject({ checked: 1, passFinished: true });
  // One GitLab check (two requests) per token, each token once.
  expect(gitlabChecks()).toBe(ACCOUNTS.length);
  expect(gitlab.seen).toHaveLength(2 * ACCOUNTS.length);

  // Another pass the same week, even forced, asks nothing: every last check is recent.
  expect(await runWeeklyRecheck({ now: inDays(9), newPass: true })).toMatchObject({ checked: 0, notDue: ACCOUNTS.length });
  expect(await runWeeklyRecheck({ now: inDays(14.9), newPass: true })).toMatchObject({ checked: 0 });
  expect(gitlabChecks()).toBe(ACCOUNTS.length);
  // A week after the last check, each is due once more.
  expect(await runWeeklyRecheck({ now: inDays(15.1), newPass: true })).toMatchObject({ checked: ACCOUNTS.length });
});

it('starts a new pass at most once a day', async () => {
  await saveGitLab('acct-1');
  expect(await runWeeklyRecheck({ now: inDays(8) })).toMatchObject({ passFinished: true });
  expect(await runWeeklyRecheck({ now: inDays(8.5) })).toEqual({
    checked: 0,
    notDue: 0,
    paused: 0,
    rotationsCompleted: 0,
    passFinished: false,
  });
  expect(await runWeeklyRecheck({ now: inDays(9.1) })).toMatchObject({ notDue: 1, passFinished: true });
});

it("pauses only the host that answered 429, until its Retry-After, and keeps that host's verdicts", async () => {
  for (const account of ['acct-1', 'acct-2']) {
    await saveGitLab(account);
    value(await callPersonal<PatView>('savePat', { integrationId: 'demo-github', token: ghp(account) }, account));
  }
  github.answer(() => ({ status: 429, headers: { 'Retry-After': '3600' }, body: { message: 'API rate limit exceeded' } }));
  gitlab.revoke(glpat('acct-2'));

  const run = await runWeeklyRecheck({ now: inDays(8) });
  expect(run).toMatchObject({ checked: 2, paused: 2, passFinished: true });
  // GitHub was asked once, then left alone; GitLab went on.
  expect(github.seen).toHaveLength(1);
  expect(await statusOf('acct-2', 'demo-gitlab')).toBe('expired');
  expect(await statusOf('acct-1', 'demo-github')).toBe('valid');
  expect(await statusOf('acct-2', 'demo-github')).toBe('valid');

  // Still within the hour: the next pass skips GitHub without asking.
  github.answer(() => ({ status: 200, headers: { 'X-OAuth-Scopes': 'repo' }, body: { login: 'octocat' } }));
  expect(await runWeeklyRecheck({ now: () => new Date(Date.now() + 8 * DAY_MS + 1_800_000), newPass: true })).toMatchObject({
    checked: 0,
    paused: 2,
  });
  expect(github.seen).toHaveLength(0);
  // After it, GitHub's tokens are checked.
  expect(await runWeeklyRecheck({ now: inDays(8.1), newPass: true })).toMatchObject({ checked: 2, paused: 0 });
  expect(github.seen).toHaveLength(2);
});

it('tells admins, per integration, counts that match the stored states, and nothing about who', async () => {
  await saveGitLab('acct-1');
  await saveGitLab('acct-2', 10);
  await saveGitLab('acct-3');
  gitlab.revoke(glpat('acct-3'));
  // acct-4's GitHub token lacks `repo`.
  github.answer((_path, headers) => ({
    status: 200,
    headers: { 'X-OAuth-Scopes': String(headers.authorization).includes('acct-4') ? 'read:org' : 'repo' },
    body: { login: 'octocat' },
  }));
  value(await callPersonal<PatView>('savePat', { integrationId: 'demo-github', token: ghp('acct-1') }, 'acct-1'));
  value(await callPersonal<PatView>('savePat', { integrationId: 'demo-github', token: ghp('acct-4') }, 'acct-4'));
  value(
    await callPersonal<PatView>(
      'savePat',
      { integrationId: 'demo-aws-codecommit', ...credentialPayload('aws-codecommit', 'aws-secret-acct-5') },
      'acct-5',
    ),
  );

  expect(value(await callAdmin<AdminPage>('getAdminPage', {}, 'admin-1')).health).toBeUndefined();
  await runWeeklyRecheck({ now: inDays(8) });

  forge.kvs.resetCounts();
  const { health } = value(await callAdmin<AdminPage>('getAdminPage', {}, 'admin-1'));
  // The catalog's one strict read (head and first chunk) and one for the health.
  expect(forge.kvs.count()).toBe(2);
  const stored = new Map<string, string[]>();
  for (const [, record] of forge.kvs.entityEntries('pat-record')) {
    for (const [integrationId, pat] of Object.entries((record as { pats: Record<string, PatView> }).pats)) {
      stored.set(integrationId, [...(stored.get(integrationId) ?? []), pat.verification?.status ?? 'none']);
    }
  }
  const count = (id: string, ...statuses: string[]) => (stored.get(id) ?? []).filter((status) => statuses.includes(status)).length;
  for (const id of stored.keys()) {
    expect({ id, ...health!.integrations[id] }).toEqual({
      id,
      holders: stored.get(id)!.length,
      valid: count(id, 'valid'),
      expiresSoon: count(id, 'expires-soon'),
      expired: count(id, 'expired'),
      missingScopes: count(id, 'missing-scopes'),
      unverified: count(id, 'not-verified', 'unreachable', 'none'),
    });
  }
  expect(health!.integrations['demo-gitlab']).toEqual({
    holders: 3,
    valid: 1,
    expiresSoon: 1,
    expired: 1,
    missingScopes: 0,
    unverified: 0,
  });
  expect(health!.integrations['demo-github']).toMatchObject({ holders: 2, valid: 1, missingScopes: 1 });
  expect(health!.integrations['demo-aws-codecommit']).toMatchObject({ holders: 1, unverified: 1 });
  expect(health!.asOf).toEqual(expect.any(String));
  expect(JSON.stringify(health)).not.toMatch(/acct-/);
});

it('keeps its cursor across a run that fails part-way, and the next run continues from it', async () => {
  for (const account of ACCOUNTS) await saveGitLab(account);
  gitlab.seen.length = 0;
  await runWeeklyRecheck({ now: inDays(8), maxChecks: 2 });
  const cursor = forge.kvs.entries('plain').find(([key]) => key === RECHECK_PROGRESS_KEY);
  expect(cursor?.[1]).toMatchObject({ after: 'acct-2', done: false });
  forge.kvs.injectFault({ kind: 'server-error', operation: 'batch/get', times: 50 });
  await expect(runWeeklyRecheck({ now: inDays(8) })).rejects.toThrow();
  forge.kvs.clearFaults();
  expect(await runWeeklyRecheck({ now: inDays(8) })).toMatchObject({ passFinished: true });
  expect(gitlabChecks()).toBe(ACCOUNTS.length);
});

it('runs as the scheduled trigger and logs counts only', async () => {
  await saveGitLab('acct-1');
  await tokenRecheckHandler();
  const logged = JSON.stringify(consoleSpies[0]!.mock.calls);
  expect(logged).toMatch(/Token re-check: 0 checked, 1 not due/);
  expect(logged).not.toContain('acct-1');
  expect(logged).not.toContain(glpat('acct-1'));
});
