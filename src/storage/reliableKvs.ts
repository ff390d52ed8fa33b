/**
 * The one door to Forge storage: every storage module reaches `@forge/kvs` through `reliableKvs`,
 * so every request gets the same policy.
 *
 * - Each request has its own timeout. A request that hangs is abandoned and tried again; it counts
 *   as in flight, since the platform may still carry it out later.
 * - 429 and 5xx answers and timeouts are retried with jittered exponential backoff, up to `attempts`
 *   tries; any other answer (a 4xx such as a FAIL_IF_EXISTS conflict) fails at once.
 * - A resolver call has one time budget for all its storage requests, counted from the call's start
 *   (defineResolvers.ts opens it). Ordinary requests stop `cleanupReserveMs` before its end so that undoing a
 *   half-done change still has time (`bestEffort`); nothing runs past its end. With the defaults,
 *   ordinary requests end by 12 s and undo steps by 14.5 s, so even a host check (8 s) that starts
 *   as late as 12 s ends by 20 s, inside Forge's 25 s resolver limit. Outside a resolver call only
 *   the per-request bound applies (4 tries of 2 s and 0.7 s of waits).
 * Failures come out as a StorageError: the platform's code and HTTP status, never a key or a value.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { kvs, Filter, FilterConditions, ForgeKvsAPIError, Sort, WhereConditions, type ListResult } from '@forge/kvs';
import { QUERY_PAGE_SIZE } from './keys';

export interface RetryPolicy {
  /** Tries per request, the first one included. */
  attempts: number;
  /** A request without an answer after this long is abandoned (and tried again). */
  requestTimeoutMs: number;
  /** Wait before the first retry; it doubles for each further retry up to `maxDelayMs`, jittered down to half. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Every storage request of one resolver call ends within this long of the call's start. */
  callBudgetMs: number;
  /** The end of that budget, kept for undoing a half-done change. */
  cleanupReserveMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  attempts: 4,
  requestTimeoutMs: 2_000,
  baseDelayMs: 100,
  maxDelayMs: 800,
  callBudgetMs: 14_500,
  cleanupReserveMs: 2_500,
});

let policy: Readonly<RetryPolicy> = DEFAULT_RETRY_POLICY;

/** Tests shorten the waits with this; the app itself always runs with DEFAULT_RETRY_POLICY. */
export function setRetryPolicy(next: Readonly<RetryPolicy>): void {
  policy = next;
}

/** Storage failed, after retries where they made sense. */
export class StorageError extends Error {
  constructor(
    /** The platform's error code, or TIMEOUT / DEADLINE_EXCEEDED for our own limits. */
    readonly code: string,
    readonly status: number | undefined,
    /** A request timed out: the platform may still carry it out later. */
    readonly inFlight: boolean,
  ) {
    super(`Storage failed: ${describe(code, status)}`);
    this.name = 'StorageError';
  }
}

function describe(code: string, status: number | undefined): string {
  return status === undefined ? code : `${code} (HTTP ${status})`;
}

interface CallBudget {
  /** The call's reference, shown to the user and in every log line about the call. */
  ref: string;
  startedAt: number;
  /** Undo and tidy-up steps may use the reserve at the end of the budget. */
  cleanup: boolean;
}

const budget = new AsyncLocalStorage<CallBudget>();

/** Runs one resolver call: its storage requests share one time budget and log under `ref`. */
export function withCallBudget<T>(ref: string, run: () => Promise<T>): Promise<T> {
  return budget.run({ ref, startedAt: Date.now(), cleanup: false }, run);
}

function deadline(): number {
  const call = budget.getStore();
  if (!call) return Infinity;
  return call.startedAt + policy.callBudgetMs - (call.cleanup ? 0 : policy.cleanupReserveMs);
}

function logPrefix(): string {
  const ref = budget.getStore()?.ref;
  return ref ? `[${ref}] ` : '';
}

function retryable(error: StorageError): boolean {
  return error.code === 'TIMEOUT' || error.status === 429 || (error.status !== undefined && error.status >= 500);
}

function backoff(retry: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return ceiling / 2 + (Math.random() * ceiling) / 2;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The request's answer, or a TIMEOUT failure after `ms`; the abandoned request is left to settle unheard. */
function answerWithin<T>(request: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StorageError('TIMEOUT', undefined, true)), ms);
  });
  return Promise.race([request, timeout]).finally(() => clearTimeout(timer));
}

