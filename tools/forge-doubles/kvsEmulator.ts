/**
 * An in-process Forge KVS that answers the real `@forge/kvs` SDK at its transport,
 * `globalThis.__forge_fetch__`, with the wire format, limits and error codes of the platform.
 * Tests and the local preview run the app's storage code unchanged on top of it.
 */

const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/;
const MAX_KEY_LENGTH = 500;
const MAX_VALUE_BYTES = 240 * 1024;
const MAX_DEPTH = 31;
const MAX_QUERY_LIMIT = 20;
const DEFAULT_QUERY_LIMIT = 10;

export type Namespace = 'plain' | 'secret';

export interface StoredValue {
  /** The value exactly as stored: its JSON text. */
  json: string;
  createdAt: number;
  updatedAt: number;
  /** Epoch milliseconds after which the value is gone (set with a `ttl`). */
  expiresAt?: number;
}

const TTL_UNITS_MS: Record<string, number> = { SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 };

export type FaultKind = 'rate-limit' | 'server-error' | 'hang';

export interface Fault {
  kind: FaultKind;
  /** Operation the fault hits, e.g. `secret/set` or `query`; any operation when omitted. */
  operation?: string;
  /** How many matching requests fail; 1 when omitted. */
  times?: number;
  /** `after`: the operation takes effect, then the answer is lost (a write that did land). */
  when?: 'before' | 'after';
}

export interface KvsEmulatorOptions {
  /** Simulated latency per request, so request counts show up as time. */
  latencyMs?: number;
  now?: () => number;
}

interface KvsState {
  plain: [string, StoredValue][];
  secret: [string, StoredValue][];
}

class KvsRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depthOf(child));
  return deepest + 1;
}

function checkKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0) throw new KvsRequestError(400, 'KEY_TOO_SHORT', 'Key must not be empty');
  if (key.length > MAX_KEY_LENGTH) throw new KvsRequestError(400, 'KEY_TOO_LONG', `Key is longer than ${MAX_KEY_LENGTH} characters`);
  if (!KEY_PATTERN.test(key)) throw new KvsRequestError(400, 'INVALID_KEY', `Key does not match ${KEY_PATTERN}`);
  return key;
}

function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

function decodeCursor(cursor: unknown): string {
  if (typeof cursor !== 'string') throw new KvsRequestError(400, 'INVALID_CURSOR', 'Cursor is malformed');
  return Buffer.from(cursor, 'base64url').toString('utf8');
}

export class KvsEmulator {
  private readonly stores: Record<Namespace, Map<string, StoredValue>> = { plain: new Map(), secret: new Map() };
  private readonly faults: Required<Fault>[] = [];
  private readonly hung = new Set<() => void>();
  private readonly listeners = new Set<() => void>();
  readonly counts = new Map<string, number>();
  latencyMs: number;
  private readonly now: () => number;

  constructor(options: KvsEmulatorOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
    this.now = options.now ?? Date.now;
  }

  /** Requests answered so far, by operation (`get`, `secret/set`, `query`, …). */
  count(operation?: string): number {
    if (operation) return this.counts.get(operation) ?? 0;
    let total = 0;
    for (const value of this.counts.values()) total += value;
    return total;
  }

