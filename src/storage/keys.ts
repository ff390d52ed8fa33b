/**
 * Storage key design (docs/storage.md explains every write and what a crash leaves). Every key
 * keeps to Forge's key rules (≤ 500 chars, [a-zA-Z0-9:._\s-#]); `#` separates parts because
 * Atlassian account ids may contain `:` and `-` but never `#`.
 *
 * Custom entities (manifest `app.storage.entities`): the only items a transaction can put a
 * condition on, so every record that two callers may change at once is one.
 *
 *   catalog        head                          revision, chunk count, removed integrations still being purged
 *   catalog-chunk  chunk-<n>                     integrations in display order, ≤ CATALOG_CHUNK_BYTES each
 *   integration    <integrationId>               one integration, for point reads (a save's host check)
 *   pat-record     <accountId>                   one account's saved PATs and its loose secrets
 *   pat-holders    <integrationId>#<shard>       which accounts hold a PAT for an integration (16 shards)
 *
 * Secrets (never in a transaction, never queried):
 *
 *   token#<accountId>#<integrationId>#<secretId> one saved token; a new secretId for every save
 *
 * Plain keys, each written only by its background job (one run at a time):
 *
 *   personal-data-cycle       the personal data job's progress
 *   token-recheck-progress    the weekly re-check's pass
 *   token-health              the counts of the re-check's last finished pass
 */

export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9:_-]{1,128}$/;

/** Forge's own key rule, checked again here so a bad key fails before any request. */
const FORGE_KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;
const FORGE_KEY_MAX_LENGTH = 500;

/** Leaves headroom under Forge's 240 KiB value limit for JSON framing and the other attributes. */
export const CATALOG_CHUNK_BYTES = 200 * 1024;
export const PAT_RECORD_BYTES = 200 * 1024;
/** Forge returns at most 20 results per query page. */
export const QUERY_PAGE_SIZE = 20;
/** Shards of an integration's holder list: a site of 100,000 users stays far below the value limit. */
export const HOLDER_SHARDS = 16;

export const ENTITY = {
  catalog: 'catalog',
  catalogChunk: 'catalog-chunk',
  integration: 'integration',
  patRecord: 'pat-record',
  patHolders: 'pat-holders',
} as const;

/** The `pat-record` index the background jobs walk (manifest `indexes`). */
export const PAT_RECORD_INDEX = 'by-account';

export const CATALOG_HEAD_KEY = 'head';

export function catalogChunkKey(index: number): string {
  return `chunk-${index}`;
}

/** FNV-1a: stable across runtimes, so an account always lands in the same holder shard. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function holderShardKey(integrationId: string, accountId: string): string {
  return `${integrationId}#${(fnv1a(accountId) % HOLDER_SHARDS).toString(16)}`;
}

export function holderShardKeys(integrationId: string): string[] {
  return Array.from({ length: HOLDER_SHARDS }, (_, shard) => `${integrationId}#${shard.toString(16)}`);
}

const SECRET_PREFIX = 'token';

export function secretKey(accountId: string, integrationId: string, secretId: string): string {
  return `${SECRET_PREFIX}#${accountId}#${integrationId}#${secretId}`;
}

/**
 * The parts of a token secret's key, the inverse of secretKey; undefined for any other key. Unambiguous
 * because none of the parts can hold `#` (ACCOUNT_ID_PATTERN, INTEGRATION_ID_PATTERN, hex secret ids).
 */
export function parseSecretKey(key: string): { accountId: string; integrationId: string; secretId: string } | undefined {
  const [prefix, accountId, integrationId, secretId, ...rest] = key.split('#');
  if (prefix !== SECRET_PREFIX || !accountId || !integrationId || !secretId || rest.length > 0) return undefined;
  return { accountId, integrationId, secretId };
}

/** The personal data job's progress (src/privacy/reportPersonalData.ts). */
export const PERSONAL_DATA_PROGRESS_KEY = 'personal-data-cycle';
/** The weekly re-check's pass: start, cursor, paused hosts, counts so far (src/recheck/weeklyRecheck.ts). */
export const RECHECK_PROGRESS_KEY = 'token-recheck-progress';
/** The counts of the weekly re-check's last finished pass, which the admin page reads. */
export const TOKEN_HEALTH_KEY = 'token-health';

export function isValidForgeKey(key: string): boolean {
  return key.length > 0 && key.length <= FORGE_KEY_MAX_LENGTH && FORGE_KEY_PATTERN.test(key);
}
