/**
 * An in-process Forge KVS that answers the real `@forge/kvs` SDK at its transport,
 * `globalThis.__forge_fetch__`, with the wire format, limits and error codes of the platform, and
 * with the platform's documented weak spots: eventually consistent queries, lazily collected TTL
 * expiry, per-minute rate limits. Tests and the local preview run the app's storage code unchanged
 * on top of it. Request and response bodies follow `node_modules/@forge/kvs/out/storage-api.js`.
 * Behaviour Atlassian's docs do not state is marked `ASSUMPTION:` with the page it departs from.
 */
import { badRequest, json, KvsRequestError } from './kvs/errors';
import { checkEntityValue, queryEntity, queryLimit, type EntityDeclaration } from './kvs/entities';
import { checkFilter, evaluate, type Clause } from './kvs/conditions';
import { LaggingView } from './kvs/laggingView';
import { RateBudget, unitsOf } from './kvs/rateBudget';
import { checkKey, checkValue, compareKeys, expiryOf, metadata, record, type StoredValue } from './kvs/values';

export type { StoredValue } from './kvs/values';
export type { EntityDeclaration } from './kvs/entities';
export { loadManifestEntities } from './kvs/manifestEntities';

export type Namespace = 'plain' | 'secret';

export type FaultKind = 'rate-limit' | 'server-error' | 'hang';

export interface Fault {
  kind: FaultKind;
  /** Operation the fault hits, e.g. `secret/set`, `query`, `batch/get`, `transaction`; any operation when omitted. */
  operation?: string;
  /** How many matching requests fail; 1 when omitted. */
  times?: number;
  /** `after`: the operation takes effect, then the answer is lost (a write that did land). */
  when?: 'before' | 'after';
}

export interface KvsEmulatorOptions {
  /** Simulated latency per request, so request counts show up as time. */
  latencyMs?: number;
  /** The clock (epoch milliseconds) for timestamps, TTL expiry and the per-minute budgets. */
  now?: () => number;
  /** Custom entities the app declares (`app.storage.entities`; see `loadManifestEntities`). None by default. */
  entities?: EntityDeclaration[];
  /** Most later requests a write may stay invisible to `query`/`entity/query`; 0 = no lag. Default 3. */
  queryLag?: number;
  /** Seed of the lag draws. Default 1. */
  seed?: number;
  /** How long an expired value stays stored (readable) before it is collected. Default 48 hours. */
  expiryGraceMs?: number;
  /** Whether an expired but uncollected key still makes a `FAIL_IF_EXISTS` set fail. Default `blocks`. */
  failIfExistsOnExpired?: 'blocks' | 'ignores';
  /** Read budget in 10 KB units per rolling minute. Default 4000. */
  readUnitsPerMinute?: number;
  /** Write budget in 10 KB units per rolling minute. Default 4000. */
  writeUnitsPerMinute?: number;
}

export interface KvsState {
  plain: [string, StoredValue][];
  secret: [string, StoredValue][];
  /** Entity name → its items; absent in state saved before entities existed. */
  entities?: Record<string, [string, StoredValue][]>;
}

/** Request items of `batch/*` and `transaction`. */
interface Item {
  key?: unknown;
  entityName?: unknown;
  value?: unknown;
  options?: unknown;
  conditions?: unknown;
}

const MAX_BATCH_ITEMS = 25;
const MAX_TRANSACTION_OPERATIONS = 25;
const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;
const DEFAULT_QUERY_LAG = 3;
const DEFAULT_EXPIRY_GRACE_MS = 48 * 3_600_000;
const DEFAULT_UNITS_PER_MINUTE = 4000;
const ENTITY_PREFIX = 'entity:';

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function sortedEntries(table: Map<string, StoredValue> | undefined): [string, StoredValue][] {
  return [...(table ?? new Map<string, StoredValue>()).entries()].sort(([a], [b]) => compareKeys(a, b));
}

function noContent(): Response {
  return new Response(null, { status: 204 });
}

