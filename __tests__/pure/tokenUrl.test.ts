import { HOST_TYPES } from '../../src/domain/hosts';
import { normalizeBaseUrl } from '../../src/domain/baseUrl';
import type { HostType } from '../../src/domain/hosts';
import { tokenPages, tokenPageUrl } from '../../src/domain/tokenUrl';

function base(hostType: HostType, url: string): string {
  const result = normalizeBaseUrl(hostType, url);
  if (!result.ok) throw new Error(result.reason);
  return result.url;
}

describe('New token URLs', () => {
  it('sends GitHub users to a prefilled fine-grained token first, then a classic one, each saying what it needs', () => {
    const fineGrained =
      'https://github.com/settings/personal-access-tokens/new?name=Jira+git+integration&description=Branches+and+pull+requests+created+from+Jira&expires_in=90&contents=write&pull_requests=write';
    expect(tokenPageUrl({ hostType: 'github' })).toBe(fineGrained);
    expect(tokenPages({ hostType: 'github' })).toEqual([
      {
        label: 'New fine-grained token',
        url: fineGrained,
        needs: ['Contents: Read and write', 'Pull requests: Read and write', 'Metadata: Read (added by GitHub)'],
      },
      {
        label: 'New classic token',
        url: 'https://github.com/settings/tokens/new?scopes=repo&description=Jira+git+integration',
        needs: ['repo'],
      },
    ]);
  });

  it('builds GitHub Enterprise URLs below the base URL; fine-grained without the parameters GHES does not document', () => {
    expect(
      tokenPages({ hostType: 'github-enterprise', baseUrl: base('github-enterprise', 'https://ghe.example.com/prefix//') }).map(
        (page) => page.url,
      ),
    ).toEqual([
      'https://ghe.example.com/prefix/settings/personal-access-tokens/new',
      'https://ghe.example.com/prefix/settings/tokens/new?scopes=repo&description=Jira+git+integration',
    ]);
  });

  it('offers one page for other hosts and none for AWS CodeCommit', () => {
    expect(tokenPages({ hostType: 'gitlab' })).toEqual([{ label: 'New token', url: tokenPageUrl({ hostType: 'gitlab' }), needs: ['api'] }]);
    expect(tokenPages({ hostType: 'aws-codecommit' })).toEqual([]);
  });

  it('builds GitHub Enterprise URLs from the web root when the admin entered the API root', () => {
    expect(
      tokenPages({ hostType: 'github-enterprise', baseUrl: base('github-enterprise', 'https://ghe.example.com/api/v3') }).map(
        (page) => page.url,
      ),
    ).toEqual([
      'https://ghe.example.com/settings/personal-access-tokens/new',
      'https://ghe.example.com/settings/tokens/new?scopes=repo&description=Jira+git+integration',
    ]);
  });

  it('prefills name and api scope on GitLab.com and self-managed GitLab', () => {
    expect(tokenPageUrl({ hostType: 'gitlab' })).toBe(
      'https://gitlab.com/-/user_settings/personal_access_tokens?name=Jira+git+integration&scopes=api',
    );
    expect(tokenPageUrl({ hostType: 'gitlab-self-managed', baseUrl: base('gitlab-self-managed', 'https://git.example.com/gitlab/') })).toBe(
      'https://git.example.com/gitlab/-/user_settings/personal_access_tokens?name=Jira+git+integration&scopes=api',
    );
  });

  it('sends Bitbucket Cloud users to their Atlassian API tokens page', () => {
    expect(tokenPageUrl({ hostType: 'bitbucket-cloud' })).toBe('https://id.atlassian.com/manage-profile/security/api-tokens');
  });

  it('uses the HTTP access tokens page of Bitbucket Data Center', () => {
    expect(tokenPageUrl({ hostType: 'bitbucket-dc', baseUrl: base('bitbucket-dc', 'https://bb.example.com/bitbucket/') })).toBe(
      'https://bb.example.com/bitbucket/plugins/servlet/access-tokens/manage',
    );
  });

  it('opens the organization token page on Azure DevOps, and the collection page on the server', () => {
    expect(tokenPageUrl({ hostType: 'azure-devops', organization: 'acme' })).toBe('https://dev.azure.com/acme/_usersSettings/tokens');
    expect(
      tokenPageUrl({
        hostType: 'azure-devops-server',
        baseUrl: base('azure-devops-server', 'https://tfs.example.com/tfs/DefaultCollection/'),
      }),
    ).toBe('https://tfs.example.com/tfs/DefaultCollection/_usersSettings/tokens');
  });

  it('uses the applications page of Gitea/Forgejo and the HTTP credentials of Gerrit', () => {
    expect(tokenPageUrl({ hostType: 'gitea', baseUrl: base('gitea', 'https://codeberg.org/') })).toBe(
      'https://codeberg.org/user/settings/applications',
    );
    expect(tokenPageUrl({ hostType: 'gerrit', baseUrl: base('gerrit', 'https://review.example.com/r/') })).toBe(
      'https://review.example.com/r/settings/#HTTPCredentials',
    );
  });

  it('has no token page for AWS CodeCommit', () => {
    expect(tokenPageUrl({ hostType: 'aws-codecommit' })).toBeNull();
  });

  it('gives every other host type an https URL', () => {
    for (const hostType of HOST_TYPES.filter((type) => type !== 'aws-codecommit')) {
      const url = tokenPageUrl({ hostType, baseUrl: 'https://h.example.com', organization: 'o' });
      expect(url).toMatch(/^https:\/\/[^/]+\//);
    }
  });
});
