import type { Verification } from '../../src/contract';
import type { Integration } from '../../src/domain/integration';
import type { EgressFetch } from '../../src/hostChecks/egressFetch';
import { rewriteOrigins } from '../../tools/preview/egressMap';
import { REJECTED_REASON } from '../../src/hostChecks/outcomes';
import { checkWithHost } from '../../src/hostChecks/checkWithHost';
import { CHECKED_ORIGINS, FakeHost, type Script } from '../support/fakeHost';

const TOKEN = 'ghp_SECRETsecret0123456789abcdefABCDEF01';
const NOW = new Date('2026-03-01T12:00:00Z');
const FAR = '2026-12-31 00:00:00 UTC';
const SOON = '2026-03-05 00:00:00 UTC';
const TIMEOUT_MS = 300;

const fake = new FakeHost();
let requests = 0;

/** Real fetch, every allow-listed host sent to the fake, calls counted. */
function loopbackFetch(): EgressFetch {
  const mapped = rewriteOrigins(globalThis.fetch, Object.fromEntries(CHECKED_ORIGINS.map((origin) => [origin, fake.origin])));
  return (url, init) => {
    requests += 1;
    return mapped(url, init);
  };
}

type Target = Pick<Integration, 'hostType' | 'baseUrl' | 'organization'>;

async function check(target: Target, fetch: EgressFetch = loopbackFetch(), token = TOKEN): Promise<Verification> {
  // The manifest's cloud hosts and none of the example servers: the double of the runtime's egress permissions.
  const canFetch = (url: string) => !new URL(url).hostname.endsWith('example.com');
  const verification = await checkWithHost(target, { kind: 'token', token }, { fetch, canFetch, now: NOW, timeoutMs: TIMEOUT_MS });
  expect(JSON.stringify(verification)).not.toContain(token);
  expect(verification.checkedAt).toBe(NOW.toISOString());
  return verification;
}

beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => {
  requests = 0;
});

const unreachable = (reason: RegExp) => ({ status: 'unreachable', reason: expect.stringMatching(reason) });
const HANG: Script = () => 'hang';

describe('GitHub (api.github.com)', () => {
  const user = { login: 'octocat', avatar_url: 'https://avatars.example/u/1' };
  const ok =
    (headers: Record<string, string>): Script =>
    () => ({ status: 200, headers, body: user });

  it.each<[string, Script, object]>([
    [
      'valid',
      ok({ 'X-OAuth-Scopes': 'repo, read:org', 'GitHub-Authentication-Token-Expiration': FAR }),
      {
        status: 'valid',
        login: 'octocat',
        avatarUrl: 'https://avatars.example/u/1',
        scopes: ['repo', 'read:org'],
        expiresAt: '2026-12-31T00:00:00.000Z',
      },
    ],
    [
      'valid fine-grained (no scopes header)',
      ok({ 'GitHub-Authentication-Token-Expiration': FAR }),
      { status: 'valid', login: 'octocat', expiresAt: '2026-12-31T00:00:00.000Z' },
    ],
    [
      'expiring',
      ok({ 'X-OAuth-Scopes': 'repo', 'GitHub-Authentication-Token-Expiration': SOON }),
      { status: 'expires-soon', expiresAt: '2026-03-05T00:00:00.000Z' },
    ],
    ['expired (401)', () => ({ status: 401, body: { message: 'Bad credentials' } }), { status: 'expired', reason: REJECTED_REASON }],
    [
      'missing scopes',
      ok({ 'X-OAuth-Scopes': 'read:org, gist' }),
      { status: 'missing-scopes', scopes: ['read:org', 'gist'], missingScopes: ['repo'], reason: 'The token needs `repo`.' },
    ],
    [
      'rate-limited (403)',
      () => ({ status: 403, headers: { 'X-RateLimit-Remaining': '0' }, body: { message: 'API rate limit exceeded' } }),
      unreachable(/limiting requests/),
    ],
    ['5xx', () => ({ status: 502, body: 'Bad gateway' }), unreachable(/GitHub had a server error \(HTTP 502\)/)],
    ['hanging past the timeout', HANG, unreachable(/GitHub did not answer in time/)],
    ['malformed JSON', () => ({ status: 200, body: '{"login": "octo' }), unreachable(/GitHub sent an answer the app could not read/)],
    ['redirecting', () => ({ status: 302, headers: { Location: 'https://elsewhere.example/user' } }), unreachable(/redirected/)],
  ])('%s', async (_state, script, expected) => {
    fake.answer(script);
    expect(await check({ hostType: 'github' })).toMatchObject(expected);
    expect(fake.seen).toEqual([{ method: 'GET', path: '/user', headers: expect.objectContaining({ authorization: `Bearer ${TOKEN}` }) }]);
  });
});

