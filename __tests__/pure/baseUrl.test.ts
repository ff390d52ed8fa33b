import fc from 'fast-check';
import { normalizeBaseUrl } from '../../src/domain/baseUrl';
import { integrationInputSchema } from '../../src/domain/integration';
import type { HostType } from '../../src/domain/hosts';

describe('base URLs as admins paste them', () => {
  it.each<[HostType, string, string, string[]]>([
    // Typed as meant: nothing to report but the usual tidying.
    ['gitlab-self-managed', 'https://git.example.com/', 'https://git.example.com', []],
    ['gitlab-self-managed', 'https://GIT.Example.com/gitlab///', 'https://git.example.com/gitlab', []],
    [
      'bitbucket-dc',
      '  https://git.example.com:8443/scm/  ',
      'https://git.example.com:8443',
      ['Removed /scm, a page of Bitbucket Data Center rather than its address.'],
    ],
    ['gitea', 'https://git.example.com:8443/gitea/', 'https://git.example.com:8443/gitea', []],
    ['gerrit', 'https://review.example.com//r//', 'https://review.example.com/r', []],
    // Case 1: the API root of every self-hosted type.
    ['github-enterprise', 'https://ghe.example.com/api/v3', 'https://ghe.example.com', [apiRemoved('/api/v3')]],
    ['github-enterprise', 'https://ghe.example.com/api/v3/user', 'https://ghe.example.com', [apiRemoved('/api/v3/user')]],
    ['github-enterprise', 'https://ghe.example.com/API/V3/', 'https://ghe.example.com', [apiRemoved('/API/V3')]],
    ['github-enterprise', 'https://ghe.example.com/api/graphql', 'https://ghe.example.com', [apiRemoved('/api/graphql')]],
    ['gitlab-self-managed', 'https://git.example.com/gitlab/api/v4', 'https://git.example.com/gitlab', [apiRemoved('/api/v4')]],
    ['gitlab-self-managed', 'https://gitlab.example.com/api/v4/projects?', 'refused', []],
    ['gitlab-self-managed', 'https://gitlab.example.com/api/graphql', 'https://gitlab.example.com', [apiRemoved('/api/graphql')]],
    ['gitea', 'https://gitea.example.com/api/v1/', 'https://gitea.example.com', [apiRemoved('/api/v1')]],
    [
      'gitea',
      'https://forgejo.example.com/code/api/forgejo/v1/version',
      'https://forgejo.example.com/code',
      [apiRemoved('/api/forgejo/v1/version')],
    ],
    ['gitea', 'https://gitea.example.com/api/swagger', 'https://gitea.example.com', [apiRemoved('/api/swagger')]],
    ['bitbucket-dc', 'https://bitbucket.example.com/rest/api/1.0', 'https://bitbucket.example.com', [apiRemoved('/rest/api/1.0')]],
    [
      'bitbucket-dc',
      'https://example.com/bitbucket/rest/api/latest/projects',
      'https://example.com/bitbucket',
      [apiRemoved('/rest/api/latest/projects')],
    ],
    [
      'azure-devops-server',
      'https://tfs.example.com/tfs/DefaultCollection/_apis',
      'https://tfs.example.com/tfs/DefaultCollection',
      [apiRemoved('/_apis')],
    ],
    [
      'azure-devops-server',
      'https://ado.example.com/Main/_apis/connectionData',
      'https://ado.example.com/Main',
      [apiRemoved('/_apis/connectionData')],
    ],
    ['gerrit', 'https://review.example.com/r/a/accounts/self', 'https://review.example.com/r', [apiRemoved('/a/accounts/self')]],
    // Beyond the examples: a page that was open, a repository, a bare host, quotes, the default port.
    [
      'github-enterprise',
      'https://ghe.example.com/settings/tokens',
      'https://ghe.example.com',
      ['Removed /settings/tokens, a page of GitHub Enterprise rather than its address.'],
    ],
    [
      'gitlab-self-managed',
      'https://git.example.com/gitlab/-/user_settings/personal_access_tokens',
      'https://git.example.com/gitlab',
      ['Removed /-/user_settings/personal_access_tokens, a page of GitLab self-managed rather than its address.'],
    ],
    [
      'gitlab-self-managed',
      'https://git.example.com/users/sign_in',
      'https://git.example.com',
      ['Removed /users/sign_in, a page of GitLab self-managed rather than its address.'],
    ],
    [
      'bitbucket-dc',
      'https://bitbucket.example.com/plugins/servlet/access-tokens/manage',
      'https://bitbucket.example.com',
      ['Removed /plugins/servlet/access-tokens/manage, a page of Bitbucket Data Center rather than its address.'],
    ],
    [
      'bitbucket-dc',
      'https://bitbucket.example.com/scm/proj/app.git',
      'https://bitbucket.example.com',
      ['Removed /scm/proj/app.git, a page of Bitbucket Data Center rather than its address.'],
    ],
    [
      'azure-devops-server',
      'https://tfs.example.com/tfs/DefaultCollection/_usersSettings/tokens',
      'https://tfs.example.com/tfs/DefaultCollection',
      ['Removed /_usersSettings/tokens, a page of Azure DevOps Server rather than its address.'],
    ],
    [
      'github-enterprise',
      'https://ghe.example.com/acme/app.git',
      'https://ghe.example.com',
      ['Removed the repository path /acme/app.git.'],
    ],
    [
      'gitea',
      'https://git.example.com/gitea/acme/app.git',
      'https://git.example.com/gitea',
      ['Removed the repository path /acme/app.git.'],
    ],
    ['github-enterprise', 'ghe.example.com', 'https://ghe.example.com', ['Added https:// in front.']],
    ['gitea', '//gitea.example.com/', 'https://gitea.example.com', ['Added https:// in front.']],
    ['gitlab-self-managed', 'git.example.com:8443/gitlab/', 'https://git.example.com:8443/gitlab', ['Added https:// in front.']],
    ['gitea', '"https://gitea.example.com"', 'https://gitea.example.com', ['Removed the quotes or brackets around the address.']],
    ['gitea', '<https://gitea.example.com/>', 'https://gitea.example.com', ['Removed the quotes or brackets around the address.']],
    ['gitea', 'https://gitea.example.com:443/', 'https://gitea.example.com', ['Removed the default port :443.']],
    ['gitea', 'https://gitea.example.com./', 'https://gitea.example.com', []],
    // Case 3: a Unicode host is stored in its ASCII form, which requests and links need.
    ['gitea', 'https://gït.example.com', 'https://xn--gt-tja.example.com', []],
  ])('%s: %j is stored as %j', (hostType, input, expected, changes) => {
    const result = normalizeBaseUrl(hostType, input);
    if (expected === 'refused') expect(result.ok).toBe(false);
    else expect(result).toEqual({ ok: true, url: expected, changes });
  });

  it.each<[HostType, string, string]>([
    ['gitea', 'http://git.example.com', 'Base URL must start with https://.'],
    ['gitea', 'javascript:alert(1)', 'Base URL must start with https://.'],
    ['gitea', 'data:text/html,<script>alert(1)</script>', 'Base URL must start with https://.'],
    ['gitea', 'ssh://git@git.example.com/acme/app.git', 'Base URL must start with https://.'],
    ['gitea', 'https://user:secret@git.example.com', 'Base URL must not contain a user name or password.'],
    ['gitea', 'https://git.example.com/?a=1', 'Base URL must not contain a query.'],
    ['gitea', 'https://git.example.com/?', 'Base URL must not contain a query.'],
    ['gitea', 'https://git.example.com/#top', 'Base URL must not contain a fragment.'],
    ['gitea', 'https://exa mple.com', 'Base URL is not a valid URL.'],
    ['gitea', '   ', 'Gitea / Forgejo needs a base URL.'],
    [
      'gitlab-self-managed',
      'git@git.example.com:acme/app.git',
      'This is an SSH clone address. Enter the web address people open in a browser, such as https://git.example.com.',
    ],
    [
      'gitlab-self-managed',
      'https://git.example.com/acme/app.git',
      "This is a repository's address. Enter the address of the GitLab self-managed server itself, such as https://git.example.com.",
    ],
    [
      'azure-devops-server',
      'https://ado.example.com/Main/Project/_git/app',
      "This is a repository's address. Enter the address of the Azure DevOps Server server itself, such as https://git.example.com.",
    ],
    [
      'github-enterprise',
      'https://github.com',
      'github.com is GitHub in the cloud: choose GitHub as the host type (it needs no base URL).',
    ],
    [
      'github-enterprise',
      'https://api.github.com/',
      'api.github.com is GitHub in the cloud: choose GitHub as the host type (it needs no base URL).',
    ],
    [
      'gitlab-self-managed',
      'https://gitlab.com/api/v4',
      'gitlab.com is GitLab in the cloud: choose GitLab as the host type (it needs no base URL).',
    ],
    [
      'bitbucket-dc',
      'https://bitbucket.org/acme',
      'bitbucket.org is Bitbucket Cloud in the cloud: choose Bitbucket Cloud as the host type (it needs no base URL).',
    ],
    [
      'azure-devops-server',
      'https://acme.visualstudio.com',
      'acme.visualstudio.com is Azure DevOps in the cloud: choose Azure DevOps as the host type (it needs no base URL).',
    ],
  ])('%s: refuses %j', (hostType, input, reason) => {
    expect(normalizeBaseUrl(hostType, input)).toEqual({ ok: false, reason });
  });

  it('keeps Codeberg, a public Forgejo, as a Gitea / Forgejo base URL', () => {
    expect(normalizeBaseUrl('gitea', 'https://codeberg.org/api/v1')).toMatchObject({ ok: true, url: 'https://codeberg.org' });
  });
});

