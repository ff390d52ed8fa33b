/**
 * Azure DevOps Services (`https://dev.azure.com/{organization}`) and Server (`{collection URL}`):
 * `GET _apis/connectionData` with `Authorization: Basic base64(":" + PAT)`
 * (https://learn.microsoft.com/en-us/azure/devops/organizations/accounts/use-personal-access-tokens-to-authenticate#use-a-pat);
 * the answer's `authenticatedUser` is who the token signed in.
 */
import { z } from 'zod';
import { HOSTS } from '../domain/hosts';
import { judge, readAnswer, rejected, unreadable, type Answer } from './outcomes';
import { basicAuth, check, NO_ANSWER, notVerified, request, type HostCheck, type Interpret } from './check';

/** The id of the anonymous identity Azure DevOps reports in `connectionData` when nobody signed in (observed answers; ../shared/git-hosts.md §D). */
const ANONYMOUS_ID = 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa';

const connectionData = z.object({
  authenticatedUser: z.object({
    id: z.string().optional().catch(undefined),
    providerDisplayName: z.string().optional().catch(undefined),
    properties: z
      .object({ Account: z.object({ $value: z.string() }).optional().catch(undefined) })
      .optional()
      .catch(undefined),
  }),
});

const NOBODY = 'Azure DevOps answered as an anonymous visitor: the token signed nobody in.';

function interpretAzure(type: 'azure-devops' | 'azure-devops-server'): Interpret {
  const host = HOSTS[type];
  // 203 carries Azure DevOps' sign-in page, its answer to credentials it does not take when the redirect is not suppressed.
  const signInPage = (answer: Answer) => (answer.status === 203 ? rejected() : undefined);
  return ([data = NO_ANSWER], now) => {
    const read = readAnswer(data, host, now, signInPage);
    if (!read.ok) return read.finding;
    const body = connectionData.safeParse(read.value);
    if (!body.success) return unreadable(host.name);
    const user = body.data.authenticatedUser;
    // An anonymous identity is what a server that allows anonymous reads answers to a token it did not take.
    if (user.id?.toLowerCase() === ANONYMOUS_ID || user.providerDisplayName === 'Anonymous') return rejected(NOBODY);
    const login = user.properties?.Account?.$value ?? user.providerDisplayName;
    if (!login) return rejected('Azure DevOps did not sign anyone in with the token.');
    // A PAT's scopes cannot be read with a PAT (the token API needs a Microsoft Entra token).
    return judge({ login }, [], now);
  };
}

const headers = (token: string) => ({
  Authorization: basicAuth('', token),
  // Turns the sign-in redirect for credentials it does not take into a plain 401.
  'X-TFS-FedAuthRedirect': 'Suppress',
});

export const azureDevOpsCheck: HostCheck<'token'> = {
  credentialKind: 'token',
  plan: ({ root, organization }, { token }) =>
    organization
      ? check(interpretAzure('azure-devops'), request(`${root}/${encodeURIComponent(organization)}/_apis/connectionData`, headers(token)))
      : notVerified('The integration names no Azure DevOps organization, so the token was saved without a check.'),
};

export const azureDevOpsServerCheck: HostCheck<'token'> = {
  credentialKind: 'token',
  plan: ({ root }, { token }) => check(interpretAzure('azure-devops-server'), request(`${root}/_apis/connectionData`, headers(token))),
};
