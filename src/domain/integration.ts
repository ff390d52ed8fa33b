import { z } from 'zod';
import { HOST_TYPES, HOSTS } from './hosts';

/** Integration ids become part of storage keys, so they keep to a KVS-safe alphabet. */
/**
 * At most this many integrations per site: the personal page's response stays far under Forge's
 * 5 MB resolver response limit, and a catalog write (head, ≤ 10 chunks rewritten, ≤ 10 dropped,
 * one item) stays within a transaction's 25 operations (Forge docs, "Invocation limits", "Transactions").
 */
export const MAX_INTEGRATIONS = 2_000;

export const INTEGRATION_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export const integrationIdSchema = z
  .string({ error: 'Integration id must be a string.' })
  .regex(INTEGRATION_ID_PATTERN, 'Integration id is malformed.');

const hostTypeSchema = z.enum(HOST_TYPES, { error: 'Unknown host type.' });

/**
 * Normalizes a self-hosted base URL, or explains why it is refused.
 * Only https is accepted: a token must never travel in clear text, and `javascript:`/`data:`
 * URLs would turn a link into script.
 */
export function normalizeBaseUrl(input: string): { ok: true; url: string } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { ok: false, reason: 'Base URL is not a valid URL.' };
  }
  if (url.protocol !== 'https:') return { ok: false, reason: 'Base URL must start with https://.' };
  if (url.username || url.password) return { ok: false, reason: 'Base URL must not contain a user name or password.' };
  if (url.search || input.includes('?')) return { ok: false, reason: 'Base URL must not contain a query.' };
  if (url.hash || input.includes('#')) return { ok: false, reason: 'Base URL must not contain a fragment.' };
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, url: `${url.origin}${path}` };
}

const MAX_BASE_URL_LENGTH = 500;

const baseUrlSchema = z
  .string({ error: 'Base URL must be a string.' })
  .max(2048, 'Base URL is too long.')
  .transform((value, ctx) => {
    const result = normalizeBaseUrl(value);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.reason });
      return z.NEVER;
    }
    // Checked after normalizing: percent-encoding can make a URL several times longer, and every
    // integration's size counts against the catalog's storage values.
    if (result.url.length > MAX_BASE_URL_LENGTH) {
      ctx.addIssue({ code: 'custom', message: `Base URL must be at most ${MAX_BASE_URL_LENGTH} characters.` });
      return z.NEVER;
    }
    return result.url;
  });

const organizationSchema = z
  .string({ error: 'Organization must be a string.' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/, 'Organization may use letters, digits, ".", "_" and "-" (up to 50).');

const integrationNameSchema = z
  .string({ error: 'Name must be a string.' })
  .transform((value) => value.trim())
  .pipe(
    z
      .string()
      .min(1, 'Name is required.')
      .max(100, 'Name must be at most 100 characters.')
      .refine((value) => !/\p{Cc}/u.test(value), 'Name must not contain control characters.'),
  );

const integrationFields = {
  name: integrationNameSchema,
  hostType: hostTypeSchema,
  baseUrl: baseUrlSchema.optional(),
  organization: organizationSchema.optional(),
  requirePat: z.boolean({ error: 'Require PAT must be true or false.' }),
};

type HostFields = { hostType: z.output<typeof hostTypeSchema>; baseUrl?: string; organization?: string };

/** Which fields a host type needs: a base URL for self-hosted ones, an organization for Azure DevOps Services. */
function checkHostFields(value: HostFields, ctx: z.RefinementCtx): void {
  const host = HOSTS[value.hostType];
  if (host.deployment === 'self-hosted' && !value.baseUrl) {
    ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: `${host.name} needs a base URL.` });
  }
  if (host.deployment === 'cloud' && value.baseUrl) {
    ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: `${host.name} is a cloud host and takes no base URL.` });
  }
  if (host.needsOrganization && !value.organization) {
    ctx.addIssue({ code: 'custom', path: ['organization'], message: `${host.name} needs an organization.` });
  }
  if (!host.needsOrganization && value.organization) {
    ctx.addIssue({ code: 'custom', path: ['organization'], message: `${host.name} takes no organization.` });
  }
}

export const integrationSchema = z.strictObject({ id: integrationIdSchema, ...integrationFields }).superRefine(checkHostFields);

/** What an admin submits: the same rules, and no id for a new integration (the server assigns one). */
export const integrationInputSchema = z
  .strictObject({ id: integrationIdSchema.optional(), ...integrationFields })
  .superRefine(checkHostFields);

export type Integration = z.output<typeof integrationSchema>;

/** Names are unique per site regardless of case, accents' composition and surrounding spaces. */
export function nameKey(name: string): string {
  return name.normalize('NFC').trim().toLocaleLowerCase('en');
}
