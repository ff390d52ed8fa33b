import { invoke } from '@forge/bridge';
import type { AdminResolvers, ResolverResult } from '../../../src/contract';

type Name = keyof AdminResolvers;

/** Calls a resolver of the admin page; a bridge failure comes back as a typed error like a refusal. */
export async function callAdmin<K extends Name>(name: K, payload: AdminResolvers[K]['payload']): Promise<ResolverResult<AdminResolvers[K]['result']>> {
  try {
    // Without metadata options the bridge answers the resolver's return value as is.
    return (await invoke(name, payload)) as ResolverResult<AdminResolvers[K]['result']>;
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: 'Could not reach the app. Check your connection and try again.' } };
  }
}
