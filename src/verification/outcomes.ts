import type { Verification } from '../contract';

/** A JSON body, or the fact that the body was not JSON (empty bodies included). */
export type Body = { parsed: true; value: unknown } | { parsed: false };

export interface Answer {
  kind: 'response';
  status: number;
  /** Response headers, names lower-cased. */
  headers: Readonly<Record<string, string>>;
  body: Body;
}

/** What came of one planned request. */
export type Outcome = Answer | { kind: 'network-error' } | { kind: 'timeout' };

/** A verification without its time stamp: what the interpreters decide. */
export type Finding = Omit<Verification, 'checkedAt'>;

/** What the account and token look like when the host accepted the token. */
export interface Accepted {
  login?: string;
  avatarUrl?: string;
  /** Undefined when the host does not report scopes: then none can be called missing. */
  scopes?: string[];
  expiresAt?: string;
}

export const REJECTED_REASON = 'The host rejected the token: it is expired, revoked or wrong.';
const DAY_MS = 24 * 60 * 60 * 1000;
const EXPIRES_SOON_MS = 7 * DAY_MS;
const CHECK_AGAIN = 'The token was saved; check it again later.';

/** Drops undefined fields so stored verifications stay minimal. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

function isSuccess(outcome: Answer): boolean {
  return outcome.status >= 200 && outcome.status < 300;
}

/** A 2xx answer with a JSON body: the only kind after which a check goes on to its next request. */
export function isUsable(outcome: Outcome): boolean {
  return outcome.kind === 'response' && isSuccess(outcome) && outcome.body.parsed;
}

function code(list: readonly string[]): string {
  const quoted = list.map((item) => `\`${item}\``);
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}` : (quoted[0] ?? '');
}

export function missingScopes(accepted: Accepted, missing: readonly string[]): Finding {
  return compact({ status: 'missing-scopes', ...accepted, missingScopes: [...missing], reason: `The token needs ${code(missing)}.` });
}

export function rejected(reason: string = REJECTED_REASON): Finding {
  return { status: 'expired', reason };
}

export function unreadable(hostName: string): Finding {
  return { status: 'unreachable', reason: `${hostName} sent an answer the app could not read. ${CHECK_AGAIN}` };
}

/**
 * The verdict on a token the host accepted: missing scopes first (the token cannot do the job now),
 * then expiry. Scopes are only compared when the host reported them.
 */
export function judge(accepted: Accepted, needed: readonly string[], now: Date): Finding {
  const { scopes } = accepted;
  const missing = scopes ? needed.filter((scope) => !scopes.includes(scope)) : [];
  if (missing.length > 0) return missingScopes(accepted, missing);
  if (accepted.expiresAt) {
    const left = Date.parse(accepted.expiresAt) - now.getTime();
    if (left <= 0) return compact({ ...accepted, ...rejected(`The token expired on ${accepted.expiresAt.slice(0, 10)}.`) });
    if (left <= EXPIRES_SOON_MS) return compact({ status: 'expires-soon', ...accepted });
  }
  return compact({ status: 'valid', ...accepted });
}

/** A 2xx answer with its JSON body, or the finding that ends the check. */
export type Read = { ok: true; answer: Answer; value: unknown } | { ok: false; finding: Finding };

/**
 * Reads one outcome: a 2xx answer with a JSON body comes back for the host to interpret; anything else
 * becomes its finding. `special` lets a host give its own meaning to a status (e.g. GitLab's 403)
 * before the generic rules.
 */
export function readAnswer(outcome: Outcome, hostName: string, special?: (answer: Answer) => Finding | undefined): Read {
  const fail = (finding: Finding): Read => ({ ok: false, finding });
  if (outcome.kind === 'timeout') return fail({ status: 'unreachable', reason: `${hostName} did not answer in time. ${CHECK_AGAIN}` });
  if (outcome.kind === 'network-error') return fail({ status: 'unreachable', reason: `${hostName} could not be reached. ${CHECK_AGAIN}` });
  const { status } = outcome;
  if (status >= 500) return fail({ status: 'unreachable', reason: `${hostName} had a server error (HTTP ${status}). ${CHECK_AGAIN}` });
  // GitHub answers an exhausted rate limit with 403 and a zero remaining count, others with 429.
  if (status === 429 || (status === 403 && outcome.headers['x-ratelimit-remaining'] === '0')) {
    return fail({ status: 'unreachable', reason: `${hostName} is limiting requests right now. ${CHECK_AGAIN}` });
  }
  if (status === 401) return fail(rejected());
  const specific = special?.(outcome);
  if (specific) return fail(specific);
  if (status >= 300 && status < 400) {
    return fail({ status: 'unreachable', reason: `${hostName} redirected the check elsewhere; check the integration's address.` });
  }
  if (!isSuccess(outcome)) {
    return fail({ status: 'unreachable', reason: `${hostName} answered the check with HTTP ${status}; check the integration's address.` });
  }
  return outcome.body.parsed ? { ok: true, answer: outcome, value: outcome.body.value } : fail(unreadable(hostName));
}
