/**
 * The weekly re-check (scheduled trigger `token-recheck-hourly`): every saved token is checked with
 * its host again once a week, so a token that expired or was revoked on the host shows so on the
 * person's page without anyone pressing Re-check.
 *
 * Cadence and budget. The trigger runs every hour. A *pass* walks every account's record (the
 * `by-account` index, eventually consistent) and starts at most once a day; a pass cut short (the
 * run's check or time budget, a failure) resumes from its stored cursor on the next run. A token is
 * checked only when its last check — strictly read, whoever made it (a save, Re-check, this job) —
 * is at least 7 days old, so no token is checked twice within 7 days, and tokens come due spread
 * over the week as they were saved. A run checks at most MAX_CHECKS_PER_RUN tokens (1 host request
 * each, 2 for GitLab), so a backlog (a new install) spreads over the following hours. A host that
 * answers 429 (GitHub: 403 with no requests remaining) is paused until its Retry-After (1 hour when it
 * gives none): that token's verdict is not recorded and the host's other tokens wait for a later pass;
 * other hosts go on.
 *
 * The same walk finishes rotations left unfinished (storage/patRotation.ts) and tallies what the
 * last checks say per integration; a finished pass stores the tally as the admins' token health.
 */
import type { HealthCounts, PatStatus, TokenHealth } from '../contract';
import { AppError } from '../domain/errors';
import { countStatus, emptyCounts } from '../domain/tokenHealth';
import type { Integration } from '../domain/integration';
import { accountPage } from '../storage/accountData';
import { RECHECK_PROGRESS_KEY, TOKEN_HEALTH_KEY } from '../storage/keys';
import { completeRotations, hasPendingRotation } from '../storage/patRotation';
import { reliableKvs } from '../storage/reliableKvs';
import { recheckSaved, type RecheckOptions } from '../tokens/recheckSaved';

const HOUR_MS = 3_600_000;
const RECHECK_AGE_MS = 7 * 24 * HOUR_MS;
/** A new pass starts at most this often; a token's next check lands 7 to 8 days after its last. */
const PASS_INTERVAL_MS = 24 * HOUR_MS;
const MAX_CHECKS_PER_RUN = 200;
/** A host that said 429 without Retry-After rests this long. */
const DEFAULT_PAUSE_MS = HOUR_MS;

interface RecheckProgress {
  /** ISO-8601 start of the current pass. */
  passStartedAt: string;
  /** Last account whose tokens were all seen in this pass. */
  after?: string;
  done: boolean;
  /** Host key → ISO-8601 time until which the host is not asked. */
  pausedUntil: Record<string, string>;
  /** This pass's counts so far, by integration id. */
  tally: Record<string, HealthCounts>;
}

export interface RecheckRun {
  checked: number;
  /** Tokens whose last check was recent enough. */
  notDue: number;
  /** Tokens not checked because their host is paused (or paused during this run). */
  paused: number;
  rotationsCompleted: number;
  /** This run finished its pass (and stored the token health). */
  passFinished: boolean;
}

export interface RecheckJobOptions extends Pick<RecheckOptions, 'timeoutMs'> {
  now?: () => Date;
  maxChecks?: number;
  /** No new account is started after this long (the function's limit is 900 s). */
  budgetMs?: number;
  /** Tokens checked more recently than this are not due; the local preview's on-demand run uses 0. */
  minAgeMs?: number;
  /** Start a new pass now even if one ran within the day (the local preview's on-demand run). */
  newPass?: boolean;
}

/** The host a token's check goes to: its type and address (a self-hosted server is its own host). */
function hostKey(integration: Pick<Integration, 'hostType' | 'baseUrl' | 'organization'>): string {
  return `${integration.hostType} ${integration.baseUrl ?? ''}`;
}

function startPass(now: Date, previous?: RecheckProgress): RecheckProgress {
  const pausedUntil = Object.fromEntries(
    Object.entries(previous?.pausedUntil ?? {}).filter(([, until]) => Date.parse(until) > now.getTime()),
  );
  return { passStartedAt: now.toISOString(), done: false, pausedUntil, tally: {} };
}

async function readProgress(now: Date, newPass: boolean): Promise<RecheckProgress | undefined> {
  const progress = await reliableKvs.get<RecheckProgress>(RECHECK_PROGRESS_KEY);
  if (!progress || newPass || (progress.done && now.getTime() - Date.parse(progress.passStartedAt) >= PASS_INTERVAL_MS))
    return startPass(now, progress);
  return progress.done ? undefined : progress;
}

