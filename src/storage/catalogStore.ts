import { kvs, ForgeKvsAPIError } from '@forge/kvs';
import type { Integration } from '../domain/integration';
import { AppError } from '../domain/errors';
import { chunkByBytes } from './chunking';
import { CATALOG_CHUNK_BYTES, CATALOG_PREFIX, catalogChunkKey, catalogRevisionKey } from './keys';
import { queryAll } from './kvsPaging';

interface CatalogChunk {
  revision?: number;
  items: Integration[];
}

export interface CatalogState {
  integrations: Integration[];
  /** 0 for a site whose catalog was never written. */
  revision: number;
}

/** Long enough for any write of the catalog to finish; afterwards a claim left by a crashed write expires. */
const CLAIM_TTL_SECONDS = 120;

export const CONFLICT_MESSAGE = 'The integrations were changed by someone else since you opened this page — reload to see their changes.';

function stateOf(chunks: { value: CatalogChunk }[]): CatalogState {
  return {
    integrations: chunks.flatMap((chunk) => chunk.value.items),
    revision: chunks[0]?.value.revision ?? 0,
  };
}

/** The site's integrations in display order: one query for up to 20 chunks (about 10,000 integrations). */
export async function readCatalogState(): Promise<CatalogState> {
  return stateOf(await queryAll<CatalogChunk>(CATALOG_PREFIX));
}

export async function readCatalog(): Promise<Integration[]> {
  return (await readCatalogState()).integrations;
}

function isConflict(error: unknown): boolean {
  return error instanceof ForgeKvsAPIError && (error.responseDetails.status === 409 || /EXISTS/.test(error.code));
}

/**
 * Replaces the catalog if it is still at `expectedRevision`, as revision + 1.
 * Two admins saving at once both read revision N; each then tries to create the claim key of
 * revision N + 1 with FAIL_IF_EXISTS, which only one can do: the other gets CONFLICT and nothing
 * of theirs is written. The winner deletes its claim only after its chunks are written, so a later
 * claimant of N + 1 re-reads the catalog, finds it already at N + 1 and gets CONFLICT too.
 * A claim left by a write that crashed expires after CLAIM_TTL_SECONDS.
 */
export async function replaceCatalog(integrations: readonly Integration[], expectedRevision: number): Promise<number> {
  const revision = expectedRevision + 1;
  const claim = catalogRevisionKey(revision);
  try {
    await kvs.set(claim, { claimedAt: new Date().toISOString() }, { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: CLAIM_TTL_SECONDS, unit: 'SECONDS' } });
  } catch (error) {
    if (isConflict(error)) throw new AppError('CONFLICT', CONFLICT_MESSAGE);
    throw error;
  }
  const before = await queryAll<CatalogChunk>(CATALOG_PREFIX);
  if (stateOf(before).revision !== expectedRevision) {
    await kvs.delete(claim);
    throw new AppError('CONFLICT', CONFLICT_MESSAGE);
  }
  const chunks = chunkByBytes(integrations, CATALOG_CHUNK_BYTES);
  // An empty catalog still keeps one chunk, so its revision is not lost.
  const values = chunks.length > 0 ? chunks : [[]];
  for (const [index, items] of values.entries()) {
    await kvs.set<CatalogChunk>(catalogChunkKey(index), { revision, items });
  }
  const kept = new Set(values.map((_, index) => catalogChunkKey(index)));
  for (const { key } of before) {
    if (!kept.has(key)) await kvs.delete(key);
  }
  await kvs.delete(claim);
  return revision;
}

/** Seeds or replaces the catalog whatever its revision (tests, the local preview's demo data). */
export async function writeCatalog(integrations: readonly Integration[]): Promise<void> {
  await replaceCatalog(integrations, (await readCatalogState()).revision);
}
