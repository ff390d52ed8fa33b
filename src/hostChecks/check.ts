/**
 * What every host's check module is made of: the requests a check sends and how their outcomes read.
 * Each host's own knowledge (addresses, auth scheme, answers) lives in its file next to this one.
 */
import type { Credential } from '../domain/credential';
import type { HostType } from '../domain/hosts';
import type { Finding, Outcome } from './outcomes';

/** One request the check makes. Headers carry the secret: a plan is never logged or returned to a page. */
export interface PlannedRequest {
  method: 'GET';
  url: string;
  headers: Record<string, string>;
}

export type Interpret = (outcomes: readonly Outcome[], now: Date) => Finding;

/**
 * How to check a credential: either nothing to ask (with the reason), or requests to make in order and
 * the reading of their outcomes. The runner stops at the first outcome that is not a 2xx answer with
 * a JSON body, so `interpret` may get fewer outcomes than requests, but only after one that decides.
 */
export type CheckPlan = { kind: 'not-verified'; reason: string } | { kind: 'check'; requests: PlannedRequest[]; interpret: Interpret };

/** Where the integration's host is: its web root (base URL or cloud address) and, for Azure DevOps Services, the organization. */
export interface CheckTarget {
  hostType: HostType;
  root: string;
  organization?: string;
}

/** One host's check: the credential it takes and the plan for a credential of that kind. */
export interface HostCheck<K extends Credential['kind'] = Credential['kind']> {
  credentialKind: K;
  plan: (target: CheckTarget, credential: Extract<Credential, { kind: K }>, now: Date) => CheckPlan;
}

const COMMON_HEADERS = { Accept: 'application/json', 'User-Agent': 'jira-git-pat-check' };

/** Stands in for an outcome the runner never produced; never read in practice (see CheckPlan). */
export const NO_ANSWER: Outcome = { kind: 'network-error' };

export function request(url: string, headers: Record<string, string>): PlannedRequest {
  return { method: 'GET', url, headers: { ...COMMON_HEADERS, ...headers } };
}

export function check(interpret: Interpret, ...requests: PlannedRequest[]): CheckPlan {
  return { kind: 'check', requests, interpret };
}

export function notVerified(reason: string): CheckPlan {
  return { kind: 'not-verified', reason };
}

/** `Basic base64(user:secret)` (RFC 7617), UTF-8. */
export function basicAuth(username: string, secret: string): string {
  return `Basic ${Buffer.from(`${username}:${secret}`, 'utf8').toString('base64')}`;
}
