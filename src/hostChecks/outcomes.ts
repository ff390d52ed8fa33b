import type { Verification } from '../contract';
import { compact } from '../domain/compact';

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

/** The host a check talks to, as far as messages need it. */
export interface CheckedHost {
  name: string;
  /** Only a self-hosted integration has an address the admin typed, so only its messages suggest checking it. */
  deployment: 'cloud' | 'self-hosted';
}

const RETRY_AFTER_MAX_S = 24 * 60 * 60;

/** "in about 3 minutes" from a `Retry-After` of seconds or an HTTP date; '' when absent or unreadable. */
function retryAfter(header: string | undefined, hostName: string, now: Date): string {
  if (!header) return '';
  const seconds = /^\d+$/.test(header.trim()) ? Number(header.trim()) : (Date.parse(header) - now.getTime()) / 1000;
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > RETRY_AFTER_MAX_S) return '';
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return ` ${hostName} asks to wait about ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
}

function bodyMessage(answer: Answer): string {
  const value = answer.body.parsed ? answer.body.value : undefined;
  const message = value && typeof value === 'object' && 'message' in value ? value.message : undefined;
  return typeof message === 'string' ? message : '';
}

/**
 * A rate limit, told apart from a refusal. Primary: `x-ratelimit-remaining: 0` (GitHub answers 403
 * or 429); secondary: 403/429 with `retry-after` or a message naming a secondary rate limit
 * (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit);
 * other hosts answer 429.
 */
function rateLimit(answer: Answer, host: CheckedHost, now: Date): Finding | undefined {
  const { status, headers } = answer;
  if (status !== 403 && status !== 429) return undefined;
  const primary = headers['x-ratelimit-remaining'] === '0';
  const secondary = headers['retry-after'] !== undefined || /secondary rate limit/i.test(bodyMessage(answer));
  if (status === 403 && !primary && !secondary) return undefined;
  const kind = primary
    ? 'its hourly request limit is used up'
    : secondary
      ? 'too many requests came at once (secondary rate limit)'
      : 'too many requests came at once';
  return {
    status: 'unreachable',
    reason: `${host.name} is limiting requests right now: ${kind}.${retryAfter(headers['retry-after'], host.name, now)} ${CHECK_AGAIN}`,
  };
}

/**
 * GitHub's answer for a token not yet authorized for an organization's SAML single sign-on:
 * 403 with `X-GitHub-SSO: required; url=<authorization page>`
 * (https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api#saml-sso-errors,
 * https://docs.github.com/en/authentication/authenticating-with-saml-single-sign-on/authorizing-a-personal-access-token-for-use-with-saml-single-sign-on).
 */
function ssoRequired(answer: Answer, host: CheckedHost): Finding | undefined {
  const header = answer.headers['x-github-sso'];
  if (answer.status !== 403 || !header || !/^\s*required\b/i.test(header)) return undefined;
  const url = /\burl=(\S+)/i.exec(header)?.[1]?.replace(/;$/, '');
  const ssoUrl = url && /^https:\/\//.test(url) ? url : undefined;
  return compact<Finding>({
    status: 'sso-required',
    ssoUrl,
    reason: `${host.name} needs this token authorized for your organization's single sign-on (SAML). Authorize it${ssoUrl ? ' with the link' : ' under Configure SSO next to the token on GitHub'}, then check again.`,
  });
}

/** What a status the check did not expect means, without sending a cloud host's user to check an address they never typed. */
function unexpected(answer: Answer, host: CheckedHost): Finding {
  const { status } = answer;
  const message = bodyMessage(answer).slice(0, 160);
  const said = message ? ` (“${message}”)` : '';
  if (status >= 300 && status < 400) {
    return {
      status: 'unreachable',
      reason:
        host.deployment === 'self-hosted'
          ? `${host.name} redirected the check elsewhere; check the integration's address.`
          : `${host.name} redirected the check elsewhere, which it does not normally do. ${CHECK_AGAIN}`,
    };
  }
  if (status === 403) {
    return {
      status: 'not-verified',
      reason: `${host.name} refused to say whose token this is (HTTP 403)${said}. The token was saved; it may still work for branches and pull requests.`,
    };
  }
  return {
    status: 'unreachable',
    reason:
      host.deployment === 'self-hosted'
        ? `${host.name} answered the check with HTTP ${status}${said}; check the integration's address.`
        : `${host.name} answered the check with HTTP ${status}${said}, which the app did not expect. ${CHECK_AGAIN}`,
  };
}

/**
 * Reads one outcome: a 2xx answer with a JSON body comes back for the host to interpret; anything else
 * becomes its finding. `special` lets a host give its own meaning to a status (e.g. GitLab's 403)
 * before the generic rules, rate limits and single sign-on excepted.
 */
export function readAnswer(outcome: Outcome, host: CheckedHost, now: Date, special?: (answer: Answer) => Finding | undefined): Read {
  const fail = (finding: Finding): Read => ({ ok: false, finding });
  const { name } = host;
  if (outcome.kind === 'timeout') return fail({ status: 'unreachable', reason: `${name} did not answer in time. ${CHECK_AGAIN}` });
  if (outcome.kind === 'network-error') return fail({ status: 'unreachable', reason: `${name} could not be reached. ${CHECK_AGAIN}` });
  const { status } = outcome;
  if (status >= 500) return fail({ status: 'unreachable', reason: `${name} had a server error (HTTP ${status}). ${CHECK_AGAIN}` });
  const limited = rateLimit(outcome, host, now) ?? ssoRequired(outcome, host);
  if (limited) return fail(limited);
  if (status === 401) return fail(rejected());
  const specific = special?.(outcome);
  if (specific) return fail(specific);
  if (!isSuccess(outcome)) return fail(unexpected(outcome, host));
  return outcome.body.parsed ? { ok: true, answer: outcome, value: outcome.body.value } : fail(unreadable(name));
}
