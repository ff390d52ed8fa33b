/**
 * The site's integrations. One custom-entity item, the head, names the catalog's revision and how
 * many chunks hold the list; every change rewrites head, chunks and the changed integration's own
 * item in ONE transaction conditioned on the head's revision, so of two admins saving at once one
 * lands and the other is told (CONFLICT), and a crash leaves the old catalog or the new one.
 * Readers read the head and then its chunks, both strictly; a chunk of another revision means a
 * change landed in between, and the read starts again.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../domain/errors';
import type { Integration } from '../domain/integration';
import { chunkByBytes } from './chunking';
import { CATALOG_CHUNK_BYTES, CATALOG_HEAD_KEY, catalogChunkKey, ENTITY } from './keys';
import { batchValue, reliableKvs, StorageError, transactConfirmed, type ItemRef, type TransactOp } from './reliableKvs';

export interface CatalogHead {
  revision: number;
  chunkCount: number;
  /** Removed integrations whose users' PATs may not all be purged yet. */
  purging: string[];
  /** Names the write that produced this revision, so a write whose answer was lost can tell it landed. */
  writeId: string;
}

interface CatalogChunk {
  revision: number;
  items: Integration[];
}

/** An integration's own item: what a save reads to check the token, and what it conditions its commit on. */
export interface IntegrationItem {
  /** The catalog revision in which this integration was last changed. */
  revision: number;
  integration: Integration;
}

export interface CatalogState {
  integrations: Integration[];
  /** 0 for a site whose catalog was never written. */
  revision: number;
}

export interface StoredCatalog extends CatalogState {
  purging: string[];
  chunkCount: number;
}

export const CONFLICT_MESSAGE = 'The integrations were changed by someone else since you opened this page — reload to see their changes.';

const CATALOG_HEAD: Required<ItemRef> = { key: CATALOG_HEAD_KEY, entityName: ENTITY.catalog };

export function integrationRef(integrationId: string): Required<ItemRef> {
  return { key: integrationId, entityName: ENTITY.integration };
}

function chunkRef(index: number): Required<ItemRef> {
  return { key: catalogChunkKey(index), entityName: ENTITY.catalogChunk };
}

/** How often a reader starts again when admins keep changing the catalog under it. */
const READ_ATTEMPTS = 3;

/**
 * The catalog, read strictly, together with other items fetched in the same first request (a
 * user's PAT record, say). The first request also asks for the first chunk, so a catalog of one
 * chunk (about 1,300 integrations of typical size) is read in one request; a larger one takes a
 * second for its other chunks. Throws StorageError CATALOG_BUSY if it changed under every attempt.
 */
export async function readCatalogWith(extra: readonly ItemRef[] = []): Promise<{ catalog: StoredCatalog; extra: Map<string, unknown> }> {
  for (let attempt = 1; attempt <= READ_ATTEMPTS; attempt += 1) {
    const first = await reliableKvs.batchGet([CATALOG_HEAD, chunkRef(0), ...extra]);
    const head = batchValue<CatalogHead>(first, CATALOG_HEAD);
    if (!head) return { catalog: { integrations: [], revision: 0, purging: [], chunkCount: 0 }, extra: first };
    const rest = Array.from({ length: Math.max(0, head.chunkCount - 1) }, (_, index) => chunkRef(index + 1));
    const more = await reliableKvs.batchGet(rest);
    const values = [batchValue<CatalogChunk>(first, chunkRef(0)), ...rest.map((ref) => batchValue<CatalogChunk>(more, ref))].slice(
      0,
      head.chunkCount,
    );
    if (values.every((chunk) => chunk?.revision === head.revision)) {
      return {
        catalog: {
          integrations: values.flatMap((chunk) => chunk!.items),
          revision: head.revision,
          purging: head.purging,
          chunkCount: head.chunkCount,
        },
        extra: first,
      };
    }
  }
  throw new StorageError('CATALOG_BUSY', undefined, false);
}

export async function readCatalog(): Promise<StoredCatalog> {
  return (await readCatalogWith()).catalog;
}

/** What one admin change does besides replacing the list: the integration it adds, edits or removes. */
export type CatalogChange = { put: Integration } | { removed: string } | { seed: true };