/** Platform failures become StorageErrors; anything else (a bug) goes on as it is. */
function asStorageError(error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  if (error instanceof ForgeKvsAPIError) return new StorageError(error.code, error.responseDetails.status, false);
  throw error;
}

async function reliably<T>(operation: string, request: () => Promise<T>): Promise<T> {
  let failure: StorageError | undefined;
  let inFlight = false;
  for (let attempt = 1; attempt <= policy.attempts; attempt += 1) {
    if (failure) {
      const wait = backoff(attempt - 1);
      if (Date.now() + wait >= deadline()) break;
      console.warn(
        `${logPrefix()}storage ${operation} ${describe(failure.code, failure.status)}: retry ${attempt - 1} of ${policy.attempts - 1}`,
      );
      await sleep(wait);
    }
    const remaining = deadline() - Date.now();
    if (remaining <= 0) break;
    try {
      return await answerWithin(request(), Math.min(policy.requestTimeoutMs, remaining));
    } catch (error) {
      failure = asStorageError(error);
      inFlight ||= failure.inFlight;
      if (!retryable(failure)) break;
    }
  }
  throw new StorageError(failure?.code ?? 'DEADLINE_EXCEEDED', failure?.status, inFlight);
}

/** Waits before trying again to take what another call holds; false when the call's budget leaves no room. */
export async function pauseBeforeRetry(retry: number): Promise<boolean> {
  const wait = backoff(Math.min(retry, policy.attempts));
  if (Date.now() + wait >= deadline()) return false;
  await sleep(wait);
  return true;
}

/** One item of a batch read: a custom entity item, or a plain key when `entityName` is absent. */
export interface ItemRef {
  key: string;
  entityName?: string;
}

/** A write of a transaction. `expect` is the condition the store checks atomically before any write. */
export type TransactOp =
  | { kind: 'set'; ref: Required<ItemRef>; value: object; expect?: Expectation }
  | { kind: 'delete'; ref: Required<ItemRef>; expect?: Expectation }
  | { kind: 'check'; ref: Required<ItemRef>; expect: Expectation };

/**
 * What must hold of a custom entity item for a transaction to apply: its integer `attribute` equals
 * `equals`, or (`equals: undefined`) the item does not exist yet (the attribute is absent).
 */
export interface Expectation {
  attribute: string;
  equals: number | undefined;
}

/** A transaction's condition did not hold (HTTP 409): someone else changed the item first. */
export function isConflict(error: unknown): boolean {
  return error instanceof StorageError && error.status === 409;
}

function conditionOf(expect: Expectation) {
  return new Filter<Record<string, unknown>>().and(
    expect.attribute,
    expect.equals === undefined ? FilterConditions.notExists() : FilterConditions.equalTo(expect.equals),
  );
}

function itemId({ key, entityName }: ItemRef): string {
  return `${entityName ?? ''}\u0000${key}`;
}

/**
 * The kvs requests the storage modules make, each under the retry policy.
 * Only `get`-like reads are strictly consistent (Forge docs, "Data consistency":
 * https://developer.atlassian.com/platform/forge/storage-reference/kvs/); `queryPage` is eventually
 * consistent and is used only by background jobs that are re-run.
 */
