/**
 * Forge requires apps to report, periodically, every Atlassian account whose personal data they
 * store, and to erase the data of accounts Atlassian answers as closed
 * (https://developer.atlassian.com/platform/forge/user-privacy-guidelines). Our only personal data
 * is an account's PATs, all reachable from its `pat-record`.
 *
 * Cadence: the docs' default cycle period is 7 days and apps should not report an account more often,
 * so the job walks all records once per cycle, in account order, in batches of 90 (the API's limit).
 * Its progress (the cycle's start and the last account done) is stored after every batch, so a run
 * cut short — by the function's time limit or a failure — resumes where it stopped the next day; a
 * large site is walked over several runs. A 429 is retried after its Retry-After (or a backoff).
 * The walk also deletes each visited account's loose secrets (storage/looseSecrets.ts).
 */
import { privacy } from '@forge/api';
import { accountPage, eraseAccount } from '../storage/accountData';
import { PERSONAL_DATA_PROGRESS_KEY } from '../storage/keys';
import { sweepLooseSecrets } from '../storage/looseSecrets';
import type { PatRecord } from '../storage/patStore';
import { reliableKvs } from '../storage/reliableKvs';

export const CYCLE_MS = 7 * 24 * 3_600_000;
const BATCH_SIZE = 90;

export interface CycleProgress {
  /** ISO-8601 start of the current cycle. */
  startedAt: string;
  /** Last account whose batch was reported (and erased where closed); absent at the start of a cycle. */
  after?: string;
  done: boolean;
}

export interface PersonalDataReport {
  reported: number;
  closed: number;
  updated: number;
  /** The walk reached the last account of this cycle. */
  finished: boolean;
}

export interface ReportOptions {
  now?: () => Date;
  /** No new batch starts after this long (the function's limit is 900 s); one batch always runs. */
  budgetMs?: number;
  /** Tries per batch when the API answers 429 or 5xx. */
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

type Answer = { accountId: string; status: 'updated' | 'closed' };

/** The most recent `updatedAt` of an account's PATs: what Atlassian compares with its own records. */
function lastUpdate(record: PatRecord): string | undefined {
  const times = Object.values(record.pats).map((pat) => pat.updatedAt);
  return times.length > 0 ? times.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b)) : undefined;
}

function retryAfterMs(response: Response, attempt: number): number {
  const header = response.headers.get('retry-after');
  const seconds = header === null ? NaN : Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = header === null ? NaN : Date.parse(header);
  if (Number.isFinite(date)) return Math.max(0, date - Date.now());
  return Math.min(60_000, 1000 * 2 ** attempt);
}

/** Reports one batch (≤ 90), retrying 429 and 5xx; the SDK rejects with the raw Response on an HTTP error. */
async function reportBatch(accounts: { accountId: string; updatedAt: string }[], options: Required<ReportOptions>): Promise<Answer[]> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await privacy.reportPersonalData(accounts);
    } catch (error) {
      if (!(error instanceof Response)) throw error;
      const retryable = error.status === 429 || error.status >= 500;
      if (!retryable || attempt >= options.attempts) throw new Error(`Personal data reporting failed: HTTP ${error.status}`);
      await options.sleep(retryAfterMs(error, attempt));
    }
  }
}

async function readProgress(now: Date): Promise<CycleProgress | undefined> {
  const progress = await reliableKvs.get<CycleProgress>(PERSONAL_DATA_PROGRESS_KEY);
  if (!progress || (progress.done && now.getTime() - Date.parse(progress.startedAt) >= CYCLE_MS)) {
    return { startedAt: now.toISOString(), done: false };
  }
  return progress.done ? undefined : progress;
}

/**
 * Runs the job once: continues (or starts) this cycle's walk, reporting each account with PATs once,
 * erasing those answered `closed`. Returns counts for the log. Throws when a batch keeps failing;
 * what was done before it stays done and the next run resumes after it.
 */
export async function reportPersonalData(options: ReportOptions = {}): Promise<PersonalDataReport> {
  const settings: Required<ReportOptions> = {
    now: options.now ?? (() => new Date()),
    budgetMs: options.budgetMs ?? 600_000,
    attempts: options.attempts ?? 5,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  };
  const started = Date.now();
  const counts: PersonalDataReport = { reported: 0, closed: 0, updated: 0, finished: false };
  const progress = await readProgress(settings.now());
  if (!progress) return { ...counts, finished: true };

  let pending: PatRecord[] = [];
  let more = true;
  // At least one batch per run, however short the budget, so every run makes progress.
  do {
    while (more && pending.length < BATCH_SIZE) {
      const page = await accountPage(pending.at(-1)?.accountId ?? progress.after);
      pending.push(...page.records);
      more = page.more && page.records.length > 0;
    }
    const batch = pending.slice(0, BATCH_SIZE);
    pending = pending.slice(BATCH_SIZE);
    await processBatch(batch, settings.now(), counts, settings);
    if (batch.length > 0) progress.after = batch[batch.length - 1]!.accountId;
    progress.done = !more && pending.length === 0;
    await reliableKvs.set<CycleProgress>(PERSONAL_DATA_PROGRESS_KEY, progress);
  } while (!progress.done && Date.now() - started < settings.budgetMs);
  return { ...counts, finished: progress.done };
}

async function processBatch(batch: PatRecord[], now: Date, counts: PersonalDataReport, options: Required<ReportOptions>): Promise<void> {
  const accounts = batch.flatMap((record) => {
    const updatedAt = lastUpdate(record);
    return updatedAt ? [{ accountId: record.accountId, updatedAt }] : [];
  });
  const answers = accounts.length > 0 ? await reportBatch(accounts, options) : [];
  counts.reported += accounts.length;
  const asked = new Set(accounts.map((account) => account.accountId));
  for (const { accountId, status } of answers) {
    // Only accounts of this batch, each once, even if an answer repeats or names another account.
    if (!asked.delete(accountId)) continue;
    if (status === 'closed') {
      await eraseAccount(accountId, now);
      counts.closed += 1;
    } else if (status === 'updated') {
      counts.updated += 1;
    }
  }
  for (const record of batch) {
    if (record.loose.length > 0) await sweepLooseSecrets(record.accountId, now);
  }
}
