/**
 * Gitea / Forgejo (Codeberg or self-hosted): `GET /api/v1/user` with `Authorization: token <t>`
 * (https://docs.gitea.com/development/api-usage#authentication: "for historical reasons … token"; Bearer is for OAuth2).
 */
import { z } from 'zod';
import { HOSTS } from '../domain/hosts';
import { judge, missingScopes, readAnswer, unreadable, type Answer } from './outcomes';
import { check, NO_ANSWER, request, type HostCheck, type Interpret } from './check';

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
  const host = HOSTS.gitea;
  // A scoped token without `read:user` gets 403 on /user. Gitea does not report a token's scopes,
  // so `write:repository` cannot be confirmed here.
  const read = readAnswer(user, host, now, (answer) => (answer.status === 403 ? missingScopes({}, giteaMissingScopes(answer)) : undefined));
  if (!read.ok) return read.finding;
  const body = giteaUser.safeParse(read.value);
  if (!body.success) return unreadable(host.name);
  return judge({ login: body.data.login, avatarUrl: body.data.avatar_url }, [], now);
};

export const giteaCheck: HostCheck<'token'> = {
  credentialKind: 'token',
  plan: ({ root }, { token }) => check(interpretGitea, request(`${root}/api/v1/user`, { Authorization: `token ${token}` })),
};
