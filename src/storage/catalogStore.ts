import type { Integration } from '../domain/integration';
import { AppError } from '../domain/errors';
import { chunkByBytes } from './chunking';
import { claimKey } from './claims';
import { resumePurges, unfinishedPurges } from './integrationPurge';
import { CATALOG_CHUNK_BYTES, CATALOG_PREFIX, catalogChunkKey, catalogRevisionKey } from './keys';
import { queryAll, type Entry } from './kvsPaging';
import { bestEffort, reliableKvs, StorageError } from './reliableKvs';

interface CatalogChunk {
  revision?: number;
  items: Integration[];
  /**
   * Chunk 0 only: removed integrations whose users' PATs may not all be purged yet. It is written in
   * the same write that removes the integration, so a purge that fails part-way is never forgotten.
   */
  purging?: string[];
}

export interface CatalogState {
  integrations: Integration[];
  /** 0 for a site whose catalog was never written. */
  revision: number;
}

interface StoredCatalog extends CatalogState {
  purging: string[];
}

/** Long enough for any write of the catalog to finish; afterwards a claim left by a crashed write expires. */
const CLAIM_TTL_SECONDS = 120;

export const CONFLICT_MESSAGE = 'The integrations were changed by someone else since you opened this page — reload to see their changes.';

function storedOf(chunks: Entry<CatalogChunk>[]): StoredCatalog {
  return {
    integrations: chunks.flatMap((chunk) => chunk.value.items),
    revision: chunks[0]?.value.revision ?? 0,
    purging: chunks[0]?.value.purging ?? [],
  };
}

/** One query for up to 20 chunks (about 10,000 integrations). */
async function readStored(): Promise<StoredCatalog> {
  return storedOf(await queryAll<CatalogChunk>(CATALOG_PREFIX));
}

/** The site's integrations in display order, for the personal page: one query, nothing else. */
export async function readCatalog(): Promise<Integration[]> {
  return (await readStored()).integrations;
}

/** The catalog as the admin page sees it. An admin read also finishes purges that a failure interrupted. */
export async function readCatalogState(): Promise<CatalogState> {
  const { integrations, revision, purging } = await readStored();
  if (purging.length > 0) await resumePurges(purging);
  return { integrations, revision };
}

function chunksOf(integrations: readonly Integration[], revision: number, purging: string[]): CatalogChunk[] {
  const groups = chunkByBytes(integrations, CATALOG_CHUNK_BYTES);
  // An empty catalog still keeps one chunk, so its revision is not lost.
  return (groups.length > 0 ? groups : [[]]).map((items, index) =>
    index === 0 && purging.length > 0 ? { revision, items, purging } : { revision, items },
  );
}

async function writeChunks(before: Entry<CatalogChunk>[], chunks: CatalogChunk[]): Promise<void> {
  for (const [index, chunk] of chunks.entries()) await reliableKvs.set<CatalogChunk>(catalogChunkKey(index), chunk);
  const kept = new Set(chunks.map((_, index) => catalogChunkKey(index)));
  for (const { key } of before) {
    if (!kept.has(key)) await reliableKvs.delete(key);
  }
}

/** Puts every chunk back as it was, so that a catalog of several chunks does not stay half new. */
async function restoreChunks(before: Entry<CatalogChunk>[], chunks: CatalogChunk[]): Promise<void> {
  for (const { key, value } of before) await bestEffort('catalog restore', () => reliableKvs.set<CatalogChunk>(key, value));
  const existed = new Set(before.map(({ key }) => key));
  for (const key of chunks.map((_, index) => catalogChunkKey(index))) {
    if (!existed.has(key)) await bestEffort('catalog restore', () => reliableKvs.delete(key));
  }
}

/**
 * Replaces the catalog if it is still at `expectedRevision`, as revision + 1.
 * Two admins saving at once both read revision N; each then tries to create the claim key of
 * revision N + 1 with FAIL_IF_EXISTS, which only one can do: the other gets CONFLICT and nothing
 * of theirs is written. The winner deletes its claim only after its chunks are written, so a later
 * claimant of N + 1 re-reads the catalog, finds it already at N + 1 and gets CONFLICT too.
 * A claim left by a write that crashed expires after CLAIM_TTL_SECONDS.
 * When writing the chunks fails, the previous chunks are put back and the claim is released,
 * except when a chunk write timed out: it may still land, so the claim stays until it expires
 * rather than let another writer's catalog be overwritten by it.
 */
export async function replaceCatalog(integrations: readonly Integration[], expectedRevision: number): Promise<number> {
  const revision = expectedRevision + 1;
  const claim = catalogRevisionKey(revision);
  const release = () => bestEffort('claim release', () => reliableKvs.delete(claim));
  if (!(await claimKey(claim, CLAIM_TTL_SECONDS))) throw new AppError('CONFLICT', CONFLICT_MESSAGE);
  let before: Entry<CatalogChunk>[];
  let chunks: CatalogChunk[];
  try {
    before = await queryAll<CatalogChunk>(CATALOG_PREFIX);
    const previous = storedOf(before);
    if (previous.revision !== expectedRevision) throw new AppError('CONFLICT', CONFLICT_MESSAGE);
    const kept = new Set(integrations.map((integration) => integration.id));
    const removed = previous.integrations.filter((integration) => !kept.has(integration.id)).map((integration) => integration.id);
    chunks = chunksOf(integrations, revision, [...new Set([...removed, ...(await unfinishedPurges(previous.purging))])]);
  } catch (error) {
    await release();
    throw error;
  }
  try {
    await writeChunks(before, chunks);
  } catch (error) {
    await restoreChunks(before, chunks);
    if (!(error instanceof StorageError && error.inFlight)) await release();
    throw error;
  }
  await release();
  return revision;
}

/** Seeds or replaces the catalog whatever its revision (tests, the local preview's demo data). */
export async function writeCatalog(integrations: readonly Integration[]): Promise<void> {
  await replaceCatalog(integrations, (await readCatalogState()).revision);
}
