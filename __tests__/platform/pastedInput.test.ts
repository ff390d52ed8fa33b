/**
 * What people really paste (issue 15), through the real resolvers over the KVS emulator: admins'
 * base URLs and organizations, and users' tokens with quotes, a scheme word or invisible characters.
 * GitHub answers from a loopback fake that accepts only the token itself, as api.github.com does
 * (https://docs.github.com/en/rest/users/users#get-the-authenticated-user: 401 "Bad credentials").
 */
// First: the host route must be in place before anything loads @forge/api (support/hostFetch.ts).
import { loopbackFetch, routeHostFetch } from '../support/hostFetch';
import type { AdminPage, IntegrationInput, PatView, PersonalPageWire, ResolverResult } from '../../src/contract';
import { decodePersonalPage } from '../../src/domain/catalogWire';
import { rewriteOrigins } from '../../tools/preview/egressMap';
import { demoIntegrations } from '../../tools/fixtures/integrations';
import { CHECKED_ORIGINS, FakeHost } from '../support/fakeHost';
import { callPersonal, callAdmin, seedCatalog, storedTokens, useForge } from '../support/forge';

const hosts = new FakeHost();
routeHostFetch((url, init) =>
  rewriteOrigins(loopbackFetch, Object.fromEntries(CHECKED_ORIGINS.map((origin) => [origin, hosts.origin])))(url, init),
);

const forge = useForge();
const ADMIN = 'admin-1';
const ALICE = '557058:0a1b2c3d-alice';
const GITHUB_TOKEN = 'ghp_PastedSecret0123456789abcdefGOOD';
const GITLAB_TOKEN = 'glpat-PastedSecret0123456789-0000';
const APP_PASSWORD = 'ATBB3g7gLXseCxPjJs1CQNMyEjwf1D12516D';

let consoleCalls: jest.SpyInstance[] = [];

beforeAll(() => hosts.start());
afterAll(() => hosts.stop());

beforeEach(async () => {
  await seedCatalog(forge.kvs, demoIntegrations());
  consoleCalls = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) => jest.spyOn(console, method));
  hosts.answer((_path, headers) =>
    headers.authorization === `Bearer ${GITHUB_TOKEN}`
      ? { status: 200, headers: { 'X-OAuth-Scopes': 'repo' }, body: { login: 'octocat' } }
      : { status: 401, body: { message: 'Bad credentials' } },
  );
});

afterEach(() => {
  const logged = JSON.stringify(consoleCalls.flatMap((spy) => spy.mock.calls as unknown[][]));
  jest.restoreAllMocks();
  // No token, however it was pasted, reaches a log line or a plain KVS value.
  for (const token of [GITHUB_TOKEN, GITLAB_TOKEN, APP_PASSWORD]) {
    expect(logged).not.toContain(token);
    expect(JSON.stringify(forge.kvs.entries('plain'))).not.toContain(token);
  }
});

async function addIntegration(integration: IntegrationInput): Promise<ResolverResult<AdminPage>> {
  const page = await callAdmin<AdminPage>('getAdminPage', {}, ADMIN);
  if (!page.ok) throw new Error(page.error.message);
  return callAdmin<AdminPage>('saveIntegration', { integration, expectedRevision: page.value.revision }, ADMIN);
}

async function added(integration: IntegrationInput) {
  const result = await addIntegration(integration);
  if (!result.ok) throw new Error(result.error.message);
  const personal = await callPersonal<PersonalPageWire>('getPersonalPage', {}, ALICE);
  if (!personal.ok) throw new Error(personal.error.message);
  // What the admin page answers is what every user's page then lists.
  expect(decodePersonalPage(personal.value).integrations.at(-1)).toEqual(result.value.integrations.at(-1));
  return result.value.integrations.at(-1)!;
}

