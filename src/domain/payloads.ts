import { z } from 'zod';
import type { PersonalResolvers } from '../contract';
import { AppError } from './errors';
import { integrationIdSchema } from './integration';
import { accountSchema, regionSchema } from './credentialInput';
import { tokenSchema } from './token';

export type PayloadSchemas<Defs extends Record<string, { payload: unknown }>> = {
  [K in keyof Defs]: z.ZodType<unknown, Defs[K]['payload']>;
};

/** Every resolver payload is a strict object: unknown fields (an `accountId` above all) are refused. */
export const personalPayloadSchemas = {
  getPersonalPage: z.strictObject({}),
  savePat: z.strictObject({
    integrationId: integrationIdSchema,
    token: tokenSchema,
    account: accountSchema.optional(),
    region: regionSchema.optional(),
  }),
  removePat: z.strictObject({ integrationId: integrationIdSchema }),
  recheckPat: z.strictObject({ integrationId: integrationIdSchema }),
  rotatePat: z.strictObject({ integrationId: integrationIdSchema }),
} satisfies PayloadSchemas<PersonalResolvers>;

/** Whether the payload has a value at the issue's path (zod does not report the input it saw). */
function isPresent(payload: unknown, path: readonly PropertyKey[]): boolean {
  let current: unknown = payload;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return false;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current !== undefined;
}

function describeIssue(issue: z.core.$ZodIssue, payload: unknown): string {
  if (issue.code === 'unrecognized_keys') {
    return `Unexpected field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.map((k) => `"${k}"`).join(', ')}.`;
  }
  if (issue.code === 'invalid_type' && issue.path.length === 0) return 'The request must be an object.';
  if (issue.code === 'invalid_type' && !isPresent(payload, issue.path)) return `Field "${issue.path.join('.')}" is required.`;
  return issue.message;
}

/** Parses a payload or throws an AppError naming the first problem; token and integration problems get their own codes. */
export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new AppError('INVALID_PAYLOAD', 'The request is malformed.');
  const field = issue.path.length > 0 ? issue.path.join('.') : undefined;
  const code =
    field === 'token' || field === 'account' || field === 'region'
      ? 'INVALID_TOKEN'
      : field?.startsWith('integration.')
        ? 'INVALID_INTEGRATION'
        : 'INVALID_PAYLOAD';
  throw new AppError(code, describeIssue(issue, payload), field);
}
