/**
 * Forge's storage rate limit: reads and writes are each counted in 10 KB units per installation per
 * minute, 4,000 of each by default, and a request over budget answers 429 `RATE_LIMIT_EXCEEDED`
 * (https://developer.atlassian.com/platform/forge/limits-kvs-ce/,
 * https://developer.atlassian.com/platform/forge/storage-reference/handling-errors-kvs/).
 */
import { KvsRequestError } from './errors';

export const UNIT_BYTES = 10 * 1024;
const WINDOW_MS = 60_000;

export type Direction = 'read' | 'write';

/**
 * The units `bytes` cost: one per started 10 KB, and at least one.
 * ASSUMPTION: the limits page does not say how a small or empty operation is rounded; we bill one
 * unit minimum per request, per batch item, and one per transaction (a transaction is "a single
 * Write operation", https://developer.atlassian.com/platform/forge/storage-reference/transactions-entities/).
 */
export function unitsOf(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / UNIT_BYTES));
}

export class RateBudget {
  /** Units billed since the last `reset()`, for tests and the bench. */
  readonly totals = { read: 0, write: 0 };
  private readonly ledger: Record<Direction, { at: number; units: number }[]> = { read: [], write: [] };

  constructor(
    private readonly perMinute: Record<Direction, number>,
    private readonly now: () => number,
  ) {}

  /**
   * Bills `units` to a direction's rolling one-minute window; throws 429 `RATE_LIMIT_EXCEEDED`
   * (billing nothing) when that would go over the budget.
   * ASSUMPTION: transactions get the same code; the transactions page says they fail "returning a
   * TOO_MANY_REQUESTS error" (https://developer.atlassian.com/platform/forge/storage-reference/transactions-entities/)
   * while the error page names RATE_LIMIT_EXCEEDED for 429 (…/handling-errors-kvs/). Callers should key on the 429.
   */
  charge(direction: Direction, units: number): void {
    const now = this.now();
    const entries = this.ledger[direction].filter((entry) => entry.at > now - WINDOW_MS);
    this.ledger[direction] = entries;
    const used = entries.reduce((sum, entry) => sum + entry.units, 0);
    if (used + units > this.perMinute[direction]) {
      throw new KvsRequestError(
        429,
        'RATE_LIMIT_EXCEEDED',
        `Rate limit exceeded: ${direction} budget of ${this.perMinute[direction]} units per minute`,
      );
    }
    entries.push({ at: now, units });
    this.totals[direction] += units;
  }

  /** Forgets what the current window has billed, as for a new installation. */
  resetWindow(): void {
    this.ledger.read = [];
    this.ledger.write = [];
  }

  resetTotals(): void {
    this.totals.read = 0;
    this.totals.write = 0;
  }
}
