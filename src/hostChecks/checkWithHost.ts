import type { Verification } from '../contract';
import { secretOf, type Credential } from '../domain/credential';
import type { Integration } from '../domain/integration';
import type { EgressFetch, EgressResponse } from './egressFetch';
import { planCheck, type CanFetch, type PlannedRequest } from './planCheck';
import { isUsable, type Body, type Finding, type Outcome } from './outcomes';

export const DEFAULT_TIMEOUT_MS = 8000;

export interface CheckDeps {
  /** `fetch` from `@forge/api` in Forge; a loopback-bound fetch in tests and the local preview. */
  fetch: EgressFetch;
  /** Whether Forge lets the backend reach a URL (`permissions.canFetchFrom('backend', url)` in Forge). */
  canFetch: CanFetch;
  now: Date;
  /** Budget for the whole check, every request included. */
  timeoutMs?: number;
}

const TIMED_OUT = Symbol('timed out');

/** Gerrit starts every JSON answer with `)]}'` on its own line against XSSI (https://gerrit-review.googlesource.com/Documentation/rest-api.html#output). */
const XSSI_PREFIX = /^\)\]\}'[^\n]*\n/;

function parseBody(text: string): Body {
  try {
    return { parsed: true, value: JSON.parse(text.replace(XSSI_PREFIX, '')) as unknown };
  } catch {
    return { parsed: false };
  }
}

async function toOutcome(response: EgressResponse): Promise<Outcome> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  return { kind: 'response', status: response.status, headers, body: parseBody(await response.text()) };
}

/**
 * Hosts echo what they were sent in odd places; a verification must never carry the token.
 * Tokens too short to be secret are left alone, or every matching letter of a reason would go.
 */
function withoutToken(finding: Finding, token: string): Finding {
  if (token.length < 8) return finding;
  const scrub = (text: string) => text.split(token).join('…');
  return JSON.parse(JSON.stringify(finding), (_key, value: unknown) => (typeof value === 'string' ? scrub(value) : value)) as Finding;
}

const MAX_TEXT = 300;
const MAX_SCOPES = 50;

function cut(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

/**
 * What a host answers is stored with the PAT's metadata and shown on the page, so it is bounded:
 * a host (or whatever answers in its place) must not be able to bloat a user's storage or the page.
 * Avatars are kept only as https URLs, since the page may show them as images.
 */
function bounded(finding: Finding): Finding {
  const { login, avatarUrl, ssoUrl, scopes, missingScopes, reason, ...rest } = finding;
  return {
    ...rest,
    ...(ssoUrl !== undefined && ssoUrl.length <= 2048 && ssoUrl.startsWith('https://') ? { ssoUrl } : {}),
    ...(login !== undefined ? { login: cut(login) } : {}),
    ...(avatarUrl !== undefined && avatarUrl.length <= 2048 && avatarUrl.startsWith('https://') ? { avatarUrl } : {}),
    ...(scopes !== undefined ? { scopes: scopes.slice(0, MAX_SCOPES).map(cut) } : {}),
    ...(missingScopes !== undefined ? { missingScopes: missingScopes.slice(0, MAX_SCOPES).map(cut) } : {}),
    ...(reason !== undefined ? { reason: cut(reason) } : {}),
  };
}

/**
 * Runs the plan's requests in order, stopping at the first outcome that is not a usable 2xx answer:
 * it decides, and more requests with a bad token only add failed sign-ins (which can lock accounts).
 * No retries, for the same reason.
 */
async function run(requests: readonly PlannedRequest[], fetch: EgressFetch, timeoutMs: number): Promise<Outcome[]> {
  const controller = new AbortController();
  // Racing the deadline as well as aborting covers fetches that ignore the signal.
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => controller.signal.addEventListener('abort', () => resolve(TIMED_OUT)));
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const outcomes: Outcome[] = [];
  try {
    for (const { method, url, headers } of requests) {
      const exchange = Promise.resolve()
        .then(() => fetch(url, { method, headers, redirect: 'manual', signal: controller.signal }))
        .then(toOutcome);
      const result = await Promise.race([exchange, deadline]).catch(() => undefined);
      // A fetch rejected by our abort is a timeout too, not a network error.
      const failed: Outcome = controller.signal.aborted ? { kind: 'timeout' } : { kind: 'network-error' };
      const outcome: Outcome = result === TIMED_OUT ? { kind: 'timeout' } : (result ?? failed);
      outcomes.push(outcome);
      if (!isUsable(outcome)) break;
    }
  } finally {
    clearTimeout(timer);
  }
  return outcomes;
}

/**
 * Asks the integration's git host what it thinks of the credential. Never throws and never logs:
 * every failure becomes a Verification, and none carries the secret.
 */
export async function checkWithHost(
  integration: Pick<Integration, 'hostType' | 'baseUrl' | 'organization'>,
  credential: Credential,
  deps: CheckDeps,
): Promise<Verification> {
  const checkedAt = deps.now.toISOString();
  const token = secretOf(credential);
  let finding: Finding;
  try {
    const plan = planCheck(integration, credential, deps.now, deps.canFetch);
    if (plan.kind === 'not-verified') {
      finding = { status: 'not-verified', reason: plan.reason };
    } else {
      const outcomes = await run(plan.requests, deps.fetch, deps.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      finding = plan.interpret(outcomes, deps.now);
    }
  } catch {
    // Only a bug gets here (planning and interpreting are pure); the user can still re-check.
    finding = {
      status: 'unreachable',
      reason: 'The token could not be checked because of an error in the app. The token was saved; check it again later.',
    };
  }
  return { ...bounded(withoutToken(finding, token)), checkedAt };
}
