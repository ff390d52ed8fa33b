import { integrationInputSchema, integrationSchema } from '../../src/domain/integration';
import { hostLabel } from '../../src/domain/hostAddress';
import { demoIntegrations } from '../../tools/fixtures/integrations';

describe('integrations', () => {
  it('accepts one demo integration of every host type', () => {
    for (const integration of demoIntegrations()) {
      expect(integrationSchema.parse(integration)).toEqual(integration);
    }
  });

  it('needs a base URL for self-hosted hosts and refuses one for cloud hosts', () => {
    const selfHosted = integrationSchema.safeParse({ id: 'a', name: 'GHE', hostType: 'github-enterprise', requirePat: false });
    expect(selfHosted.error?.issues[0]?.message).toBe('GitHub Enterprise needs a base URL.');
    const cloud = integrationSchema.safeParse({ id: 'a', name: 'GH', hostType: 'github', baseUrl: 'https://x.example', requirePat: false });
    expect(cloud.error?.issues[0]?.message).toBe('GitHub is a cloud host and takes no base URL.');
  });

  it('stores the web root when the admin entered the API root, and keeps a real path prefix', () => {
    const parse = (hostType: string, baseUrl: string) =>
      integrationInputSchema.parse({ name: 'x', hostType, baseUrl, requirePat: false }).baseUrl;
    expect(parse('github-enterprise', 'https://ghe.example.com/api/v3')).toBe('https://ghe.example.com');
    expect(parse('gitlab-self-managed', 'https://git.example.com/gitlab/api/v4/')).toBe('https://git.example.com/gitlab');
    expect(parse('gitlab-self-managed', 'https://git.example.com/gitlab')).toBe('https://git.example.com/gitlab');
  });

  it('stores the organization name when the admin pasted an Azure DevOps address', () => {
    const parse = (organization: string) =>
      integrationInputSchema.parse({ name: 'x', hostType: 'azure-devops', organization, requirePat: false }).organization;
    expect(parse('acme.visualstudio.com')).toBe('acme');
    expect(parse('https://dev.azure.com/acme/')).toBe('acme');
    const refused = integrationInputSchema.safeParse({ name: 'x', hostType: 'azure-devops', organization: 'acme_corp', requirePat: false });
    expect(refused.error?.issues[0]).toMatchObject({
      path: ['organization'],
      message: expect.stringMatching(/^Enter only the organization name/),
    });
  });

  it('needs an organization for Azure DevOps', () => {
    const result = integrationSchema.safeParse({ id: 'a', name: 'ADO', hostType: 'azure-devops', requirePat: false });
    expect(result.error?.issues[0]?.message).toBe('Azure DevOps needs an organization.');
  });

  it('keeps any Unicode name up to 100 characters, trimmed', () => {
    const name = '  Гит 🚀 <img src=x onerror=alert(1)>  ';
    expect(integrationSchema.parse({ id: 'a', name, hostType: 'github', requirePat: true }).name).toBe(name.trim());
    expect(integrationSchema.safeParse({ id: 'a', name: 'n'.repeat(101), hostType: 'github', requirePat: true }).success).toBe(false);
  });

  it('refuses ids that could not be part of a storage key', () => {
    for (const id of ['', 'Has-Upper', 'a/b', 'a@b', '-leading', 'a'.repeat(64), '__proto__']) {
      expect(integrationSchema.safeParse({ id, name: 'x', hostType: 'github', requirePat: false }).success).toBe(false);
    }
  });

  it('labels the host the way the list shows it', () => {
    const [github, , , gitlabSelfManaged, , , azure] = demoIntegrations();
    expect(hostLabel(github!)).toBe('GitHub · github.com');
    expect(hostLabel(gitlabSelfManaged!)).toBe('GitLab self-managed · git.example.com/gitlab');
    expect(hostLabel(azure!)).toBe('Azure DevOps · dev.azure.com/acme');
    expect(hostLabel({ hostType: 'aws-codecommit' })).toBe('AWS CodeCommit');
  });
});

describe('base URL length', () => {
  it('is measured after normalizing, since percent-encoding lengthens a URL', () => {
    const short = `https://git.example.com/${'ü'.repeat(100)}`;
    expect(short.length).toBeLessThan(500);
    const result = integrationSchema.safeParse({ id: 'a', name: 'x', hostType: 'gitea', baseUrl: short, requirePat: false });
    expect(result.error?.issues[0]?.message).toBe('Base URL must be at most 500 characters.');
  });
});
