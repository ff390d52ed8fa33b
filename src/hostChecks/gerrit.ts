/**
 * Gerrit: `GET {base}/a/accounts/self` with HTTP Basic `username:HTTP password` (or auth token); the `/a/`
 * prefix asks for authentication, and the JSON answer starts with the `)]}'` line that guards against XSSI
 * (https://gerrit-review.googlesource.com/Documentation/rest-api.html#authentication,
 * https://gerrit-review.googlesource.com/Documentation/rest-api-accounts.html#get-account).
 */
import { z } from 'zod';
import { HOSTS } from '../domain/hosts';
import { judge, readAnswer, unreadable } from './outcomes';
import { basicAuth, check, NO_ANSWER, request, type HostCheck, type Interpret } from './check';

/** Gerrit's AccountInfo (https://gerrit-review.googlesource.com/Documentation/rest-api-accounts.html#account-info). */
const accountInfo = z.object({
  _account_id: z.number(),
  username: z.string().optional().catch(undefined),
  name: z.string().optional().catch(undefined),
  email: z.string().optional().catch(undefined),
});

const interpretGerrit: Interpret = ([self = NO_ANSWER], now) => {
  const host = HOSTS.gerrit;
  const read = readAnswer(self, host, now);
  if (!read.ok) return read.finding;
  const body = accountInfo.safeParse(read.value);
  if (!body.success) return unreadable(host.name);
  const login = body.data.username ?? body.data.email ?? body.data.name ?? String(body.data._account_id);
  return judge({ login }, [], now);
};

export const gerritCheck: HostCheck<'basic'> = {
  credentialKind: 'basic',
  plan: ({ root }, { username, secret }) =>
    check(interpretGerrit, request(`${root}/a/accounts/self`, { Authorization: basicAuth(username, secret) })),
};
