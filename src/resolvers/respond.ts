import Resolver from '@forge/resolver';
import { ForgeKvsAPIError } from '@forge/kvs';
import type { z } from 'zod';
import type { ResolverResult } from '../contract';
import { AppError } from '../domain/errors';
import { parsePayload } from '../domain/payloads';
import { ACCOUNT_ID_PATTERN } from '../storage/keys';

export interface CallContext {
  accountId: string;
}

type Implementations<Defs extends Record<string, { payload: unknown; result: unknown }>, Schemas> = {
  [K in keyof Defs]: K extends keyof Schemas
    ? Schemas[K] extends z.ZodType
      ? (payload: z.output<Schemas[K]>, call: CallContext) => Promise<Defs[K]['result']>
      : never
    : never;
};

function correlationId(): string {
  return Math.random().toString(36).slice(2, 10);
}

/** The acting account, from the Forge context only: a payload can never choose whose data is touched. */
function accountFrom(context: Record<string, unknown>): string {
  const accountId = context.accountId;
  if (typeof accountId !== 'string' || !ACCOUNT_ID_PATTERN.test(accountId)) {
    throw new AppError('UNAUTHENTICATED', 'Sign in to Jira to manage your personal access tokens.');
  }
  return accountId;
}

/** Turns anything thrown into a result the page can show, logging only the code and a reference. */
function toFailure(functionKey: string, error: unknown): ResolverResult<never> {
  if (error instanceof AppError) return { ok: false, error: error.toBody() };
  const ref = correlationId();
  if (error instanceof ForgeKvsAPIError) {
    console.error(`[${ref}] ${functionKey} failed: storage ${error.code} (HTTP ${error.responseDetails.status})`);
    return {
      ok: false,
      error: { code: 'STORAGE_UNAVAILABLE', message: `Storage is not available right now; nothing was changed. Try again. (ref ${ref})` },
    };
  }
  console.error(`[${ref}] ${functionKey} failed: ${error instanceof Error ? error.name : typeof error}`);
  return { ok: false, error: { code: 'INTERNAL', message: `Something went wrong. Try again. (ref ${ref})` } };
}

/**
 * Defines every resolver of a contract on a Forge Resolver: each one validates its payload with
 * its schema, takes the account from the context and answers a typed result, never a stack trace.
 */
export function defineResolvers<Defs extends Record<string, { payload: unknown; result: unknown }>, Schemas extends Record<keyof Defs, z.ZodType>>(
  schemas: Schemas,
  implementations: Implementations<Defs, Schemas>,
  /** Runs before the payload is even read; throwing refuses the call. */
  authorize: (call: CallContext) => Promise<void> = async () => undefined,
): Resolver {
  const resolver = new Resolver();
  for (const name of Object.keys(schemas) as (keyof Defs & string)[]) {
    const implementation = implementations[name] as (payload: unknown, call: CallContext) => Promise<unknown>;
    resolver.define(name, async (request) => {
      try {
        const accountId = accountFrom(request.context);
        await authorize({ accountId });
        const payload = parsePayload(schemas[name], request.payload);
        return { ok: true, value: await implementation(payload, { accountId }) };
      } catch (error) {
        return toFailure(name, error);
      }
    });
  }
  return resolver;
}

type ForgeEvent = { call: { functionKey: string; payload?: unknown }; context: Record<string, unknown> };
type ForgeHandler = (event: ForgeEvent, backend?: Record<string, unknown>) => Promise<unknown>;

/** The exported Forge handler; an unknown resolver name gets a typed error instead of a thrown one. */
export function exportHandler(resolver: Resolver, names: readonly string[]): ForgeHandler {
  const definitions = resolver.getDefinitions() as ForgeHandler;
  return async (event, backend) => {
    const functionKey = event?.call?.functionKey;
    if (typeof functionKey !== 'string' || !names.includes(functionKey)) {
      return { ok: false, error: { code: 'UNKNOWN_RESOLVER', message: 'This app has no such action.' } } satisfies ResolverResult<never>;
    }
    return definitions(event, backend);
  };
}
