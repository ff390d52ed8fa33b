/**
 * Where the app's requests to git hosts go in a test. @forge/api keeps the `fetch` it finds when it loads
 * (getFetchAPI in @forge/api/out/api/fetch.js), so a test's host doubles cannot be installed after the app
 * is imported. A test file imports this module **before anything that loads @forge/api**; it puts in a fetch
 * that asks whatever route the test sets, so every other import stays a plain import.
 */
import type { EgressFetch } from '../../src/hostChecks/egressFetch';

/** The fetch in place before: support/noNetwork.ts's, which reaches loopback only. */
export const loopbackFetch = globalThis.fetch as EgressFetch;

let route: EgressFetch = loopbackFetch;

globalThis.fetch = ((url: string, init: Parameters<EgressFetch>[1]) => route(url, init)) as typeof fetch;

/** From now on the app's requests go through `next` (typically `rewriteOrigins(loopbackFetch, …)` to the fakes). */
export function routeHostFetch(next: EgressFetch): void {
  route = next;
}
