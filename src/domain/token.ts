import { z } from 'zod';
import { cleanPastedToken } from './pastedToken';

/** Below this length the last four characters would give away too much of the token. */
const MIN_LENGTH_FOR_HINT = 12;

/**
 * A pasted token, cleaned by {@link cleanPastedToken} exactly as the dialog previews it (quotes,
 * scheme word, edge whitespace and invisible characters removed), or refused with its reason.
 */
export const tokenSchema = z.string({ error: 'The token must be text.' }).transform((value, ctx) => {
  const result = cleanPastedToken(value);
  if (result.ok) return result.token;
  ctx.addIssue({ code: 'custom', message: result.reason });
  return z.NEVER;
});

/** The last four characters, shown as "••••abcd" so a person can tell tokens apart. */
export function tokenHint(token: string): string {
  return token.length >= MIN_LENGTH_FOR_HINT ? token.slice(-4) : '';
}
