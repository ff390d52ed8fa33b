/**
 * What `query` and `entity/query` see: the store as it was a few requests ago. Forge documents
 * queries as eventually consistent ("Data consistency",
 * https://developer.atlassian.com/platform/forge/storage-reference/kvs/) without a bound.
 * ASSUMPTION: the lag is counted in requests, not time — each write reaches the view after a number
 * of later requests drawn from a seeded PRNG in [0, queryLag] — so tests are deterministic. A key's
 * writes reach the view in the order they were made (its view never goes back in time); the writes of
 * one batch or transaction are drawn one by one, so a query may see some of them before the others.
 */
import type { StoredValue } from './values';
import { seededRandom } from '../../seededRandom';

interface Pending {
  table: string;
  key: string;
  stored: StoredValue | undefined;
  /** The request number after which the write is visible. */
  visibleAfter: number;
}

export class LaggingView {
  private readonly tables = new Map<string, Map<string, StoredValue>>();
  private pending: Pending[] = [];
  private readonly lastVisibleAfter = new Map<string, number>();
  private readonly random: () => number;

  /** `queryLag`: the most later requests a write may stay invisible for (0: none); `seed` fixes the draws. */
  constructor(
    private readonly queryLag: number,
    seed: number,
  ) {
    this.random = seededRandom(seed);
  }

  get lag(): number {
    return this.queryLag;
  }

  /** The view of one table (key → record), for queries to read. */
  table(name: string): Map<string, StoredValue> {
    let table = this.tables.get(name);
    if (!table) {
      table = new Map();
      this.tables.set(name, table);
    }
    return table;
  }

  /** Records a write (a record, or `undefined` for a delete) made by request number `request`. */
  record(table: string, key: string, stored: StoredValue | undefined, request: number): void {
    if (this.queryLag === 0) {
      this.apply({ table, key, stored, visibleAfter: request });
      return;
    }
    const id = `${table}\u0000${key}`;
    const drawn = request + Math.floor(this.random() * (this.queryLag + 1));
    const visibleAfter = Math.max(drawn, this.lastVisibleAfter.get(id) ?? 0);
    this.lastVisibleAfter.set(id, visibleAfter);
    this.pending.push({ table, key, stored, visibleAfter });
  }

  /** Makes visible every write whose lag has passed by request number `request`. */
  catchUp(request: number): void {
    if (this.pending.length === 0) return;
    const waiting: Pending[] = [];
    for (const write of this.pending) {
      if (write.visibleAfter < request) this.apply(write);
      else waiting.push(write);
    }
    this.pending = waiting;
  }

  /** Makes every write visible now. */
  settle(): void {
    for (const write of this.pending) this.apply(write);
    this.pending = [];
    this.lastVisibleAfter.clear();
  }

  /** Replaces the whole view (e.g. after importing state), with nothing pending. */
  reset(tables: Map<string, Map<string, StoredValue>>): void {
    this.tables.clear();
    for (const [name, table] of tables) this.tables.set(name, new Map(table));
    this.pending = [];
    this.lastVisibleAfter.clear();
  }

  private apply(write: Pending): void {
    const id = `${write.table}\u0000${write.key}`;
    if (this.lastVisibleAfter.get(id) === write.visibleAfter) this.lastVisibleAfter.delete(id);
    const table = this.table(write.table);
    if (write.stored) table.set(write.key, write.stored);
    else table.delete(write.key);
  }
}