function headOps(head: CatalogHead, expectedRevision: number): TransactOp {
  return {
    kind: 'set',
    ref: CATALOG_HEAD,
    value: head,
    expect: { attribute: 'revision', equals: expectedRevision === 0 ? undefined : expectedRevision },
  };
}

/** The most operations one transaction may hold (Forge docs, "Transactions"). */
const MAX_TRANSACTION_OPS = 25;

/**
 * Replaces the list if the catalog is still at `before.revision`, as revision + 1, in one
 * transaction: head, every chunk, chunks no longer needed, and the changed integration's item.
 * Returns the new revision. Throws AppError CONFLICT when someone else changed it first,
 * StorageError TOO_LARGE when the change would not fit one transaction (the admin resolver keeps
 * sites to MAX_INTEGRATIONS (domain/integration.ts), far below that), StorageError when storage keeps failing.
 */
export async function replaceCatalog(integrations: readonly Integration[], before: StoredCatalog, change: CatalogChange): Promise<number> {
  const revision = before.revision + 1;
  const groups = chunkByBytes(integrations, CATALOG_CHUNK_BYTES);
  const head: CatalogHead = {
    revision,
    chunkCount: groups.length,
    purging: 'removed' in change ? [...new Set([...before.purging, change.removed])] : before.purging,
    writeId: randomBytes(8).toString('hex'),
  };
  const ops: TransactOp[] = [headOps(head, before.revision)];
  groups.forEach((items, index) => ops.push({ kind: 'set', ref: chunkRef(index), value: { revision, items } satisfies CatalogChunk }));
  for (let index = groups.length; index < before.chunkCount; index += 1) ops.push({ kind: 'delete', ref: chunkRef(index) });
  if ('put' in change)
    ops.push({ kind: 'set', ref: integrationRef(change.put.id), value: { revision, integration: change.put } satisfies IntegrationItem });
  if ('removed' in change) ops.push({ kind: 'delete', ref: integrationRef(change.removed) });
  if (ops.length > MAX_TRANSACTION_OPS) throw new StorageError('TOO_LARGE', undefined, false);
  await commit(ops, head);
  return revision;
}

/** Runs a catalog transaction; a write whose answer was lost is ours when the head now carries our writeId. */
async function commit(ops: TransactOp[], head: CatalogHead): Promise<void> {
  const outcome = await transactConfirmed(ops, async () => (await readHead())?.writeId === head.writeId);
  if (outcome === 'conflict') throw new AppError('CONFLICT', CONFLICT_MESSAGE);
}

async function readHead(): Promise<CatalogHead | undefined> {
  return batchValue<CatalogHead>(await reliableKvs.batchGet([CATALOG_HEAD]), CATALOG_HEAD);
}

/** Drops an integration from the head's purge list once its purge finished; a concurrent change leaves it for the next try. */
export async function finishPurge(integrationId: string): Promise<void> {
  const head = await readHead();
  if (!head?.purging.includes(integrationId)) return;
  const next: CatalogHead = {
    ...head,
    purging: head.purging.filter((id) => id !== integrationId),
    writeId: randomBytes(8).toString('hex'),
  };
  // A conflict leaves the integration listed; the next admin page load purges (finding nobody) and tries again.
  await transactConfirmed([headOps(next, head.revision)], async () => (await readHead())?.writeId === next.writeId);
}

/**
 * Seeds or replaces the whole catalog whatever its revision (tests, the bench, the local preview's
 * demo data): the integrations' own items first, in batches of 25, then the head and chunks in one
 * transaction. It does not apply the admin's MAX_INTEGRATIONS cap, so the bench can measure beyond it.
 */
export async function writeCatalog(integrations: readonly Integration[]): Promise<void> {
  const before = await readCatalog();
  for (let start = 0; start < integrations.length; start += 25) {
    await reliableKvs.batchSet(
      integrations.slice(start, start + 25).map((integration) => ({
        ref: integrationRef(integration.id),
        value: { revision: before.revision + 1, integration } satisfies IntegrationItem,
      })),
    );
  }
  await replaceCatalog(integrations, before, { seed: true });
}
