import { z } from 'zod';
import { HOSTS, type HostType } from '../domain/hosts';
import { webRoot } from '../domain/hostAddress';
import { unicodeHostname } from '../domain/idn';
import type { Integration } from '../domain/integration';
import { isEgressAllowed } from './egress';
import { judge, missingScopes, readAnswer, rejected, unreadable, type Accepted, type Answer, type Finding, type Outcome } from './outcomes';

/** One GET the check makes. Headers carry the token: a plan is never logged or returned to a page. */
export interface PlannedRequest {
  method: 'GET';
  url: string;
  headers: Record<string, string>;
}

type Interpret = (outcomes: readonly Outcome[], now: Date) => Finding;

/**
 * How to check a token: either nothing to ask (with the reason), or requests to make in order and
 * the reading of their outcomes. The runner stops at the first outcome that is not a 2xx answer with
 * a JSON body, so `interpret` may get fewer outcomes than requests, but only after one that decides.
 */
export type VerificationPlan = { kind: 'not-verified'; reason: string } | { kind: 'check'; requests: PlannedRequest[]; interpret: Interpret };

type PlanInput = Pick<Integration, 'hostType' | 'baseUrl' | 'organization'>;

const COMMON_HEADERS = { Accept: 'application/json', 'User-Agent': 'jira-git-pat-check' };

/** Stands in for an outcome the runner never produced; never read in practice (see VerificationPlan). */
const NO_ANSWER: Outcome = { kind: 'network-error' };

export const CODECOMMIT_REASON =
  'AWS CodeCommit uses IAM access keys: checking one needs requests signed (SigV4) with the secret access key, which the app does not have, so the key was saved without a check.';

// Bitbucket Cloud's REST API takes Atlassian API tokens only as Basic auth with the account's email,
// which the app does not ask for. Bearer works only for workspace/repository access tokens; sending an
// API token as Bearer gets a 401 and would wrongly call a good token expired. So no check is made.
export const BITBUCKET_CLOUD_REASON =
  'Bitbucket Cloud checks API tokens only together with your Atlassian account email, which the app does not ask for, so the token was saved without a check.';

// Gerrit's REST API (`/a/accounts/self`) takes Basic auth with the user name and HTTP password; the app has only the password.
export const GERRIT_REASON =
  'Gerrit checks an HTTP password only together with your Gerrit user name, which the app does not ask for, so the token was saved without a check.';

export function egressReason(host: string): string {
  return `Forge apps can only reach hosts listed in the app's manifest; ${host} is not one of them, so the token was saved without a check.`;
}

function request(url: string, headers: Record<string, string>): PlannedRequest {
  return { method: 'GET', url, headers: { ...COMMON_HEADERS, ...headers } };
}

// --- GitHub and GitHub Enterprise Server: GET /user ---

const githubUser = z.object({ login: z.string(), avatar_url: z.string().optional().catch(undefined) });

