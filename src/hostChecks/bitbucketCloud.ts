/**
 * Bitbucket Cloud: `GET https://api.bitbucket.org/2.0/user` with HTTP Basic `email:API token`
 * (https://developer.atlassian.com/cloud/bitbucket/rest/api-group-users/#api-user-get, and
 * https://support.atlassian.com/bitbucket-cloud/docs/using-api-tokens/: "use your Atlassian account email as the
 * username"). The token needs `read:user:bitbucket` for this call; Bitbucket answers 403 without it.
 */
import { z } from 'zod';
import { HOSTS } from '../domain/hosts';
import { judge, missingScopes, readAnswer, unreadable } from './outcomes';
import { basicAuth, check, NO_ANSWER, request, type HostCheck, type Interpret } from './check';

const bitbucketUser = z.object({
  display_name: z.string().optional().catch(undefined),
  nickname: z.string().optional().catch(undefined),
  username: z.string().optional().catch(undefined),
  links: z
    .object({ avatar: z.object({ href: z.string() }).optional().catch(undefined) })
    .optional()
    .catch(undefined),
});

const interpretBitbucketCloud: Interpret = ([user = NO_ANSWER], now) => {
  const host = HOSTS['bitbucket-cloud'];
  const read = readAnswer(user, host, now, (answer) => (answer.status === 403 ? missingScopes({}, ['read:user:bitbucket']) : undefined));
  if (!read.ok) return read.finding;
  const body = bitbucketUser.safeParse(read.value);
  const login = body.success ? (body.data.username ?? body.data.nickname ?? body.data.display_name) : undefined;
  if (!body.success || !login) return unreadable(host.name);
  // Bitbucket does not report an API token's scopes or expiry, so none can be judged here.
  return judge({ login, avatarUrl: body.data.links?.avatar?.href }, [], now);
};

export const bitbucketCloudCheck: HostCheck<'basic'> = {
  credentialKind: 'basic',
  plan: (_target, { username, secret }) =>
    check(interpretBitbucketCloud, request('https://api.bitbucket.org/2.0/user', { Authorization: basicAuth(username, secret) })),
};
