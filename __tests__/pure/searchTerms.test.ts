import { addressKey, integrationAddresses, isAddressTerm, matchesAddress } from '../../src/domain/searchTerms';
import { demoIntegrations } from '../../tools/fixtures/integrations';

const INTEGRATIONS = [
  ...demoIntegrations(),
  { id: 'unicode-gitea', name: 'Unicode Gitea', hostType: 'gitea' as const, baseUrl: 'https://xn--gt-tja.example.com', requirePat: false },
];

function found(term: string): string[] {
  return INTEGRATIONS.filter((integration) => matchesAddress(term, integrationAddresses(integration))).map(
    (integration) => integration.name,
  );
}

describe('addresses as people copy them', () => {
  it.each([
    ['https://github.com/', 'github.com'],
    ['HTTPS://www.GitHub.com', 'github.com'],
    ['http://github.com:443/', 'github.com'],
    ['https://me@git.example.com/gitlab/', 'git.example.com/gitlab'],
    ['git@github.com:acme/app.git', 'github.com/acme/app'],
    ['https://github.com/acme/app.git', 'github.com/acme/app'],
    ['https://github.com/acme/app?tab=readme#top', 'github.com/acme/app'],
    ['https://xn--gt-tja.example.com/', 'gït.example.com'],
    ['GÏT.example.com/', 'gït.example.com'],
    ['github.com.', 'github.com'],
  ])('%j reads as %j', (text, key) => {
    expect(addressKey(text)).toBe(key);
  });

  it.each([
    ['https://github.com/', true],
    ['github.com/', true],
    ['www.github.com', true],
    ['git@github.com:acme/app.git', true],
    ['github.com', false],
    ['gitlab', false],
  ])('%j is an address term: %s', (term, expected) => {
    expect(isAddressTerm(term)).toBe(expected);
  });

  it.each<[string, string[]]>([
    // Case 8: a trailing slash, with or without scheme.
    ['https://github.com/', ['GitHub']],
    ['https://git.example.com/gitlab/', ['GitLab self-managed']],
    ['git.example.com/gitlab/', ['GitLab self-managed']],
    // Beyond the example: www., http, default port, a page or repository below the address, clone addresses.
    ['https://www.github.com', ['GitHub']],
    ['http://github.com:443/', ['GitHub']],
    ['https://github.com/acme/app/pulls', ['GitHub']],
    ['git@github.com:acme/app.git', ['GitHub']],
    ['https://git.example.com/gitlab/acme/app.git', ['GitLab self-managed']],
    ['https://gitlab.com/', ['GitLab.com']],
    ['https://bitbucket.example.com/scm/proj/app.git', ['Bitbucket Data Center']],
    ['https://tfs.example.com/tfs/DefaultCollection/', ['Azure DevOps Server']],
    ['https://codeberg.org/', ['Codeberg (Forgejo)']],
    // Azure DevOps Services by organization, new and legacy address.
    ['https://dev.azure.com/acme/', ['Azure DevOps (acme)']],
    ['https://acme.visualstudio.com/', ['Azure DevOps (acme)']],
    ['https://dev.azure.com/acme/Project/_git/app', ['Azure DevOps (acme)']],
    ['https://dev.azure.com/other/', []],
    // Unicode hosts in either form.
    ['https://xn--gt-tja.example.com/', ['Unicode Gitea']],
    ['https://gït.example.com/', ['Unicode Gitea']],
    // Part of an address still narrows; an unrelated address finds nothing.
    ['example.com/gitlab', ['GitLab self-managed']],
    ['https://github.example.org/', []],
    // Only the scheme of a paste in progress: everything with an address still shows.
    ['https://', INTEGRATIONS.filter((integration) => integration.hostType !== 'aws-codecommit').map((integration) => integration.name)],
  ])('%j finds %j', (term, names) => {
    expect(found(term).sort()).toEqual([...names].sort());
  });

  it('gives no address for AWS CodeCommit, which has none', () => {
    expect(integrationAddresses({ hostType: 'aws-codecommit' })).toEqual([]);
  });
});
