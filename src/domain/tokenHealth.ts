/**
 * What needs a person's attention about their tokens, and how a token's last check counts in an
 * admin's health summary. Pure: the personal page, the weekly re-check job and the admin page
 * share these rules.
 */
import type { HealthCounts, Integration, PatStatus, PatView } from '../contract';
import { webRoot } from './hostAddress';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The page calls a token "expiring" this long before its expiry (the same 7 days as *Expires soon*). */
const ATTENTION_WINDOW_MS = 7 * DAY_MS;
/** GitLab rotation is offered this long before expiry: early enough to rotate before it becomes urgent. */
const ROTATION_WINDOW_MS = 30 * DAY_MS;

/** Why a token (or a missing one) needs the person's attention. */
export type AttentionReason = 'expired' | 'missing-scopes' | 'expires-soon' | 'required-missing';

export interface AttentionItem {
  integration: Integration;
  reason: AttentionReason;
  /** ISO-8601 expiry, for `expires-soon`. */
  expiresAt?: string;
  /** The dialog can offer Rotate now for this token. */
  rotatable: boolean;
}

function msLeft(pat: PatView, now: Date): number | undefined {
  const expiresAt = pat.verification?.expiresAt;
  return expiresAt ? Date.parse(expiresAt) - now.getTime() : undefined;
}

/**
 * Whether the app can rotate this token with its host: a GitLab token still accepted at its last
 * check (so the app could reach its host: a server it may not reach is only ever "not verified"), that
 * expires within 30 days or is already flagged as expiring soon. An expired or revoked token cannot
 * rotate itself (GitLab refuses it), so it gets New token instead. The backend asks Forge again
 * whether it may reach the host before rotating.
 */
export function canRotate(integration: Integration, pat: PatView | undefined, now: Date): boolean {
  if (!pat?.verification || (integration.hostType !== 'gitlab' && integration.hostType !== 'gitlab-self-managed')) return false;
  if (!webRoot(integration)) return false;
  const { status } = pat.verification;
  if (status === 'expired' || status === 'not-verified' || status === 'unreachable') return false;
  const left = msLeft(pat, now);
  return status === 'expires-soon' || (left !== undefined && left > 0 && left <= ROTATION_WINDOW_MS);
}

/**
 * The integrations whose token needs attention, in the catalog's order: expired or revoked, missing
 * scopes, expiring within 7 days (by the host's reported expiry, so a token that crossed the line
 * since its last check is named too), and required integrations without a token.
 */
export function attentionItems(integrations: readonly Integration[], pats: ReadonlyMap<string, PatView>, now: Date): AttentionItem[] {
  const items: AttentionItem[] = [];
  for (const integration of integrations) {
    const pat = pats.get(integration.id);
    if (!pat) {
      if (integration.requirePat) items.push({ integration, reason: 'required-missing', rotatable: false });
      continue;
    }
    const left = msLeft(pat, now);
    const status = pat.verification?.status;
    const rotatable = canRotate(integration, pat, now);
    if (status === 'expired' || (left !== undefined && left <= 0)) items.push({ integration, reason: 'expired', rotatable: false });
    else if (status === 'missing-scopes') items.push({ integration, reason: 'missing-scopes', rotatable: false });
    else if (status === 'expires-soon' || (left !== undefined && left <= ATTENTION_WINDOW_MS)) {
      items.push({ integration, reason: 'expires-soon', expiresAt: pat.verification?.expiresAt, rotatable });
    }
  }
  return items;
}

export function emptyCounts(): HealthCounts {
  return { holders: 0, valid: 0, expiresSoon: 0, expired: 0, missingScopes: 0, unverified: 0 };
}

const BUCKET: Record<PatStatus, Exclude<keyof HealthCounts, 'holders'>> = {
  valid: 'valid',
  'expires-soon': 'expiresSoon',
  expired: 'expired',
  'missing-scopes': 'missingScopes',
  unreachable: 'unverified',
  'not-verified': 'unverified',
  // Accepted by the host, but not usable for the organization's repositories until authorized for its SSO.
  'sso-required': 'unverified',
};

/** Adds one credential's last known status (undefined: never checked) to `counts`, in place. */
export function countStatus(counts: HealthCounts, status: PatStatus | undefined): void {
  counts.holders += 1;
  counts[status ? BUCKET[status] : 'unverified'] += 1;
}
