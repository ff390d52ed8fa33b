/**
 * Single-key operations and queries: `get`/`set`/`delete` on plain values, secrets and entity items,
 * `query` on plain keys and `entity/query` on an entity index
 * (https://developer.atlassian.com/platform/forge/storage-reference/kvs-api/,
 * https://developer.atlassian.com/platform/forge/storage-reference/entities-api/).
 */
import { badRequest, json, KvsRequestError } from './errors';
import { queryEntity, queryLimit } from './entities';
import type { Clause } from './conditions';
import { unitsOf } from './rateBudget';
import type { OperationContext } from './store';
import { checkKey, compareKeys, expiryOf, metadata, record, type StoredValue } from './values';

export function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

/** Answers a read with 200 JSON, billing the bytes returned (or `units`) to the read budget. */
export function answerRead(context: OperationContext, body: unknown, units?: number): Response {
  const text = JSON.stringify(body);
  context.budget.charge('read', units ?? unitsOf(bytes(text)));
  return new Response(text, { status: 200, headers: { 'content-type': 'application/json' } });
}

/** `{key, options?}` → 200 `{key, value, …metadata}`, or 404 `KEY_NOT_FOUND`. Strict, and expired values are still returned. */
export function getItem(context: OperationContext, table: string, request: Record<string, unknown>): Response {
  const key = checkKey(request.key);
  const stored = context.store.get(table, key);
  if (!stored) {
    context.budget.charge('read', 1);
    throw new KvsRequestError(404, 'KEY_NOT_FOUND', `Key ${key} not found`);
  }
  return answerRead(context, { key, value: JSON.parse(stored.json) as unknown, ...metadata(stored, request.options) });
}

/**
 * Whether an existing record makes a `FAIL_IF_EXISTS` set fail.
 * ASSUMPTION: whether an expired but uncollected key still counts as existing is not documented
 * (https://developer.atlassian.com/platform/forge/storage-reference/kvs-api/ "TTL" and "keyPolicy");
 * the emulator's `failIfExistsOnExpired` option picks the variant.
 */
function blocks(context: OperationContext, previous: StoredValue | undefined, now: number): boolean {
  if (!previous) return false;
  const expired = previous.expiresAt !== undefined && previous.expiresAt <= now;
  return !expired || context.failIfExistsOnExpired === 'blocks';
}

/**
 * `{key, value, options?: {ttl?, keyPolicy?, returnValue?, returnMetadataFields?}}` → 204, or 200 with
 * the previous/latest record when `returnValue` asks; 409 `KEY_CONFLICT` when `FAIL_IF_EXISTS` meets a key.
 */
export function setItem(context: OperationContext, table: string, request: Record<string, unknown>): Response {
  const key = checkKey(request.key);
  const text = context.store.checkedValue(table, request.value);
  const options = (request.options ?? {}) as { keyPolicy?: unknown; returnValue?: unknown };
  if (options.keyPolicy !== undefined && options.keyPolicy !== 'OVERRIDE' && options.keyPolicy !== 'FAIL_IF_EXISTS') {
    throw badRequest('BAD_REQUEST', 'keyPolicy must be OVERRIDE or FAIL_IF_EXISTS');
  }
  const now = context.now();
  const expiresAt = expiryOf(options, now);
  context.budget.charge('write', unitsOf(bytes(text)));
  const previous = context.store.get(table, key);
  // ASSUMPTION: the status (409) is documented, the code name is not
  // (https://developer.atlassian.com/platform/forge/storage-reference/kvs-api/); KEY_CONFLICT is what others report.
  if (options.keyPolicy === 'FAIL_IF_EXISTS' && blocks(context, previous, now)) {
    throw new KvsRequestError(409, 'KEY_CONFLICT', `Key ${key} already exists`);
  }
  const stored = record(text, previous, now, expiresAt);
  context.store.write(table, key, stored);
  context.changed();
  if (options.keyPolicy === 'OVERRIDE' && (options.returnValue === 'PREVIOUS' || options.returnValue === 'LATEST')) {
    const returned = options.returnValue === 'LATEST' ? stored : previous;
    // ASSUMPTION: PREVIOUS of a new key answers 204 (the SDK then returns undefined); the reference shows only a 200.
    if (!returned) return noContent();
    return json(200, { key, value: JSON.parse(returned.json) as unknown, ...metadata(returned, options, 'returnMetadataFields') });
  }
  return noContent();
}

/** `{key}` → 204, whether or not the key existed. */
export function deleteItem(context: OperationContext, table: string, request: Record<string, unknown>): Response {
  const key = checkKey(request.key);
  context.budget.charge('write', 1);
  if (context.store.get(table, key)) {
    context.store.write(table, key, undefined);
    context.changed();
  }
  return noContent();
}

function beginsWith(where: unknown): string {
  if (where === undefined) return '';
  const clauses = Array.isArray(where) ? where : [];
  const clause = clauses[0] as Clause | undefined;
  if (clauses.length !== 1) throw badRequest('QUERY_WHERE_INVALID', 'KVS queries take a single where clause');
  if (clause?.property !== 'key' || clause.condition !== 'BEGINS_WITH') {
    throw badRequest('QUERY_WHERE_FIELD_INVALID', 'Only a BEGINS_WITH condition on key is supported');
  }
  const value = Array.isArray(clause.values) ? clause.values[0] : undefined;
  if (typeof value !== 'string') throw badRequest('INVALID_FILTER_VALUES', 'BEGINS_WITH takes a string');
  return value;
}

/**
 * `query` `{limit?, after?, where?, options?}` → `{data, cursor?}`: plain keys only, from the lagging
 * view, in key order, at most one `BEGINS_WITH` on `key`
 * (https://developer.atlassian.com/platform/forge/js-api-reference/storage-api-query).
 */
export function queryKeys(context: OperationContext, request: Record<string, unknown>): Response {
  const limit = queryLimit(request.limit);
  const prefix = beginsWith(request.where);
  const after = request.after === undefined ? undefined : Buffer.from(request.after as string, 'base64url').toString('utf8');
  const view = context.store.viewOf('plain');
  const keys = [...view.keys()].filter((key) => key.startsWith(prefix) && (after === undefined || key > after)).sort(compareKeys);
  const page = keys.slice(0, limit);
  const data = page.map((key) => {
    const stored = view.get(key)!;
    return { key, value: JSON.parse(stored.json) as unknown, ...metadata(stored, request.options) };
  });
  const last = page[page.length - 1];
  return answerRead(
    context,
    keys.length > limit && last !== undefined ? { data, cursor: Buffer.from(last, 'utf8').toString('base64url') } : { data },
  );
}

/** `entity/query`: an index of a declared entity, from the lagging view. */
export function queryEntityItems(context: OperationContext, request: Record<string, unknown>): Response {
  const table = context.store.entityTable(request.entityName);
  return answerRead(context, queryEntity(context.store.entityOf(table)!, request, context.store.viewOf(table).entries()));
}
