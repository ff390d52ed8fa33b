import { z } from 'zod';
import type { Integration, IntegrationInput } from '../contract';
import { normalizeAzureOrganization } from './azureOrganization';
import { normalizeBaseUrl } from './baseUrl';
import { HOST_TYPES, HOSTS } from './hosts';
import type { SameType } from './sameType';

export type { Integration };

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

const MAX_BASE_URL_LENGTH = 500;

// Both are read as typed here; what they mean depends on the host type, so the object below normalizes them.
const baseUrlSchema = z.string({ error: 'Base URL must be a string.' }).max(2048, 'Base URL is too long.');
const organizationSchema = z.string({ error: 'Organization must be a string.' }).max(2048, 'Organization is too long.');

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

/**
 * Which fields a host type needs (a base URL for self-hosted ones, an organization for Azure DevOps
 * Services), each normalized by the same domain function the admin form shows its preview with.
 */
function normalizeHostFields<T extends HostFields>(value: T, ctx: z.RefinementCtx): T {
  const host = HOSTS[value.hostType];
  const { baseUrl: _baseUrl, organization: _organization, ...rest } = value;
  let baseUrl: string | undefined;
  let organization: string | undefined;
  if (host.deployment === 'self-hosted') {
    if (!value.baseUrl?.trim()) {
      ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: `${host.name} needs a base URL.` });
    } else {
      const result = normalizeBaseUrl(value.hostType, value.baseUrl);
      if (!result.ok) ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: result.reason });
      // Checked after normalizing: percent-encoding can make a URL several times longer, and every
      // integration's size counts against the catalog's storage values.
      else if (result.url.length > MAX_BASE_URL_LENGTH) {
        ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: `Base URL must be at most ${MAX_BASE_URL_LENGTH} characters.` });
      } else baseUrl = result.url;
    }
  } else if (value.baseUrl) {
    ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: `${host.name} is a cloud host and takes no base URL.` });
  }
  if (host.needsOrganization) {
    if (!value.organization?.trim()) {
      ctx.addIssue({ code: 'custom', path: ['organization'], message: `${host.name} needs an organization.` });
    } else {
      const result = normalizeAzureOrganization(value.organization);
      if (result.ok) organization = result.organization;
      else ctx.addIssue({ code: 'custom', path: ['organization'], message: result.reason });
    }
  } else if (value.organization) {
    ctx.addIssue({ code: 'custom', path: ['organization'], message: `${host.name} takes no organization.` });
  }
  return { ...rest, ...(baseUrl ? { baseUrl } : {}), ...(organization ? { organization } : {}) } as T;
}

export const integrationSchema = z.strictObject({ id: integrationIdSchema, ...integrationFields }).transform(normalizeHostFields);

/** What an admin submits: the same rules, and no id for a new integration (the server assigns one). */
export const integrationInputSchema = z
  .strictObject({ id: integrationIdSchema.optional(), ...integrationFields })
  .transform(normalizeHostFields);

// What the schemas produce are the contract's types, field for field.
const integrationMatchesContract: SameType<z.output<typeof integrationSchema>, Integration> = true;
const inputMatchesContract: SameType<z.output<typeof integrationInputSchema>, IntegrationInput> = true;
void integrationMatchesContract;
void inputMatchesContract;

/** Names are unique per site regardless of case, accents' composition and surrounding spaces. */
export function nameKey(name: string): string {
  return name.normalize('NFC').trim().toLocaleLowerCase('en');
}