describe('base URLs and organizations as admins paste them', () => {
  it.each<[IntegrationInput['hostType'], string, string]>([
    // Case 1 and the same kind for every self-hosted type.
    ['github-enterprise', 'https://ghe.example.com/api/v3', 'https://ghe.example.com'],
    ['gitlab-self-managed', 'https://git.example.com/gitlab/api/v4/', 'https://git.example.com/gitlab'],
    ['gitea', 'https://gitea.example.com/api/v1', 'https://gitea.example.com'],
    ['bitbucket-dc', 'https://bitbucket.example.com/rest/api/latest', 'https://bitbucket.example.com'],
    ['azure-devops-server', 'https://ado.example.com/tfs/Main/_apis', 'https://ado.example.com/tfs/Main'],
    ['gerrit', 'https://review.example.com/r/a/accounts/self', 'https://review.example.com/r'],
    // Beyond: a bare host, a page that was open, a clone address.
    ['github-enterprise', 'ghe.example.com', 'https://ghe.example.com'],
    ['gitlab-self-managed', 'https://git.example.com/-/user_settings/personal_access_tokens', 'https://git.example.com'],
    ['bitbucket-dc', 'https://bitbucket.example.com/scm/proj/app.git', 'https://bitbucket.example.com'],
    // Case 3: a Unicode host is stored in ASCII, which requests and links need.
    ['gitea', 'https://gït.example.com/', 'https://xn--gt-tja.example.com'],
  ])('%s: %j is stored as %j', async (hostType, baseUrl, stored) => {
    expect(await added({ name: 'Pasted', hostType, baseUrl, requirePat: false })).toMatchObject({ baseUrl: stored });
  });

  it.each<[IntegrationInput['hostType'], string, string]>([
    [
      'gitlab-self-managed',
      'https://git.example.com/acme/app.git',
      "This is a repository's address. Enter the address of the GitLab self-managed server itself, such as https://git.example.com.",
    ],
    [
      'github-enterprise',
      'https://api.github.com',
      'api.github.com is GitHub in the cloud: choose GitHub as the host type (it needs no base URL).',
    ],
    [
      'gitlab-self-managed',
      'git@git.example.com:acme/app.git',
      'This is an SSH clone address. Enter the web address people open in a browser, such as https://git.example.com.',
    ],
  ])('%s: refuses %j with what to enter, changing nothing', async (hostType, baseUrl, message) => {
    const before = forge.kvs.snapshot();
    expect(await addIntegration({ name: 'Pasted', hostType, baseUrl, requirePat: false })).toEqual({
      ok: false,
      error: { code: 'INVALID_INTEGRATION', message, field: 'integration.baseUrl' },
    });
    expect(forge.kvs.snapshot()).toBe(before);
  });

  it('case 3: tells users which Unicode host is not on the egress list in Unicode, while asking nothing of it', async () => {
    const gitea = await added({ name: 'Unicode Gitea', hostType: 'gitea', baseUrl: 'https://gït.example.com:8443', requirePat: false });
    const result = await savePat(gitea.id, GITHUB_TOKEN);
    expect(result).toMatchObject({
      ok: true,
      value: {
        verification: {
          status: 'not-verified',
          reason: 'Your Jira admin has not allowed token checks to gït.example.com:8443 yet, so the token was saved without a check.',
        },
      },
    });
    expect(hosts.seen).toEqual([]);
  });

  it.each([
    // Case 2: every form of the organization an admin might paste.
    ['acme.visualstudio.com', 'acme'],
    ['https://acme.visualstudio.com/', 'acme'],
    ['dev.azure.com/acme', 'acme'],
    ['https://dev.azure.com/acme/', 'acme'],
    ['https://dev.azure.com/acme/Project/_git/app', 'acme'],
    ['git@ssh.dev.azure.com:v3/acme/Project/app', 'acme'],
  ])('Azure DevOps: the organization %j is stored as %j', async (organization, stored) => {
    expect(await added({ name: 'Pasted', hostType: 'azure-devops', organization, requirePat: false })).toMatchObject({
      organization: stored,
    });
  });

  it('refuses an organization Azure DevOps would not allow, naming only allowed characters, changing nothing', async () => {
    const before = forge.kvs.snapshot();
    expect(await addIntegration({ name: 'Pasted', hostType: 'azure-devops', organization: 'acme_corp', requirePat: false })).toEqual({
      ok: false,
      error: {
        code: 'INVALID_INTEGRATION',
        message:
          'Enter only the organization name, as in dev.azure.com/acme: English letters, digits and hyphens (not first or last), at most 50 characters.',
        field: 'integration.organization',
      },
    });
    expect(forge.kvs.snapshot()).toBe(before);
  });
});

