/**
 * Bitbucket Data Center: `GET /rest/api/1.0/application-properties` with `Authorization: Bearer <HTTP access token>`
 * (https://confluence.atlassian.com/bitbucketserver/http-access-tokens-939515499.html); the signed-in user is named in
 * the `X-AUSERNAME` header of every answer.
 */
import { HOSTS } from '../domain/hosts';
import { judge, readAnswer, rejected } from './outcomes';
import { check, NO_ANSWER, request, type HostCheck, type Interpret } from './check';

const interpretBitbucketDc: Interpret = ([properties = NO_ANSWER], now) => {
  const read = readAnswer(properties, HOSTS['bitbucket-dc'], now);
  if (!read.ok) return read.finding;
  // Bitbucket names the signed-in user in a header of every answer; none means the token signed no one in.
  const login = read.answer.headers['x-ausername'];
  if (!login || login === 'anonymous') return rejected('Bitbucket did not sign anyone in with the token.');
  return judge({ login }, [], now);
};

export const bitbucketDataCenterCheck: HostCheck<'token'> = {
  credentialKind: 'token',
  plan: ({ root }, { token }) =>
    check(interpretBitbucketDc, request(`${root}/rest/api/1.0/application-properties`, { Authorization: `Bearer ${token}` })),
};
