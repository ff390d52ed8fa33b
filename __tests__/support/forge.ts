import { KvsEmulator, type KvsEmulatorOptions } from '../../tools/forge-doubles/kvsEmulator';
import { manifestEntities } from '../../tools/manifest';
import { installForgeFetch } from '../../tools/forge-doubles/forgeFetch';
import { installForgeRuntime } from '../../tools/forge-doubles/forgeRuntime';
import { invokeAsForge } from '../../tools/forge-doubles/invokeAsForge';
import { jiraPermissionsDouble } from '../../tools/forge-doubles/jiraDouble';
import { writeCatalog } from '../../src/storage/catalogStore';
import { parseSecretKey } from '../../src/storage/keys';
import { adminHandler, handler } from '../../src/index';
import { secretOf, storedCredential } from '../../src/domain/credential';
import type { Integration } from '../../src/domain/integration';
import type { ResolverResult } from '../../src/contract';

/** Accounts the Jira double answers as administrators. */
export const ADMINS = new Set(['admin-1', '557058:admin-2']);

const ENTITIES = manifestEntities();

export interface ForgeState {
  kvs: KvsEmulator;
  jiraCalls: string[];
  jiraAnswers?: () => Response;
  /** Domains a site admin approved for backend egress (customer-managed egress), on top of the manifest's. */
  approvedEgress: Set<string>;
}

/**
 * A fresh emulator, Jira permissions double and Forge runtime (egress permissions) behind the real
 * SDKs for each test. The emulator behaves as the platform may by default: lagging queries,
 * lingering expired keys, 409s, rate budgets.
 */
export function useForge(options: KvsEmulatorOptions = {}): ForgeState {
  const state: ForgeState = { kvs: new KvsEmulator({ entities: ENTITIES, ...options }), jiraCalls: [], approvedEgress: new Set() };
  let uninstall: () => void = () => undefined;
  let uninstallRuntime: () => void = () => undefined;
  beforeEach(() => {
    state.kvs = new KvsEmulator({ entities: ENTITIES, ...options });
    state.jiraAnswers = undefined;
    state.approvedEgress = new Set();
    uninstallRuntime = installForgeRuntime(() => state.approvedEgress);
    const jira = jiraPermissionsDouble((accountId) => ADMINS.has(accountId));
    state.jiraCalls = jira.calls;
    // A test may make Jira answer otherwise (an outage, say) by setting jiraAnswers.
    const products: typeof jira.fetch = (target, path, init) =>
      state.jiraAnswers ? Promise.resolve(state.jiraAnswers()) : jira.fetch(target, path, init);
    uninstall = installForgeFetch({ kvs: state.kvs, products });
  });
  afterEach(() => {
    state.kvs.releaseHung();
    uninstall();
    uninstallRuntime();
  });
  return state;
}

export async function seedCatalog(kvs: KvsEmulator, integrations: Integration[]): Promise<void> {
  await writeCatalog(integrations);
  kvs.resetCounts();
}

/** The personal page's resolver handler, called as Forge calls it. */
export function callPersonal<T = unknown>(
  functionKey: string,
  payload: unknown,
  accountId: string | undefined,
  context?: Record<string, unknown>,
) {
  return invokeAsForge(handler, functionKey, payload, accountId, context) as Promise<ResolverResult<T>>;
}

/** The admin page's resolver handler, called as Forge calls it. */
export function callAdmin<T = unknown>(functionKey: string, payload: unknown, accountId: string | undefined) {
  return invokeAsForge(adminHandler, functionKey, payload, accountId, { moduleKey: 'git-pat-admin' }) as Promise<ResolverResult<T>>;
}

/** The secret part of a stored credential (the token, password or secret access key), as the hint is taken from it. */
export function storedSecret(value: unknown): string {
  const credential = storedCredential(value);
  if (!credential) throw new Error('a stored secret that is not a credential');
  return secretOf(credential);
}

/**
 * Stored credentials as `[<accountId>#<integrationId>, secret part]`, whatever secret id each save
 * gave its secret.
 */
export function storedTokens(kvs: KvsEmulator): [string, string][] {
  return kvs.entries('secret').map(([key, value]) => {
    const parts = parseSecretKey(key);
    if (!parts) throw new Error(`a secret under a key that is not a token's: ${key}`);
    return [`${parts.accountId}#${parts.integrationId}`, storedSecret(value)];
  });
}

/** Every saved PAT in the accounts' records, as `<accountId>#<integrationId>`, sorted. */
export function storedPats(kvs: KvsEmulator): string[] {
  return kvs
    .entityEntries('pat-record')
    .flatMap(([accountId, record]) => Object.keys((record as { pats: Record<string, unknown> }).pats).map((id) => `${accountId}#${id}`))
    .sort();
}

/** Every holder entry of the integrations' holder shards, as `<accountId>#<integrationId>`, sorted. */
export function storedHolders(kvs: KvsEmulator): string[] {
  return kvs
    .entityEntries('pat-holders')
    .flatMap(([, shard]) => {
      const { integrationId, accounts } = shard as { integrationId: string; accounts: string[] };
      return accounts.map((accountId) => `${accountId}#${integrationId}`);
    })
    .sort();
}
