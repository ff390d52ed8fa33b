import type { Integration } from '../../src/domain/integration';
import type { Credential } from '../../src/domain/credential';
import { parseGitHubExpiry, planCheck, type CheckPlan } from '../../src/hostChecks/planCheck';
import { REJECTED_REASON, type Outcome } from '../../src/hostChecks/outcomes';

const TOKEN = 'tok-1234567890abcdef';
const NOW = new Date('2026-03-01T12:00:00Z');
const anyHost = () => true;
const cloudOnly = (url: string) => !/example\.com/.test(new URL(url).hostname);
const PAT: Credential = { kind: 'token', token: TOKEN };

type Target = Pick<Integration, 'hostType' | 'baseUrl' | 'organization'>;

function checkOf(
  target: Target,
  allowed: (url: string) => boolean = anyHost,
  credential: Credential = PAT,
): Extract<CheckPlan, { kind: 'check' }> {
  const plan = planCheck(target, credential, NOW, allowed);
  if (plan.kind !== 'check') throw new Error(`expected a check, got: ${plan.reason}`);
  return plan;
}

function answer(status: number, body?: unknown, headers: Record<string, string> = {}): Outcome {
  return { kind: 'response', status, headers, body: body === undefined ? { parsed: false } : { parsed: true, value: body } };
}

