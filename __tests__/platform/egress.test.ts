import { normalizeBaseUrl } from '../../src/domain/baseUrl';
import { credentialFor } from '../../src/domain/credentialInput';
import { egressDomain, unreachableReason } from '../../src/domain/egressRules';
import { HOST_TYPES, HOSTS, type HostType } from '../../src/domain/hosts';
import { canFetchFromBackend } from '../../src/tokens/checkToken';
import type { EgressFetch, EgressInit } from '../../src/hostChecks/egressFetch';
import { parseEgressMap, rewriteOrigins } from '../../tools/preview/egressMap';
import { planCheck } from '../../src/hostChecks/planCheck';
import { credentialPayload } from '../../tools/fixtures/credentials';
import { demoIntegrations } from '../../tools/fixtures/integrations';
import { installForgeRuntime } from '../../tools/forge-doubles/forgeRuntime';
import { manifestBackendEgress } from '../../tools/manifest';

const approved = new Set<string>();
let uninstall: () => void = () => undefined;
beforeAll(() => {
  uninstall = installForgeRuntime(() => approved);
});
afterAll(() => uninstall());
beforeEach(() => approved.clear());

/**
 * Every URL the checks of the cloud host types ask, derived from the host registry and each host's check module:
 * where the app must reach with no site admin's approval. The manifest's fixed egress is the one list of what it
 * may reach; this is what it has to cover.
 */
function cloudCheckUrls(): string[] {
  return demoIntegrations()
    .filter((integration) => HOSTS[integration.hostType].deployment === 'cloud')
    .flatMap((integration) => {
      const { hostType } = integration;
      const region = HOSTS[hostType].credential.kind === 'aws' ? { region: 'eu-west-1' } : {};
      const credential = credentialFor(hostType, { ...credentialPayload(hostType, 'tok-1234567890abcdef'), ...region });
      const plan = planCheck(integration, credential, new Date(), () => true);
      if (plan.kind !== 'check') throw new Error(`${hostType}: no check planned (${plan.reason})`);
      return plan.requests.map((request) => request.url);
    });
}

const SELF_HOSTED: HostType[] = HOST_TYPES.filter((hostType) => HOSTS[hostType].deployment === 'self-hosted');

describe("the backend's egress, as Forge's canFetchFrom answers it over the runtime double", () => {
  it.each(cloudCheckUrls())("allows %s, where a cloud host's check goes, with no approval", (url) => {
    expect(canFetchFromBackend(url)).toBe(true);
  });

  it('lists in the manifest no host beyond those and public servers that self-hosted integrations can name', () => {
    const needed = new Set(cloudCheckUrls().map((url) => new URL(url).host));
    const others = manifestBackendEgress().filter((address) => !needed.has(address));
    // An address the admin form refuses for every self-hosted type is a cloud service's, and no check goes there.
    const stale = others.filter((address) => !SELF_HOSTED.some((hostType) => normalizeBaseUrl(hostType, `https://${address}`).ok));
    expect(stale).toEqual([]);
  });

  it('allows a public server of a self-hosted type that the manifest lists (Codeberg for Gitea / Forgejo)', () => {
    expect(canFetchFromBackend('https://codeberg.org/api/v1/user')).toBe(true);
  });

  it.each([
    ['a self-hosted server', 'https://git.example.com/api/v4/user'],
    ['plain http', 'http://api.github.com/user'],
    ['a look-alike host', 'https://api.github.com.evil.example/user'],
    ['a sub-domain of an allowed host', 'https://x.gitlab.com/api/v4/user'],
  ])('refuses %s', (_what, url) => {
    expect(canFetchFromBackend(url)).toBe(false);
  });

  it('allows a self-hosted server once its domain is approved, that domain only, and by origin when it names a port', () => {
    approved.add(egressDomain('https://git.example.com/gitlab'));
    expect(canFetchFromBackend('https://git.example.com/gitlab/api/v4/user')).toBe(true);
    expect(canFetchFromBackend('https://other.example.com/api/v4/user')).toBe(false);
    expect(canFetchFromBackend('https://git.example.com:8443/api/v4/user')).toBe(false);
    approved.add(egressDomain('https://git.example.com:8443'));
    expect(canFetchFromBackend('https://git.example.com:8443/api/v4/user')).toBe(true);
  });

  it('answers false, never throws, when the runtime is missing', () => {
    uninstall();
    expect(canFetchFromBackend('https://api.github.com/user')).toBe(false);
    uninstall = installForgeRuntime(() => approved);
  });
});

describe("Forge's egress rules", () => {
  it.each([
    ['https://git.example.com', undefined],
    ['https://git.example.com:8443/gitlab', undefined],
    ['https://bitbucket.example.com:7990', undefined],
    ['https://git.example.com:8081', /uses port 8081/],
    ['https://git.example.com:22', /uses port 22/],
  ])('%s can be reached: %s', (url, reason) => {
    const found = unreachableReason(url);
    if (reason) expect(found).toMatch(reason);
    else expect(found).toBeUndefined();
  });

  it('approves host names, and origins for servers on another port', () => {
    expect(egressDomain('https://git.example.com/gitlab')).toBe('git.example.com');
    expect(egressDomain('https://git.example.com:8443/gitlab')).toBe('https://git.example.com:8443');
  });
});

describe('egress map', () => {
  it('parses comma-separated origin pairs, ignoring blanks and trailing slashes', () => {
    expect(parseEgressMap(' https://api.github.com=http://127.0.0.1:9101 , https://gitlab.com/=http://127.0.0.1:9102/,')).toEqual({
      'https://api.github.com': 'http://127.0.0.1:9101',
      'https://gitlab.com': 'http://127.0.0.1:9102',
    });
    expect(parseEgressMap('')).toEqual({});
  });

  it.each([
    ['a missing target', 'https://api.github.com', /must look like/],
    ['an empty side', 'https://api.github.com=', /must look like/],
    ['two equals signs', 'https://api.github.com=http://a=b', /must look like/],
    ['a path', 'https://api.github.com/user=http://127.0.0.1:9101', /must be an origin only/],
    ['a query', 'https://api.github.com=http://127.0.0.1:9101/?x', /must be an origin only/],
    ['a non-URL', 'api.github.com=http://127.0.0.1:9101', /is not a URL/],
    ['a non-http scheme', 'https://api.github.com=ftp://127.0.0.1', /must be an origin only/],
    ['a repeated origin', 'https://api.github.com=http://127.0.0.1:1,https://api.github.com=http://127.0.0.1:2', /twice/],
  ])('refuses %s', (_what, text, message) => {
    expect(() => parseEgressMap(text)).toThrow(message);
  });

  it('rewrites mapped origins, keeps path and query, and passes other URLs through', async () => {
    const seen: string[] = [];
    const recorder: EgressFetch = (url) => {
      seen.push(url);
      return Promise.resolve({ status: 204, headers: { forEach: () => undefined }, text: () => Promise.resolve('') });
    };
    const fetch = rewriteOrigins(recorder, { 'https://gitlab.com': 'http://127.0.0.1:9102' });
    const init: EgressInit = { method: 'GET', headers: {}, redirect: 'manual', signal: new AbortController().signal };
    await fetch('https://gitlab.com/api/v4/user?x=1', init);
    await fetch('https://api.github.com/user', init);
    expect(seen).toEqual(['http://127.0.0.1:9102/api/v4/user?x=1', 'https://api.github.com/user']);
  });
});
