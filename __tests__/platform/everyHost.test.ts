/**
 * Every host type, through the real personal resolvers over the KVS emulator and the Forge runtime
 * double: a valid credential is saved as valid with the account the host names, one the host refuses
 * is not stored, and one whose host cannot be reached is saved as unreachable. The hosts are loopback
 * fakes answering like the real APIs (support/gitHostApis.ts); self-hosted servers are checked only
 * once a Jira admin approved their domain (customer-managed egress).
 */
// First: the host route must be in place before anything loads @forge/api (support/hostFetch.ts).
import { loopbackFetch, routeHostFetch } from '../support/hostFetch';
import type { PatView, ResolverResult } from '../../src/contract';
import { egressDomain } from '../../src/domain/egressRules';
import { HOST_TYPES, HOSTS, type HostType } from '../../src/domain/hosts';
import { rewriteOrigins } from '../../tools/preview/egressMap';
import { demoIntegrations } from '../../tools/fixtures/integrations';
import { FakeHost } from '../support/fakeHost';
import { gitHostApis, VALID } from '../support/gitHostApis';
import { seedCatalog, useForge } from '../support/forge';
import { createPersonalHandler } from '../../src/resolvers/personal';
import { invokeAsForge } from '../../tools/forge-doubles/invokeAsForge';
import { getUserToken } from '../../src/tokens/userToken';

const INTEGRATIONS = demoIntegrations();
/** The origin each demo integration's check goes to. */
const ORIGINS: Record<HostType, string> = {
  github: 'https://api.github.com',
  'github-enterprise': 'https://github.example.com',
  gitlab: 'https://gitlab.com',
  'gitlab-self-managed': 'https://git.example.com',
  'bitbucket-cloud': 'https://api.bitbucket.org',
  'bitbucket-dc': 'https://bitbucket.example.com',
  'azure-devops': 'https://dev.azure.com',
  'azure-devops-server': 'https://tfs.example.com',
  gitea: 'https://codeberg.org',
  gerrit: 'https://review.example.com',
  'aws-codecommit': 'https://sts.amazonaws.com',
};

const hosts = new FakeHost();
const closed = new FakeHost();
let down = false;
let hostRequests = 0;
routeHostFetch((url, init) => {
  hostRequests += 1;
  const target = down ? closed.origin : hosts.origin;
  return rewriteOrigins(loopbackFetch, Object.fromEntries(Object.values(ORIGINS).map((origin) => [origin, target])))(url, init);
});

const handler = createPersonalHandler({ timeoutMs: 2000 });
const forge = useForge();
const ALICE = '557058:0a1b2c3d-alice';

function integrationOf(hostType: HostType) {
  return INTEGRATIONS.find((integration) => integration.hostType === hostType)!;
}

