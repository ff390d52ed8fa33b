import type { AdminPage, IntegrationInput, PersonalPageWire } from '../../src/contract';
import { decodePersonalPage } from '../../src/domain/catalogWire';
import { demoIntegrations } from '../../tools/fixtures/integrations';
import { callPersonal, callAdmin, seedCatalog, storedHolders, storedPats, storedTokens, useForge } from '../support/forge';

const forge = useForge();
const ADMIN = 'admin-1';
const OTHER_ADMIN = '557058:admin-2';
const USER = '557058:plain-user';
const USER_2 = 'user-2';

async function adminPage(): Promise<AdminPage> {
  const result = await callAdmin<AdminPage>('getAdminPage', {}, ADMIN);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

async function save(integration: IntegrationInput, accountId = ADMIN, expectedRevision?: number) {
  const revision = expectedRevision ?? (await adminPage()).revision;
  return callAdmin<AdminPage>('saveIntegration', { integration, expectedRevision: revision }, accountId);
}

const GITLAB_SELF: IntegrationInput = {
  name: 'Acme GitLab',
  hostType: 'gitlab-self-managed',
  baseUrl: 'https://git.acme.example/gitlab/',
  requirePat: true,
};

beforeEach(async () => {
  await seedCatalog(forge.kvs, demoIntegrations());
});

describe('only Jira administrators', () => {
  const calls: [string, unknown][] = [
    ['getAdminPage', {}],
    ['saveIntegration', { integration: GITLAB_SELF, expectedRevision: 1 }],
    ['getRemovalImpact', { integrationId: 'demo-github' }],
    ['removeIntegration', { integrationId: 'demo-github', expectedRevision: 1 }],
  ];

  it.each(calls)('refuses %s to a user who is not an admin, changing nothing', async (functionKey, payload) => {
    const before = forge.kvs.snapshot();
    expect(await callAdmin(functionKey, payload, USER)).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Only Jira administrators can manage git integrations.' },
    });
    expect(forge.kvs.snapshot()).toBe(before);
    expect(forge.jiraCalls).toEqual(['/rest/api/3/mypermissions?permissions=ADMINISTER']);
  });

  it('refuses a call without a signed-in account', async () => {
    expect(await callAdmin('getAdminPage', {}, undefined)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses, changing nothing, when Jira cannot confirm the caller is an admin', async () => {
    forge.jiraAnswers = () => new Response('{}', { status: 503 });
    const before = forge.kvs.snapshot();
    expect(await callAdmin('removeIntegration', { integrationId: 'demo-github', expectedRevision: 1 }, ADMIN)).toEqual({
      ok: false,
      error: {
        code: 'FORBIDDEN',
        message: 'Jira did not confirm that you are an administrator, so nothing was changed. Try again in a moment.',
      },
    });
    expect(forge.kvs.snapshot()).toBe(before);
  });

  it('asks Jira on every call, caching nothing across users', async () => {
    expect((await callAdmin('getAdminPage', {}, ADMIN)).ok).toBe(true);
    expect((await callAdmin('getAdminPage', {}, USER)).ok).toBe(false);
    expect((await callAdmin('getAdminPage', {}, ADMIN)).ok).toBe(true);
    expect(forge.jiraCalls).toHaveLength(3);
  });

  it('keeps the personal resolvers away from admin actions', async () => {
    expect(await callPersonal('saveIntegration', { integration: GITLAB_SELF, expectedRevision: 1 }, ADMIN)).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_RESOLVER' },
    });
  });
});

