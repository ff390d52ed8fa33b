/**
 * Keys, values and stored records of the emulated KVS, with the platform's limits
 * (https://developer.atlassian.com/platform/forge/limits-kvs-ce/ and
 * https://developer.atlassian.com/platform/forge/storage-reference/handling-errors-kvs/).
 */
import { badRequest } from './errors';

const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/;
const MAX_KEY_LENGTH = 500;
export const MAX_VALUE_BYTES = 240 * 1024;
const MAX_DEPTH = 31;

export interface StoredValue {
  /** The value exactly as stored: its JSON text. */
  json: string;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
  /** Epoch milliseconds after which the value has expired (set with a `ttl`); it stays until collected. */
  expiresAt?: number;
}

const TTL_UNITS_MS: Record<string, number> = { SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 };

function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depthOf(child));
  return deepest + 1;
}

/** The key when it is valid; throws a 400 `KEY_TOO_SHORT` / `KEY_TOO_LONG` / `INVALID_KEY` otherwise. */
export function checkKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0) throw badRequest('KEY_TOO_SHORT', 'Key must not be empty');
  if (key.length > MAX_KEY_LENGTH) throw badRequest('KEY_TOO_LONG', `Key is longer than ${MAX_KEY_LENGTH} characters`);
  if (!KEY_PATTERN.test(key)) throw badRequest('INVALID_KEY', `Key does not match ${KEY_PATTERN}`);
  return key;
}

/** The value's JSON text when it may be stored; throws a 400 `MAX_SIZE` / `MAX_DEPTH` / `BAD_REQUEST` otherwise. */
export function checkValue(value: unknown): string {
  if (value === undefined) throw badRequest('BAD_REQUEST', 'Value is required');
  const text = JSON.stringify(value);
  if (Buffer.byteLength(text, 'utf8') > MAX_VALUE_BYTES) throw badRequest('MAX_SIZE', `Value is larger than ${MAX_VALUE_BYTES} bytes`);
  if (depthOf(value) > MAX_DEPTH) throw badRequest('MAX_DEPTH', `Value is nested deeper than ${MAX_DEPTH}`);
  return text;
}

/** Epoch milliseconds at which a `{ttl: {value, unit}}` option expires a value written at `now`, if any. */
export function expiryOf(options: unknown, now: number): number | undefined {
  const ttl = (options as { ttl?: { value?: unknown; unit?: unknown } } | undefined)?.ttl;
  if (ttl === undefined) return undefined;
  const unit = TTL_UNITS_MS[String(ttl.unit)];
  if (typeof ttl.value !== 'number' || !Number.isInteger(ttl.value) || ttl.value <= 0 || !unit) {
    throw badRequest('BAD_REQUEST', 'ttl needs a positive integer value and a unit of SECONDS, MINUTES, HOURS or DAYS');
  }
  return now + ttl.value * unit;
}

/**
 * The expiry of a batch or transaction set, whose only option is a TTL (`SetOptions` in
 * `node_modules/@forge/kvs/out/interfaces/types.d.ts`); throws 400 for any other option.
 * ASSUMPTION: the platform may ignore such options instead; refusing them keeps a caller from relying
 * on a `keyPolicy` that batch and transaction sets do not take.
 */
export function ttlOnlyExpiry(options: unknown, now: number): number | undefined {
  const extra = options && typeof options === 'object' ? Object.keys(options).filter((name) => name !== 'ttl') : [];
  if (extra.length > 0) throw badRequest('BAD_REQUEST', `Batch and transaction sets take a ttl only, not ${extra.join(', ')}`);
  return expiryOf(options, now);
}

/** The record written for `text` over `previous` (which keeps its creation time). */
export function record(text: string, previous: StoredValue | undefined, now: number, expiresAt: number | undefined): StoredValue {
  return { json: text, createdAt: previous?.createdAt ?? now, updatedAt: now, ...(expiresAt !== undefined ? { expiresAt } : {}) };
}

/**
 * The metadata fields a request's `options.metadataFields` (or `returnMetadataFields`) asks for:
 * `createdAt`/`updatedAt` as numbers and `expireTime` as a string, as the REST reference's examples show
 * (https://developer.atlassian.com/platform/forge/rest/v2/api-group-forge-kvs/) and the SDK types say.
 * ASSUMPTION: the numbers are epoch milliseconds and `expireTime` is ISO 8601; the reference gives neither unit nor format.
 */
export function metadata(stored: StoredValue, options: unknown, listName = 'metadataFields'): Record<string, string | number> {
  const fields = (options as Record<string, unknown> | undefined)?.[listName];
  const wanted = Array.isArray(fields) ? fields : [];
  const result: Record<string, string | number> = {};
  if (wanted.includes('CREATED_AT')) result.createdAt = stored.createdAt;
  if (wanted.includes('UPDATED_AT')) result.updatedAt = stored.updatedAt;
  if (wanted.includes('EXPIRE_TIME') && stored.expiresAt !== undefined) result.expireTime = new Date(stored.expiresAt).toISOString();
  return result;
}

/** Byte-order comparison of keys, the order queries answer in. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
