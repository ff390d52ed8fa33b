import { HOST_TYPES, type HostType } from '../../src/domain/hosts';
import { formatWarning } from '../../src/domain/formatHints';

const GITHUB_CLASSIC = `ghp_${'a'.repeat(36)}`;
const GITHUB_FINE_GRAINED = `github_pat_${'B'.repeat(22)}_${'c'.repeat(59)}`;
const GITLAB = `glpat-${'x'.repeat(20)}`;
const ATLASSIAN = `ATATT3xFfGF0${'Z'.repeat(180)}`;
const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const AZURE_NEW = `${'q'.repeat(76)}AZDO${'r'.repeat(4)}`;

describe('token format hints', () => {
  it.each([
    [
      'a GitLab token in a GitHub integration',
      'github',
      GITLAB,
      'This looks like a GitLab token, but this integration is for GitHub. Check that you picked the right integration.',
    ],
    [
      'a classic GitHub token in a GitLab integration',
      'gitlab',
      GITHUB_CLASSIC,
      'This looks like a GitHub token, but this integration is for GitLab. Check that you picked the right integration.',
    ],
    [
      'a fine-grained GitHub token in self-managed GitLab',
      'gitlab-self-managed',
      GITHUB_FINE_GRAINED,
      expect.stringContaining('a GitHub token'),
    ],
    [
      'an Atlassian API token in Bitbucket Data Center',
      'bitbucket-dc',
      ATLASSIAN,
      expect.stringContaining('an Atlassian API token, but this integration is for Bitbucket Data Center'),
    ],
    ['an AWS key in Azure DevOps', 'azure-devops', AWS_KEY, expect.stringContaining('an AWS access key')],
    ['an Azure DevOps token in GitHub', 'github', AZURE_NEW, expect.stringContaining('an Azure DevOps token')],
  ] as const)('warns about %s', (_what, hostType, token, message) => {
    expect(formatWarning(hostType, token)).toEqual(message);
  });

  it.each([
    ['github', GITHUB_CLASSIC],
    ['github-enterprise', GITHUB_FINE_GRAINED],
    ['gitlab', GITLAB],
    ['gitlab-self-managed', GITLAB],
    ['bitbucket-cloud', ATLASSIAN],
    ['aws-codecommit', AWS_KEY],
    ['azure-devops-server', AZURE_NEW],
  ] as const)('accepts the matching format in %s', (hostType, token) => {
    expect(formatWarning(hostType, token)).toBeUndefined();
  });

  it('stays quiet about formats it does not know, e.g. custom GitLab prefixes or Gitea hex tokens', () => {
    const unknown = ['mycompany-glpat-abcdef', '65eaa9c8ef52460d22a93307fe0aee76289dc675', 'x'.repeat(52), 'BBDC-abc'];
    for (const hostType of HOST_TYPES as readonly HostType[]) {
      for (const token of unknown) expect(formatWarning(hostType, token)).toBeUndefined();
    }
  });
});
