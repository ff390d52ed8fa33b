/**
 * `batch/get`, `batch/set` and `batch/delete`: up to 25 plain keys and entity items per request,
 * each succeeding or failing on its own
 * (https://developer.atlassian.com/platform/forge/storage-reference/batchops-entities/).
 */
import { badRequest, json, KvsRequestError } from './errors';
import { answerRead, bytes } from './keyValueOperations';
import { unitsOf } from './rateBudget';
import type { OperationContext } from './store';
import { checkKey, metadata, record, ttlOnlyExpiry } from './values';

/** A request item of `batch/*` (and of `transaction`). */
export interface Item {
  key?: unknown;
  entityName?: unknown;
  value?: unknown;
  options?: unknown;
  conditions?: unknown;
}

const MAX_BATCH_ITEMS = 25;
export const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;

/**
 * The items of a batch request: a JSON array of 1–25 items, no key twice, ≤ 4 MB; else 400 for the whole request.
 * ASSUMPTION: "the same key" means the same key in the same entity (or among plain keys), and the
 * 400 codes are ours (https://developer.atlassian.com/platform/forge/storage-reference/batchops-entities/ names none).
 */
export function batchItems(body: unknown, text: string): Item[] {
  if (!Array.isArray(body)) throw badRequest('BAD_REQUEST', 'A batch request is a JSON array of items');
  if (body.length === 0) throw badRequest('BAD_REQUEST', 'A batch request needs at least one item');
  if (body.length > MAX_BATCH_ITEMS) throw badRequest('BAD_REQUEST', `A batch request takes at most ${MAX_BATCH_ITEMS} items`);
  if (bytes(text) > MAX_PAYLOAD_BYTES) throw badRequest('MAX_SIZE', 'A batch request is limited to 4 MB');
  const seen = new Set<string>();
  for (const item of body as (Item | null)[]) {
    const id = JSON.stringify([item?.entityName ?? null, item?.key]);
    if (seen.has(id)) throw badRequest('BAD_REQUEST', `Key ${String(item?.key)} appears more than once in the batch`);
    seen.add(id);
  }
  return body.map((item: Item | null) => item ?? {});
}

/** The `{key, entityName?}` a batch answer names an item by. */
function itemId(item: Item): { key: string; entityName?: string } {
  return { key: String(item.key), ...(typeof item.entityName === 'string' ? { entityName: item.entityName } : {}) };
}

function failure(item: Item, error: unknown): { key: string; entityName?: string; error: { code: string; message: string } } {
  if (!(error instanceof KvsRequestError)) throw error;
  return { ...itemId(item), error: { code: error.code, message: error.message } };
}

/**
 * `batch/get` → `{successfulKeys: [{key, entityName?, value, …metadata}], failedKeys}`. Strict, like `get`.
 * ASSUMPTION: a missing key goes to `failedKeys` with code KEY_NOT_FOUND; the batch page does not say.
 * Billed per item, at least one unit each.
 */
export function batchGet(context: OperationContext, items: Item[]): Response {
  const successfulKeys: unknown[] = [];
  const failedKeys: unknown[] = [];
  let units = 0;
  for (const item of items) {
    let entry: unknown;
    try {
      const key = checkKey(item.key);
      const stored = context.store.get(context.store.tableOf(item.entityName), key);
      if (!stored) throw new KvsRequestError(404, 'KEY_NOT_FOUND', `Key ${key} not found`);
      entry = { ...itemId(item), value: JSON.parse(stored.json) as unknown, ...metadata(stored, item.options) };
      successfulKeys.push(entry);
    } catch (error) {
      entry = failure(item, error);
      failedKeys.push(entry);
    }
    units += unitsOf(bytes(JSON.stringify(entry)));
  }
  return answerRead(context, { successfulKeys, failedKeys }, units);
}

/**
 * `batch/set`: each valid item is written (a TTL its only option); refused ones go to `failedKeys`. Billed per item.
 * ASSUMPTION: an item with a bad key or value fails alone (in `failedKeys`, with the code a single
 * `set` would get) rather than the whole request; the batch page documents only whole-request failures.
 */
export function batchSet(context: OperationContext, items: Item[]): Response {
  const now = context.now();
  const writes: { table: string; key: string; text: string; expiresAt?: number; item: Item }[] = [];
  const failedKeys: unknown[] = [];
  for (const item of items) {
    try {
      const key = checkKey(item.key);
      const table = context.store.tableOf(item.entityName);
      writes.push({ table, key, text: context.store.checkedValue(table, item.value), expiresAt: ttlOnlyExpiry(item.options, now), item });
    } catch (error) {
      failedKeys.push(failure(item, error));
    }
  }
  context.budget.charge('write', writes.reduce((sum, write) => sum + unitsOf(bytes(write.text)), 0) + failedKeys.length);
  for (const write of writes)
    context.store.write(write.table, write.key, record(write.text, context.store.get(write.table, write.key), now, write.expiresAt));
  if (writes.length > 0) context.changed();
  return json(200, { successfulKeys: writes.map((write) => itemId(write.item)), failedKeys });
}

/** `batch/delete`: a missing key counts as deleted, as `delete` does. Billed one unit per item. */
export function batchDelete(context: OperationContext, items: Item[]): Response {
  const deletes: { table: string; key: string; item: Item }[] = [];
  const failedKeys: unknown[] = [];
  for (const item of items) {
    try {
      deletes.push({ table: context.store.tableOf(item.entityName), key: checkKey(item.key), item });
    } catch (error) {
      failedKeys.push(failure(item, error));
    }
  }
  context.budget.charge('write', items.length);
  let changed = false;
  for (const { table, key } of deletes) {
    if (!context.store.get(table, key)) continue;
    context.store.write(table, key, undefined);
    changed = true;
  }
  if (changed) context.changed();
  return json(200, { successfulKeys: deletes.map((entry) => itemId(entry.item)), failedKeys });
}
