import { randomBytes } from 'node:crypto';
import Resolver from '@forge/resolver';
import type { z } from 'zod';
import type { ResolverResult } from '../contract';
import { AppError } from '../domain/errors';
import { UNKNOWN_RESOLVER_MESSAGE } from '../domain/messages';
import { parsePayload, type PayloadSchemas } from '../domain/payloads';
import { ACCOUNT_ID_PATTERN } from '../storage/keys';
import { StorageError, withCallBudget } from '../storage/reliableKvs';

export interface CallContext {
  accountId: string;
}

type Contract = Record<string, { payload: unknown; result: unknown }>;

/** One implementation per resolver of the contract, given the payload as its schema parsed it. */
type Implementations<Defs extends Contract, Schemas extends PayloadSchemas<Defs>> = {
  [K in keyof Defs]: (payload: z.output<Schemas[K]>, call: CallContext) => Promise<Defs[K]['result']>;
};

/** A schema for each resolver of the contract and for nothing else. */
type ExactSchemas<Defs extends Contract, Schemas> = PayloadSchemas<Defs> & Record<Exclude<keyof Schemas, keyof Defs>, never>;

/** Names one call in the logs and in the message the user sees, so a report can be matched to its log line. */
function correlationId(): string {
  return randomBytes(4).toString('hex');
}

/** The acting account, from the Forge context only: a payload can never choose whose data is touched. */
function accountFrom(context: Record<string, unknown>): string {
  const accountId = context.accountId;
  if (typeof accountId !== 'string' || !ACCOUNT_ID_PATTERN.test(accountId)) {
    throw new AppError('UNAUTHENTICATED', 'Sign in to Jira to manage your personal access tokens.');
  }
  return accountId;
}

/**
 * Turns anything thrown into a result the page can show. The log line names the call's reference,
 * the resolver and the error code only: never a payload, a message from elsewhere or a token.
 */
function toFailure(functionKey: string, ref: string, error: unknown): ResolverResult<never> {
  if (error instanceof AppError) {
    console.debug(`[${ref}] ${functionKey} refused: ${error.code}`);
    return { ok: false, error: error.toBody() };
  }
  if (error instanceof StorageError) {
    const status = error.status === undefined ? '' : ` (HTTP ${error.status})`;
    console.error(`[${ref}] ${functionKey} failed: storage ${error.code}${status}`);
    return {
      ok: false,
      error: { code: 'STORAGE_UNAVAILABLE', message: `Storage is not available right now. Reload the page and try again. (ref ${ref})` },
    };
  }
  console.error(`[${ref}] ${functionKey} failed: ${error instanceof Error ? error.name : typeof error}`);
  return { ok: false, error: { code: 'INTERNAL', message: `Something went wrong. Try again. (ref ${ref})` } };
}

type ForgeEvent = { call: { functionKey: string; payload?: unknown }; context: Record<string, unknown> };
type ForgeHandler = (event: ForgeEvent, backend?: Record<string, unknown>) => Promise<unknown>;

/**
 * The Forge handler for every resolver of a contract: the names are the keys of `schemas`, which must be
 * exactly the contract's (as must those of `implementations`), so a resolver missing from any of the three
 * fails the type check. Each call validates its payload with its schema, takes the account from the context
 * and answers a typed result, never a stack trace; an unknown name gets UNKNOWN_RESOLVER. Each call's storage
 * requests share one time budget (storage/reliableKvs.ts).
 */
export function defineResolvers<Defs extends Contract, Schemas extends ExactSchemas<Defs, Schemas>>(
  schemas: Schemas,
  implementations: Implementations<Defs, Schemas>,
  /** Runs before the payload is even read; throwing refuses the call. */
  authorize: (call: CallContext) => Promise<void> = () => Promise.resolve(),
): ForgeHandler {
  const resolver = new Resolver();
  const names = Object.keys(schemas) as (keyof Defs & string)[];
  for (const name of names) {
    const schema = schemas[name];
    const implementation = implementations[name] as (payload: unknown, call: CallContext) => Promise<unknown>;
    resolver.define(name, (request) => {
      const ref = correlationId();
      return withCallBudget(ref, async () => {
        try {
          const accountId = accountFrom(request.context);
          await authorize({ accountId });
          const payload = parsePayload(schema, request.payload);
          return { ok: true, value: await implementation(payload, { accountId }) };
        } catch (error) {
          return toFailure(name, ref, error);
        }
      });
    });
  }
  const definitions = resolver.getDefinitions() as ForgeHandler;
  return async (event, backend) => {
    const functionKey = event?.call?.functionKey;
    if (typeof functionKey !== 'string' || !(names as string[]).includes(functionKey)) {
      // The name is the caller's own text: it stays out of the log.
      console.debug(`[${correlationId()}] unknown resolver refused: UNKNOWN_RESOLVER`);
      return { ok: false, error: { code: 'UNKNOWN_RESOLVER', message: UNKNOWN_RESOLVER_MESSAGE } } satisfies ResolverResult<never>;
    }
    return definitions(event, backend);
  };
}