/** `2026-01-01 00:00:00 UTC` (or with a `+0100` style offset) → ISO-8601; undefined when absent or unreadable. */
export function parseGitHubExpiry(header: string | undefined): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) (UTC|[+-]\d{2})(\d{2})?$/.exec(header?.trim() ?? '');
  if (!match) return undefined;
  const [, date, time, zone, minutes] = match;
  if ((zone === 'UTC') !== (minutes === undefined)) return undefined;
  const ms = Date.parse(`${date}T${time}${zone === 'UTC' ? 'Z' : `${zone}:${minutes}`}`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function splitScopes(header: string): string[] {
  return header
    .split(',')
    .map((scope) => scope.trim())
    .filter((scope) => scope !== '');
}

function interpretGitHub(type: 'github' | 'github-enterprise'): Interpret {
  const { name, scopes: needed } = HOSTS[type];
  return ([user = NO_ANSWER], now) => {
    const read = readAnswer(user, name);
    if (!read.ok) return read.finding;
    const body = githubUser.safeParse(read.value);
    if (!body.success) return unreadable(name);
    // Classic tokens list their scopes in X-OAuth-Scopes (empty when they have none); fine-grained
    // tokens send no such header and their permissions cannot be read, so none are called missing.
    const scopesHeader = read.answer.headers['x-oauth-scopes'];
    const accepted: Accepted = {
      login: body.data.login,
      avatarUrl: body.data.avatar_url,
      scopes: scopesHeader === undefined ? undefined : splitScopes(scopesHeader),
      expiresAt: parseGitHubExpiry(read.answer.headers['github-authentication-token-expiration']),
    };
    return judge(accepted, needed, now);
  };
}

// --- GitLab.com and self-managed: GET /api/v4/user, then GET /api/v4/personal_access_tokens/self ---

const gitlabUser = z.object({ username: z.string(), avatar_url: z.string().nullish().catch(undefined) });
const gitlabToken = z.object({
  scopes: z.array(z.string()),
  expires_at: z.string().nullish().catch(undefined),
  active: z.boolean().optional().catch(undefined),
  revoked: z.boolean().optional().catch(undefined),
});

/** GitLab gives `expires_at` as a date; the token stops working when that day starts (UTC). */
function gitlabExpiry(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function interpretGitLab(type: 'gitlab' | 'gitlab-self-managed'): Interpret {
  const { name, scopes: needed } = HOSTS[type];
  // GitLab answers 403 `insufficient_scope` when a token has none of the scopes that grant a call;
  // `api` grants every call, so a 403 means `api` is missing.
  const forbidden = (accepted: Accepted) => (answer: Answer) => (answer.status === 403 ? missingScopes(accepted, needed) : undefined);
  return ([user = NO_ANSWER, self = NO_ANSWER], now) => {
    const readUser = readAnswer(user, name, forbidden({}));
    if (!readUser.ok) return readUser.finding;
    const account = gitlabUser.safeParse(readUser.value);
    if (!account.success) return unreadable(name);
    const accepted: Accepted = { login: account.data.username, avatarUrl: account.data.avatar_url ?? undefined };
    // 404: a GitLab without this endpoint, or a token that is not a personal access token: scopes and expiry stay unknown.
    if (self.kind === 'response' && self.status === 404) return judge(accepted, needed, now);
    const readSelf = readAnswer(self, name, forbidden(accepted));
    if (!readSelf.ok) return readSelf.finding;
    const token = gitlabToken.safeParse(readSelf.value);
    if (!token.success) return unreadable(name);
    if (token.data.revoked === true) return rejected('GitLab reports the token as revoked.');
    if (token.data.active === false) return rejected('GitLab reports the token as inactive: it expired or was revoked.');
    return judge({ ...accepted, scopes: token.data.scopes, expiresAt: gitlabExpiry(token.data.expires_at) }, needed, now);
  };
}

// --- Gitea / Forgejo (Codeberg): GET /api/v1/user ---

const giteaUser = z.object({ login: z.string(), avatar_url: z.string().optional().catch(undefined) });
const giteaError = z.object({ message: z.string() });

/** Gitea names the scopes it wanted: `token does not have at least one of required scope(s): [read:user]`. */
function giteaMissingScopes(answer: Answer): string[] {
  const error = giteaError.safeParse(answer.body.parsed ? answer.body.value : undefined);
  const listed = error.success ? /required scope\(s\): \[([^\]]*)\]/.exec(error.data.message)?.[1] : undefined;
  const scopes = (listed ?? '').split(/[\s,]+/).filter((scope) => scope !== '');
  return scopes.length > 0 ? scopes : ['read:user'];
}

const interpretGitea: Interpret = ([user = NO_ANSWER], now) => {
  const { name } = HOSTS.gitea;
  // A scoped token without `read:user` gets 403 on /user. Gitea does not report a token's scopes,
  // so `write:repository` cannot be confirmed here.
  const read = readAnswer(user, name, (answer) => (answer.status === 403 ? missingScopes({}, giteaMissingScopes(answer)) : undefined));
  if (!read.ok) return read.finding;
  const body = giteaUser.safeParse(read.value);
  if (!body.success) return unreadable(name);
  return judge({ login: body.data.login, avatarUrl: body.data.avatar_url }, [], now);
};

// --- Bitbucket Data Center: GET /rest/api/1.0/application-properties, user in X-AUSERNAME ---

const interpretBitbucketDc: Interpret = ([properties = NO_ANSWER], now) => {
  const read = readAnswer(properties, HOSTS['bitbucket-dc'].name);
  if (!read.ok) return read.finding;
  // Bitbucket names the signed-in user in a header of every answer; none means the token signed no one in.
  const login = read.answer.headers['x-ausername'];
  if (!login || login === 'anonymous') return rejected('Bitbucket did not sign anyone in with the token.');
  return judge({ login }, [], now);
};

// --- Azure DevOps Services and Server: GET {organization or collection}/_apis/connectionData ---

const connectionData = z.object({
  authenticatedUser: z.object({
    providerDisplayName: z.string().optional().catch(undefined),
    properties: z.object({ Account: z.object({ $value: z.string() }).optional().catch(undefined) }).optional().catch(undefined),
  }),
});

function interpretAzure(type: 'azure-devops' | 'azure-devops-server'): Interpret {
  const { name } = HOSTS[type];
  // 203 carries Azure DevOps' sign-in page, its answer to credentials it does not take when the redirect is not suppressed.
  const signInPage = (answer: Answer) => (answer.status === 203 ? rejected() : undefined);
  return ([data = NO_ANSWER], now) => {
    const read = readAnswer(data, name, signInPage);
    if (!read.ok) return read.finding;
    const body = connectionData.safeParse(read.value);
    if (!body.success) return unreadable(name);
    const user = body.data.authenticatedUser;
    const login = user.properties?.Account?.$value ?? user.providerDisplayName;
    if (!login) return rejected('Azure DevOps did not sign anyone in with the token.');
    // A PAT's scopes cannot be read with a PAT (the token API needs a Microsoft Entra token).
    return judge({ login }, [], now);
  };
}

function notVerified(reason: string): VerificationPlan {
  return { kind: 'not-verified', reason };
}

function check(interpret: Interpret, ...requests: PlannedRequest[]): VerificationPlan {
  return { kind: 'check', requests, interpret };
}

/** The host (and port) as people read it: a punycode host in Unicode (issue 15, case 3). */
function hostOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${unicodeHostname(parsed.hostname)}${parsed.port ? `:${parsed.port}` : ''}`;
  } catch {
    return url;
  }
}

/** Hosts whose tokens cannot be checked from Forge at all, with the reason. */
const UNCHECKABLE = {
  'bitbucket-cloud': BITBUCKET_CLOUD_REASON,
  gerrit: GERRIT_REASON,
  'aws-codecommit': CODECOMMIT_REASON,
} as const satisfies Partial<Record<HostType, string>>;

function isUncheckable(type: HostType): type is keyof typeof UNCHECKABLE {
  return type in UNCHECKABLE;
}

function plan(type: Exclude<HostType, keyof typeof UNCHECKABLE>, root: string, organization: string | undefined, token: string): VerificationPlan {
  switch (type) {
    case 'github':
      return check(interpretGitHub(type), request('https://api.github.com/user', { Authorization: `Bearer ${token}` }));
    case 'github-enterprise':
      return check(interpretGitHub(type), request(`${root}/api/v3/user`, { Authorization: `Bearer ${token}` }));
    case 'gitlab':
    case 'gitlab-self-managed':
      return check(
        interpretGitLab(type),
        request(`${root}/api/v4/user`, { 'PRIVATE-TOKEN': token }),
        request(`${root}/api/v4/personal_access_tokens/self`, { 'PRIVATE-TOKEN': token }),
      );
    case 'gitea':
      // Gitea takes personal tokens as `token <t>`; `Bearer` is for its OAuth2 tokens.
      return check(interpretGitea, request(`${root}/api/v1/user`, { Authorization: `token ${token}` }));
    case 'bitbucket-dc':
      return check(interpretBitbucketDc, request(`${root}/rest/api/1.0/application-properties`, { Authorization: `Bearer ${token}` }));
    case 'azure-devops':
    case 'azure-devops-server': {
      if (type === 'azure-devops' && !organization) {
        return notVerified('The integration names no Azure DevOps organization, so the token was saved without a check.');
      }
      const base = type === 'azure-devops' ? `${root}/${encodeURIComponent(organization ?? '')}` : root;
      const headers = {
        Authorization: `Basic ${Buffer.from(`:${token}`, 'utf8').toString('base64')}`,
        // Turns the sign-in redirect for credentials it does not take into a plain 401.
        'X-TFS-FedAuthRedirect': 'Suppress',
      };
      return check(interpretAzure(type), request(`${base}/_apis/connectionData`, headers));
    }
  }
}

/**
 * How to check a token of this integration. Pure: it only builds requests. When a request would go
 * to a host outside the egress allow-list, the plan is 'not-verified' and nothing is sent.
 * `allowed` is the manifest's allow-list; tests pass a wider one to inspect self-hosted plans.
 */
export function planVerification(integration: PlanInput, token: string, allowed: (url: string) => boolean = isEgressAllowed): VerificationPlan {
  const { hostType } = integration;
  if (isUncheckable(hostType)) return notVerified(UNCHECKABLE[hostType]);
  const root = webRoot(integration);
  if (!root) return notVerified(`The integration has no address for ${HOSTS[hostType].name}, so the token was saved without a check.`);
  const planned = plan(hostType, root, integration.organization, token);
  const blocked = planned.kind === 'check' ? planned.requests.find((each) => !allowed(each.url)) : undefined;
  return blocked ? notVerified(egressReason(hostOf(blocked.url))) : planned;
}
