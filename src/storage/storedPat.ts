/**
 * A saved PAT as the account's `pat-record` stores it, and the one mapping between it and the wire's `PatView`
 * and `Verification` (src/contract.ts). Storage keeps its own types so that a change of what the page receives
 * does not silently change what is stored, or the other way round: records outlive every deploy, so the
 * stored field names and status values below are the ones records have always held, and change only with a
 * migration.
 */
import type { PatStatus, PatView, Verification } from '../contract';
import { compact } from '../domain/compact';

/** A check's verdict, as stored: the same seven values records have held from the start. */
export type StoredStatus = 'valid' | 'expires-soon' | 'expired' | 'missing-scopes' | 'sso-required' | 'unreachable' | 'not-verified';

/** The last check of a saved token with its host, as stored. */
export interface StoredVerification {
  status: StoredStatus;
  /** ISO-8601 time of the check. */
  checkedAt: string;
  login?: string;
  avatarUrl?: string;
  ssoUrl?: string;
  scopes?: string[];
  missingScopes?: string[];
  expiresAt?: string;
  reason?: string;
}

/** A saved PAT as stored: what the page shows plus the secret that holds the credential. */
export interface StoredPat {
  hint: string;
  /** The credential's non-secret part: user name, email or access key ID. */
  account?: string;
  /** AWS CodeCommit: the Region of the person's repositories. */
  region?: string;
  createdAt: string;
  updatedAt: string;
  verification?: StoredVerification;
  secretId: string;
}

// Both directions are total: a status added to either side fails the type check until it is mapped here.
const STORED_STATUS: Readonly<Record<PatStatus, StoredStatus>> = {
  valid: 'valid',
  'expires-soon': 'expires-soon',
  expired: 'expired',
  'missing-scopes': 'missing-scopes',
  'sso-required': 'sso-required',
  unreachable: 'unreachable',
  'not-verified': 'not-verified',
};

const WIRE_STATUS: Readonly<Record<StoredStatus, PatStatus>> = {
  valid: 'valid',
  'expires-soon': 'expires-soon',
  expired: 'expired',
  'missing-scopes': 'missing-scopes',
  'sso-required': 'sso-required',
  unreachable: 'unreachable',
  'not-verified': 'not-verified',
};

/** A check's verdict as the verification code gives it → as stored. Every field of the wire's Verification is mapped. */
export function storedVerification(verification: Verification): StoredVerification {
  const { status, checkedAt, login, avatarUrl, ssoUrl, scopes, missingScopes, expiresAt, reason, ..._unmapped } = verification;
  // A field added to the contract's Verification fails here until it is stored (or deliberately left out) above.
  const everyFieldMapped: [keyof typeof _unmapped] extends [never] ? true : false = true;
  void everyFieldMapped;
  return compact({ status: STORED_STATUS[status], checkedAt, login, avatarUrl, ssoUrl, scopes, missingScopes, expiresAt, reason });
}

/** A stored verdict → as the page receives it. */
export function wireVerification(stored: StoredVerification): Verification {
  const { status, checkedAt, login, avatarUrl, ssoUrl, scopes, missingScopes, expiresAt, reason } = stored;
  return compact({ status: WIRE_STATUS[status], checkedAt, login, avatarUrl, ssoUrl, scopes, missingScopes, expiresAt, reason });
}

/** The PAT as the page sees it: never the secret's name, never the token. */
export function patView(integrationId: string, stored: StoredPat): PatView {
  const { hint, account, region, createdAt, updatedAt, verification } = stored;
  return {
    integrationId,
    hint,
    ...(account !== undefined ? { account } : {}),
    ...(region !== undefined ? { region } : {}),
    createdAt,
    updatedAt,
    ...(verification ? { verification: wireVerification(verification) } : {}),
  };
}
