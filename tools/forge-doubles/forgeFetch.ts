import type { KvsEmulator } from './kvsEmulator';

/** The first argument of `__forge_fetch__`: which Forge service a request is for. */
export interface ForgeTarget {
  type: string;
  provider?: string;
  remote?: string;
  accountId?: string;
}

export type ForgeFetch = (target: ForgeTarget, path: string, init?: RequestInit) => Promise<Response>;

export interface ForgeServices {
  kvs: KvsEmulator;
  /** Product and platform calls (`requestJira`, personal-data reporting), when a test needs them. */
  products?: ForgeFetch;
}

declare global {
  var __forge_fetch__: ForgeFetch | undefined;
}

/** Installs the doubles where the real Forge SDKs look for their transport; returns the uninstaller. */
export function installForgeFetch(services: ForgeServices): () => void {
  const previous = globalThis.__forge_fetch__;
  globalThis.__forge_fetch__ = async (target, path, init) => {
    if (target.type === 'kvs') return services.kvs.handle(path, init);
    if (services.products) return services.products(target, path, init);
    return new Response(JSON.stringify({ code: 'NOT_IMPLEMENTED', message: `No double for ${target.type} ${path}` }), {
      status: 501,
      headers: { 'content-type': 'application/json' },
    });
  };
  return () => {
    globalThis.__forge_fetch__ = previous;
  };
}
