/**
 * Re-checking a saved token with its host: the one path both the person's Re-check and the weekly
 * job take, so both record a verdict the same way.
 */
import type { PatView } from '../contract';
import { AppError } from '../domain/errors';
import type { Integration } from '../domain/integration';
import { PAT_NOT_FOUND_MESSAGE, UNKNOWN_INTEGRATION_MESSAGE } from '../domain/messages';
import { readSavedToken, recordVerification } from '../storage/patStore';
import { checkToken, type CheckOptions } from './checkToken';

export interface RecheckOptions extends CheckOptions {
  /** Only check a token whose last check (strictly read) is older than this; a newer one is answered as it is. */
  checkedBefore?: Date;
  /** Don't record a verdict given while the host was limiting requests (the weekly job tries again later). */
  skipRateLimited?: boolean;
  /** The weekly job's paused hosts: a token of such a host is not checked (answered 'paused'). */
  pausedHost?: (integration: Integration) => boolean;
}

export type RecheckResult =
  | { kind: 'checked'; pat: PatView }
  | { kind: 'not-due'; pat: PatView }
  | { kind: 'paused'; pat: PatView }
  /** The host answered 429 (or GitHub's exhausted 403); `retryAfterMs` from its Retry-After when it gave one. */
  | { kind: 'rate-limited'; pat: PatView; integration: Integration; retryAfterMs?: number };

/** Seconds or an HTTP date, as RFC 9110 §10.2.3 allows; undefined when absent or unreadable. */
function retryAfterMs(header: string | undefined, now: number): number | undefined {
  if (header === undefined) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/**
 * Checks the account's saved token for an integration with its host and records the verdict
 * conditionally (patStore.recordVerification): 2 storage reads, the host's requests (1, or 2 for
 * GitLab), 1 transaction. Throws AppError UNKNOWN_INTEGRATION / PAT_NOT_FOUND, StorageError.
 */
export async function recheckSaved(accountId: string, integrationId: string, options: RecheckOptions = {}): Promise<RecheckResult> {
  const saved = await readSavedToken(accountId, integrationId);
  if (saved === 'no-integration') throw new AppError('UNKNOWN_INTEGRATION', UNKNOWN_INTEGRATION_MESSAGE, 'integrationId');
  if (saved === 'no-pat') throw new AppError('PAT_NOT_FOUND', PAT_NOT_FOUND_MESSAGE);
  const last = saved.pat.verification?.checkedAt;
  if (options.checkedBefore && last && Date.parse(last) >= options.checkedBefore.getTime()) return { kind: 'not-due', pat: saved.pat };
  if (options.pausedHost?.(saved.integration)) return { kind: 'paused', pat: saved.pat };
  let limited: { retryAfterMs?: number } | undefined;
  const verification = await checkToken(saved.integration, saved.credential, {
    timeoutMs: options.timeoutMs,
    now: options.now,
    observe: (status, headers) => {
      options.observe?.(status, headers);
      // GitHub answers an exhausted rate limit with 403 and a zero remaining count, others with 429.
      if (status === 429 || (status === 403 && headers['x-ratelimit-remaining'] === '0')) {
        limited = { retryAfterMs: retryAfterMs(headers['retry-after'], Date.now()) };
      }
    },
  });
  if (limited && options.skipRateLimited) return { kind: 'rate-limited', pat: saved.pat, integration: saved.integration, ...limited };
  return { kind: 'checked', pat: await recordVerification(accountId, integrationId, saved.secretId, verification) };
}
