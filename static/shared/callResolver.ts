import { invoke } from './bridge';
import type { ResolverResult } from '../../src/contract';

type Contract = Record<string, { payload: unknown; result: unknown }>;

/**
 * A typed caller for one page's resolvers. A failure of the bridge itself (offline, rate limit)
 * comes back as the same typed error result as a refusal, so a page has one path for both.
 */
export function resolverCaller<Defs extends Contract>() {
  return async function call<K extends keyof Defs & string>(
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