describe('GitLab.com', () => {
  const USER = '/api/v4/user';
  const SELF = '/api/v4/personal_access_tokens/self';
  const user = { id: 7, username: 'ada', avatar_url: 'https://gitlab.example/ada.png' };
  const token =
    (fields: object): Script =>
    (path) => ({
      status: 200,
      body: path === USER ? user : { id: 1, name: 'jira', scopes: ['api'], active: true, revoked: false, ...fields },
    });

  it.each<[string, Script, object, number]>([
    [
      'valid',
      token({ expires_at: '2026-12-31' }),
      {
        status: 'valid',
        login: 'ada',
        avatarUrl: 'https://gitlab.example/ada.png',
        scopes: ['api'],
        expiresAt: '2026-12-31T00:00:00.000Z',
      },
      2,
    ],
    ['expiring', token({ expires_at: '2026-03-05' }), { status: 'expires-soon', expiresAt: '2026-03-05T00:00:00.000Z' }, 2],
    [
      'expired (401, the token is not asked about again)',
      () => ({ status: 401, body: { message: '401 Unauthorized' } }),
      { status: 'expired', reason: REJECTED_REASON },
      1,
    ],
    ['revoked', token({ active: false, revoked: true }), { status: 'expired', reason: 'GitLab reports the token as revoked.' }, 2],
    ['inactive', token({ active: false }), { status: 'expired', reason: expect.stringMatching(/inactive/) }, 2],
    [
      'missing scopes',
      token({ scopes: ['read_api', 'read_repository'] }),
      { status: 'missing-scopes', scopes: ['read_api', 'read_repository'], missingScopes: ['api'] },
      2,
    ],
    [
      'missing scopes (403 insufficient_scope)',
      () => ({ status: 403, body: { error: 'insufficient_scope' } }),
      { status: 'missing-scopes', missingScopes: ['api'] },
      1,
    ],
    [
      'not a personal access token (404 on /self)',
      (path) => (path === USER ? { status: 200, body: user } : { status: 404, body: { message: '404 Not Found' } }),
      { status: 'valid', login: 'ada' },
      2,
    ],
    [
      '5xx',
      (path) => (path === USER ? { status: 200, body: user } : { status: 500 }),
      unreachable(/GitLab had a server error \(HTTP 500\)/),
      2,
    ],
    ['hanging past the timeout', HANG, unreachable(/GitLab did not answer in time/), 1],
    ['malformed JSON', () => ({ status: 200, body: '<html>maintenance</html>' }), unreachable(/could not read/), 1],
  ])('%s', async (_state, script, expected, asked) => {
    fake.answer(script);
    expect(await check({ hostType: 'gitlab' })).toMatchObject(expected);
    expect(fake.seen.map((seen) => seen.path)).toEqual([USER, SELF].slice(0, asked));
    for (const seen of fake.seen) expect(seen.headers['private-token']).toBe(TOKEN);
  });

  it('gives up when the two requests together take longer than the timeout', async () => {
    fake.answer((path) => ({ status: 200, body: path === USER ? user : { scopes: ['api'] }, delayMs: 200 }));
    expect(await check({ hostType: 'gitlab' })).toMatchObject(unreachable(/did not answer in time/));
    expect(fake.seen.map((seen) => seen.path)).toEqual([USER, SELF]);
  });
});

