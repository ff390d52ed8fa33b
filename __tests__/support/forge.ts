import { KvsEmulator } from '../../tools/forge-doubles/kvsEmulator';
import { installForgeFetch } from '../../tools/forge-doubles/forgeFetch';
import { callResolver } from '../../tools/forge-doubles/callResolver';
import { writeCatalog } from '../../src/storage/catalogStore';
import { handler } from '../../src/index';
import type { Integration } from '../../src/domain/integration';
import type { ResolverResult } from '../../src/contract';

/** A fresh emulator behind the real SDKs for each test. */
export function useForge(): { kvs: KvsEmulator } {
  const state = { kvs: new KvsEmulator() };
  let uninstall: () => void = () => undefined;
  beforeEach(() => {
    state.kvs = new KvsEmulator();
    uninstall = installForgeFetch({ kvs: state.kvs });
  });
  afterEach(() => {
    state.kvs.releaseHung();
    uninstall();
  });
  return state;
}

export async function seedCatalog(kvs: KvsEmulator, integrations: Integration[]): Promise<void> {
  await writeCatalog(integrations);
  kvs.resetCounts();
}

/** The personal page's resolver handler, called as Forge calls it. */
export function call<T = unknown>(functionKey: string, payload: unknown, accountId: string | undefined, context?: Record<string, unknown>) {
  return callResolver(handler, functionKey, payload, accountId, context) as Promise<ResolverResult<T>>;
}
