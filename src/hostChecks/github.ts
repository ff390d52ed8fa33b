/**
 * GitHub.com and GitHub Enterprise Server: `GET /user` (GHES: `{base}/api/v3/user`) with
 * `Authorization: Bearer <token>` (https://docs.github.com/en/rest/users/users#get-the-authenticated-user).
 * Classic tokens list their scopes in `X-OAuth-Scopes`; fine-grained tokens send none.
 */
import { z } from 'zod';
import { HOSTS } from '../domain/hosts';
import { judge, readAnswer, unreadable, type Accepted } from './outcomes';
import { check, NO_ANSWER, request, type HostCheck, type Interpret } from './check';

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
  const host = HOSTS[type];
  return ([user = NO_ANSWER], now) => {
    // Rate limits (primary and secondary) and SAML single sign-on are read by readAnswer.
    const read = readAnswer(user, host, now);
    if (!read.ok) return read.finding;
    const body = githubUser.safeParse(read.value);
    if (!body.success) return unreadable(host.name);
    // Classic tokens list their scopes in X-OAuth-Scopes (empty when they have none); fine-grained
    // tokens send no such header and their permissions cannot be read, so none are called missing.
    const scopesHeader = read.answer.headers['x-oauth-scopes'];
    const accepted: Accepted = {
      login: body.data.login,
      avatarUrl: body.data.avatar_url,
      scopes: scopesHeader === undefined ? undefined : splitScopes(scopesHeader),
      expiresAt: parseGitHubExpiry(read.answer.headers['github-authentication-token-expiration']),
    };
    return judge(accepted, host.scopes, now);
  };
}

export const githubCheck: HostCheck<'token'> = {
  credentialKind: 'token',
  plan: (_target, { token }) =>
    check(interpretGitHub('github'), request('https://api.github.com/user', { Authorization: `Bearer ${token}` })),
};

export const githubEnterpriseCheck: HostCheck<'token'> = {
  credentialKind: 'token',
  plan: ({ root }, { token }) =>
    check(interpretGitHub('github-enterprise'), request(`${root}/api/v3/user`, { Authorization: `Bearer ${token}` })),
};
