/**
 * The smallest fetch a host check needs. Both `globalThis.fetch` and `fetch` from `@forge/api`
 * fit it, so the resolver passes Forge's and tests pass one aimed at loopback fakes.
 */
export interface EgressInit {
  method: 'GET';
  headers: Record<string, string>;
  /** A redirect is reported, never followed: following it could carry the token to another host. */
  redirect: 'manual';
  signal: AbortSignal;
}

export interface EgressResponse {
  status: number;
  headers: { forEach(callback: (value: string, name: string) => void): void };
  text(): Promise<string>;
}

export type EgressFetch = (url: string, init: EgressInit) => Promise<EgressResponse>;