function apiRemoved(path: string): string {
  return `Removed the API path ${path}: enter the address people open in a browser; the app adds API paths itself.`;
}

describe('the admin form and the server cannot disagree', () => {
  const pieces = fc.constantFrom(
    'https://',
    'http://',
    'ghe.example.com',
    'gït.example.com',
    ':443',
    ':8443',
    '/',
    '/api/v3',
    '/api/v4',
    '/gitlab',
    '/rest/api/1.0',
    '/_apis',
    '/settings',
    '/acme/app.git',
    '"',
    '<',
    '>',
    ' ',
    '?',
    '#',
    'user@',
  );
  const hostTypes = fc.constantFrom<HostType>(
    'github-enterprise',
    'gitlab-self-managed',
    'gitea',
    'bitbucket-dc',
    'azure-devops-server',
    'gerrit',
  );
  it('stores exactly what the form shows as "will be saved as", or refuses with the same message; saving again changes nothing', () => {
    fc.assert(
      fc.property(
        hostTypes,
        fc.array(pieces, { minLength: 1, maxLength: 8 }).map((parts) => parts.join('')),
        (hostType, baseUrl) => {
          const shown = normalizeBaseUrl(hostType, baseUrl);
          const parsed = integrationInputSchema.safeParse({ name: 'x', hostType, baseUrl, requirePat: false });
          if (shown.ok) {
            expect(parsed.success && parsed.data.baseUrl).toBe(shown.url);
            expect(normalizeBaseUrl(hostType, shown.url)).toEqual({ ok: true, url: shown.url, changes: [] });
          } else {
            expect(parsed.error?.issues[0]?.message).toBe(shown.reason);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