export class KvsEmulator {
  private tables = new Map<string, Map<string, StoredValue>>();
  /** `table\0key` of every stored value with a TTL, so collection does not scan the whole store. */
  private readonly expiring = new Set<string>();
  private readonly entities: Map<string, EntityDeclaration>;
  private readonly view: LaggingView;
  private readonly budget: RateBudget;
  private readonly faults: Required<Fault>[] = [];
  private readonly hung = new Set<() => void>();
  private readonly listeners = new Set<() => void>();
  private requestNumber = 0;
  private readonly expiryGraceMs: number;
  private readonly failIfExistsOnExpired: 'blocks' | 'ignores';
  readonly counts = new Map<string, number>();
  latencyMs: number;
  private readonly now: () => number;

  constructor(options: KvsEmulatorOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
    this.now = options.now ?? Date.now;
    this.entities = new Map((options.entities ?? []).map((entity) => [entity.name, entity]));
    this.view = new LaggingView(options.queryLag ?? DEFAULT_QUERY_LAG, options.seed ?? 1);
    this.expiryGraceMs = options.expiryGraceMs ?? DEFAULT_EXPIRY_GRACE_MS;
    this.failIfExistsOnExpired = options.failIfExistsOnExpired ?? 'blocks';
    this.budget = new RateBudget(
      { read: options.readUnitsPerMinute ?? DEFAULT_UNITS_PER_MINUTE, write: options.writeUnitsPerMinute ?? DEFAULT_UNITS_PER_MINUTE },
      this.now,
    );
  }

  /** Requests answered so far, by operation (`get`, `secret/set`, `query`, `entity/get`, `batch/get`, `transaction`, …). */
  count(operation?: string): number {
    if (operation) return this.counts.get(operation) ?? 0;
    let total = 0;
    for (const value of this.counts.values()) total += value;
    return total;
  }

  /** 10 KB units billed since the last `resetCounts()`: `{read, write}`. */
  get units(): { read: number; write: number } {
    return { ...this.budget.totals };
  }

  /** Zeroes the request counts and the billed-unit totals (not the rate-limit window). */
  resetCounts(): void {
    this.counts.clear();
    this.budget.resetTotals();
  }

