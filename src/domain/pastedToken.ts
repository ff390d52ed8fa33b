/**
 * A token as people paste it: from a terminal (line breaks), a chat tool or web page (quotes,
 * zero-width characters), or a request they copied (`Authorization: Bearer …`). One function
 * turns it into the token itself and says what it removed, or says why it is refused.
 * The token never appears in a message.
 */

export const MAX_TOKEN_LENGTH = 4096;

const TOO_LONG = `The token is longer than ${MAX_TOKEN_LENGTH} characters.`;

export type PastedTokenResult = { ok: true; token: string; changes: string[] } | { ok: false; reason: string };

/** Characters that take no space on screen; copied from chat tools, web pages and right-to-left text. */
const INVISIBLE_NAMES: Readonly<Record<string, string>> = {
  '\u00ad': 'soft hyphen',
  '\u180e': 'Mongolian vowel separator',
  '\u200b': 'zero-width space',
  '\u200c': 'zero-width non-joiner',
  '\u200d': 'zero-width joiner',
  '\u200e': 'left-to-right mark',
  '\u200f': 'right-to-left mark',
  '\u202a': 'left-to-right embedding',
  '\u202b': 'right-to-left embedding',
  '\u202c': 'pop directional formatting',
  '\u202d': 'left-to-right override',
  '\u202e': 'right-to-left override',
  '\u2060': 'word joiner',
  '\u2066': 'left-to-right isolate',
  '\u2067': 'right-to-left isolate',
  '\u2068': 'first strong isolate',
  '\u2069': 'pop directional isolate',
  '\ufeff': 'zero-width no-break space (byte order mark)',
};

/** Pairs around a whole token: ASCII quotes and backticks, a Markdown code span, and typographic quotes chat tools substitute. */
const QUOTE_PAIRS: readonly (readonly [string, string])[] = [
  ['```', '```'],
  ['"', '"'],
  ["'", "'"],
  ['`', '`'],
  ['“', '”'],
  ['‘', '’'],
  ['„', '“'],
  ['«', '»'],
];

// Request headers people copy with the token (RFC 9110 §11.6.2; GitLab's PRIVATE-TOKEN header,
// https://docs.gitlab.com/api/rest/authentication/), then the scheme word: `Bearer` (RFC 6750) or
// `token` (GitHub REST, Gitea).
const HEADER_NAME = /^(authorization|private-token)\s*:\s*(?=\S)/i;
const SCHEME_WORD = /^(bearer|token)\s+/i;
const BASIC_SCHEME = /^basic\s+\S/i;

function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

function isInvisible(char: string): boolean {
  return char in INVISIBLE_NAMES;
}

interface Trimmed {
  whitespace: boolean;
  /** Invisible characters removed, by character, with how many. */
  invisibles: Map<string, number>;
}

/** Drops whitespace and invisible characters at both ends, recording what went. */
function trimEdges(text: string, trimmed: Trimmed): string {
  const chars = [...text];
  const drop = (char: string | undefined) => char !== undefined && (/\s/u.test(char) || isInvisible(char));
  let start = 0;
  let end = chars.length;
  while (start < end && drop(chars[start])) start += 1;
  while (end > start && drop(chars[end - 1])) end -= 1;
  for (const char of [...chars.slice(0, start), ...chars.slice(end)]) {
    if (isInvisible(char)) trimmed.invisibles.set(char, (trimmed.invisibles.get(char) ?? 0) + 1);
    else trimmed.whitespace = true;
  }
  return chars.slice(start, end).join('');
}

function unquote(text: string): { text: string; pair?: readonly [string, string] } {
  const pair = QUOTE_PAIRS.find(
    ([open, close]) => text.length >= open.length + close.length && text.startsWith(open) && text.endsWith(close),
  );
  return pair ? { text: text.slice(pair[0].length, text.length - pair[1].length), pair } : { text };
}