describe('Azure DevOps (dev.azure.com)', () => {
  const PATH = '/acme/_apis/connectionData';
  const data = {
    authenticatedUser: {
      id: 'u-1',
      providerDisplayName: 'Ada Lovelace',
      properties: { Account: { $type: 'System.String', $value: 'ada@example.com' } },
    },
  };

  it.each<[string, Script, object]>([
    ['valid', () => ({ status: 200, body: data }), { status: 'valid', login: 'ada@example.com' }],
    ['expired (401)', () => ({ status: 401, body: '' }), { status: 'expired', reason: REJECTED_REASON }],
    [
      'expired (203 sign-in page)',
      () => ({ status: 203, headers: { 'content-type': 'text/html' }, body: '<html>Sign in</html>' }),
      { status: 'expired', reason: REJECTED_REASON },
    ],
    ['5xx', () => ({ status: 503 }), unreachable(/Azure DevOps had a server error \(HTTP 503\)/)],
    ['hanging past the timeout', HANG, unreachable(/Azure DevOps did not answer in time/)],
    ['malformed JSON', () => ({ status: 200, body: '{"authenticatedUser":' }), unreachable(/could not read/)],
    [
      'unknown organization (404)',
      () => ({ status: 404, body: { message: 'not found' } }),
      unreachable(/HTTP 404 \(“not found”\), which the app did not expect/),
    ],
  ])('%s', async (_state, script, expected) => {
    fake.answer(script);
    expect(await check({ hostType: 'azure-devops', organization: 'acme' })).toMatchObject(expected);
    expect(fake.seen).toEqual([
      {
        method: 'GET',
        path: PATH,
        headers: expect.objectContaining({
          authorization: `Basic ${Buffer.from(`:${TOKEN}`).toString('base64')}`,
          'x-tfs-fedauthredirect': 'Suppress',
        }),
      },
    ]);
  });
});

describe('Gitea / Forgejo on codeberg.org', () => {
  const target: Target = { hostType: 'gitea', baseUrl: 'https://codeberg.org' };

  it.each<[string, Script, object]>([
    [
      'valid',
      () => ({ status: 200, body: { id: 3, login: 'yui', avatar_url: 'https://codeberg.org/avatars/3' } }),
      { status: 'valid', login: 'yui', avatarUrl: 'https://codeberg.org/avatars/3' },
    ],
    ['expired (401)', () => ({ status: 401, body: { message: 'user does not exist' } }), { status: 'expired', reason: REJECTED_REASON }],
    [
      'missing scopes (403)',
      () => ({
        status: 403,
        body: { message: 'token does not have at least one of required scope(s): [read:user]', url: 'https://codeberg.org/api/swagger' },
      }),
      { status: 'missing-scopes', missingScopes: ['read:user'], reason: 'The token needs `read:user`.' },
    ],
    ['5xx', () => ({ status: 500 }), unreachable(/Gitea \/ Forgejo had a server error/)],
    ['hanging past the timeout', HANG, unreachable(/did not answer in time/)],
    ['malformed JSON', () => ({ status: 200, body: 'not json' }), unreachable(/could not read/)],
  ])('%s', async (_state, script, expected) => {
    fake.answer(script);
    expect(await check(target)).toMatchObject(expected);
    expect(fake.seen).toEqual([
      { method: 'GET', path: '/api/v1/user', headers: expect.objectContaining({ authorization: `token ${TOKEN}` }) },
    ]);
  });
});

