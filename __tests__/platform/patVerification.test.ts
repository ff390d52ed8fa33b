/**
 * savePat and recheckPat asking real HTTP fakes of the git hosts, through the real handler over the
 * KVS emulator; the allow-listed hosts reach the loopback fake through support/hostFetch.ts.
 */
// First: the host route must be in place before anything loads @forge/api (support/hostFetch.ts).
import { loopbackFetch, routeHostFetch } from '../support/hostFetch';
import type { PatView, PersonalPageWire, ResolverResult } from '../../src/contract';
import { decodePersonalPage } from '../../src/domain/catalogWire';
import { rewriteOrigins } from '../../tools/preview/egressMap';
import { REJECTED_REASON } from '../../src/hostChecks/outcomes';
import { demoIntegrations } from '../../tools/fixtures/integrations';
import { CHECKED_ORIGINS, FakeHost, type Script } from '../support/fakeHost';
import { seedCatalog, storedPats, storedTokens, useForge } from '../support/forge';
import { createPersonalHandler } from '../../src/resolvers/personal';
import { invokeAsForge } from '../../tools/forge-doubles/invokeAsForge';

const hosts = new FakeHost();
let hostRequests = 0;
routeHostFetch((url, init) => {
  hostRequests += 1;
  const map = Object.fromEntries(CHECKED_ORIGINS.map((origin) => [origin, hosts.origin]));
  return rewriteOrigins(loopbackFetch, map)(url, init);
});

const TIMEOUT_MS = 300;
const handler = createPersonalHandler({ timeoutMs: TIMEOUT_MS });
const forge = useForge();
const ALICE = '557058:0a1b2c3d-alice';
const BOB = '712020:bob-4e5f';
const TOKEN = 'ghp_VerifySecret0123456789abcdefVWXY';
const DAY_MS = 24 * 60 * 60 * 1000;

/** Calls the personal page's resolvers with the short host timeout above (support/forge.ts's callPersonal waits the app's own). */
function callWithShortTimeout<T>(functionKey: string, payload: unknown, accountId = ALICE): Promise<ResolverResult<T>> {
  return invokeAsForge(handler, functionKey, payload, accountId) as Promise<ResolverResult<T>>;
}

async function save(integrationId: string, token = TOKEN): Promise<ResolverResult<PatView>> {
  return callWithShortTimeout<PatView>('savePat', { integrationId, token: `  ${token}\n` });
}

async function savedPats(accountId = ALICE): Promise<PatView[]> {
  const result = await callWithShortTimeout<PersonalPageWire>('getPersonalPage', {}, accountId);
  if (!result.ok) throw new Error(result.error.message);
  return decodePersonalPage(result.value).pats;
}

/** `2026-03-05 00:00:00 UTC`, GitHub's expiry header, `days` from now. */
function githubExpiry(days: number): string {
  return `${new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function dateIn(days: number): string {
  return new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
}

const HANG: Script = () => 'hang';
const unreachable = (reason: RegExp) => ({ status: 'unreachable', reason: expect.stringMatching(reason) });

let consoleCalls: jest.SpyInstance[] = [];

beforeAll(() => hosts.start());
afterAll(() => hosts.stop());

beforeEach(async () => {
  await seedCatalog(forge.kvs, demoIntegrations());
  hostRequests = 0;
  consoleCalls = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) => jest.spyOn(console, method));
});

afterEach(() => {
  const logged = JSON.stringify(consoleCalls.flatMap((spy) => spy.mock.calls as unknown[][]));
  jest.restoreAllMocks();
  // The token must never reach a log line nor a plain (unencrypted) KVS value, whatever the test did.
  expect(logged).not.toContain(TOKEN);
  expect(JSON.stringify({ ...forge.kvs.exportState(), secret: [] })).not.toContain(TOKEN);
});

/** Saves and expects the verdict to be stored with the token; the response never carries the token. */
async function expectSaved(integrationId: string, expected: object): Promise<PatView> {
  const result = await save(integrationId);
  expect(JSON.stringify(result)).not.toContain(TOKEN);
  if (!result.ok) throw new Error(`save refused: ${result.error.message}`);
  expect(result.value).toMatchObject({ integrationId, hint: 'VWXY', verification: { ...expected, checkedAt: expect.any(String) } });
  expect(storedTokens(forge.kvs)).toEqual([[`${ALICE}#${integrationId}`, TOKEN]]);
  expect(await savedPats()).toEqual([result.value]);
  return result.value;
}

