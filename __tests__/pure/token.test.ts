import { MAX_TOKEN_LENGTH } from '../../src/domain/pastedToken';
import { tokenHint, tokenSchema } from '../../src/domain/token';

function refusal(input: unknown): string | undefined {
  const result = tokenSchema.safeParse(input);
  return result.success ? undefined : result.error.issues[0]?.message;
}

describe('pasted tokens', () => {
  it('trims surrounding whitespace and newlines from a paste', () => {
    expect(tokenSchema.parse('  ghp_abcdefghijklmnop1234\r\n')).toBe('ghp_abcdefghijklmnop1234');
    expect(tokenSchema.parse('\tglpat-xyz\n')).toBe('glpat-xyz');
  });

  it.each([
    ['', 'Paste a personal access token.'],
    ['   \n\t ', 'Paste a personal access token.'],
    ['ghp_abc def', 'The token contains spaces or line breaks: paste it as one piece.'],
    ['ghp_abc\ndef', 'The token contains spaces or line breaks: paste it as one piece.'],
    ['ghp_abc\u0000def', 'The token contains control characters.'],
    [
      'ghp_abc\u200bdef',
      'The token contains an invisible character (zero-width space, U+200B) inside it. Copy the token again, or delete that character.',
    ],
    ['ghp_“quoted”', 'The token contains a character that tokens never have (U+201C).'],
    ['x'.repeat(MAX_TOKEN_LENGTH + 1), `The token is longer than ${MAX_TOKEN_LENGTH} characters.`],
  ])('refuses %j', (input, message) => {
    expect(refusal(input)).toBe(message);
  });

  it('accepts a token of exactly the maximum length', () => {
    expect(tokenSchema.parse('a'.repeat(MAX_TOKEN_LENGTH))).toHaveLength(MAX_TOKEN_LENGTH);
  });

  it.each([42, null, ['ghp_x'], { token: 'x' }])('refuses the non-string %j', (input) => {
    expect(refusal(input)).toBe('The token must be text.');
  });
});

describe('token hint', () => {
  it('shows the last four characters of a normal token', () => {
    expect(tokenHint('ghp_abcdefghijklmnopWXYZ')).toBe('WXYZ');
  });

  it('shows nothing of a short token, where four characters would give too much away', () => {
    expect(tokenHint('short-pw')).toBe('');
  });
});