function describeInvisibles(invisibles: ReadonlyMap<string, number>): string {
  const total = [...invisibles.values()].reduce((sum, count) => sum + count, 0);
  const names = [...invisibles.keys()].map((char) => `${INVISIBLE_NAMES[char]}, ${codePoint(char)}`).join('; ');
  return `Removed ${total === 1 ? 'an invisible character' : `${total} invisible characters`} (${names}) at the ends.`;
}

/**
 * Cleans a pasted token.
 *
 * Takes the text as pasted. Removes, in this order and each at most once: whitespace and invisible
 * characters (U+200B/C/D, U+2060, U+FEFF, bidirectional marks, soft hyphen) at both ends; a copied
 * header name (`Authorization:`, `PRIVATE-TOKEN:`); one matching pair of quotes, backticks or
 * typographic quotes around the whole token; a leading `Bearer` or `token` scheme word (any case).
 * Cleaning a cleaned token changes nothing. Returns the token and one sentence per kind of change,
 * or the reason it is refused: empty, still in quotes, over
 * {@link MAX_TOKEN_LENGTH} characters, an invisible or control character inside, a space or line
 * break inside, a `Basic` credential, or a character outside visible ASCII (tokens travel in HTTP
 * headers). Messages never contain the token. Never throws.
 */
export function cleanPastedToken(pasted: string): PastedTokenResult {
  // Far longer than any token: refuse before scanning it character by character.
  if (pasted.length > MAX_TOKEN_LENGTH * 4) return { ok: false, reason: TOO_LONG };
  const trimmed: Trimmed = { whitespace: false, invisibles: new Map() };
  const removed: string[] = [];
  let text = trimEdges(pasted, trimmed);
  const header = HEADER_NAME.exec(text);
  if (header) {
    text = trimEdges(text.slice(header[0].length), trimmed);
    removed.push(`Removed the header name “${header[1]}:” in front of the token.`);
  }
  // Quotes may wrap the scheme word ("Bearer …") or follow it (Bearer "…"); one pair is removed either way.
  let quotes = unquote(text).pair;
  if (quotes) text = trimEdges(unquote(text).text, trimmed);
  const scheme = SCHEME_WORD.exec(text);
  if (scheme) {
    text = trimEdges(text.slice(scheme[0].length), trimmed);
    removed.push(`Removed “${scheme[1]}” in front of the token.`);
  }
  if (!quotes) {
    quotes = unquote(text).pair;
    if (quotes) text = trimEdges(unquote(text).text, trimmed);
  }
  if (quotes) removed.push(`Removed the quotes (${quotes[0]}…${quotes[1]}) around the token.`);
  const changes = [
    ...(trimmed.whitespace ? ['Removed spaces or line breaks at the ends.'] : []),
    ...(trimmed.invisibles.size > 0 ? [describeInvisibles(trimmed.invisibles)] : []),
    ...removed,
  ];

  if (text === '') return { ok: false, reason: 'Paste a personal access token.' };
  // Only one pair is removed; a token still in quotes would lose them on the server's second cleaning.
  if (unquote(text).pair) return { ok: false, reason: 'The token is still in quotes after one pair was removed: paste it without them.' };
  if (text.length > MAX_TOKEN_LENGTH) return { ok: false, reason: TOO_LONG };
  if (BASIC_SCHEME.test(text)) {
    return { ok: false, reason: 'This is a Basic credential (a user name and password encoded together). Paste the token alone.' };
  }
  const invisible = [...text].find(isInvisible);
  if (invisible) {
    return {
      ok: false,
      reason: `The token contains an invisible character (${INVISIBLE_NAMES[invisible]}, ${codePoint(invisible)}) inside it. Copy the token again, or delete that character.`,
    };
  }
  if (/[\p{Cc}\p{Cf}]/u.test(text.replace(/[\t\n\r ]/g, ''))) return { ok: false, reason: 'The token contains control characters.' };
  if (/\s/u.test(text)) return { ok: false, reason: 'The token contains spaces or line breaks: paste it as one piece.' };
  const foreign = [...text].find((char) => !/^[\x21-\x7e]$/.test(char));
  if (foreign) return { ok: false, reason: `The token contains a character that tokens never have (${codePoint(foreign)}).` };
  return { ok: true, token: text, changes };
}
