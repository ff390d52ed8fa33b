import { toUnicode } from 'punycode/';

/**
 * Host names as people read them. URLs keep the ASCII (punycode) form, which the WHATWG URL parser
 * produces and requests need; pages show the Unicode form (RFC 3492 / RFC 5891 decoding by the
 * `punycode` package, which runs the same in Node and the browser).
 */

/**
 * The Unicode form of an ASCII host name: "xn--gt-tja.example.com" → "gït.example.com".
 * Returns the input unchanged when it has no punycode label, when a label mixes Latin, Cyrillic or
 * Greek letters, or when the decoded form would not parse back to the same ASCII host (a malformed
 * `xn--` label), so nothing misleading is shown.
 */
// A label mixing these scripts is the classic look-alike ("аpple" with a Cyrillic "а"); browsers show
// such labels in punycode (https://chromium.googlesource.com/chromium/src/+/main/docs/idn.md), and so do we.
const CONFUSABLE_SCRIPTS = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u];

function mixesScripts(label: string): boolean {
  return CONFUSABLE_SCRIPTS.filter((script) => script.test(label)).length > 1;
}

export function unicodeHostname(asciiHost: string): string {
  if (!/(^|\.)xn--/i.test(asciiHost)) return asciiHost;
  let decoded: string;
  try {
    decoded = toUnicode(asciiHost);
  } catch {
    return asciiHost;
  }
  if (decoded.split('.').some(mixesScripts)) return asciiHost;
  try {
    return new URL(`https://${decoded}/`).hostname === asciiHost.toLowerCase() ? decoded : asciiHost;
  } catch {
    return asciiHost;
  }
}

/**
 * A stored https URL with its host in Unicode, for display only:
 * "https://xn--gt-tja.example.com/gitea" → "https://gït.example.com/gitea". Text that is not a URL
 * comes back as it is.
 */
export function displayUrl(url: string): string {
  // Most hosts are ASCII: skip parsing, which the page does for every row it lists.
  if (!/xn--/i.test(url)) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  const host = unicodeHostname(parsed.hostname);
  if (host === parsed.hostname) return url;
  const start = url.indexOf(parsed.hostname);
  return start < 0 ? url : `${url.slice(0, start)}${host}${url.slice(start + parsed.hostname.length)}`;
}
