import fc from 'fast-check';
import { cleanPastedToken, MAX_TOKEN_LENGTH } from '../../src/domain/pastedToken';
import { tokenSchema } from '../../src/domain/token';

const GITHUB = 'ghp_16C7e42F292c6912E7710c838347Ae178B4a';
const GITLAB = 'glpat-xyzzyABCDEFGHIJ0000';
const ENDS = 'Removed spaces or line breaks at the ends.';
const QUOTES = (pair: string) => `Removed the quotes (${pair}) around the token.`;
const invisibleInside = (name: string, code: string) =>
  `The token contains an invisible character (${name}, ${code}) inside it. Copy the token again, or delete that character.`;

describe('tokens as people paste them', () => {
  it.each<[string, string, string, string[]]>([
    ['as copied', GITHUB, GITHUB, []],
    ['with a line break from a terminal', `${GITHUB}\n`, GITHUB, [ENDS]],
    ['with Windows line ends and spaces', `  ${GITHUB}\r\n`, GITHUB, [ENDS]],
    ['with a no-break space from a web page', `\u00a0${GITHUB}\u00a0`, GITHUB, [ENDS]],
    // Case 4: one matching pair of quotes around the whole token.
    ['in double quotes', `"${GITLAB}"`, GITLAB, [QUOTES('"…"')]],
    ['in single quotes', `'${GITLAB}'`, GITLAB, [QUOTES("'…'")]],
    ['in backticks', `\`${GITLAB}\``, GITLAB, [QUOTES('`…`')]],
    ['in a Markdown code block', `\`\`\`${GITLAB}\`\`\``, GITLAB, [QUOTES('```…```')]],
    ['in typographic quotes from a chat tool', `“${GITLAB}”`, GITLAB, [QUOTES('“…”')]],
    ['in single typographic quotes', `‘${GITLAB}’`, GITLAB, [QUOTES('‘…’')]],
    ['in German quotes', `„${GITLAB}“`, GITLAB, [QUOTES('„…“')]],
    ['in guillemets', `«${GITLAB}»`, GITLAB, [QUOTES('«…»')]],
    ['in quotes with spaces inside', `" ${GITLAB} "`, GITLAB, [ENDS, QUOTES('"…"')]],
    ['in quotes and a line break', `"${GITLAB}"\n`, GITLAB, [ENDS, QUOTES('"…"')]],
    // Case 5: a scheme word in front, any case, and the header it came from.
    ['after Bearer', `Bearer ${GITHUB}`, GITHUB, ['Removed “Bearer” in front of the token.']],
    ['after bearer with a tab', `bearer\t${GITHUB}`, GITHUB, ['Removed “bearer” in front of the token.']],
    ['after token', `token ${GITHUB}`, GITHUB, ['Removed “token” in front of the token.']],
    ['after TOKEN with two spaces', `TOKEN  ${GITHUB}`, GITHUB, ['Removed “TOKEN” in front of the token.']],
    [
      'as an Authorization header',
      `Authorization: Bearer ${GITHUB}`,
      GITHUB,
      ['Removed the header name “Authorization:” in front of the token.', 'Removed “Bearer” in front of the token.'],
    ],
    [
      'as a GitLab PRIVATE-TOKEN header',
      `PRIVATE-TOKEN: ${GITLAB}`,
      GITLAB,
      ['Removed the header name “PRIVATE-TOKEN:” in front of the token.'],
    ],
    ['with quotes around Bearer and the token', `"Bearer ${GITHUB}"`, GITHUB, ['Removed “Bearer” in front of the token.', QUOTES('"…"')]],
    ['with quotes after Bearer', `Bearer "${GITHUB}"`, GITHUB, ['Removed “Bearer” in front of the token.', QUOTES('"…"')]],
    // Case 6: invisible characters at the ends.
    [
      'with a zero-width space at the end',
      `${GITHUB}\u200b`,
      GITHUB,
      ['Removed an invisible character (zero-width space, U+200B) at the ends.'],
    ],
    [
      'with a byte order mark in front',
      `\ufeff${GITHUB}`,
      GITHUB,
      ['Removed an invisible character (zero-width no-break space (byte order mark), U+FEFF) at the ends.'],
    ],
    [
      'with zero-width joiners at both ends',
      `\u200d${GITHUB}\u200c`,
      GITHUB,
      ['Removed 2 invisible characters (zero-width joiner, U+200D; zero-width non-joiner, U+200C) at the ends.'],
    ],
    [
      'with a word joiner and a line break',
      `${GITHUB}\u2060\n`,
      GITHUB,
      [ENDS, 'Removed an invisible character (word joiner, U+2060) at the ends.'],
    ],
    [
      'with a right-to-left mark from a right-to-left page',
      `\u200f${GITHUB}`,
      GITHUB,
      ['Removed an invisible character (right-to-left mark, U+200F) at the ends.'],
    ],
    [
      'with invisible characters inside the quotes',
      `"\u200b${GITLAB}\u200b"`,
      GITLAB,
      ['Removed 2 invisible characters (zero-width space, U+200B) at the ends.', QUOTES('"…"')],
    ],
    // Not a pair, or part of the token: left alone.
    ['with one quote only', `"${GITLAB}`, `"${GITLAB}`, []],
    ['with different quotes at each end', `"${GITLAB}'`, `"${GITLAB}'`, []],
    ['starting with the letters of "token"', 'tokenabcdef0123456789', 'tokenabcdef0123456789', []],
    ['that is the word Bearer', 'Bearer', 'Bearer', []],
  ])('%s', (_label, pasted, token, changes) => {
    expect(cleanPastedToken(pasted)).toEqual({ ok: true, token, changes });
  });

  it.each<[string, string, string]>([
    ['nothing', '', 'Paste a personal access token.'],
    ['only spaces', ' \n\t ', 'Paste a personal access token.'],
    ['only quotes', '""', 'Paste a personal access token.'],
    ['only a scheme word and quotes', 'Bearer ""', 'Paste a personal access token.'],
    ['two pairs of quotes', `"'${GITLAB}'"`, 'The token is still in quotes after one pair was removed: paste it without them.'],
    ['only invisible characters', '\u200b\u200b', 'Paste a personal access token.'],
    // Case 6: one inside the token stays an error, named as invisible.
    ['a zero-width space inside', `ghp_abc\u200bdef`, invisibleInside('zero-width space', 'U+200B')],
    ['a word joiner inside', `ghp_abc\u2060def`, invisibleInside('word joiner', 'U+2060')],
    ['a byte order mark inside', `ghp_abc\ufeffdef`, invisibleInside('zero-width no-break space (byte order mark)', 'U+FEFF')],
    ['a soft hyphen inside', `ghp_abc\u00addef`, invisibleInside('soft hyphen', 'U+00AD')],
    ['a right-to-left override inside', `ghp_abc\u202edef`, invisibleInside('right-to-left override', 'U+202E')],
    ['a control character inside', 'ghp_abc\u0000def', 'The token contains control characters.'],
    ['a space inside', 'ghp_abc def', 'The token contains spaces or line breaks: paste it as one piece.'],
    ['two tokens on two lines', `${GITHUB}\n${GITHUB}`, 'The token contains spaces or line breaks: paste it as one piece.'],
    [
      'a Basic credential',
      'Basic dXNlcjpwYXNz',
      'This is a Basic credential (a user name and password encoded together). Paste the token alone.',
    ],
    ['typographic quotes inside', 'ghp_“quoted”', 'The token contains a character that tokens never have (U+201C).'],
    ['an accented letter', 'ghp_abcdé', 'The token contains a character that tokens never have (U+00E9).'],
    ['one character too many', 'x'.repeat(MAX_TOKEN_LENGTH + 1), `The token is longer than ${MAX_TOKEN_LENGTH} characters.`],
    ['megabytes of text', 'x'.repeat(1_000_000), `The token is longer than ${MAX_TOKEN_LENGTH} characters.`],
  ])('refuses %s', (_label, pasted, reason) => {
    expect(cleanPastedToken(pasted)).toEqual({ ok: false, reason });
  });

  it('keeps the longest token with quotes around it', () => {
    expect(cleanPastedToken(`"${'a'.repeat(MAX_TOKEN_LENGTH)}"`)).toMatchObject({ ok: true, token: 'a'.repeat(MAX_TOKEN_LENGTH) });
  });

  it('never puts the token in a message', () => {
    for (const pasted of [`"${GITHUB}\u200b${GITHUB}"`, `Bearer ${GITHUB} ${GITHUB}`, `${GITHUB}é`, `Basic ${GITHUB}`]) {
      const result = cleanPastedToken(pasted);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).not.toContain(GITHUB.slice(4));
    }
  });
});

describe('the dialog and the server cannot disagree', () => {
  // What the dialog lists comes from cleanPastedToken; what the server stores comes from tokenSchema.
  const pieces = fc.constantFrom(
    '"',
    "'",
    '`',
    '“',
    '”',
    'Bearer ',
    'token ',
    'Authorization: ',
    ' ',
    '\n',
    '\u200b',
    '\u2060',
    '\ufeff',
    'ghp_',
    'AbC123',
    'é',
  );
  it('gives the same token or the same refusal for any paste', () => {
    fc.assert(
      fc.property(
        fc.array(pieces, { maxLength: 12 }).map((parts) => parts.join('')),
        (pasted) => {
          const cleaned = cleanPastedToken(pasted);
          const parsed = tokenSchema.safeParse(pasted);
          if (cleaned.ok) expect(parsed.success && parsed.data).toBe(cleaned.token);
          else expect(parsed.error?.issues[0]?.message).toBe(cleaned.reason);
          // Cleaning is stable: a cleaned token cleans to itself, with nothing to report.
          if (cleaned.ok) expect(cleanPastedToken(cleaned.token)).toEqual({ ok: true, token: cleaned.token, changes: [] });
        },
      ),
      { numRuns: 500 },
    );
  });
});