async function expectRefused(integrationId: string, message: string): Promise<void> {
  const before = forge.kvs.snapshot();
  expect(await save(integrationId)).toEqual({ ok: false, error: { code: 'TOKEN_REJECTED', message } });
  expect(forge.kvs.snapshot()).toBe(before);
}

describe('GitHub', () => {
  const ok =
    (headers: Record<string, string>): Script =>
    () => ({ status: 200, headers, body: { login: 'octocat', avatar_url: 'https://avatars.example/u/1' } });

  it('saves a valid token with the account it belongs to, asking once with the trimmed token', async () => {
    hosts.answer(ok({ 'X-OAuth-Scopes': 'repo, read:org', 'GitHub-Authentication-Token-Expiration': githubExpiry(90) }));
    await expectSaved('demo-github', { status: 'valid', login: 'octocat', scopes: ['repo', 'read:org'], expiresAt: expect.any(String) });
    expect(hosts.seen).toEqual([{ method: 'GET', path: '/user', headers: expect.objectContaining({ authorization: `Bearer ${TOKEN}` }) }]);
  });

  it('saves a token that expires within 7 days as expiring soon, with the date', async () => {
    hosts.answer(ok({ 'X-OAuth-Scopes': 'repo', 'GitHub-Authentication-Token-Expiration': githubExpiry(3) }));
    await expectSaved('demo-github', {
      status: 'expires-soon',
      login: 'octocat',
      expiresAt: expect.stringMatching(new RegExp(`^${dateIn(3)}`)),
    });
  });

  it('refuses a token the host rejects (401), storing nothing', async () => {
    hosts.answer(() => ({ status: 401, body: { message: 'Bad credentials' } }));
    await expectRefused('demo-github', REJECTED_REASON);
  });

  it('saves a token without the repo scope as missing scopes', async () => {
    hosts.answer(ok({ 'X-OAuth-Scopes': 'read:org, gist' }));
    await expectSaved('demo-github', {
      status: 'missing-scopes',
      login: 'octocat',
      missingScopes: ['repo'],
      reason: 'The token needs `repo`.',
    });
  });

  it('saves the token as unreachable on a server error, without retrying', async () => {
    hosts.answer(() => ({ status: 502, body: 'Bad gateway' }));
    await expectSaved('demo-github', unreachable(/GitHub had a server error \(HTTP 502\)/));
    expect(hostRequests).toBe(1);
  });

  it('gives up on a host that hangs, saving the token as unreachable', async () => {
    hosts.answer(HANG);
    const started = Date.now();
    await expectSaved('demo-github', unreachable(/GitHub did not answer in time/));
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2000);
  });

  it('saves the token as unreachable when the answer is not JSON', async () => {
    hosts.answer(() => ({ status: 200, body: '{"login": "octo' }));
    await expectSaved('demo-github', unreachable(/could not read/));
  });

  it('never stores or returns the token when the host echoes it', async () => {
    hosts.answer(() => ({ status: 200, headers: { 'X-OAuth-Scopes': 'repo' }, body: { login: TOKEN } }));
    await expectSaved('demo-github', { status: 'valid', login: '…' });
  });
});

describe('GitLab.com', () => {
  const user = { id: 7, username: 'ada', avatar_url: 'https://gitlab.example/ada.png' };
  const token =
    (fields: object): Script =>
    (path) => ({
      status: 200,
      body: path === '/api/v4/user' ? user : { id: 1, name: 'jira', scopes: ['api'], active: true, revoked: false, ...fields },
    });

  it('saves a valid token with the account it belongs to', async () => {
    hosts.answer(token({ expires_at: dateIn(200) }));
    await expectSaved('demo-gitlab', { status: 'valid', login: 'ada', scopes: ['api'], expiresAt: `${dateIn(200)}T00:00:00.000Z` });
    expect(hosts.seen.map((seen) => [seen.path, seen.headers['private-token']])).toEqual([
      ['/api/v4/user', TOKEN],
      ['/api/v4/personal_access_tokens/self', TOKEN],
    ]);
  });

  it('saves a token that expires within 7 days as expiring soon', async () => {
    hosts.answer(token({ expires_at: dateIn(3) }));
    await expectSaved('demo-gitlab', { status: 'expires-soon', login: 'ada', expiresAt: `${dateIn(3)}T00:00:00.000Z` });
  });

  it('refuses a token the host rejects (401), storing nothing', async () => {
    hosts.answer(() => ({ status: 401, body: { message: '401 Unauthorized' } }));
    await expectRefused('demo-gitlab', REJECTED_REASON);
  });

  it('refuses a token GitLab reports as revoked', async () => {
    hosts.answer(token({ active: false, revoked: true }));
    await expectRefused('demo-gitlab', 'GitLab reports the token as revoked.');
  });

  it('saves a token without the api scope as missing scopes', async () => {
    hosts.answer(token({ scopes: ['read_api', 'read_repository'] }));
    await expectSaved('demo-gitlab', { status: 'missing-scopes', missingScopes: ['api'], reason: 'The token needs `api`.' });
  });

  it('saves the token as unreachable on a server error', async () => {
    hosts.answer(() => ({ status: 503 }));
    await expectSaved('demo-gitlab', unreachable(/GitLab had a server error \(HTTP 503\)/));
  });

  it('saves the token as unreachable when the host hangs', async () => {
    hosts.answer(HANG);
    await expectSaved('demo-gitlab', unreachable(/GitLab did not answer in time/));
  });

  it('saves the token as unreachable when the answer is not JSON', async () => {
    hosts.answer(() => ({ status: 200, body: '<html>maintenance</html>' }));
    await expectSaved('demo-gitlab', unreachable(/could not read/));
  });
});

