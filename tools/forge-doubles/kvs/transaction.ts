/**
 * `transaction`: `{set?, delete?, check?}` applied all or nothing
 * (https://developer.atlassian.com/platform/forge/storage-reference/transactions-entities/,
 * https://developer.atlassian.com/platform/forge/storage-reference/kvs-transactions/).
 * Documented: ≤ 25 operations, each key once, ≤ 4 MB, conditions only on custom entities, one write.
 */
import { badRequest, KvsRequestError } from './errors';
import { MAX_PAYLOAD_BYTES, type Item } from './batchOperations';
import { checkFilter, evaluate } from './conditions';
import { bytes, noContent } from './keyValueOperations';
import { unitsOf } from './rateBudget';
import type { OperationContext } from './store';
import { checkKey, record, ttlOnlyExpiry } from './values';

const MAX_OPERATIONS = 25;

/**
 * Validates the whole transaction (400 on any fault), bills it as one write, evaluates every
 * condition against the stored items, then applies all sets and deletes with one change notification.
 * ASSUMPTION: plain keys and entity items may mix (the REST reference says "Key-Value Store and/or
 * Custom Entity Store operations", https://developer.atlassian.com/platform/forge/rest/api-group-transaction/);
 * checks count toward the 25; "each key once" is per entity (or among plain keys).
 * ASSUMPTION: a failed condition answers 409 `CONDITIONAL_CHECK_FAILED` (the transactions pages name no
 * code), and a missing item is evaluated as an item without attributes (NOT_EXISTS holds, EQUAL_TO fails).
 */
export function transaction(context: OperationContext, request: Record<string, unknown>, text: string): Response {
  if (Array.isArray(request) || typeof request !== 'object') throw badRequest('BAD_REQUEST', 'A transaction is {set?, delete?, check?}');
  const operations: { kind: 'set' | 'delete' | 'check'; item: Item }[] = [];
  for (const kind of ['set', 'delete', 'check'] as const) {
    const list = request[kind];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw badRequest('BAD_REQUEST', `Transaction ${kind} must be an array`);
    for (const item of list as (Item | null)[]) operations.push({ kind, item: item ?? {} });
  }
  if (operations.length === 0) throw badRequest('BAD_REQUEST', 'A transaction needs at least one operation');
  if (operations.length > MAX_OPERATIONS) throw badRequest('BAD_REQUEST', `A transaction takes at most ${MAX_OPERATIONS} operations`);
  if (bytes(text) > MAX_PAYLOAD_BYTES) throw badRequest('MAX_SIZE', 'A transaction is limited to 4 MB');
  const { store } = context;
  const now = context.now();
  const seen = new Set<string>();
  const plan = operations.map(({ kind, item }) => {
    const key = checkKey(item.key);
    const table = store.tableOf(item.entityName);
    if (seen.has(`${table}\u0000${key}`)) throw badRequest('BAD_REQUEST', `Key ${key} appears more than once in the transaction`);
    seen.add(`${table}\u0000${key}`);
    const entity = store.entityOf(table);
    if (item.conditions !== undefined && !entity) throw badRequest('BAD_REQUEST', `Conditions apply to custom entities only (key ${key})`);
    const conditions = item.conditions === undefined ? undefined : checkFilter(item.conditions, entity!.attributes);
    if (kind === 'check' && !conditions) throw badRequest('BAD_REQUEST', `Check of ${key} needs conditions`);
    const value = kind === 'set' ? store.checkedValue(table, item.value) : undefined;
    return { kind, table, key, conditions, value, expiresAt: kind === 'set' ? ttlOnlyExpiry(item.options, now) : undefined };
  });
  context.budget.charge('write', unitsOf(plan.reduce((sum, step) => sum + (step.value ? bytes(step.value) : 0), 0)));
  // ASSUMPTION: an expired but uncollected item is still the item conditions see (it is still stored).
  for (const step of plan) {
    if (!step.conditions) continue;
    const current = store.get(step.table, step.key);
    const attributes = current ? (JSON.parse(current.json) as Record<string, unknown>) : {};
    if (!evaluate(step.conditions, attributes)) {
      throw new KvsRequestError(409, 'CONDITIONAL_CHECK_FAILED', `The condition on ${step.key} does not hold; nothing was written`);
    }
  }
  let changed = false;
  for (const step of plan) {
    if (step.kind === 'set') {
      store.write(step.table, step.key, record(step.value!, store.get(step.table, step.key), now, step.expiresAt));
      changed = true;
    } else if (step.kind === 'delete' && store.get(step.table, step.key)) {
      store.write(step.table, step.key, undefined);
      changed = true;
    }
  }
  if (changed) context.changed();
  return noContent();
}
