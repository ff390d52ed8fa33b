/**
 * Storage key design. Every key keeps to Forge's key rules (≤500 chars, [a-zA-Z0-9:._\s-#]).
 * `#` separates parts because Atlassian account ids may contain `:` and `-` but never `#`,
 * so a prefix such as `pats#<accountId>#` can never match another account.
 *
 *   catalog#<nnnn>                       plain  the site's integrations, in chunks of ≤ CATALOG_CHUNK_BYTES
 *                                               (chunk 0's `purging`: removed integrations still being purged)
 *   catalog-rev#<revision>               plain  short-lived claim of the next catalog revision (admin writes)
 *   pats#<accountId>#<shard>             plain  one account's PAT metadata, spread over PAT_SHARDS shards
 *                                               (`unsettled`: replaces in flight or interrupted, see patStore.ts)
 *   patlock#<accountId>#<shard>          plain  short-lived lock: one change of a shard at a time
 *   token#<accountId>#<integrationId>    secret the token itself
 *   holder#<integrationId>#<accountId>   plain  reverse index: who holds a PAT for an integration
 *
 * Loading the personal page is one query on `catalog#` plus one on `pats#<accountId>#`
 * (both fit a 20-result page), whatever the number of integrations; only a replace that failed
 * part-way adds one secret read until the PAT is saved or removed again.
 */

export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9:_-]{1,128}$/;

/** Forge's own key rule, checked again here so a bad key fails before any request. */
const FORGE_KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;
const FORGE_KEY_MAX_LENGTH = 500;

export const PAT_SHARDS = 16;
/** Leaves headroom under Forge's 240 KiB value limit for JSON framing. */
export const CATALOG_CHUNK_BYTES = 200 * 1024;
export const PAT_SHARD_BYTES = 200 * 1024;
/** Forge returns at most 20 results per query page. */
export const QUERY_PAGE_SIZE = 20;

export const CATALOG_PREFIX = 'catalog#';

export function catalogChunkKey(index: number): string {
  return `${CATALOG_PREFIX}${String(index).padStart(4, '0')}`;
}

export function catalogRevisionKey(revision: number): string {
  return `catalog-rev#${revision}`;
}

/** Every account's PAT metadata shards, and nothing else. */
export const PAT_SHARDS_PREFIX = 'pats#';

export function patShardPrefix(accountId: string): string {
  return `${PAT_SHARDS_PREFIX}${accountId}#`;
}

/** The account a metadata shard key belongs to: account ids never contain `#`. */
export function accountOfPatShardKey(key: string): string {
  return key.slice(PAT_SHARDS_PREFIX.length, key.lastIndexOf('#'));
}

/** FNV-1a: stable across runtimes, so an integration's metadata always lands in the same shard. */
export function patShard(integrationId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < integrationId.length; i += 1) {
    hash ^= integrationId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % PAT_SHARDS).toString(16);
}

export function patShardKey(accountId: string, integrationId: string): string {
  return `${patShardPrefix(accountId)}${patShard(integrationId)}`;
}

/** Not under `pats#`, so neither the page's query nor the personal data scan ever meets a lock. */
export function patLockKey(accountId: string, integrationId: string): string {
  return `patlock#${accountId}#${patShard(integrationId)}`;
}

export function tokenKey(accountId: string, integrationId: string): string {
  return `token#${accountId}#${integrationId}`;
}

export function holderPrefix(integrationId: string): string {
  return `holder#${integrationId}#`;
}

export function holderKey(integrationId: string, accountId: string): string {
  return `${holderPrefix(integrationId)}${accountId}`;
}

export function isValidForgeKey(key: string): boolean {
  return key.length > 0 && key.length <= FORGE_KEY_MAX_LENGTH && FORGE_KEY_PATTERN.test(key);
}
