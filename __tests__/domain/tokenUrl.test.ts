import { HOST_TYPES } from '../../src/domain/hosts';
import { normalizeBaseUrl } from '../../src/domain/baseUrl';
import type { HostType } from '../../src/domain/hosts';
import { tokenPageUrl } from '../../src/domain/tokenUrl';

function base(hostType: HostType, url: string): string {
  const result = normalizeBaseUrl(hostType, url);
  if (!result.ok) throw new Error(result.reason);
  return result.url;
}

describe('New token URLs', () => {
  it('prefills the note and repo scope on GitHub', () => {
    expect(tokenPageUrl({ hostType: 'github' })).toBe(
      'https://github.com/settings/tokens/new?scopes=repo&description=Jira+git+integration',
    );
  });

  it('builds GitHub Enterprise URLs below the base URL, path prefix and trailing slashes included', () => {
    expect(tokenPageUrl({ hostType: 'github-enterprise', baseUrl: base('github-enterprise', 'https://ghe.example.com/prefix//') })).toBe(
      'https://ghe.example.com/prefix/settings/tokens/new?scopes=repo&description=Jira+git+integration',
    );
  });

  it('builds GitHub Enterprise URLs from the web root when the admin entered the API root', () => {
    expect(tokenPageUrl({ hostType: 'github-enterprise', baseUrl: base('github-enterprise', 'https://ghe.example.com/api/v3') })).toBe(
      'https://ghe.example.com/settings/tokens/new?scopes=repo&description=Jira+git+integration',
    );
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
    expect(tokenPageUrl({ hostType: 'azure-devops-server', baseUrl: base('azure-devops-server', 'https://tfs.example.com/tfs/DefaultCollection/') })).toBe(
      'https://tfs.example.com/tfs/DefaultCollection/_usersSettings/tokens',
    );
  });

  it('uses the applications page of Gitea/Forgejo and the HTTP credentials of Gerrit', () => {
    expect(tokenPageUrl({ hostType: 'gitea', baseUrl: base('gitea', 'https://codeberg.org/') })).toBe('https://codeberg.org/user/settings/applications');
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