  resetCounts(): void {
    this.counts.clear();
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

  /** Keys and stored JSON of one namespace, in key order. */
  entries(namespace: Namespace): [string, unknown][] {
    return [...this.stores[namespace].entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, stored]) => [key, JSON.parse(stored.json)]);
  }

  /** Everything stored, byte for byte, to compare before and after an operation. */
  snapshot(): string {
    return JSON.stringify(this.exportState());
  }

  exportState(): KvsState {
    const sorted = (namespace: Namespace) =>
      [...this.stores[namespace].entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { plain: sorted('plain'), secret: sorted('secret') };
  }

  importState(state: KvsState): void {
    this.stores.plain = new Map(state.plain);
    this.stores.secret = new Map(state.secret);
  }

  /** The `__forge_fetch__` entry for KVS paths. */
  async handle(path: string, init: RequestInit | undefined): Promise<Response> {
    const operation = path.replace(/^\/api\/v1\//, '');
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const fault = this.takeFault(operation);
    if (fault?.when === 'before') return this.fail(fault);
    let response: Response;
    try {
      const body: unknown = JSON.parse(typeof init?.body === 'string' ? init.body : '');
      response = this.dispatch(operation, body);
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

  private dispatch(operation: string, body: unknown): Response {
    const request = (body ?? {}) as Record<string, unknown>;
    switch (operation) {
      case 'get':
        return this.get('plain', request);
      case 'secret/get':
        return this.get('secret', request);
      case 'set':
        return this.set('plain', request);
      case 'secret/set':
        return this.set('secret', request);
      case 'delete':
        return this.delete('plain', request);
      case 'secret/delete':
        return this.delete('secret', request);
      case 'query':
        return this.query(request);
      default:
        return json(404, { code: 'NOT_FOUND', message: `No such KVS operation: ${operation}` });
    }
  }

  /** The live value of a key; an expired one is dropped as the platform would. */
  private live(namespace: Namespace, key: string): StoredValue | undefined {
    const stored = this.stores[namespace].get(key);
    if (stored?.expiresAt !== undefined && stored.expiresAt <= this.now()) {
      this.stores[namespace].delete(key);
      return undefined;
    }
    return stored;
  }

  private get(namespace: Namespace, request: Record<string, unknown>): Response {
    const key = checkKey(request.key);
    const stored = this.live(namespace, key);
    if (!stored) throw new KvsRequestError(404, 'KEY_NOT_FOUND', `Key ${key} not found`);
    return json(200, { key, value: JSON.parse(stored.json), ...this.metadata(stored, request.options) });
  }

  private set(namespace: Namespace, request: Record<string, unknown>): Response {
    const key = checkKey(request.key);
    if (!('value' in request) || request.value === undefined) throw new KvsRequestError(400, 'BAD_REQUEST', 'Value is required');
    const text = JSON.stringify(request.value);
    if (Buffer.byteLength(text, 'utf8') > MAX_VALUE_BYTES) {
      throw new KvsRequestError(400, 'MAX_SIZE', `Value is larger than ${MAX_VALUE_BYTES} bytes`);
    }
    if (depthOf(request.value) > MAX_DEPTH) throw new KvsRequestError(400, 'MAX_DEPTH', `Value is nested deeper than ${MAX_DEPTH}`);
    const options = (request.options ?? {}) as { keyPolicy?: unknown; ttl?: { value?: unknown; unit?: unknown } };
    const now = this.now();
    const previous = this.live(namespace, key);
    // The platform's status and code for this conflict are not documented; 409 is the HTTP meaning.
    if (options.keyPolicy === 'FAIL_IF_EXISTS' && previous) throw new KvsRequestError(409, 'KEY_ALREADY_EXISTS', `Key ${key} already exists`);
    const ttlUnit = TTL_UNITS_MS[String(options.ttl?.unit)];
    const expiresAt = options.ttl && typeof options.ttl.value === 'number' && ttlUnit ? now + options.ttl.value * ttlUnit : undefined;
    this.stores[namespace].set(key, {
      json: text,
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
      ...(expiresAt !== undefined ? { expiresAt } : {}),
    });
    this.changed();
    return new Response(null, { status: 204 });
  }

  private delete(namespace: Namespace, request: Record<string, unknown>): Response {
    const key = checkKey(request.key);
    if (this.stores[namespace].delete(key)) this.changed();
    return new Response(null, { status: 204 });
  }

  private query(request: Record<string, unknown>): Response {
    const limit = request.limit ?? DEFAULT_QUERY_LIMIT;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
      throw new KvsRequestError(400, 'BAD_REQUEST', 'Limit must be a positive integer');
    }
    if (limit > MAX_QUERY_LIMIT) {
      throw new KvsRequestError(400, 'LIST_QUERY_LIMIT_EXCEEDED', `Limit for list query should be at most ${MAX_QUERY_LIMIT}`);
    }
    const prefix = this.beginsWith(request.where);
    const after = request.after === undefined ? undefined : decodeCursor(request.after);
    const keys = [...this.stores.plain.keys()]
      .filter((key) => key.startsWith(prefix) && (after === undefined || key > after) && this.live('plain', key))
      .sort();
    const page = keys.slice(0, limit);
    const data = page.map((key) => {
      const stored = this.stores.plain.get(key)!;
      return { key, value: JSON.parse(stored.json), ...this.metadata(stored, request.options) };
    });
    const last = page[page.length - 1];
    return json(200, keys.length > limit && last !== undefined ? { data, cursor: encodeCursor(last) } : { data });
  }

  private beginsWith(where: unknown): string {
    if (where === undefined) return '';
    const clauses = Array.isArray(where) ? where : [];
    const clause = clauses[0] as { property?: unknown; condition?: unknown; values?: unknown } | undefined;
    if (clauses.length !== 1 || clause?.property !== 'key' || clause.condition !== 'BEGINS_WITH') {
      throw new KvsRequestError(400, 'BAD_REQUEST', 'Only one key BEGINS_WITH condition is supported');
    }
    const value = Array.isArray(clause.values) ? clause.values[0] : undefined;
    if (typeof value !== 'string') throw new KvsRequestError(400, 'BAD_REQUEST', 'BEGINS_WITH takes a string');
    return value;
  }

  private metadata(stored: StoredValue, options: unknown): Record<string, string> {
    const fields = (options as { metadataFields?: unknown } | undefined)?.metadataFields;
    const wanted = Array.isArray(fields) ? fields : [];
    const result: Record<string, string> = {};
    if (wanted.includes('CREATED_AT')) result.createdAt = new Date(stored.createdAt).toISOString();
    if (wanted.includes('UPDATED_AT')) result.updatedAt = new Date(stored.updatedAt).toISOString();
    return result;
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
