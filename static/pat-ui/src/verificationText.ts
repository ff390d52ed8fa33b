import type { ThemeAppearance } from '@atlaskit/lozenge/lozenge';
import type { PatStatus, Verification } from '../../../src/contract';
import { formatDay } from './dates';

/** How a PAT's last check reads on the page: a lozenge, a short detail, the host's reason and the tone of a flag about it. */
export interface VerificationText {
  label: string;
  appearance: ThemeAppearance;
  /** "as @octocat · expires on Dec 31, 2026", "needs repo". */
  detail?: string;
  /** Why it is not valid, in the host check's words. */
  reason?: string;
  tone: 'success' | 'warning' | 'danger';
}

const LABELS: Record<PatStatus, Pick<VerificationText, 'label' | 'appearance' | 'tone'>> = {
  valid: { label: 'Valid', appearance: 'success', tone: 'success' },
  'expires-soon': { label: 'Expires soon', appearance: 'moved', tone: 'warning' },
  expired: { label: 'Expired or revoked', appearance: 'removed', tone: 'danger' },
  'missing-scopes': { label: 'Missing scopes', appearance: 'moved', tone: 'warning' },
  'sso-required': { label: 'Needs SSO authorization', appearance: 'moved', tone: 'warning' },
  unreachable: { label: 'Host unreachable', appearance: 'default', tone: 'warning' },
  // Nothing the person can do about it: the token is saved and may well work.
  'not-verified': { label: 'Not verified', appearance: 'default', tone: 'success' },
};

/** GitHub and GitLab name accounts by user name (`@octocat`); Azure DevOps by email or display name, which an `@` would garble. */
function account(login: string): string {
  return /[@\s]/.test(login) ? `as ${login}` : `as @${login}`;
}

function details(verification: Verification): string[] {
  const { status, login, expiresAt, missingScopes } = verification;
  switch (status) {
    case 'valid':
    case 'expires-soon':
      return [login && account(login), expiresAt && `expires on ${formatDay(expiresAt)}`].filter((part): part is string => Boolean(part));
    case 'missing-scopes':
      return missingScopes?.length ? [`needs ${missingScopes.join(', ')}`] : [];
    default:
      return [];
  }
}

export function describeVerification(verification: Verification): VerificationText {
  const detail = details(verification).join(' · ');
  const { reason } = verification;
  return { ...LABELS[verification.status], ...(detail ? { detail } : {}), ...(reason ? { reason } : {}) };
}

/** One line for flags and screen readers: "Valid, as @octocat", "Host unreachable: GitHub did not answer in time. …". */
export function summarize(text: VerificationText): string {
  if (text.detail) return `${text.label}, ${text.detail}`;
  return text.reason ? `${text.label}: ${text.reason}` : text.label;
}
