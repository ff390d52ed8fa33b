import { displayUrl, unicodeHostname } from '../../src/domain/idn';
import { hostLabel, webRoot } from '../../src/domain/hostAddress';
import { tokenPageUrl } from '../../src/domain/tokenUrl';

describe('Unicode host names for people', () => {
  it.each([
    ['xn--gt-tja.example.com', 'gït.example.com'],
    ['git.xn--bcher-kva.example', 'git.bücher.example'],
    // Latin mixed with a Cyrillic "а" is the classic look-alike: it stays in punycode, as browsers show it.
    ['xn--pple-43d.com', 'xn--pple-43d.com'],
    ['xn--r8jz45g.xn--zckzah', '例え.テスト'],
    ['git.example.com', 'git.example.com'],
    // A malformed punycode label stays as it is rather than showing something else.
    ['xn--a.example.com', 'xn--a.example.com'],
    ['xn--.example.com', 'xn--.example.com'],
  ])('%j reads as %j', (ascii, unicode) => {
    expect(unicodeHostname(ascii)).toBe(unicode);
  });

  it.each([
    ['https://xn--gt-tja.example.com', 'https://gït.example.com'],
    ['https://xn--gt-tja.example.com:8443/gitea', 'https://gït.example.com:8443/gitea'],
    ['https://git.example.com/xn--path', 'https://git.example.com/xn--path'],
    ['not a url', 'not a url'],
  ])('shows the URL %j as %j', (url, shown) => {
    expect(displayUrl(url)).toBe(shown);
  });

  it('shows the Unicode form in the host line while links and requests keep the ASCII form (case 3)', () => {
    const gitea = { hostType: 'gitea' as const, baseUrl: 'https://xn--gt-tja.example.com' };
    expect(hostLabel(gitea)).toBe('Gitea / Forgejo · gït.example.com');
    expect(webRoot(gitea)).toBe('https://xn--gt-tja.example.com');
    expect(tokenPageUrl(gitea)).toBe('https://xn--gt-tja.example.com/user/settings/applications');
  });
});