  injectFault(fault: Fault): void {
    this.faults.push({ operation: '', times: 1, when: 'before', ...fault });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Lets every hung request fail, as the platform does when the function times out. */
  releaseHung(): void {
    for (const release of this.hung) release();
    this.hung.clear();
  }

  /** Called after every change, e.g. to persist the preview's data. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Makes queries see every write made so far. */
  settle(): void {
    this.view.settle();
  }

  /** Physically deletes every value whose TTL has passed, as the platform's collector eventually does. */
  collectExpired(): void {
    this.collect(this.now());
  }

  /** Keys and stored values of one namespace, in key order (expired but uncollected values included). */
  entries(namespace: Namespace): [string, unknown][] {
    return this.parsed(namespace);
  }

  /** Keys and stored values of one custom entity, in key order. Throws for an undeclared entity. */
  entityEntries(name: string): [string, unknown][] {
    if (!this.entities.has(name)) throw new Error(`Entity ${name} is not declared`);
    return this.parsed(ENTITY_PREFIX + name);
  }

  /** Everything stored, byte for byte, to compare before and after an operation. */
  snapshot(): string {
    return JSON.stringify(this.exportState());
  }

  exportState(): Required<KvsState> {
    const entities: Record<string, [string, StoredValue][]> = {};
    for (const name of [...this.entities.keys()].sort(compareKeys)) {
      const items = sortedEntries(this.tables.get(ENTITY_PREFIX + name));
      if (items.length > 0) entities[name] = items;
    }
    return { plain: sortedEntries(this.tables.get('plain')), secret: sortedEntries(this.tables.get('secret')), entities };
  }

  /** Replaces everything stored; queries see the imported state at once. */
  importState(state: KvsState): void {
    this.tables = new Map([
      ['plain', new Map(state.plain)],
      ['secret', new Map(state.secret)],
      ...Object.entries(state.entities ?? {}).map(([name, items]): [string, Map<string, StoredValue>] => [ENTITY_PREFIX + name, new Map(items)]),
    ]);
    this.expiring.clear();
    for (const [table, items] of this.tables) {
      for (const [key, stored] of items) if (stored.expiresAt !== undefined) this.expiring.add(`${table}\u0000${key}`);
    }
    this.view.reset(new Map([...this.tables].filter(([table]) => table !== 'secret')));
  }

  /** The `__forge_fetch__` entry for KVS paths. */
  async handle(path: string, init: RequestInit | undefined): Promise<Response> {
    const operation = path.replace(/^\/api\/v1\//, '');
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    this.requestNumber += 1;
    this.view.catchUp(this.requestNumber);
    this.collect(this.now() - this.expiryGraceMs);
    const fault = this.takeFault(operation);
    if (fault?.when === 'before') return this.fail(fault);
    let response: Response;
    try {
      const text = typeof init?.body === 'string' ? init.body : '';
      response = this.dispatch(operation, JSON.parse(text), text);
    } catch (error) {
      if (error instanceof KvsRequestError) response = json(error.status, { code: error.code, message: error.message });
      else if (error instanceof SyntaxError) response = json(400, { code: 'BAD_REQUEST', message: 'Body is not JSON' });
      else throw error;
    }
    return fault ? this.fail(fault) : response;
  }

  private parsed(table: string): [string, unknown][] {
    return sortedEntries(this.tables.get(table)).map(([key, stored]) => [key, JSON.parse(stored.json)]);
  }

  private takeFault(operation: string): Required<Fault> | undefined {
    const index = this.faults.findIndex((fault) => fault.operation === '' || fault.operation === operation);
    if (index < 0) return undefined;
    const fault = this.faults[index]!;
    fault.times -= 1;
    if (fault.times <= 0) this.faults.splice(index, 1);
    return fault;
  }

  private fail(fault: Required<Fault>): Promise<Response> {
    if (fault.kind === 'rate-limit') {
      return Promise.resolve(json(429, { code: 'RATE_LIMIT_EXCEEDED', message: 'Rate limit exceeded' }));
    }
    if (fault.kind === 'server-error') {
      return Promise.resolve(json(500, { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' }));
    }
    return new Promise((_, reject) => {
      this.hung.add(() => reject(new Error('Request aborted: the function timed out')));
    });
  }

  private dispatch(operation: string, body: unknown, text: string): Response {
    const request = (body ?? {}) as Record<string, unknown>;
    switch (operation) {
      case 'get':
        return this.get('plain', request);
      case 'secret/get':
        return this.get('secret', request);
      case 'entity/get':
        return this.get(this.tableOf(request.entityName), request);
      case 'set':
        return this.set('plain', request);
      case 'secret/set':
        return this.set('secret', request);
      case 'entity/set':
        return this.set(this.tableOf(request.entityName), request);
      case 'delete':
        return this.delete('plain', request);
      case 'secret/delete':
        return this.delete('secret', request);
      case 'entity/delete':
        return this.delete(this.tableOf(request.entityName), request);
      case 'query':
        return this.query(request);
      case 'entity/query':
        return this.queryEntity(request);
      case 'batch/get':
        return this.batchGet(this.batchItems(body, text));
      case 'batch/set':
        return this.batchSet(this.batchItems(body, text));
      case 'batch/delete':
        return this.batchDelete(this.batchItems(body, text));
      case 'transaction':
        return this.transaction(request, text);
      default:
        return json(404, { code: 'NOT_FOUND', message: `No such KVS operation: ${operation}` });
    }
  }

  private table(name: string): Map<string, StoredValue> {
    let table = this.tables.get(name);
    if (!table) {
      table = new Map();
      this.tables.set(name, table);
    }
    return table;
  }

  /** The table of an item: plain without `entityName`, else the declared entity's; 400 for an undeclared one. */
  private tableOf(entityName: unknown): string {
    if (entityName === undefined) return 'plain';
    if (typeof entityName !== 'string' || !this.entities.has(entityName)) {
      // ASSUMPTION: code name; https://developer.atlassian.com/platform/forge/storage-reference/custom-entities/ is silent.
      throw badRequest('ENTITY_NOT_FOUND', `Entity ${String(entityName)} is not declared in the manifest`);
    }
    return ENTITY_PREFIX + entityName;
  }

  private entityOf(table: string): EntityDeclaration | undefined {
    return table.startsWith(ENTITY_PREFIX) ? this.entities.get(table.slice(ENTITY_PREFIX.length)) : undefined;
  }

  /** The value's JSON text after the entity schema (if any) and the KVS value limits accept it. */
  private checkedValue(table: string, value: unknown): string {
    const entity = this.entityOf(table);
    if (entity) checkEntityValue(entity, value);
    return checkValue(value);
  }

  /** Stores (or with `undefined`, deletes) a record, and lets queries see it after the lag. */
  private write(table: string, key: string, stored: StoredValue | undefined): void {
    const id = `${table}\u0000${key}`;
    if (stored) this.table(table).set(key, stored);
    else this.table(table).delete(key);
    if (stored?.expiresAt !== undefined) this.expiring.add(id);
    else this.expiring.delete(id);
    // Secrets cannot be queried, so only plain values and entities go to the lagging view.
    if (table !== 'secret') this.view.record(table, key, stored, this.requestNumber);
  }

  /**
   * Deletes the values that expired at or before `cutoff`.
   * ASSUMPTION: collection happens exactly `expiryGraceMs` after expiry (default 48 h); the docs say
   * only "up to 48 hours" (https://developer.atlassian.com/platform/forge/storage-reference/kvs-api/),
   * and reads return the value until then.
   */
  private collect(cutoff: number): void {
    let changed = false;
    for (const id of [...this.expiring]) {
      const [table, key] = id.split('\u0000') as [string, string];
      const stored = this.tables.get(table)?.get(key);
      if (stored?.expiresAt !== undefined && stored.expiresAt <= cutoff) {
        this.write(table, key, undefined);
        changed = true;
      }
    }
    if (changed) this.changed();
  }

  /** Answers a read with 200 JSON, billing the bytes returned to the read budget. */
  private answerRead(body: unknown, units?: number): Response {
    const text = JSON.stringify(body);
    this.budget.charge('read', units ?? unitsOf(bytes(text)));
    return new Response(text, { status: 200, headers: { 'content-type': 'application/json' } });
  }

  private get(table: string, request: Record<string, unknown>): Response {
    const key = checkKey(request.key);
    const stored = this.tables.get(table)?.get(key);
    if (!stored) {
      this.budget.charge('read', 1);
      throw new KvsRequestError(404, 'KEY_NOT_FOUND', `Key ${key} not found`);
    }
    return this.answerRead({ key, value: JSON.parse(stored.json), ...metadata(stored, request.options) });
  }

  /**
   * Whether an existing record makes a `FAIL_IF_EXISTS` set fail.
   * ASSUMPTION: whether an expired but uncollected key still counts as existing is not documented
   * (https://developer.atlassian.com/platform/forge/storage-reference/kvs-api/ "TTL" and "keyPolicy");
   * `failIfExistsOnExpired` picks the variant.
   */
  private blocks(previous: StoredValue | undefined, now: number): boolean {
    if (!previous) return false;
    const expired = previous.expiresAt !== undefined && previous.expiresAt <= now;
    return !expired || this.failIfExistsOnExpired === 'blocks';
  }

  private set(table: string, request: Record<string, unknown>): Response {
    const key = checkKey(request.key);
    const text = this.checkedValue(table, request.value);
    const options = (request.options ?? {}) as { keyPolicy?: unknown; returnValue?: unknown };
    if (options.keyPolicy !== undefined && options.keyPolicy !== 'OVERRIDE' && options.keyPolicy !== 'FAIL_IF_EXISTS') {
      throw badRequest('BAD_REQUEST', 'keyPolicy must be OVERRIDE or FAIL_IF_EXISTS');
    }
    const now = this.now();
    const expiresAt = expiryOf(options, now);
    this.budget.charge('write', unitsOf(bytes(text)));
    const previous = this.tables.get(table)?.get(key);
    // ASSUMPTION: the status (409) is documented, the code name is not
    // (https://developer.atlassian.com/platform/forge/storage-reference/kvs-api/); KEY_CONFLICT is what others report.
    if (options.keyPolicy === 'FAIL_IF_EXISTS' && this.blocks(previous, now)) throw new KvsRequestError(409, 'KEY_CONFLICT', `Key ${key} already exists`);
    const stored = record(text, previous, now, expiresAt);
    this.write(table, key, stored);
    this.changed();
    if (options.keyPolicy === 'OVERRIDE' && (options.returnValue === 'PREVIOUS' || options.returnValue === 'LATEST')) {
      const returned = options.returnValue === 'LATEST' ? stored : previous;
      if (!returned) return noContent();
      return json(200, { key, value: JSON.parse(returned.json), ...metadata(returned, options, 'returnMetadataFields') });
    }
    return noContent();
  }

  private delete(table: string, request: Record<string, unknown>): Response {
    const key = checkKey(request.key);
    this.budget.charge('write', 1);
    if (this.tables.get(table)?.has(key)) {
      this.write(table, key, undefined);
      this.changed();
    }
    return noContent();
  }

  /** `query`: plain keys only, from the lagging view, in key order, one `BEGINS_WITH` on `key` at most. */
  private query(request: Record<string, unknown>): Response {
    const limit = queryLimit(request.limit);
    const prefix = this.beginsWith(request.where);
    const after = request.after === undefined ? undefined : Buffer.from(String(request.after), 'base64url').toString('utf8');
    const view = this.view.table('plain');
    const keys = [...view.keys()].filter((key) => key.startsWith(prefix) && (after === undefined || key > after)).sort(compareKeys);
    const page = keys.slice(0, limit);
    const data = page.map((key) => {
      const stored = view.get(key)!;
      return { key, value: JSON.parse(stored.json) as unknown, ...metadata(stored, request.options) };
    });
    const last = page[page.length - 1];
    return this.answerRead(keys.length > limit && last !== undefined ? { data, cursor: Buffer.from(last, 'utf8').toString('base64url') } : { data });
  }

  private beginsWith(where: unknown): string {
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

  /** `entity/query`: an index of a declared entity, from the lagging view. */
  private queryEntity(request: Record<string, unknown>): Response {
    const table = this.tableOf(request.entityName);
    if (table === 'plain') throw badRequest('ENTITY_NOT_FOUND', 'entityName is required');
    return this.answerRead(queryEntity(this.entityOf(table)!, request, this.view.table(table).entries()));
  }

  /**
   * The items of a batch request: a JSON array of 1–25 items, no key twice, ≤ 4 MB; else 400 for the whole request
   * (https://developer.atlassian.com/platform/forge/storage-reference/batchops-entities/).
   * ASSUMPTION: "the same key" means the same key in the same entity (or among plain keys), and the
   * 400 codes are ours (the page names none).
   */
  private batchItems(body: unknown, text: string): Item[] {
    if (!Array.isArray(body)) throw badRequest('BAD_REQUEST', 'A batch request is a JSON array of items');
    if (body.length === 0) throw badRequest('BAD_REQUEST', 'A batch request needs at least one item');
    if (body.length > MAX_BATCH_ITEMS) throw badRequest('BAD_REQUEST', `A batch request takes at most ${MAX_BATCH_ITEMS} items`);
    if (bytes(text) > MAX_PAYLOAD_BYTES) throw badRequest('MAX_SIZE', 'A batch request is limited to 4 MB');
    const seen = new Set<string>();
    for (const item of body as Item[]) {
      const id = JSON.stringify([item?.entityName ?? null, item?.key]);
      if (seen.has(id)) throw badRequest('BAD_REQUEST', `Key ${String(item?.key)} appears more than once in the batch`);
      seen.add(id);
    }
    return body as Item[];
  }

  /** The `{key, entityName?}` a batch answer names an item by. */
  private itemId(item: Item): { key: string; entityName?: string } {
    return { key: String(item.key), ...(typeof item.entityName === 'string' ? { entityName: item.entityName } : {}) };
  }

  private failure(item: Item, error: unknown): { key: string; entityName?: string; error: { code: string; message: string } } {
    if (!(error instanceof KvsRequestError)) throw error;
    return { ...this.itemId(item), error: { code: error.code, message: error.message } };
  }

  /**
   * `batch/get`: found items in `successfulKeys` with their value (and requested metadata).
   * ASSUMPTION: a missing key goes to `failedKeys` with code KEY_NOT_FOUND; the batch page
   * (https://developer.atlassian.com/platform/forge/storage-reference/batchops-entities/) does not say.
   * Reads are billed per item (at least one unit each).
   */
  private batchGet(items: Item[]): Response {
    const successfulKeys: unknown[] = [];
    const failedKeys: unknown[] = [];
    let units = 0;
    for (const item of items) {
      let entry: unknown;
      try {
        const key = checkKey(item.key);
        const stored = this.tables.get(this.tableOf(item.entityName))?.get(key);
        if (!stored) throw new KvsRequestError(404, 'KEY_NOT_FOUND', `Key ${key} not found`);
        entry = { ...this.itemId(item), value: JSON.parse(stored.json) as unknown, ...metadata(stored, item.options) };
        successfulKeys.push(entry);
      } catch (error) {
        entry = this.failure(item, error);
        failedKeys.push(entry);
      }
      units += unitsOf(bytes(JSON.stringify(entry)));
    }
    return this.answerRead({ successfulKeys, failedKeys }, units);
  }

  /** `batch/set`: each valid item is written (TTL the only option); invalid ones go to `failedKeys`. Billed per item. */
  private batchSet(items: Item[]): Response {
    const now = this.now();
    const writes: { table: string; key: string; text: string; expiresAt?: number; item: Item }[] = [];
    const failedKeys: unknown[] = [];
    for (const item of items) {
      try {
        const key = checkKey(item.key);
        const table = this.tableOf(item.entityName);
        writes.push({ table, key, text: this.checkedValue(table, item.value), expiresAt: expiryOf(item.options, now), item });
      } catch (error) {
        failedKeys.push(this.failure(item, error));
      }
    }
    this.budget.charge('write', writes.reduce((sum, write) => sum + unitsOf(bytes(write.text)), 0) + failedKeys.length);
    for (const write of writes) this.write(write.table, write.key, record(write.text, this.tables.get(write.table)?.get(write.key), now, write.expiresAt));
    if (writes.length > 0) this.changed();
    return json(200, { successfulKeys: writes.map((write) => this.itemId(write.item)), failedKeys });
  }

  /** `batch/delete`: a missing key counts as deleted, as `delete` does. Billed one unit per item. */
  private batchDelete(items: Item[]): Response {
    const deletes: { table: string; key: string; item: Item }[] = [];
    const failedKeys: unknown[] = [];
    for (const item of items) {
      try {
        deletes.push({ table: this.tableOf(item.entityName), key: checkKey(item.key), item });
      } catch (error) {
        failedKeys.push(this.failure(item, error));
      }
    }
    this.budget.charge('write', items.length);
    let changed = false;
    for (const { table, key } of deletes) {
      if (!this.tables.get(table)?.has(key)) continue;
      this.write(table, key, undefined);
      changed = true;
    }
    if (changed) this.changed();
    return json(200, { successfulKeys: deletes.map((entry) => this.itemId(entry.item)), failedKeys });
  }

  /**
   * `transaction`: `{set?, delete?, check?}`, applied all or nothing
   * (https://developer.atlassian.com/platform/forge/storage-reference/transactions-entities/,
   * https://developer.atlassian.com/platform/forge/storage-reference/kvs-transactions/).
   * Documented: ≤ 25 operations, each key once, ≤ 4 MB, conditions only on custom entities, one write.
   * ASSUMPTION: plain keys and entity items may mix (the REST reference says "Key-Value Store and/or
   * Custom Entity Store operations", https://developer.atlassian.com/platform/forge/rest/api-group-transaction/);
   * checks count toward the 25; "each key once" is per entity (or among plain keys).
   * ASSUMPTION: a failed condition answers 409 `CONDITIONAL_CHECK_FAILED` (no code is documented), and
   * a missing item is evaluated as an item without attributes (NOT_EXISTS holds, EQUAL_TO fails).
   */
  private transaction(request: Record<string, unknown>, text: string): Response {
    if (Array.isArray(request) || typeof request !== 'object') throw badRequest('BAD_REQUEST', 'A transaction is {set?, delete?, check?}');
    const operations: { kind: 'set' | 'delete' | 'check'; item: Item }[] = [];
    for (const kind of ['set', 'delete', 'check'] as const) {
      const list = request[kind];
      if (list === undefined) continue;
      if (!Array.isArray(list)) throw badRequest('BAD_REQUEST', `Transaction ${kind} must be an array`);
      for (const item of list as Item[]) operations.push({ kind, item: item ?? {} });
    }
    if (operations.length === 0) throw badRequest('BAD_REQUEST', 'A transaction needs at least one operation');
    if (operations.length > MAX_TRANSACTION_OPERATIONS) {
      throw badRequest('BAD_REQUEST', `A transaction takes at most ${MAX_TRANSACTION_OPERATIONS} operations`);
    }
    if (bytes(text) > MAX_PAYLOAD_BYTES) throw badRequest('MAX_SIZE', 'A transaction is limited to 4 MB');
    const now = this.now();
    const seen = new Set<string>();
    const plan = operations.map(({ kind, item }) => {
      const key = checkKey(item.key);
      const table = this.tableOf(item.entityName);
      if (seen.has(`${table}\u0000${key}`)) throw badRequest('BAD_REQUEST', `Key ${key} appears more than once in the transaction`);
      seen.add(`${table}\u0000${key}`);
      const entity = this.entityOf(table);
      if (item.conditions !== undefined && !entity) throw badRequest('BAD_REQUEST', `Conditions apply to custom entities only (key ${key})`);
      const conditions = item.conditions === undefined ? undefined : checkFilter(item.conditions, entity!.attributes);
      if (kind === 'check' && !conditions) throw badRequest('BAD_REQUEST', `Check of ${key} needs conditions`);
      const value = kind === 'set' ? this.checkedValue(table, item.value) : undefined;
      return { kind, table, key, conditions, value, expiresAt: kind === 'set' ? expiryOf(item.options, now) : undefined };
    });
    this.budget.charge('write', unitsOf(plan.reduce((sum, step) => sum + (step.value ? bytes(step.value) : 0), 0)));
    for (const step of plan) {
      if (!step.conditions) continue;
      const current = this.tables.get(step.table)?.get(step.key);
      const attributes = current ? (JSON.parse(current.json) as Record<string, unknown>) : {};
      if (!evaluate(step.conditions, attributes)) {
        throw new KvsRequestError(409, 'CONDITIONAL_CHECK_FAILED', `The condition on ${step.key} does not hold; nothing was written`);
      }
    }
    let changed = false;
    for (const step of plan) {
      if (step.kind === 'set') {
        this.write(step.table, step.key, record(step.value!, this.tables.get(step.table)?.get(step.key), now, step.expiresAt));
        changed = true;
      } else if (step.kind === 'delete' && this.tables.get(step.table)?.has(step.key)) {
        this.write(step.table, step.key, undefined);
        changed = true;
      }
    }
    if (changed) this.changed();
    return noContent();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