describe('self-hosted servers the Jira admin has not approved', () => {
  it.each<[string, Target, string]>([
    ['GitHub Enterprise Server', { hostType: 'github-enterprise', baseUrl: 'https://ghe.example.com' }, 'ghe.example.com'],
    ['self-managed GitLab', { hostType: 'gitlab-self-managed', baseUrl: 'https://git.example.com/gitlab' }, 'git.example.com'],
    ['self-hosted Gitea', { hostType: 'gitea', baseUrl: 'https://gitea.example.com' }, 'gitea.example.com'],
    ['Bitbucket Data Center', { hostType: 'bitbucket-dc', baseUrl: 'https://bb.example.com' }, 'bb.example.com'],
    [
      'Azure DevOps Server',
      { hostType: 'azure-devops-server', baseUrl: 'https://tfs.example.com/tfs/DefaultCollection' },
      'tfs.example.com',
    ],
  ])('%s: not-verified with the reason, and no request is made', async (_host, target, domain) => {
    fake.answer(() => ({ status: 200, body: {} }));
    expect(await check(target)).toEqual({
      status: 'not-verified',
      reason: `Your Jira admin has not allowed token checks to ${domain} yet, so the token was saved without a check.`,
      checkedAt: NOW.toISOString(),
    });
    expect(requests).toBe(0);
    expect(fake.seen).toEqual([]);
  });
});

describe('whatever happens, checkWithHost answers', () => {
  it('reports a refused connection as unreachable', async () => {
    const closed = new FakeHost();
    await closed.start();
    await closed.stop();
    const fetch = rewriteOrigins(globalThis.fetch, { 'https://api.github.com': closed.origin });
    expect(await check({ hostType: 'github' }, fetch)).toMatchObject(unreachable(/GitHub could not be reached/));
  });

  it('times out a fetch that ignores the abort signal', async () => {
    const started = Date.now();
    expect(await check({ hostType: 'github' }, () => new Promise(() => undefined))).toMatchObject(unreachable(/did not answer in time/));
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1000);
  });

  it('reports a fetch that throws synchronously as unreachable', async () => {
    const throwing: EgressFetch = () => {
      throw new TypeError(`bad header value ${TOKEN}`);
    };
    expect(await check({ hostType: 'github' }, throwing)).toMatchObject(unreachable(/could not be reached/));
  });

  it('never returns the token, even when the host echoes it', async () => {
    fake.answer(() => ({
      status: 200,
      headers: { 'X-OAuth-Scopes': 'repo' },
      body: { login: TOKEN, avatar_url: `https://x.example/?t=${TOKEN}` },
    }));
    const verification = await check({ hostType: 'github' });
    expect(verification).toMatchObject({ status: 'valid', login: '…', avatarUrl: 'https://x.example/?t=…' });
  });

  it('keeps only a bounded, safe part of what a host answers', async () => {
    const scopes = Array.from({ length: 200 }, (_, i) => `scope-${i}`).join(', ');
    fake.answer(() => ({
      status: 200,
      headers: { 'X-OAuth-Scopes': `repo, ${scopes}` },
      body: { login: 'x'.repeat(5000), avatar_url: 'javascript:alert(1)' },
    }));
    const verification = await check({ hostType: 'github' });
    expect(verification.status).toBe('valid');
    expect(verification.login).toHaveLength(300);
    expect(verification.login?.endsWith('…')).toBe(true);
    expect(verification.scopes).toHaveLength(50);
    expect(verification.avatarUrl).toBeUndefined();
  });

  it('sends the token only in the auth header, never in the URL', async () => {
    fake.answer(() => ({ status: 200, body: { login: 'octocat' } }));
    await check({ hostType: 'github' });
    expect(fake.seen[0]?.path).not.toContain(TOKEN);
  });

  it('takes fetch from @forge/api as it is (type check)', () => {
    const fits = (forgeFetch: typeof import('@forge/api').fetch): EgressFetch => forgeFetch;
    expect(typeof fits).toBe('function');
  });
});