describe('check plans', () => {
  it('asks api.github.com for /user with a Bearer token', () => {
    const [user, ...rest] = checkOf({ hostType: 'github' }).requests;
    expect(rest).toEqual([]);
    expect(user).toEqual({
      method: 'GET',
      url: 'https://api.github.com/user',
      headers: expect.objectContaining({ Authorization: `Bearer ${TOKEN}`, Accept: 'application/json' }),
    });
  });

  it('asks GitLab.com for /api/v4/user and then the token itself, with PRIVATE-TOKEN', () => {
    const { requests } = checkOf({ hostType: 'gitlab' });
    expect(requests.map((each) => each.url)).toEqual([
      'https://gitlab.com/api/v4/user',
      'https://gitlab.com/api/v4/personal_access_tokens/self',
    ]);
    for (const each of requests) expect(each.headers['PRIVATE-TOKEN']).toBe(TOKEN);
  });

  it("asks Azure DevOps for the organization's connection data with Basic base64(':' + PAT)", () => {
    const [request] = checkOf({ hostType: 'azure-devops', organization: 'acme corp' }).requests;
    expect(request?.url).toBe('https://dev.azure.com/acme%20corp/_apis/connectionData');
    expect(request?.headers).toEqual(
      expect.objectContaining({
        Authorization: `Basic ${Buffer.from(`:${TOKEN}`).toString('base64')}`,
        'X-TFS-FedAuthRedirect': 'Suppress',
      }),
    );
  });

  it('asks Codeberg for /api/v1/user with `token <t>`', () => {
    const [request] = checkOf({ hostType: 'gitea', baseUrl: 'https://codeberg.org' }).requests;
    expect(request?.url).toBe('https://codeberg.org/api/v1/user');
    expect(request?.headers.Authorization).toBe(`token ${TOKEN}`);
  });

  it.each([
    [
      'github-enterprise',
      'https://ghe.example.com/prefix',
      'https://ghe.example.com/prefix/api/v3/user',
      'Authorization',
      `Bearer ${TOKEN}`,
    ],
    ['gitlab-self-managed', 'https://git.example.com/gitlab', 'https://git.example.com/gitlab/api/v4/user', 'PRIVATE-TOKEN', TOKEN],
    ['gitea', 'https://gitea.example.com', 'https://gitea.example.com/api/v1/user', 'Authorization', `token ${TOKEN}`],
    [
      'bitbucket-dc',
      'https://bb.example.com',
      'https://bb.example.com/rest/api/1.0/application-properties',
      'Authorization',
      `Bearer ${TOKEN}`,
    ],
    [
      'azure-devops-server',
      'https://tfs.example.com/tfs/DefaultCollection',
      'https://tfs.example.com/tfs/DefaultCollection/_apis/connectionData',
      'Authorization',
      `Basic ${Buffer.from(`:${TOKEN}`).toString('base64')}`,
    ],
  ] as const)('builds the %s request below the base URL (when a wider allow-list permits it)', (hostType, baseUrl, url, header, value) => {
    const [request] = checkOf({ hostType, baseUrl }, anyHost).requests;
    expect(request?.url).toBe(url);
    expect(request?.headers[header]).toBe(value);
  });

  it.each([
    ['github-enterprise', 'https://ghe.example.com', 'ghe.example.com'],
    ['gitlab-self-managed', 'https://git.example.com:8443/gitlab', 'git.example.com:8443'],
    ['gitea', 'https://gitea.example.com', 'gitea.example.com'],
    ['bitbucket-dc', 'https://bb.example.com', 'bb.example.com'],
    ['azure-devops-server', 'https://tfs.example.com/tfs/DefaultCollection', 'tfs.example.com'],
  ] as const)('does not check %s servers the Jira admin has not approved, and says so', (hostType, baseUrl, host) => {
    expect(planCheck({ hostType, baseUrl }, PAT, NOW, cloudOnly)).toEqual({
      kind: 'not-verified',
      reason: `Your Jira admin has not allowed token checks to ${host} yet, so the token was saved without a check.`,
    });
  });

  it('never plans a request to a port Forge cannot reach, approved or not', () => {
    expect(planCheck({ hostType: 'gitlab-self-managed', baseUrl: 'https://git.example.com:8081' }, PAT, NOW, anyHost)).toEqual({
      kind: 'not-verified',
      reason: expect.stringMatching(/uses port 8081, so its tokens cannot be checked/),
    });
  });

  it('asks Bitbucket Cloud for /2.0/user with Basic email:API token', () => {
    const [request] = checkOf({ hostType: 'bitbucket-cloud' }, cloudOnly, {
      kind: 'basic',
      username: 'ana@example.com',
      secret: TOKEN,
    }).requests;
    expect(request?.url).toBe('https://api.bitbucket.org/2.0/user');
    expect(request?.headers.Authorization).toBe(`Basic ${Buffer.from(`ana@example.com:${TOKEN}`).toString('base64')}`);
  });

  it('asks Gerrit for /a/accounts/self with Basic user:HTTP password', () => {
    const [request] = checkOf({ hostType: 'gerrit', baseUrl: 'https://review.example.com/r' }, anyHost, {
      kind: 'basic',
      username: 'ana',
      secret: TOKEN,
    }).requests;
    expect(request?.url).toBe('https://review.example.com/r/a/accounts/self');
    expect(request?.headers.Authorization).toBe(`Basic ${Buffer.from(`ana:${TOKEN}`).toString('base64')}`);
  });

  it('asks STS GetCallerIdentity, signed with SigV4 for us-east-1 at the check time, never sending the secret', () => {
    const secretAccessKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const [request] = checkOf({ hostType: 'aws-codecommit' }, cloudOnly, {
      kind: 'aws',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey,
    }).requests;
    expect(request?.url).toBe('https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15');
    expect(request?.headers['X-Amz-Date']).toBe('20260301T120000Z');
    expect(request?.headers.Authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/20260301\/us-east-1\/sts\/aws4_request, SignedHeaders=accept;host;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
    expect(JSON.stringify(request)).not.toContain(secretAccessKey);
  });

  it('does not check a credential of another kind than the host takes', () => {
    expect(planCheck({ hostType: 'gerrit', baseUrl: 'https://review.example.com' }, PAT, NOW, anyHost)).toEqual({
      kind: 'not-verified',
      reason: expect.stringMatching(/does not have the fields Gerrit needs/),
    });
  });

  it('does not check an integration that lacks its address or organization', () => {
    expect(planCheck({ hostType: 'github-enterprise' }, PAT, NOW, anyHost)).toEqual({
      kind: 'not-verified',
      reason: expect.stringMatching(/no address/),
    });
    expect(planCheck({ hostType: 'azure-devops' }, PAT, NOW, anyHost)).toEqual({
      kind: 'not-verified',
      reason: expect.stringMatching(/no Azure DevOps organization/),
    });
  });
});

describe('GitHub expiry header', () => {
  it.each([
    ['2026-01-01 00:00:00 UTC', '2026-01-01T00:00:00.000Z'],
    ['2026-01-01 09:30:00 +0200', '2026-01-01T07:30:00.000Z'],
    [' 2026-01-01 00:00:00 UTC ', '2026-01-01T00:00:00.000Z'],
  ])('reads %j', (header, iso) => {
    expect(parseGitHubExpiry(header)).toBe(iso);
  });

  it.each([undefined, '', 'never', '2026-01-01T00:00:00Z', '2026-13-45 00:00:00 UTC', '2026-01-01 00:00:00 UTC+0200'])(
    'ignores %j',
    (header) => {
      expect(parseGitHubExpiry(header)).toBeUndefined();
    },
  );
});

describe('reading GitHub answers', () => {
  const interpret = (outcome: Outcome) => checkOf({ hostType: 'github' }).interpret([outcome], NOW);
  const user = { login: 'octocat', avatar_url: 'https://avatars.example/octocat' };

  it('calls a classic token with repo valid and reports its scopes', () => {
    expect(interpret(answer(200, user, { 'x-oauth-scopes': 'repo, read:org' }))).toEqual({
      status: 'valid',
      login: 'octocat',
      avatarUrl: 'https://avatars.example/octocat',
      scopes: ['repo', 'read:org'],
    });
  });

  it('calls a classic token without scopes missing repo', () => {
    expect(interpret(answer(200, user, { 'x-oauth-scopes': '' }))).toMatchObject({
      status: 'missing-scopes',
      scopes: [],
      missingScopes: ['repo'],
      reason: 'The token needs `repo`.',
    });
  });

  it('does not call a fine-grained token (no scopes header) missing scopes', () => {
    expect(interpret(answer(200, user))).toEqual({ status: 'valid', login: 'octocat', avatarUrl: 'https://avatars.example/octocat' });
  });

  it('puts missing scopes before an expiry that is close', () => {
    const finding = interpret(
      answer(200, user, { 'x-oauth-scopes': 'gist', 'github-authentication-token-expiration': '2026-03-02 00:00:00 UTC' }),
    );
    expect(finding).toMatchObject({ status: 'missing-scopes', expiresAt: '2026-03-02T00:00:00.000Z' });
  });

  it.each([
    ['exactly 7 days ahead', '2026-03-08 12:00:00 UTC', 'expires-soon'],
    ['7 days and a second ahead', '2026-03-08 12:00:01 UTC', 'valid'],
    ['already past', '2026-03-01 11:59:59 UTC', 'expired'],
  ])('judges an expiry %s', (_when, header, status) => {
    expect(interpret(answer(200, user, { 'x-oauth-scopes': 'repo', 'github-authentication-token-expiration': header })).status).toBe(
      status,
    );
  });

  it('reads an exhausted primary rate limit (403 or 429 with no requests left) as unreachable, not as a rejection', () => {
    for (const status of [403, 429]) {
      expect(interpret(answer(status, { message: 'API rate limit exceeded' }, { 'x-ratelimit-remaining': '0' }))).toEqual({
        status: 'unreachable',
        reason: 'GitHub is limiting requests right now: its hourly request limit is used up. The token was saved; check it again later.',
      });
    }
  });

  it('reads a secondary rate limit by its retry-after or its message, with the wait GitHub asks for', () => {
    expect(interpret(answer(403, { message: 'slow down' }, { 'x-ratelimit-remaining': '4990', 'retry-after': '120' }))).toEqual({
      status: 'unreachable',
      reason:
        'GitHub is limiting requests right now: too many requests came at once (secondary rate limit). GitHub asks to wait about 2 minutes. The token was saved; check it again later.',
    });
    const body = { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' };
    expect(interpret(answer(403, body, { 'x-ratelimit-remaining': '4990' }))).toMatchObject({
      status: 'unreachable',
      reason: expect.stringMatching(/secondary rate limit\)\. The token was saved/),
    });
  });

  it("reads a 403 for SAML single sign-on as a token to authorize, with GitHub's link", () => {
    const url = 'https://github.com/orgs/acme/sso?authorization_request=A5AAB3';
    expect(
      interpret(
        answer(403, { message: 'Resource protected by organization SAML enforcement.' }, { 'x-github-sso': `required; url=${url}` }),
      ),
    ).toEqual({
      status: 'sso-required',
      ssoUrl: url,
      reason:
        "GitHub needs this token authorized for your organization's single sign-on (SAML). Authorize it with the link, then check again.",
    });
  });

  it('reads any other 403 as a refusal it reports honestly, without blaming the address', () => {
    const found = interpret(answer(403, { message: 'Resource not accessible by personal access token' }));
    expect(found).toEqual({
      status: 'not-verified',
      reason:
        'GitHub refused to say whose token this is (HTTP 403) (“Resource not accessible by personal access token”). The token was saved; it may still work for branches and pull requests.',
    });
  });

  it("sends cloud users to check again later, and only self-hosted admins to the integration's address", () => {
    expect(interpret(answer(404, { message: 'Not Found' })).reason).not.toMatch(/address/);
    const ghes = checkOf({ hostType: 'github-enterprise', baseUrl: 'https://ghe.example.com' });
    expect(ghes.interpret([answer(404)], NOW).reason).toMatch(/HTTP 404; check the integration's address/);
  });

  it('reads a 2xx answer without a login as unreadable', () => {
    expect(interpret(answer(200, { message: 'hi' }))).toMatchObject({
      status: 'unreachable',
      reason: expect.stringMatching(/could not read/),
    });
  });

  it('reads a redirect as a wrong address', () => {
    expect(interpret(answer(302))).toMatchObject({ status: 'unreachable', reason: expect.stringMatching(/redirected/) });
  });
});

describe('reading GitLab answers', () => {
  const interpret = (...outcomes: Outcome[]) => checkOf({ hostType: 'gitlab' }).interpret(outcomes, NOW);
  const user = answer(200, { username: 'ada', avatar_url: null });

  it('reports scopes and expiry of a personal access token', () => {
    expect(interpret(user, answer(200, { scopes: ['api', 'read_user'], expires_at: '2026-12-31', active: true, revoked: false }))).toEqual({
      status: 'valid',
      login: 'ada',
      scopes: ['api', 'read_user'],
      expiresAt: '2026-12-31T00:00:00.000Z',
    });
  });

  it('keeps scopes and expiry unknown when the token endpoint answers 404', () => {
    expect(interpret(user, answer(404, { message: '404 Not Found' }))).toEqual({ status: 'valid', login: 'ada' });
  });

  it('calls a 403 on /user missing api (GitLab insufficient_scope)', () => {
    expect(interpret(answer(403, { error: 'insufficient_scope' }))).toEqual({
      status: 'missing-scopes',
      missingScopes: ['api'],
      reason: 'The token needs `api`.',
    });
  });

  it('calls a revoked or inactive token expired', () => {
    expect(interpret(user, answer(200, { scopes: ['api'], active: false, revoked: true }))).toEqual({
      status: 'expired',
      reason: 'GitLab reports the token as revoked.',
    });
    expect(interpret(user, answer(200, { scopes: ['api'], active: false, revoked: false }))).toMatchObject({
      status: 'expired',
      reason: expect.stringMatching(/inactive/),
    });
  });

  it('calls a 401 expired with the common reason', () => {
    expect(interpret(answer(401, { message: '401 Unauthorized' }))).toEqual({ status: 'expired', reason: REJECTED_REASON });
  });
});

describe('reading other hosts', () => {
  it('takes the scopes Gitea names in its 403 message', () => {
    const { interpret } = checkOf({ hostType: 'gitea', baseUrl: 'https://codeberg.org' });
    const message = { message: 'token does not have at least one of required scope(s): [read:user, read:organization]' };
    expect(interpret([answer(403, message)], NOW)).toEqual({
      status: 'missing-scopes',
      missingScopes: ['read:user', 'read:organization'],
      reason: 'The token needs `read:user` and `read:organization`.',
    });
    expect(interpret([answer(403, { message: 'forbidden' })], NOW)).toMatchObject({ missingScopes: ['read:user'] });
  });

  it('reads the Bitbucket Data Center user from X-AUSERNAME', () => {
    const { interpret } = checkOf({ hostType: 'bitbucket-dc', baseUrl: 'https://bb.example.com' }, anyHost);
    expect(interpret([answer(200, { version: '9.4.0' }, { 'x-ausername': 'yui' })], NOW)).toEqual({ status: 'valid', login: 'yui' });
    expect(interpret([answer(200, { version: '9.4.0' })], NOW)).toMatchObject({
      status: 'expired',
      reason: expect.stringMatching(/did not sign anyone/),
    });
  });

  it('names the Azure DevOps account, falling back to the display name', () => {
    const { interpret } = checkOf({ hostType: 'azure-devops', organization: 'acme' });
    const withAccount = {
      authenticatedUser: { providerDisplayName: 'Ada', properties: { Account: { $type: 'System.String', $value: 'ada@example.com' } } },
    };
    expect(interpret([answer(200, withAccount)], NOW)).toEqual({ status: 'valid', login: 'ada@example.com' });
    expect(interpret([answer(200, { authenticatedUser: { providerDisplayName: 'Ada' } })], NOW)).toEqual({ status: 'valid', login: 'Ada' });
    expect(interpret([answer(203)], NOW)).toEqual({ status: 'expired', reason: REJECTED_REASON });
  });

  it('refuses an answer whose authenticated identity is the anonymous one', () => {
    const { interpret } = checkOf({ hostType: 'azure-devops', organization: 'acme' });
    const anonymous = {
      authenticatedUser: {
        id: 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa',
        descriptor: 'System:PublicAccess;aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa',
        providerDisplayName: 'Anonymous',
        properties: {},
      },
    };
    expect(interpret([answer(200, anonymous)], NOW)).toEqual({ status: 'expired', reason: expect.stringMatching(/anonymous visitor/) });
  });

  it.each([
    [{ kind: 'timeout' } as const, /did not answer in time/],
    [{ kind: 'network-error' } as const, /could not be reached/],
    [answer(503), /server error \(HTTP 503\)/],
    [answer(429), /limiting requests/],
    [answer(404), /HTTP 404, which the app did not expect/],
  ])('reads %j as unreachable', (outcome, reason) => {
    const { interpret } = checkOf({ hostType: 'azure-devops', organization: 'acme' });
    expect(interpret([outcome], NOW)).toEqual({ status: 'unreachable', reason: expect.stringMatching(reason) });
  });
});