function tallyOf(progress: RecheckProgress, integrationId: string): HealthCounts {
  progress.tally[integrationId] ??= emptyCounts();
  return progress.tally[integrationId];
}

/**
 * Runs the job once: continues (or starts) the pass, checking due tokens within the run's budgets.
 * Returns counts for the log (never an account or a token). Throws a StorageError when storage keeps
 * failing; what was done stays done and the next run resumes after the last account stored.
 */
export async function runWeeklyRecheck(options: RecheckJobOptions = {}): Promise<RecheckRun> {
  const clock = options.now ?? (() => new Date());
  const maxChecks = options.maxChecks ?? MAX_CHECKS_PER_RUN;
  const budgetMs = options.budgetMs ?? 600_000;
  const minAgeMs = options.minAgeMs ?? RECHECK_AGE_MS;
  const started = Date.now();
  const run: RecheckRun = { checked: 0, notDue: 0, paused: 0, rotationsCompleted: 0, passFinished: false };
  const progress = await readProgress(clock(), options.newPass ?? false);
  if (!progress) return run;

  const outOfBudget = () => run.checked >= maxChecks || Date.now() - started >= budgetMs;
  let more = true;
  while (more && !outOfBudget()) {
    const page = await accountPage(progress.after);
    more = page.more && page.records.length > 0;
    for (const listed of page.records) {
      if (outOfBudget()) {
        more = true;
        break;
      }
      const now = clock();
      if (hasPendingRotation(listed)) run.rotationsCompleted += await completeRotations(listed.accountId, now);
      // A record's tokens are all seen before the cursor moves past it; a cut-short record is seen again
      // next run, and its tokens checked meanwhile are then not due (their last check is strictly read).
      const budgetLeft = maxChecks - run.checked;
      const ids = Object.keys(listed.pats);
      if (ids.length > budgetLeft && run.checked > 0) {
        more = true;
        break;
      }
      const statuses: [string, PatStatus | undefined][] = [];
      for (const integrationId of ids) {
        const status = await recheckOne(listed.accountId, integrationId, progress, run, now, minAgeMs, options);
        if (status !== 'gone') statuses.push([integrationId, status]);
      }
      for (const [integrationId, status] of statuses) countStatus(tallyOf(progress, integrationId), status);
      progress.after = listed.accountId;
    }
    if (!more) progress.done = true;
    await reliableKvs.set<RecheckProgress>(RECHECK_PROGRESS_KEY, progress);
  }
  if (progress.done) {
    await reliableKvs.set<TokenHealth>(TOKEN_HEALTH_KEY, { asOf: clock().toISOString(), integrations: progress.tally });
    run.passFinished = true;
  }
  return run;
}

/** Checks one token if due and its host is not paused; answers its last known status, or 'gone'. */
async function recheckOne(
  accountId: string,
  integrationId: string,
  progress: RecheckProgress,
  run: RecheckRun,
  now: Date,
  minAgeMs: number,
  options: RecheckJobOptions,
): Promise<PatStatus | undefined | 'gone'> {
  try {
    const result = await recheckSaved(accountId, integrationId, {
      checkedBefore: new Date(now.getTime() - minAgeMs),
      skipRateLimited: true,
      timeoutMs: options.timeoutMs,
      now,
      pausedHost: (integration) => {
        const until = progress.pausedUntil[hostKey(integration)];
        return until !== undefined && Date.parse(until) > now.getTime();
      },
    });
    if (result.kind === 'not-due') run.notDue += 1;
    else if (result.kind === 'paused') run.paused += 1;
    else if (result.kind === 'rate-limited') {
      run.paused += 1;
      progress.pausedUntil[hostKey(result.integration)] = new Date(now.getTime() + (result.retryAfterMs ?? DEFAULT_PAUSE_MS)).toISOString();
    } else run.checked += 1;
    return result.pat.verification?.status;
  } catch (error) {
    // Removed meanwhile, or its integration was: nothing to check or count.
    if (error instanceof AppError && (error.code === 'PAT_NOT_FOUND' || error.code === 'UNKNOWN_INTEGRATION')) return 'gone';
    throw error;
  }
}

/** The admins' token health as the last finished pass stored it (one strict read); undefined before the first. */
export function readTokenHealth(): Promise<TokenHealth | undefined> {
  return reliableKvs.get<TokenHealth>(TOKEN_HEALTH_KEY);
}