describe('managing integrations', () => {
  it('lists the integrations with a revision', async () => {
    const page = await adminPage();
    expect(page.integrations.map((i) => i.id)).toEqual(demoIntegrations().map((i) => i.id));
    expect(page.revision).toBe(1);
  });

  it('adds a self-hosted integration with a normalized base URL and a server-assigned id that users then see', async () => {
    const result = await save(GITLAB_SELF);
    if (!result.ok) throw new Error(result.error.message);
    const added = result.value.integrations.at(-1)!;
    expect(added).toEqual({
      id: expect.stringMatching(/^gitlab-[0-9a-f]{10}$/),
      name: 'Acme GitLab',
      hostType: 'gitlab-self-managed',
      baseUrl: 'https://git.acme.example/gitlab',
      requirePat: true,
    });
    expect(result.value.revision).toBe(2);
    const personal = await callPersonal<PersonalPageWire>('getPersonalPage', {}, USER);
    expect(personal.ok && decodePersonalPage(personal.value).integrations.at(-1)).toEqual(added);
  });

  it('edits an integration in place', async () => {
    const result = await save({ id: 'demo-gitlab', name: 'GitLab (company)', hostType: 'gitlab', requirePat: true });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.integrations.find((i) => i.id === 'demo-gitlab')).toEqual({
      id: 'demo-gitlab',
      name: 'GitLab (company)',
      hostType: 'gitlab',
      requirePat: true,
    });
    expect(result.value.integrations).toHaveLength(demoIntegrations().length);
  });

  it('keeps any Unicode name as text', async () => {
    const result = await save({ name: '<img src=x onerror=alert(1)> Ĝit 🚀', hostType: 'github', requirePat: false });
    expect(result.ok && result.value.integrations.at(-1)?.name).toBe('<img src=x onerror=alert(1)> Ĝit 🚀');
  });

  const refusals: [string, Partial<IntegrationInput> & Record<string, unknown>, string, string][] = [
    ['an empty name', { name: '   ' }, 'INVALID_INTEGRATION', 'Name is required.'],
    ['a name over 100 characters', { name: 'n'.repeat(101) }, 'INVALID_INTEGRATION', 'Name must be at most 100 characters.'],
    [
      'a name that is taken, in another case',
      { name: 'gitlab.COM' },
      'INVALID_INTEGRATION',
      'An integration named “GitLab.com” already exists.',
    ],
    ['an unknown host type', { hostType: 'sourceforge' as IntegrationInput['hostType'] }, 'INVALID_INTEGRATION', 'Unknown host type.'],
    ['an http base URL', { baseUrl: 'http://git.acme.example' }, 'INVALID_INTEGRATION', 'Base URL must start with https://.'],
    ['a javascript: base URL', { baseUrl: 'javascript:alert(1)' }, 'INVALID_INTEGRATION', 'Base URL must start with https://.'],
    ['a data: base URL', { baseUrl: 'data:text/html,hi' }, 'INVALID_INTEGRATION', 'Base URL must start with https://.'],
    [
      'a base URL with credentials',
      { baseUrl: 'https://me:pw@git.acme.example' },
      'INVALID_INTEGRATION',
      'Base URL must not contain a user name or password.',
    ],
    ['a base URL with a query', { baseUrl: 'https://git.acme.example/?x=1' }, 'INVALID_INTEGRATION', 'Base URL must not contain a query.'],
    [
      'a base URL with a fragment',
      { baseUrl: 'https://git.acme.example/#x' },
      'INVALID_INTEGRATION',
      'Base URL must not contain a fragment.',
    ],
    ['no base URL for a self-hosted host', { baseUrl: undefined }, 'INVALID_INTEGRATION', 'GitLab self-managed needs a base URL.'],
    ['a base URL for a cloud host', { hostType: 'github' }, 'INVALID_INTEGRATION', 'GitHub is a cloud host and takes no base URL.'],
    [
      'no organization for Azure DevOps',
      { hostType: 'azure-devops', baseUrl: undefined },
      'INVALID_INTEGRATION',
      'Azure DevOps needs an organization.',
    ],
    ['an organization elsewhere', { organization: 'acme' }, 'INVALID_INTEGRATION', 'GitLab self-managed takes no organization.'],
    [
      'an unknown integration id',
      { id: 'no-such-integration' },
      'UNKNOWN_INTEGRATION',
      'This integration does not exist (any more). Reload the page.',
    ],
    ['a malformed id', { id: 'Bad/Id' }, 'INVALID_INTEGRATION', 'Integration id is malformed.'],
    ['an extra field', { accountId: USER }, 'INVALID_PAYLOAD', 'Unexpected field: "accountId".'],
    ['require PAT as text', { requirePat: 'yes' as unknown as boolean }, 'INVALID_INTEGRATION', 'Require PAT must be true or false.'],
  ];

  it.each(refusals)('refuses %s, changing nothing', async (_name, change, code, message) => {
    const before = forge.kvs.snapshot();
    const result = await save({ ...GITLAB_SELF, ...change });
    expect(result).toMatchObject({ ok: false, error: { code, message } });
    expect(forge.kvs.snapshot()).toBe(before);
  });

  it('refuses a save made from a stale page, changing nothing', async () => {
    const stale = (await adminPage()).revision;
    expect((await save({ name: 'First', hostType: 'github', requirePat: false }, OTHER_ADMIN)).ok).toBe(true);
    const before = forge.kvs.snapshot();
    const result = await save({ id: 'demo-github', name: 'Renamed', hostType: 'github', requirePat: false }, ADMIN, stale);
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('reload') } });
    expect(forge.kvs.snapshot()).toBe(before);
  });

  it('lets exactly one of two admins saving at once win, losing nothing of the winner', async () => {
    const revision = (await adminPage()).revision;
    const [a, b] = await Promise.all([
      save({ name: 'From admin one', hostType: 'github', requirePat: false }, ADMIN, revision),
      save({ name: 'From admin two', hostType: 'gitlab', requirePat: false }, OTHER_ADMIN, revision),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect([a, b].find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const after = await adminPage();
    expect(after.revision).toBe(revision + 1);
    expect(after.integrations).toHaveLength(demoIntegrations().length + 1);
  });

  it('keeps the personal page load at one storage request after admin changes', async () => {
    await save(GITLAB_SELF);
    forge.kvs.resetCounts();
    await callPersonal('getPersonalPage', {}, USER);
    expect(forge.kvs.count()).toBe(1);
  });
});

describe('removing an integration', () => {
  beforeEach(async () => {
    await callPersonal('savePat', { integrationId: 'demo-gitlab', token: 'glpat-user-one-token-1111' }, USER);
    await callPersonal('savePat', { integrationId: 'demo-gitlab', token: 'glpat-user-two-token-2222' }, USER_2);
    await callPersonal('savePat', { integrationId: 'demo-github', token: 'ghp_user_one_github_3333' }, USER);
  });

  it('says how many users hold a PAT for it before anything happens', async () => {
    const before = forge.kvs.snapshot();
    expect(await callAdmin('getRemovalImpact', { integrationId: 'demo-gitlab' }, ADMIN)).toEqual({
      ok: true,
      value: { integrationId: 'demo-gitlab', users: 2 },
    });
    expect(forge.kvs.snapshot()).toBe(before);
  });

  it('purges exactly that integration’s PATs for every user and nothing else', async () => {
    const { revision } = await adminPage();
    const result = await callAdmin<AdminPage & { purgedUsers: number }>(
      'removeIntegration',
      { integrationId: 'demo-gitlab', expectedRevision: revision },
      ADMIN,
    );
    expect(result).toMatchObject({ ok: true, value: { purgedUsers: 2, revision: revision + 1 } });
    expect(result.ok && result.value.integrations.some((i) => i.id === 'demo-gitlab')).toBe(false);
    expect(storedTokens(forge.kvs)).toEqual([[`${USER}#demo-github`, 'ghp_user_one_github_3333']]);
    expect(storedPats(forge.kvs)).toEqual([`${USER}#demo-github`]);
    expect(storedHolders(forge.kvs)).toEqual([`${USER}#demo-github`]);
    expect(forge.kvs.entityEntries('integration').map(([key]) => key)).not.toContain('demo-gitlab');
    const userPage = await callPersonal<PersonalPageWire>('getPersonalPage', {}, USER);
    expect(userPage.ok && decodePersonalPage(userPage.value).pats.map((pat) => pat.integrationId)).toEqual(['demo-github']);
    const user2Page = await callPersonal<PersonalPageWire>('getPersonalPage', {}, USER_2);
    expect(user2Page.ok && user2Page.value.p).toEqual([]);
  });

  it('refuses a removal from a stale page', async () => {
    const before = forge.kvs.snapshot();
    expect(await callAdmin('removeIntegration', { integrationId: 'demo-gitlab', expectedRevision: 0 }, ADMIN)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(forge.kvs.snapshot()).toBe(before);
  });
});

describe('token checks of self-hosted servers on the admin page', () => {
  it('reports each integration as built in, waiting for approval, or allowed once Forge lets the backend reach it', async () => {
    await seedCatalog(forge.kvs, demoIntegrations());
    const before = await callAdmin<AdminPage>('getAdminPage', {}, 'admin-1');
    if (!before.ok) throw new Error(before.error.message);
    expect(before.value.egress).toMatchObject({
      'demo-github': { state: 'built-in' },
      'demo-gitlab-self-managed': { state: 'waiting', domain: 'git.example.com' },
      // Codeberg is in the manifest: its checks need no approval.
      'demo-gitea': { state: 'allowed', domain: 'codeberg.org' },
    });
    forge.approvedEgress.add('git.example.com');
    const after = await callAdmin<AdminPage>('getAdminPage', {}, 'admin-1');
    expect(after.ok && after.value.egress['demo-gitlab-self-managed']).toEqual({ state: 'allowed', domain: 'git.example.com' });
  });
});