/** What a person types for this host: the valid credential, or one with the secret part wrong. */
function typed(hostType: HostType, valid: boolean): { token: string; account?: string } {
  const kind = HOSTS[hostType].credential.kind;
  if (kind === 'aws')
    return { account: VALID.accessKeyId, token: valid ? VALID.secretAccessKey : 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYWRONGKEY00' };
  const token = valid ? VALID.token : 'wrong-token-0123456789abcdefQQQQ';
  if (kind === 'basic') return { token, account: hostType === 'bitbucket-cloud' ? VALID.email : VALID.username };
  return { token };
}

function save(hostType: HostType, valid = true): Promise<ResolverResult<PatView>> {
  return invokeAsForge(handler, 'savePat', { integrationId: integrationOf(hostType).id, ...typed(hostType, valid) }, ALICE) as Promise<
    ResolverResult<PatView>
  >;
}

/** The account each fake host names for the valid credential. */
const LOGINS: Record<HostType, string> = {
  github: 'octocat',
  'github-enterprise': 'octocat',
  gitlab: 'ana',
  'gitlab-self-managed': 'ana',
  'bitbucket-cloud': 'ana-example',
  'bitbucket-dc': 'ana',
  'azure-devops': 'ana@example.com',
  'azure-devops-server': 'ana@example.com',
  gitea: 'ana',
  gerrit: 'ana',
  'aws-codecommit': 'arn:aws:iam::123456789012:user/ana',
};

const SECRETS = [VALID.token, VALID.secretAccessKey];

beforeAll(async () => {
  await hosts.start();
  await closed.start();
  await closed.stop();
});
afterAll(() => hosts.stop());

beforeEach(async () => {
  await seedCatalog(forge.kvs, INTEGRATIONS);
  hosts.answer(gitHostApis);
  down = false;
  hostRequests = 0;
  // The Jira admin approved every self-hosted server of the demo catalog.
  for (const integration of INTEGRATIONS)
    if (integration.baseUrl && HOSTS[integration.hostType].deployment === 'self-hosted')
      forge.approvedEgress.add(egressDomain(integration.baseUrl));
});

afterEach(() => {
  // The secret never reaches a plain (unencrypted) value.
  const plain = JSON.stringify(forge.kvs.entries('plain'));
  for (const secret of SECRETS) expect(plain).not.toContain(secret);
});

describe.each(HOST_TYPES.map((hostType) => [HOSTS[hostType].name, hostType] as const))('%s', (_name, hostType) => {
  it('saves a valid credential as valid, with the account the host names and the whole credential for later calls', async () => {
    const result = await save(hostType);
    expect(JSON.stringify(result)).not.toContain(typed(hostType, true).token);
    expect(result).toMatchObject({ ok: true, value: { verification: { status: 'valid', login: LOGINS[hostType] } } });
    expect(hostRequests).toBeGreaterThanOrEqual(1);
    const saved = await getUserToken(ALICE, integrationOf(hostType).id);
    const { token, account } = typed(hostType, true);
    const kind = HOSTS[hostType].credential.kind;
    expect(saved?.credential).toEqual(
      kind === 'token'
        ? { kind, token }
        : kind === 'basic'
          ? { kind, username: account, secret: token }
          : { kind, accessKeyId: account, secretAccessKey: token },
    );
    if (result.ok) expect(result.value.account).toBe(account);
  });

  it('refuses a credential the host rejects and stores nothing', async () => {
    const before = forge.kvs.snapshot();
    const result = await save(hostType, false);
    expect(result).toMatchObject({ ok: false, error: { code: 'TOKEN_REJECTED' } });
    expect(forge.kvs.snapshot()).toBe(before);
  });

  it('saves a credential whose host cannot be reached as unreachable', async () => {
    down = true;
    const result = await save(hostType);
    expect(result).toMatchObject({
      ok: true,
      value: { verification: { status: 'unreachable', reason: expect.stringMatching(/could not be reached/) } },
    });
    expect(forge.kvs.entries('secret')).toHaveLength(1);
  });
});

describe.each(
  HOST_TYPES.filter(
    (hostType) => HOSTS[hostType].deployment === 'self-hosted' && integrationOf(hostType).baseUrl !== 'https://codeberg.org',
  ).map((hostType) => [HOSTS[hostType].name, hostType] as const),
)('%s before the Jira admin approved it', (_name, hostType) => {
  it('saves the token as not verified, saying why, without a request', async () => {
    forge.approvedEgress.clear();
    const domain = egressDomain(integrationOf(hostType).baseUrl!);
    expect(await save(hostType)).toMatchObject({
      ok: true,
      value: {
        verification: {
          status: 'not-verified',
          reason: `Your Jira admin has not allowed token checks to ${domain} yet, so the token was saved without a check.`,
        },
      },
    });
    expect(hostRequests).toBe(0);
  });
});

describe('credential fields', () => {
  it.each([
    ['bitbucket-cloud', { token: VALID.token }, 'account', /Enter your Atlassian account email/],
    ['bitbucket-cloud', { token: VALID.token, account: 'ana' }, 'account', /like name@example\.com/],
    ['gerrit', { token: VALID.token, account: 'an:a' }, 'account', /cannot contain a colon/],
    ['aws-codecommit', { token: VALID.secretAccessKey, account: 'ASIAIOSFODNN7EXAMPLE' }, 'account', /temporary access key/],
    ['aws-codecommit', { token: VALID.secretAccessKey, account: 'AKIA123' }, 'account', /AKIA followed by 16/],
    ['aws-codecommit', { token: 'short', account: VALID.accessKeyId }, 'token', /40 characters/],
    ['aws-codecommit', { token: VALID.secretAccessKey, account: VALID.accessKeyId, region: 'Europe' }, 'region', /AWS Region code/],
    ['github', { token: VALID.token, account: 'ana' }, 'account', /takes a token alone/],
    ['github', { token: VALID.token, region: 'eu-west-1' }, 'region', /takes no AWS Region/],
  ] as const)('%s with %j is refused on %s, nothing asked or stored', async (hostType, fields, field, message) => {
    const before = forge.kvs.snapshot();
    const result = await invokeAsForge(handler, 'savePat', { integrationId: integrationOf(hostType).id, ...fields }, ALICE);
    expect(result).toEqual({ ok: false, error: { code: 'INVALID_TOKEN', message: expect.stringMatching(message), field } });
    expect(hostRequests).toBe(0);
    expect(forge.kvs.snapshot()).toBe(before);
  });

  it('keeps the AWS Region with the key and shows the key ID, never the secret', async () => {
    const result = await invokeAsForge(
      handler,
      'savePat',
      { integrationId: integrationOf('aws-codecommit').id, ...typed('aws-codecommit', true), region: 'eu-west-1' },
      ALICE,
    );
    expect(result).toMatchObject({ ok: true, value: { account: VALID.accessKeyId, region: 'eu-west-1', hint: 'EKEY' } });
    expect((await getUserToken(ALICE, integrationOf('aws-codecommit').id))?.credential).toEqual({
      kind: 'aws',
      accessKeyId: VALID.accessKeyId,
      secretAccessKey: VALID.secretAccessKey,
      region: 'eu-west-1',
    });
  });
});
