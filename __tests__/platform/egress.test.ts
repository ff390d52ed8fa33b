import { egressDomain, unreachableReason } from '../../src/domain/egressRules';
import { canFetchFromBackend } from '../../src/tokens/checkToken';
import { installForgeRuntime } from '../../tools/forge-doubles/forgeRuntime';
import type { EgressFetch, EgressInit } from '../../src/verification/egressFetch';
import { parseEgressMap, rewriteOrigins } from '../../src/verification/egressMap';

const approved = new Set<string>();
let uninstall: () => void = () => undefined;
beforeAll(() => {
  uninstall = installForgeRuntime(() => approved);
});
afterAll(() => uninstall());
beforeEach(() => approved.clear());

describe("the backend's egress, as Forge's canFetchFrom answers it over the runtime double", () => {
  it.each([
    'https://api.github.com/user',
    'https://gitlab.com/api/v4/user',
    'https://dev.azure.com/acme/_apis/connectionData',
    'https://codeberg.org/api/v1/user',
    'https://api.bitbucket.org/2.0/user',
    'https://sts.amazonaws.com/?Action=GetCallerIdentity',
  ])("allows the manifest's %s", (url) => {
    expect(canFetchFromBackend(url)).toBe(true);
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
    const recorder: EgressFetch = async (url) => {
      seen.push(url);
      return { status: 204, headers: { forEach: () => undefined }, text: async () => '' };
    };
    const fetch = rewriteOrigins(recorder, { 'https://gitlab.com': 'http://127.0.0.1:9102' });
    const init: EgressInit = { method: 'GET', headers: {}, redirect: 'manual', signal: new AbortController().signal };
    await fetch('https://gitlab.com/api/v4/user?x=1', init);
    await fetch('https://api.github.com/user', init);
    expect(seen).toEqual(['http://127.0.0.1:9102/api/v4/user?x=1', 'https://api.github.com/user']);
  });
});