export const reliableKvs = {
  get: <T>(key: string) => reliably('get', () => kvs.get<T>(key)),
  set: <T>(key: string, value: T) => reliably('set', () => kvs.set<T>(key, value)),
  getSecret: <T>(key: string) => reliably('secret/get', () => kvs.getSecret<T>(key)),
  setSecret: <T>(key: string, value: T) => reliably('secret/set', () => kvs.setSecret<T>(key, value)),
  deleteSecret: (key: string) => reliably('secret/delete', () => kvs.deleteSecret(key)),

  /**
   * Strict reads of up to 25 items in one request; returns a map from each found item to its value
   * (use `batchValue` to look one up). A missing item is simply absent; any other per-item failure fails the read.
   */
  batchGet: async (refs: readonly ItemRef[]): Promise<Map<string, unknown>> => {
    if (refs.length === 0) return new Map();
    const result = await reliably('batch/get', () => kvs.batchGet(refs.map((ref) => ({ ...ref }))));
    const failed = result.failedKeys.find((item) => item.error.code !== 'KEY_NOT_FOUND');
    if (failed) throw new StorageError(failed.error.code, undefined, false);
    return new Map(result.successfulKeys.map((item) => [itemId(item), item.value]));
  },

  /** Writes up to 25 items in one request, not atomically; any item that fails fails the call. */
  batchSet: async (items: readonly { ref: ItemRef; value: unknown }[]): Promise<void> => {
    if (items.length === 0) return;
    const result = await reliably('batch/set', () => kvs.batchSet(items.map(({ ref, value }) => ({ ...ref, value }))));
    const failed = result.failedKeys[0];
    if (failed) throw new StorageError(failed.error.code, undefined, false);
  },

  /** Applies every operation atomically, or none when a condition fails (a 409 StorageError, see isConflict). */
  transact: (ops: readonly TransactOp[]): Promise<void> =>
    reliably('transaction', () => {
      let builder = kvs.transact();
      for (const op of ops) {
        const entity = { entityName: op.ref.entityName, ...(op.expect ? { conditions: conditionOf(op.expect) } : {}) };
        if (op.kind === 'set') builder = builder.set(op.ref.key, op.value as Record<string, unknown>, entity);
        else if (op.kind === 'delete') builder = builder.delete(op.ref.key, entity);
        else builder = builder.check(op.ref.key, { entityName: op.ref.entityName, conditions: conditionOf(op.expect) });
      }
      return builder.execute();
    }),

  /** One page (up to QUERY_PAGE_SIZE) of an entity's items by an index, after `afterKey` in index order. Eventually consistent. */
  entityPage: <T>(entityName: string, index: string, afterKey?: string): Promise<ListResult<T>> =>
    reliably('entity/query', () => {
      const query = kvs.entity<T>(entityName).query().index(index).sort(Sort.ASC).limit(QUERY_PAGE_SIZE);
      return (afterKey === undefined ? query : query.where(WhereConditions.greaterThan(afterKey))).getMany();
    }),
};

/** The value of one item of a `batchGet` answer. */
export function batchValue<T>(values: Map<string, unknown>, ref: ItemRef): T | undefined {
  return values.get(itemId(ref)) as T | undefined;
}

/** Runs a step whose storage failure must not fail the call: the failure is logged (code only) and swallowed. False when it failed. */
export async function tolerateFailure(what: string, step: () => Promise<unknown>): Promise<boolean> {
  try {
    await step();
    return true;
  } catch (error) {
    if (!(error instanceof StorageError)) throw error;
    console.warn(`${logPrefix()}storage ${what} failed: ${describe(error.code, error.status)}`);
    return false;
  }
}

/** Runs an undo or tidy-up step, in the reserve at the end of the call's budget, tolerating its failure. */
export function bestEffort(what: string, step: () => Promise<unknown>): Promise<boolean> {
  return tolerateFailure(what, () => inReserve(step));
}

function inReserve<T>(step: () => Promise<T>): Promise<T> {
  const call = budget.getStore();
  return call ? budget.run({ ...call, cleanup: true }, step) : step();
}

/** How a failed write ended: it took effect after all (only its answer was lost), it certainly did not, or no one can tell. */
export type WriteOutcome = 'landed' | 'not-landed' | 'unknown';

/**
 * Reads back what a failed write should have done (`landed`, in the reserve) to learn whether it took
 * effect. A write whose request timed out stays 'unknown' unless it is seen to have landed: it may still.
 */
async function outcomeOf(failure: unknown, landed: () => Promise<boolean>): Promise<WriteOutcome> {
  if (!(failure instanceof StorageError)) throw failure;
  try {
    if (await inReserve(landed)) return 'landed';
  } catch (error) {
    if (!(error instanceof StorageError)) throw error;
    return 'unknown';
  }
  return failure.inFlight ? 'unknown' : 'not-landed';
}

/**
 * Runs a conditional transaction and tells whether it took effect: 'done', or 'conflict' when a
 * condition failed because someone else changed an item first. `landed` reads back (strictly)
 * whether this very write is in storage; it is asked after a 409 (a retry of a write that had
 * landed with its answer lost fails its own condition) and after any other failure. Throws the
 * StorageError when storage failed and the read-back cannot show the write landed.
 */
export async function transactConfirmed(ops: readonly TransactOp[], landed: () => Promise<boolean>): Promise<'done' | 'conflict'> {
  try {
    await reliableKvs.transact(ops);
    return 'done';
  } catch (error) {
    if (isConflict(error)) return (await landed()) ? 'done' : 'conflict';
    if ((await outcomeOf(error, landed)) === 'landed') return 'done';
    throw error;
  }
}