async function savePat(integrationId: string, token: string): Promise<ResolverResult<PatView>> {
  const result = await callPersonal<PatView>('savePat', { integrationId, token }, ALICE);
  for (const secret of [GITHUB_TOKEN, GITLAB_TOKEN, APP_PASSWORD]) expect(JSON.stringify(result)).not.toContain(secret);
  return result;
}

describe('tokens as users paste them', () => {
  it.each([
    // Case 4: quotes around the token; GitHub is asked with the token alone and accepts it.
    ['double quotes', `"${GITHUB_TOKEN}"`],
    ['single quotes', `'${GITHUB_TOKEN}'`],
    ['backticks', `\`${GITHUB_TOKEN}\``],
    ['typographic quotes', `“${GITHUB_TOKEN}”`],
    // Case 5: a scheme word in front.
    ['Bearer in front', `Bearer ${GITHUB_TOKEN}`],
    ['token in front', `token ${GITHUB_TOKEN}`],
    ['a copied header', `Authorization: Bearer ${GITHUB_TOKEN}`],
    // Case 6: invisible characters at the ends.
    ['zero-width spaces around it', `\u200b${GITHUB_TOKEN}\u200b`],
    ['a byte order mark and a word joiner', `\ufeff${GITHUB_TOKEN}\u2060\n`],
  ])('GitHub: a token pasted with %s is saved and checked as valid', async (_label, pasted) => {
    const result = await savePat('demo-github', pasted);
    expect(result).toMatchObject({ ok: true, value: { hint: 'GOOD', verification: { status: 'valid', login: 'octocat' } } });
    expect(hosts.seen.map((seen) => seen.headers.authorization)).toEqual([`Bearer ${GITHUB_TOKEN}`]);
    expect(storedTokens(forge.kvs)).toEqual([[`${ALICE}#demo-github`, GITHUB_TOKEN]]);
  });

  it('case 4: a quoted token for a self-managed GitLab is stored without its quotes (hint 0000, not 000")', async () => {
    const result = await savePat('demo-gitlab-self-managed', `"${GITLAB_TOKEN}"`);
    expect(result).toMatchObject({ ok: true, value: { hint: '0000' } });
    expect(storedTokens(forge.kvs)).toEqual([[`${ALICE}#demo-gitlab-self-managed`, GITLAB_TOKEN]]);
  });

  it.each([
    [
      'a zero-width space inside',
      `ghp_Pasted\u200bSecret0123456789abcdef`,
      'The token contains an invisible character (zero-width space, U+200B) inside it. Copy the token again, or delete that character.',
    ],
    [
      'a word joiner inside, with quotes around',
      `"ghp_Pasted\u2060Secret0123456789abcdef"`,
      'The token contains an invisible character (word joiner, U+2060) inside it. Copy the token again, or delete that character.',
    ],
    [
      'a Basic credential',
      'Basic dXNlcjpnaHBfUGFzdGVk',
      'This is a Basic credential (a user name and password encoded together). Paste the token alone.',
    ],
  ])('case 6: refuses %s, asking no host and storing nothing', async (_label, pasted, message) => {
    const before = forge.kvs.snapshot();
    expect(await savePat('demo-github', pasted)).toEqual({ ok: false, error: { code: 'INVALID_TOKEN', message, field: 'token' } });
    expect(hosts.seen).toEqual([]);
    expect(forge.kvs.snapshot()).toBe(before);
  });

  it('case 7: saves a Bitbucket app password (the dialog warns; the server does not block)', async () => {
    // Bitbucket Cloud takes the Atlassian account email with the token.
    const result = await callPersonal(
      'savePat',
      { integrationId: 'demo-bitbucket-cloud', token: ` ${APP_PASSWORD}\n`, account: 'alice@example.com' },
      ALICE,
    );
    expect(result).toMatchObject({ ok: true, value: { integrationId: 'demo-bitbucket-cloud', hint: '516D' } });
    expect(storedTokens(forge.kvs)).toEqual([[`${ALICE}#demo-bitbucket-cloud`, APP_PASSWORD]]);
  });
});
