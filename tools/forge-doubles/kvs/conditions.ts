/**
 * Filter and condition clauses of custom entities (`FilterConditions`/`WhereConditions` of
 * `@forge/kvs`), checked and evaluated against an entity item's attributes
 * (https://developer.atlassian.com/platform/forge/storage-reference/query-complex/).
 */
import { badRequest } from './errors';

export interface Clause {
  property?: string;
  condition: string;
  values: unknown[];
}

/** Conditions and how many values each takes, as `@forge/kvs` builds them (`out/conditions.js`). */
const ARITY: Record<string, number> = {
  BETWEEN: 2,
  BEGINS_WITH: 1,
  EXISTS: 1,
  NOT_EXISTS: 1,
  GREATER_THAN: 1,
  GREATER_THAN_EQUAL_TO: 1,
  LESS_THAN: 1,
  LESS_THAN_EQUAL_TO: 1,
  CONTAINS: 1,
  NOT_CONTAINS: 1,
  EQUAL_TO: 1,
  NOT_EQUAL_TO: 1,
};

/** Conditions a query's `where` (range) clause accepts (`WhereConditions`). */
export const WHERE_CONDITIONS = new Set([
  'BETWEEN',
  'BEGINS_WITH',
  'EQUAL_TO',
  'GREATER_THAN',
  'GREATER_THAN_EQUAL_TO',
  'LESS_THAN',
  'LESS_THAN_EQUAL_TO',
]);

/** A clause when well formed; throws 400 `INVALID_FILTER_CONDITION` / `INVALID_FILTER_VALUES` otherwise. */
export function checkClause(raw: unknown, allowed?: Set<string>): Clause {
  const clause = raw as { property?: unknown; condition?: unknown; values?: unknown } | null;
  const condition = clause?.condition;
  if (typeof condition !== 'string' || !(condition in ARITY) || (allowed && !allowed.has(condition))) {
    throw badRequest('INVALID_FILTER_CONDITION', `Condition ${String(condition)} is not supported here`);
  }
  if (!Array.isArray(clause?.values) || clause.values.length !== ARITY[condition]) {
    throw badRequest('INVALID_FILTER_VALUES', `${condition} takes ${ARITY[condition]} value(s)`);
  }
  return { ...(typeof clause.property === 'string' ? { property: clause.property } : {}), condition, values: clause.values };
}

/** An `{and: [...]}` or `{or: [...]}` list of clauses on declared attributes; throws 400 otherwise. */
export function checkFilter(raw: unknown, attributes: Record<string, unknown>): { operator: 'and' | 'or'; clauses: Clause[] } {
  const body = raw as Record<string, unknown> | null;
  const operators = body && typeof body === 'object' ? Object.keys(body) : [];
  const operator = operators[0];
  if (
    operators.length !== 1 ||
    (operator !== 'and' && operator !== 'or') ||
    !Array.isArray(body?.[operator]) ||
    (body[operator] as unknown[]).length === 0
  ) {
    throw badRequest('INVALID_FILTER_CONDITION', 'Conditions must be {and: [...]} or {or: [...]} with at least one clause');
  }
  const clauses = (body[operator] as unknown[]).map((item) => {
    const clause = checkClause(item);
    // ASSUMPTION: a clause on an attribute the entity does not declare is refused; the
    // custom-entities pages (https://developer.atlassian.com/platform/forge/storage-reference/custom-entities/) are silent.
    if (clause.property === undefined || !(clause.property in attributes)) {
      throw badRequest('QUERY_WHERE_FIELD_INVALID', `Attribute ${String(clause.property)} is not declared on this entity`);
    }
    return clause;
  });
  return { operator, clauses };
}

function compare(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return undefined;
}

function contains(container: unknown, needle: unknown): boolean {
  if (typeof container === 'string') return typeof needle === 'string' && container.includes(needle);
  if (Array.isArray(container)) return container.some((item) => JSON.stringify(item) === JSON.stringify(needle));
  return false;
}

/**
 * Whether an attribute value satisfies a clause.
 * ASSUMPTION: a missing attribute fails every comparison and satisfies only NOT_EXISTS,
 * NOT_EQUAL_TO and NOT_CONTAINS (DynamoDB's semantics, which the Custom Entity Store pages
 * https://developer.atlassian.com/platform/forge/storage-reference/query-complex/ do not state).
 */
export function satisfies(value: unknown, clause: Clause): boolean {
  const present = value !== undefined;
  const [first, second] = clause.values;
  switch (clause.condition) {
    case 'EXISTS':
      return present;
    case 'NOT_EXISTS':
      return !present;
    case 'NOT_EQUAL_TO':
      return !present || compare(value, first) !== 0;
    case 'NOT_CONTAINS':
      return !present || !contains(value, first);
    case 'CONTAINS':
      return present && contains(value, first);
    case 'BEGINS_WITH':
      return typeof value === 'string' && typeof first === 'string' && value.startsWith(first);
    case 'BETWEEN': {
      const low = compare(value, first);
      const high = compare(value, second);
      return low !== undefined && high !== undefined && low >= 0 && high <= 0;
    }
    default: {
      const order = present ? compare(value, first) : undefined;
      if (order === undefined) return false;
      if (clause.condition === 'EQUAL_TO') return order === 0;
      if (clause.condition === 'GREATER_THAN') return order > 0;
      if (clause.condition === 'GREATER_THAN_EQUAL_TO') return order >= 0;
      if (clause.condition === 'LESS_THAN') return order < 0;
      return order <= 0;
    }
  }
}

/** Whether an item's attributes satisfy an and/or filter. */
export function evaluate(filter: { operator: 'and' | 'or'; clauses: Clause[] }, attributes: Record<string, unknown>): boolean {
  const results = filter.clauses.map((clause) => satisfies(attributes[clause.property!], clause));
  return filter.operator === 'and' ? results.every(Boolean) : results.some(Boolean);
}
