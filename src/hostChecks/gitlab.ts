/**
 * GitLab.com and self-managed: `GET /api/v4/user` (https://docs.gitlab.com/api/users/#get-the-current-user),
 * then `GET /api/v4/personal_access_tokens/self` for scopes and expiry
 * (https://docs.gitlab.com/api/personal_access_tokens/#get-details-on-a-personal-access-token), with `PRIVATE-TOKEN`.
 */
import { z } from 'zod';
import { HOSTS } from '../domain/hosts';
import { judge, missingScopes, readAnswer, rejected, unreadable, type Accepted, type Answer } from './outcomes';
import { check, NO_ANSWER, request, type HostCheck, type Interpret } from './check';

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
  const host = HOSTS[type];
  const needed = host.scopes;
  // GitLab answers 403 `insufficient_scope` when a token has none of the scopes that grant a call;
  // `api` grants every call, so a 403 means `api` is missing.
  const forbidden = (accepted: Accepted) => (answer: Answer) => (answer.status === 403 ? missingScopes(accepted, needed) : undefined);
  return ([user = NO_ANSWER, self = NO_ANSWER], now) => {
    const readUser = readAnswer(user, host, now, forbidden({}));
    if (!readUser.ok) return readUser.finding;
    const account = gitlabUser.safeParse(readUser.value);
    if (!account.success) return unreadable(host.name);
    const accepted: Accepted = { login: account.data.username, avatarUrl: account.data.avatar_url ?? undefined };
    // 404: a GitLab without this endpoint, or a token that is not a personal access token: scopes and expiry stay unknown.
    if (self.kind === 'response' && self.status === 404) return judge(accepted, needed, now);
    const readSelf = readAnswer(self, host, now, forbidden(accepted));
    if (!readSelf.ok) return readSelf.finding;
    const token = gitlabToken.safeParse(readSelf.value);
    if (!token.success) return unreadable(host.name);
    if (token.data.revoked === true) return rejected('GitLab reports the token as revoked.');
    if (token.data.active === false) return rejected('GitLab reports the token as inactive: it expired or was revoked.');
    return judge({ ...accepted, scopes: token.data.scopes, expiresAt: gitlabExpiry(token.data.expires_at) }, needed, now);
  };
}

function gitlabCheckFor(type: 'gitlab' | 'gitlab-self-managed'): HostCheck<'token'> {
  return {
    credentialKind: 'token',
    plan: ({ root }, { token }) =>
      check(
        interpretGitLab(type),
        request(`${root}/api/v4/user`, { 'PRIVATE-TOKEN': token }),
        request(`${root}/api/v4/personal_access_tokens/self`, { 'PRIVATE-TOKEN': token }),
      ),
  };
}

export const gitlabCheck = gitlabCheckFor('gitlab');
export const gitlabSelfManagedCheck = gitlabCheckFor('gitlab-self-managed');
