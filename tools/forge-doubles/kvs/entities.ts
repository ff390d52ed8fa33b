/**
 * Custom entities as declared in the manifest (`app.storage.entities`, schema in
 * `node_modules/@forge/manifest/out/schema/manifest-schema.json`), their value checks and index queries
 * (https://developer.atlassian.com/platform/forge/storage-reference/custom-entities/,
 * https://developer.atlassian.com/platform/forge/storage-reference/query-complex/).
 */
import { badRequest } from './errors';
import { checkClause, checkFilter, evaluate, satisfies, WHERE_CONDITIONS, type Clause } from './conditions';
import { compareKeys, metadata, type StoredValue } from './values';

export type AttributeType = 'string' | 'boolean' | 'float' | 'integer' | 'any';

/** One entry of `app.storage.entities`. An index is an attribute name or `{name, range, partition?}`. */
export interface EntityDeclaration {
  name: string;
  attributes: Record<string, { type: AttributeType }>;
  indexes?: (string | { name: string; range: string[]; partition?: string[] })[];
}

interface Index {
  name: string;
  range: string[];
  partition: string[];
}

const MAX_QUERY_LIMIT = 20;
const DEFAULT_QUERY_LIMIT = 10;

const INT32 = { min: -2_147_483_648, max: 2_147_483_647 };
// The docs give the largest float as 9.9999999999999999999999999999999999999e125, which a double rounds to 1e126.
const FLOAT = { smallest: 1e-130, largest: 1e126 };

function isFloat(value: unknown): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  return value === 0 || (Math.abs(value) >= FLOAT.smallest && Math.abs(value) <= FLOAT.largest);
}

/**
 * Whether a value fits an attribute type, as "Stored entity values must adhere to the following type
 * requirements" lists them (https://developer.atlassian.com/platform/forge/runtime-reference/storage-api-custom-entities/):
 * integer is 32-bit signed; float is 0 or 1E-130…9.99E+125 in magnitude; a string is not empty and not
 * only whitespace; `any` takes a string, integer, float, boolean, object or array.
 * ASSUMPTION: `null` is refused everywhere, `any` included, since the page does not list it.
 */
function hasType(value: unknown, type: AttributeType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string' && value.trim().length > 0;
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isInteger(value) && (value as number) >= INT32.min && (value as number) <= INT32.max;
    case 'float':
      return isFloat(value);
    default:
      return value !== null && ['string', 'number', 'boolean', 'object'].includes(typeof value);
  }
}

/**
 * Throws a 400 unless `value` is an object whose attributes are all declared with a matching type.
 * ASSUMPTION: the error code names (`INVALID_ENTITY_VALUE`) are ours; the custom-entities page
 * (https://developer.atlassian.com/platform/forge/storage-reference/custom-entities/) documents the
 * schema but not the error a mismatching value gets. Undeclared attributes are refused, missing ones allowed.
 */
export function checkEntityValue(entity: EntityDeclaration, value: unknown): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest('INVALID_ENTITY_VALUE', `A ${entity.name} value must be an object of its attributes`);
  }
  for (const [attribute, attributeValue] of Object.entries(value)) {
    const declared = entity.attributes[attribute];
    if (!declared) throw badRequest('INVALID_ENTITY_VALUE', `${entity.name} has no attribute ${attribute}`);
    if (!hasType(attributeValue, declared.type)) {
      throw badRequest('INVALID_ENTITY_VALUE', `${entity.name}.${attribute} must be of type ${declared.type}`);
    }
  }
}

function indexOf(entity: EntityDeclaration, name: unknown): Index {
  for (const index of entity.indexes ?? []) {
    if (typeof index === 'string' && index === name) return { name: index, range: [index], partition: [] };
    if (typeof index === 'object' && index.name === name) return { name: index.name, range: index.range, partition: index.partition ?? [] };
  }
  // ASSUMPTION: code name; https://developer.atlassian.com/platform/forge/storage-reference/query-complex/ is silent.
  throw badRequest('INDEX_NOT_FOUND', `${entity.name} has no index ${String(name)}`);
}