// Azure DevOps reports neither scopes nor expiry to a PAT, so a token it accepts is simply valid.
describe('Azure DevOps', () => {
  const data = { authenticatedUser: { providerDisplayName: 'Ada Lovelace', properties: { Account: { $value: 'ada@example.com' } } } };

  it('saves a valid token with the account it belongs to, asking the integration’s organization', async () => {
    hosts.answer(() => ({ status: 200, body: data }));
    await expectSaved('demo-azure-devops', { status: 'valid', login: 'ada@example.com' });
    expect(hosts.seen).toEqual([
      {
        method: 'GET',
        path: '/acme/_apis/connectionData',
        headers: expect.objectContaining({ authorization: `Basic ${Buffer.from(`:${TOKEN}`).toString('base64')}` }),
      },
    ]);
  });

  it('refuses a token the host rejects (401), storing nothing', async () => {
    hosts.answer(() => ({ status: 401, body: '' }));
    await expectRefused('demo-azure-devops', REJECTED_REASON);
  });

  it('saves the token as unreachable on a server error', async () => {
    hosts.answer(() => ({ status: 500 }));
    await expectSaved('demo-azure-devops', unreachable(/Azure DevOps had a server error/));
  });

  it('saves the token as unreachable when the host hangs', async () => {
    hosts.answer(HANG);
    await expectSaved('demo-azure-devops', unreachable(/Azure DevOps did not answer in time/));
  });

  it('saves the token as unreachable when the answer is not JSON', async () => {
    hosts.answer(() => ({ status: 200, body: '{"authenticatedUser":' }));
    await expectSaved('demo-azure-devops', unreachable(/could not read/));
  });
});

// Gitea reports no expiry; it names a missing scope in a 403.
describe('Gitea / Forgejo on codeberg.org', () => {
  it('saves a valid token with the account it belongs to', async () => {
    hosts.answer(() => ({ status: 200, body: { id: 3, login: 'yui' } }));
    await expectSaved('demo-gitea', { status: 'valid', login: 'yui' });
    expect(hosts.seen).toEqual([
      { method: 'GET', path: '/api/v1/user', headers: expect.objectContaining({ authorization: `token ${TOKEN}` }) },
    ]);
  });

  it('refuses a token the host rejects (401), storing nothing', async () => {
    hosts.answer(() => ({ status: 401, body: { message: 'user does not exist' } }));
    await expectRefused('demo-gitea', REJECTED_REASON);
  });

  it('saves a token lacking a scope as missing scopes', async () => {
    hosts.answer(() => ({ status: 403, body: { message: 'token does not have at least one of required scope(s): [read:user]' } }));
    await expectSaved('demo-gitea', { status: 'missing-scopes', missingScopes: ['read:user'] });
  });

  it('saves the token as unreachable on a server error', async () => {
    hosts.answer(() => ({ status: 500 }));
    await expectSaved('demo-gitea', unreachable(/Gitea \/ Forgejo had a server error/));
  });

  it('saves the token as unreachable when the host hangs', async () => {
    hosts.answer(HANG);
    await expectSaved('demo-gitea', unreachable(/did not answer in time/));
  });

  it('saves the token as unreachable when the answer is not JSON', async () => {
    hosts.answer(() => ({ status: 200, body: 'not json' }));
    await expectSaved('demo-gitea', unreachable(/could not read/));
  });
});

