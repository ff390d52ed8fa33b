import { kvs } from '@forge/kvs';
import type { Integration } from '../domain/integration';
import { chunkByBytes } from './chunking';
import { CATALOG_CHUNK_BYTES, CATALOG_PREFIX, catalogChunkKey } from './keys';
import { queryAll } from './kvsPaging';

interface CatalogChunk {
  items: Integration[];
}

/** The site's integrations in display order: one query for up to 20 chunks (about 10,000 integrations). */
export async function readCatalog(): Promise<Integration[]> {
  const chunks = await queryAll<CatalogChunk>(CATALOG_PREFIX);
  return chunks.flatMap((chunk) => chunk.value.items);
}

/**
 * Replaces the catalog. Chunks are written in order and surplus ones deleted afterwards,
 * so a reader never sees an integration twice.
 */
export async function writeCatalog(integrations: readonly Integration[]): Promise<void> {
  const previous = await queryAll<CatalogChunk>(CATALOG_PREFIX);
  const chunks = chunkByBytes(integrations, CATALOG_CHUNK_BYTES);
  for (const [index, items] of chunks.entries()) {
    await kvs.set<CatalogChunk>(catalogChunkKey(index), { items });
  }
  const kept = new Set(chunks.map((_, index) => catalogChunkKey(index)));
  for (const { key } of previous) {
    if (!kept.has(key)) await kvs.delete(key);
  }
}
