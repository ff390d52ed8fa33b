/**
 * An in-process Forge KVS that answers the real `@forge/kvs` SDK at its transport,
 * `globalThis.__forge_fetch__`, with the wire format, limits and error codes of the platform, and
 * with the platform's documented weak spots: eventually consistent queries, lazily collected TTL
 * expiry, per-minute rate limits. Tests and the local preview run the app's storage code unchanged
 * on top of it. Request and response bodies follow `node_modules/@forge/kvs/out/storage-api.js`;
 * the operations live in `kvs/`. Behaviour Atlassian's docs do not state is marked `ASSUMPTION:`
 * with the page it departs from.
 */
import { json, KvsRequestError } from './kvs/errors';
import type { EntityDeclaration } from './kvs/entities';
import { LaggingView } from './kvs/laggingView';
import { RateBudget } from './kvs/rateBudget';
import { Store, type KvsState, type OperationContext } from './kvs/store';
import { deleteItem, getItem, queryEntityItems, queryKeys, setItem } from './kvs/keyValueOperations';
import { batchDelete, batchGet, batchItems, batchSet } from './kvs/batchOperations';
import { transaction } from './kvs/transaction';

export type { StoredValue } from './kvs/values';
export type { EntityDeclaration } from './kvs/entities';
export type { KvsState } from './kvs/store';

export type Namespace = 'plain' | 'secret';

export type FaultKind = 'rate-limit' | 'server-error' | 'hang';

export interface Fault {
  kind: FaultKind;
  /** Operation the fault hits, e.g. `secret/set`, `query`, `entity/set`, `batch/get`, `transaction`; any operation when omitted. */
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
  /** Custom entities the app declares (`app.storage.entities`; see tools/manifest.ts `manifestEntities`). None by default. */
  entities?: EntityDeclaration[];
  /** Most later requests a write may stay invisible to `query`/`entity/query`; 0 = no lag. Default 3. */
  queryLag?: number;
  /** Seed of the lag draws. Default 1. */
  seed?: number;
  /** How long an expired value stays stored (and readable) before it is collected. Default 48 hours. */
  expiryGraceMs?: number;
  /** Whether an expired but uncollected key still makes a `FAIL_IF_EXISTS` set fail. Default `blocks`. */
  failIfExistsOnExpired?: 'blocks' | 'ignores';
  /** Read budget in 10 KB units per rolling minute. Default 4000. */
  readUnitsPerMinute?: number;
  /** Write budget in 10 KB units per rolling minute. Default 4000. */
  writeUnitsPerMinute?: number;
}

const DEFAULT_QUERY_LAG = 3;
const DEFAULT_EXPIRY_GRACE_MS = 48 * 3_600_000;
const DEFAULT_UNITS_PER_MINUTE = 4000;

export class KvsEmulator {
  private readonly view: LaggingView;
  private readonly store: Store;
  private readonly context: OperationContext;
  private readonly faults: Required<Fault>[] = [];
  private readonly hung = new Set<() => void>();
  private readonly listeners = new Set<() => void>();
  private readonly expiryGraceMs: number;
  readonly counts = new Map<string, number>();
  latencyMs: number;
  private readonly now: () => number;

  constructor(options: KvsEmulatorOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
    this.now = options.now ?? Date.now;
    this.view = new LaggingView(options.queryLag ?? DEFAULT_QUERY_LAG, options.seed ?? 1);
    this.store = new Store(options.entities ?? [], this.view);
    this.expiryGraceMs = options.expiryGraceMs ?? DEFAULT_EXPIRY_GRACE_MS;
    this.context = {
      store: this.store,
      budget: new RateBudget(
        { read: options.readUnitsPerMinute ?? DEFAULT_UNITS_PER_MINUTE, write: options.writeUnitsPerMinute ?? DEFAULT_UNITS_PER_MINUTE },
        this.now,
      ),
      now: this.now,
      changed: () => this.changed(),
      failIfExistsOnExpired: options.failIfExistsOnExpired ?? 'blocks',
    };
  }

  /** Whether an expired but uncollected key still makes a `FAIL_IF_EXISTS` set fail; tests run both variants. */
  get failIfExistsOnExpired(): 'blocks' | 'ignores' {
    return this.context.failIfExistsOnExpired;
  }

  set failIfExistsOnExpired(variant: 'blocks' | 'ignores') {
    this.context.failIfExistsOnExpired = variant;
  }

  /** The most later requests a write may stay invisible to queries. */
  get queryLag(): number {
    return this.view.lag;
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
    return { ...this.context.budget.totals };
  }

  /** Zeroes the request counts and the billed-unit totals (not the rate-limit window). */
  resetCounts(): void {
    this.counts.clear();
    this.context.budget.resetTotals();
  }

  /** Forgets the rate budget's current window, as for a new installation (a test that starts a site over). */
  resetRateWindow(): void {
    this.context.budget.resetWindow();
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
    if (this.store.collect(this.now())) this.changed();
  }

  /** Keys and stored values of one namespace, in key order (expired but uncollected values included). */
  entries(namespace: Namespace): [string, unknown][] {
    return this.store.parsed(namespace);
  }

  /** Keys and stored values of one custom entity, in key order. Throws for an undeclared entity. */
  entityEntries(name: string): [string, unknown][] {
    if (!this.store.hasEntity(name)) throw new Error(`Entity ${name} is not declared`);
    return this.store.parsed(this.store.entityTable(name));
  }

  /** Everything stored, byte for byte, to compare before and after an operation. */
  snapshot(): string {
    return JSON.stringify(this.exportState());
  }

  /** `{plain, secret, entities}`: each a key-ordered list of `[key, record]` (entities by name, empty ones left out). */
  exportState(): Required<KvsState> {
    return this.store.exportState();
  }

  /** Replaces everything stored; queries see the imported state at once. */
  importState(state: KvsState): void {
    this.store.importState(state);
  }

  /** The `__forge_fetch__` entry for KVS paths. */
  async handle(path: string, init: RequestInit | undefined): Promise<Response> {
    const operation = path.replace(/^\/api\/v1\//, '');
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    this.store.beginRequest();
    if (this.store.collect(this.now() - this.expiryGraceMs)) this.changed();
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
    const { context, store } = this;
    switch (operation) {
      case 'get':
        return getItem(context, 'plain', request);
      case 'secret/get':
        return getItem(context, 'secret', request);
      case 'entity/get':
        return getItem(context, store.entityTable(request.entityName), request);
      case 'set':
        return setItem(context, 'plain', request);
      case 'secret/set':
        return setItem(context, 'secret', request);
      case 'entity/set':
        return setItem(context, store.entityTable(request.entityName), request);
      case 'delete':
        return deleteItem(context, 'plain', request);
      case 'secret/delete':
        return deleteItem(context, 'secret', request);
      case 'entity/delete':
        return deleteItem(context, store.entityTable(request.entityName), request);
      case 'query':
        return queryKeys(context, request);
      case 'entity/query':
        return queryEntityItems(context, request);
      case 'batch/get':
        return batchGet(context, batchItems(body, text));
      case 'batch/set':
        return batchSet(context, batchItems(body, text));
      case 'batch/delete':
        return batchDelete(context, batchItems(body, text));
      case 'transaction':
        return transaction(context, request, text);
      default:
        return json(404, { code: 'NOT_FOUND', message: `No such KVS operation: ${operation}` });
    }
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
