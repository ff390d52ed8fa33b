import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { EGRESS_ALLOW_LIST, isEgressAllowed } from '../../src/verification/egress';
import type { EgressFetch, EgressInit } from '../../src/verification/egressFetch';
import { parseEgressMap, rewriteOrigins } from '../../src/verification/egressMap';

function manifestBackendEgress(): string[] {
  const manifest: unknown = parse(readFileSync(join(__dirname, '../../manifest.yml'), 'utf8'));
  const entries = (manifest as { permissions?: { external?: { fetch?: { backend?: unknown } } } }).permissions?.external?.fetch?.backend;
  if (!Array.isArray(entries)) throw new Error('manifest.yml has no permissions.external.fetch.backend list');
  return entries.map((entry: unknown) => {
    if (typeof entry === 'string') return entry;
    const address = (entry as { address?: unknown }).address;
    if (typeof address !== 'string') throw new Error(`Unexpected egress entry ${JSON.stringify(entry)}`);
    return address;
  });
}

describe('egress allow-list', () => {
  it("equals manifest.yml's permissions.external.fetch.backend", () => {
    expect([...EGRESS_ALLOW_LIST].sort()).toEqual(manifestBackendEgress().sort());
  });

  it.each(['https://api.github.com/user', 'https://gitlab.com/api/v4/user', 'https://dev.azure.com/acme/_apis/connectionData', 'https://codeberg.org/api/v1/user', 'https://API.GitHub.com/user'])(
    'allows %s',
    (url) => {
      expect(isEgressAllowed(url)).toBe(true);
    },
  );

  it.each([
    ['a self-hosted server', 'https://git.example.com/api/v4/user'],
    ['plain http', 'http://api.github.com/user'],
    ['another port', 'https://gitlab.com:8443/api/v4/user'],
    ['a look-alike host', 'https://api.github.com.evil.example/user'],
    ['a sub-domain of an allowed host', 'https://x.gitlab.com/api/v4/user'],
    ['credentials in the URL', 'https://user:pw@api.github.com/user'],
    ['a malformed URL', 'not a url'],
  ])('refuses %s', (_what, url) => {
    expect(isEgressAllowed(url)).toBe(false);
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
