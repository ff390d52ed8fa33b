import { invoke } from './bridge';
import type { ResolverResult } from '../../src/contract';

type Contract = Record<string, { payload: unknown; result: unknown }>;

/**
 * Makes the typed `invoke` of one page (`Defs`: that page's resolvers in the contract): it takes a
 * resolver name and its payload and answers the resolver's typed result. It never throws: a failure
 * of the bridge itself (offline, rate limit) comes back as the same typed error result as a refusal,
 * so a page has one path for both.
 */
export function resolverInvoker<Defs extends Contract>() {
  return async function invokeResolver<K extends keyof Defs & string>(
    name: K,
    payload: Defs[K]['payload'],
  ): Promise<ResolverResult<Defs[K]['result']>> {
    try {
      // Without metadata options the bridge answers the resolver's return value as is.
      return (await invoke(name, payload as Parameters<typeof invoke>[1])) as ResolverResult<Defs[K]['result']>;
    } catch {
      return { ok: false, error: { code: 'INTERNAL', message: 'Could not reach the app. Check your connection and try again.' } };
    }
  };
}
