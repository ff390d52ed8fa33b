import { z } from 'zod';

export const MAX_TOKEN_LENGTH = 4096;
/** Below this length the last four characters would give away too much of the token. */
const MIN_LENGTH_FOR_HINT = 12;

/**
 * A pasted token: surrounding whitespace and newlines (a copy from a terminal or a web page)
 * are trimmed; anything left that is not a visible ASCII character is a paste mistake, since
 * tokens travel in HTTP headers.
 */
export const tokenSchema = z
  .string({ error: 'The token must be text.' })
  .transform((value) => value.trim())
  .pipe(
    z
      .string()
      .min(1, 'Paste a personal access token.')
      .max(MAX_TOKEN_LENGTH, `The token is longer than ${MAX_TOKEN_LENGTH} characters.`)
      .refine((value) => !/[\p{Cc}\p{Cf}]/u.test(value.replace(/[\t\n\r ]/g, '')), 'The token contains control characters.')
      .refine((value) => !/\s/u.test(value), 'The token contains spaces or line breaks: paste it as one piece.')
      .refine((value) => /^[\x21-\x7e]+$/.test(value), 'The token contains characters that tokens never have.'),
  );

/** The last four characters, shown as "••••abcd" so a person can tell tokens apart. */
export function tokenHint(token: string): string {
  return token.length >= MIN_LENGTH_FOR_HINT ? token.slice(-4) : '';
}