function encodeCursor(position: unknown[]): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

function decodeCursor(cursor: unknown): [unknown[], string] {
  try {
    const position = JSON.parse(Buffer.from(String(cursor), 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(position) && Array.isArray(position[0]) && typeof position[1] === 'string') return [position[0], position[1]];
  } catch {
    // falls through to the refusal below
  }
  throw badRequest('INVALID_CURSOR', 'Cursor is malformed');
}

function compareTuples(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return compareKeys(String(x), String(y));
  }
  return 0;
}

/** The page size of a query request: default 10, at most 20 (https://developer.atlassian.com/platform/forge/js-api-reference/storage-api-query). */
export function queryLimit(limit: unknown): number {
  const value = limit ?? DEFAULT_QUERY_LIMIT;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    throw badRequest('BAD_REQUEST', 'Limit must be a positive integer');
  if (value > MAX_QUERY_LIMIT) throw badRequest('LIST_QUERY_LIMIT_EXCEEDED', `Limit for list query should be at most ${MAX_QUERY_LIMIT}`);
  return value;
}

/**
 * Answers an `entity/query` request (`{entityName, indexName, partition?, range?, filters?, sort?,
 * limit?, cursor?, options?}`) over `items` with `{data: [{key, value, …metadata}], cursor?}`.
 * Throws a 400 for an unknown index, a missing or extra partition, a bad clause, sort or limit.
 */
export function queryEntity(entity: EntityDeclaration, request: Record<string, unknown>, items: Iterable<[string, StoredValue]>): unknown {
  const index = indexOf(entity, request.indexName);
  const limit = queryLimit(request.limit);
  const partition = request.partition ?? [];
  if (!Array.isArray(partition) || partition.length !== index.partition.length) {
    throw badRequest('BAD_REQUEST', `Index ${index.name} takes ${index.partition.length} partition value(s)`);
  }
  const range: Clause | undefined = request.range === undefined ? undefined : checkClause(request.range, WHERE_CONDITIONS);
  const filter = request.filters === undefined ? undefined : checkFilter(request.filters, entity.attributes);
  const sort = request.sort ?? 'ASC';
  if (sort !== 'ASC' && sort !== 'DESC') throw badRequest('BAD_REQUEST', 'Sort must be ASC or DESC');
  const after = request.cursor === undefined ? undefined : decodeCursor(request.cursor);
  const direction = sort === 'ASC' ? 1 : -1;
  const rows: { key: string; stored: StoredValue; position: unknown[] }[] = [];
  for (const [key, stored] of items) {
    const attributes = JSON.parse(stored.json) as Record<string, unknown>;
    const position = index.range.map((attribute) => attributes[attribute]);
    // ASSUMPTION: an item lacking a range or partition attribute is not in the index (a sparse
    // index, as in DynamoDB); with a composite range the where-clause applies to its first attribute.
    if (position.some((value) => value === undefined)) continue;
    if (index.partition.some((attribute, i) => JSON.stringify(attributes[attribute]) !== JSON.stringify(partition[i]))) continue;
    if (range && !satisfies(position[0], range)) continue;
    // ASSUMPTION: filters apply before the page is cut, so a page is never short while more match
    // (https://developer.atlassian.com/platform/forge/storage-reference/query-complex/ is silent).
    if (filter && !evaluate(filter, attributes)) continue;
    rows.push({ key, stored, position });
  }
  const order = (a: { key: string; position: unknown[] }, b: { key: string; position: unknown[] }) =>
    direction * (compareTuples(a.position, b.position) || compareKeys(a.key, b.key));
  rows.sort(order);
  const remaining = after ? rows.filter((row) => order(row, { position: after[0], key: after[1] }) > 0) : rows;
  const page = remaining.slice(0, limit);
  const data = page.map((row) => ({
    key: row.key,
    value: JSON.parse(row.stored.json) as unknown,
    ...metadata(row.stored, request.options),
  }));
  const last = page[page.length - 1];
  return remaining.length > limit && last ? { data, cursor: encodeCursor([last.position, last.key]) } : { data };
}
