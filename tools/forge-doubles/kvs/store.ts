/**
 * The emulated store's data: plain values, secrets and custom-entity items (each a table of key →
 * record), what queries see of them (a lagging view), and lazy collection of expired values.
 */
import { badRequest } from './errors';
import { checkEntityValue, type EntityDeclaration } from './entities';
import { LaggingView } from './laggingView';
import type { RateBudget } from './rateBudget';
import { checkValue, compareKeys, type StoredValue } from './values';

const ENTITY_PREFIX = 'entity:';

export interface KvsState {
  plain: [string, StoredValue][];
  secret: [string, StoredValue][];
  /** Entity name → its items; absent in state saved before entities existed. */
  entities?: Record<string, [string, StoredValue][]>;
}

/** What an operation works with: the data, the rate budget, the clock and the change notifier. */
export interface OperationContext {
  store: Store;
  budget: RateBudget;
  now: () => number;
  changed: () => void;
  /** Whether an expired but uncollected key still makes a `FAIL_IF_EXISTS` set fail. */
  failIfExistsOnExpired: 'blocks' | 'ignores';
}

function sortedEntries(table: Map<string, StoredValue> | undefined): [string, StoredValue][] {
  return [...(table ?? new Map<string, StoredValue>()).entries()].sort(([a], [b]) => compareKeys(a, b));
}

export class Store {
  private tables = new Map<string, Map<string, StoredValue>>();
  /** `table\0key` of every stored value with a TTL, so collection does not scan the whole store. */
  private readonly expiring = new Set<string>();
  private readonly entities: Map<string, EntityDeclaration>;
  private requestNumber = 0;

  constructor(
    entities: EntityDeclaration[],
    private readonly view: LaggingView,
  ) {
    this.entities = new Map(entities.map((entity) => [entity.name, entity]));
  }

  /** Counts a request and lets the query view catch up to it. */
  beginRequest(): void {
    this.requestNumber += 1;
    this.view.catchUp(this.requestNumber);
  }

  get(table: string, key: string): StoredValue | undefined {
    return this.tables.get(table)?.get(key);
  }

  /** What queries of a table see now. */
  viewOf(table: string): Map<string, StoredValue> {
    return this.view.table(table);
  }

  /** Stores (or with `undefined`, deletes) a record; queries see it after the lag. */
  write(table: string, key: string, stored: StoredValue | undefined): void {
    const id = `${table}\u0000${key}`;
    let items = this.tables.get(table);
    if (!items) {
      items = new Map();
      this.tables.set(table, items);
    }
    if (stored) items.set(key, stored);
    else items.delete(key);
    if (stored?.expiresAt !== undefined) this.expiring.add(id);
    else this.expiring.delete(id);
    // Secrets cannot be queried, so only plain values and entities go to the lagging view.
    if (table !== 'secret') this.view.record(table, key, stored, this.requestNumber);
  }

  /** The table of an item: plain without `entityName`, else the declared entity's; 400 for an undeclared one. */
  tableOf(entityName: unknown): string {
    return entityName === undefined ? 'plain' : this.entityTable(entityName);
  }

  /** The table of a declared entity; 400 for a missing or undeclared name. */
  entityTable(entityName: unknown): string {
    if (typeof entityName !== 'string' || !this.entities.has(entityName)) {
      // ASSUMPTION: code name; https://developer.atlassian.com/platform/forge/storage-reference/custom-entities/ is silent.
      throw badRequest('ENTITY_NOT_FOUND', `Entity ${String(entityName)} is not declared in the manifest`);
    }
    return ENTITY_PREFIX + entityName;
  }

  entityOf(table: string): EntityDeclaration | undefined {
    return table.startsWith(ENTITY_PREFIX) ? this.entities.get(table.slice(ENTITY_PREFIX.length)) : undefined;
  }

  hasEntity(name: string): boolean {
    return this.entities.has(name);
  }

  /** The value's JSON text after the entity schema (if any) and the KVS value limits accept it; else throws 400. */
  checkedValue(table: string, value: unknown): string {
    const entity = this.entityOf(table);
    if (entity) checkEntityValue(entity, value);
    return checkValue(value);
  }

  /**
   * Deletes the values that expired at or before `cutoff`; true when any was.
   * ASSUMPTION: collection happens exactly `expiryGraceMs` after expiry (default 48 h); the docs say
   * only "up to 48 hours" (https://developer.atlassian.com/platform/forge/storage-reference/kvs-api/),
   * and reads return the value until then.
   */
  collect(cutoff: number): boolean {
    let collected = false;
    for (const id of [...this.expiring]) {
      const [table, key] = id.split('\u0000') as [string, string];
      const stored = this.get(table, key);
      if (stored?.expiresAt !== undefined && stored.expiresAt <= cutoff) {
        this.write(table, key, undefined);
        collected = true;
      }
    }
    return collected;
  }

  /** Keys and parsed values of a table (`plain`, `secret` or an entity's), in key order. */
  parsed(table: string): [string, unknown][] {
    return sortedEntries(this.tables.get(table)).map(([key, stored]) => [key, JSON.parse(stored.json)]);
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
      ...Object.entries(state.entities ?? {}).map(([name, items]): [string, Map<string, StoredValue>] => [
        ENTITY_PREFIX + name,
        new Map(items),
      ]),
    ]);
    this.expiring.clear();
    for (const [table, items] of this.tables) {
      for (const [key, stored] of items) if (stored.expiresAt !== undefined) this.expiring.add(`${table}\u0000${key}`);
    }
    this.view.reset(new Map([...this.tables].filter(([table]) => table !== 'secret')));
  }
}