describe('self-hosted servers the Jira admin has not approved', () => {
  it.each<[string, RegExp]>([
    ['demo-gitlab-self-managed', /^Your Jira admin has not allowed token checks to git\.example\.com yet/],
    ['demo-github-enterprise', /^Your Jira admin has not allowed token checks to github\.example\.com yet/],
  ])('%s: saved as not verified with the reason, without any request', async (integrationId, reason) => {
    hosts.answer(() => ({ status: 200, body: {} }));
    await expectSaved(integrationId, { status: 'not-verified', reason: expect.stringMatching(reason) });
    expect(hostRequests).toBe(0);
    expect(hosts.seen).toEqual([]);
  });
});

describe('a refused save', () => {
  it('keeps the token saved before, byte for byte', async () => {
    hosts.answer(() => ({ status: 200, headers: { 'X-OAuth-Scopes': 'repo' }, body: { login: 'octocat' } }));
    await expectSaved('demo-github', { status: 'valid' });
    hosts.answer(() => ({ status: 401, body: { message: 'Bad credentials' } }));
    const before = forge.kvs.snapshot();
    expect(await save('demo-github', 'ghp_revokedReplacement0123456789ZZZZ')).toMatchObject({
      ok: false,
      error: { code: 'TOKEN_REJECTED' },
    });
    expect(forge.kvs.snapshot()).toBe(before);
    expect(storedTokens(forge.kvs)).toEqual([[`${ALICE}#demo-github`, TOKEN]]);
  });
});

describe('re-checking a saved PAT', () => {
  const valid: Script = () => ({ status: 200, headers: { 'X-OAuth-Scopes': 'repo' }, body: { login: 'octocat' } });

  it('records that a token became revoked, keeping the token', async () => {
    hosts.answer(valid);
    const saved = await expectSaved('demo-github', { status: 'valid', login: 'octocat' });
    hosts.answer(() => ({ status: 401, body: { message: 'Bad credentials' } }));
    const result = await callWithShortTimeout<PatView>('recheckPat', { integrationId: 'demo-github' });
    expect(result).toEqual({
      ok: true,
      value: { ...saved, verification: { status: 'expired', reason: REJECTED_REASON, checkedAt: expect.any(String) } },
    });
    expect(hosts.seen).toEqual([{ method: 'GET', path: '/user', headers: expect.objectContaining({ authorization: `Bearer ${TOKEN}` }) }]);
    expect(await savedPats()).toEqual([result.ok && result.value]);
    expect(storedTokens(forge.kvs)).toEqual([[`${ALICE}#demo-github`, TOKEN]]);
  });

  it('turns an unreachable token valid once the host answers', async () => {
    hosts.answer(HANG);
    await expectSaved('demo-gitlab', unreachable(/did not answer in time/));
    hosts.answer((path) => ({ status: 200, body: path === '/api/v4/user' ? { username: 'ada' } : { scopes: ['api'], active: true } }));
    const result = await callWithShortTimeout<PatView>('recheckPat', { integrationId: 'demo-gitlab' });
    expect(result).toMatchObject({ ok: true, value: { verification: { status: 'valid', login: 'ada' } } });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it('says so when no PAT is saved, asking no host and changing nothing', async () => {
    hosts.answer(valid);
    await expectSaved('demo-github', { status: 'valid' });
    const before = forge.kvs.snapshot();
    hostRequests = 0;
    expect(await callWithShortTimeout('recheckPat', { integrationId: 'demo-gitlab' })).toEqual({
      ok: false,
      error: { code: 'PAT_NOT_FOUND', message: 'No personal access token is saved for this integration.' },
    });
    expect(await callWithShortTimeout('recheckPat', { integrationId: 'demo-github' }, BOB)).toMatchObject({
      ok: false,
      error: { code: 'PAT_NOT_FOUND' },
    });
    expect(hostRequests).toBe(0);
    expect(forge.kvs.snapshot()).toBe(before);
  });

  it('drops the result when the PAT was removed while the host was asked', async () => {
    hosts.answer(valid);
    await expectSaved('demo-github', { status: 'valid' });
    let release: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (release = resolve));
    hosts.answer(() => {
      release();
      return 'hang';
    });
    const recheck = callWithShortTimeout('recheckPat', { integrationId: 'demo-github' });
    await answered;
    await callWithShortTimeout('removePat', { integrationId: 'demo-github' });
    expect(await recheck).toMatchObject({ ok: false, error: { code: 'PAT_NOT_FOUND' } });
    expect(storedPats(forge.kvs)).toEqual([]);
    expect(forge.kvs.entries('secret')).toEqual([]);
  });

  it('refuses an integration that no longer exists', async () => {
    expect(await callWithShortTimeout('recheckPat', { integrationId: 'no-such-integration' })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_INTEGRATION' },
    });
  });
});
