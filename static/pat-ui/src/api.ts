import { invoke } from '@forge/bridge';
import type { PersonalResolvers, ResolverResult } from '../../../src/contract';

type Name = keyof PersonalResolvers;

/**
 * Calls a resolver of the personal page. A failure of the bridge itself (offline, rate limit)
 * comes back as the same typed error result as a refusal, so the page has one path for both.
 */
export async function callResolver<K extends Name>(
  name: K,
  payload: PersonalResolvers[K]['payload'],
): Promise<ResolverResult<PersonalResolvers[K]['result']>> {
  try {
    // Without metadata options the bridge answers the resolver's return value as is.
    return (await invoke(name, payload)) as ResolverResult<PersonalResolvers[K]['result']>;
  } catch {
    return {
      ok: false,
      error: { code: 'INTERNAL', message: 'Could not reach the app. Check your connection and try again.' },
    };
  }
}
