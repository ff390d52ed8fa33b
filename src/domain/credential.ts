/**
 * What a person saves for an integration. Most hosts take one token; Bitbucket Cloud and Gerrit take
 * a user name (or email) with a secret sent as HTTP Basic; AWS CodeCommit takes an IAM access key
 * pair used to sign requests. The whole object is the value kept in Forge secret storage.
 */
import { tokenHint } from './token';

export type Credential =
  | { kind: 'token'; token: string }
  /** `username` is the Atlassian account email (Bitbucket Cloud) or the Gerrit user name. */
  | { kind: 'basic'; username: string; secret: string }
  /** `region` is where the person's CodeCommit repositories live; the check itself signs for us-east-1 (STS's global endpoint). */
  | { kind: 'aws'; accessKeyId: string; secretAccessKey: string; region?: string };

export type CredentialKind = Credential['kind'];

/** The part that must stay secret: the token, the password or the secret access key. */
export function secretOf(credential: Credential): string {
  switch (credential.kind) {
    case 'token':
      return credential.token;
    case 'basic':
      return credential.secret;
    case 'aws':
      return credential.secretAccessKey;
  }
}

/** The part a person may see again: the user name or email, the access key ID; undefined for a plain token. */
export function accountOf(credential: Credential): string | undefined {
  switch (credential.kind) {
    case 'token':
      return undefined;
    case 'basic':
      return credential.username;
    case 'aws':
      return credential.accessKeyId;
  }
}

/** The last four characters of the secret part, as the page shows them ('' when too short to show any). */
export function credentialHint(credential: Credential): string {
  return tokenHint(secretOf(credential));
}

/**
 * A stored secret as a credential: a string is a token saved before credentials had kinds.
 * Undefined for anything else (never written by this app).
 */
export function storedCredential(value: unknown): Credential | undefined {
  if (typeof value === 'string') return { kind: 'token', token: value };
  if (!value || typeof value !== 'object' || !('kind' in value)) return undefined;
  const candidate = value as Record<string, unknown>;
  const text = (field: string) => typeof candidate[field] === 'string';
  if (candidate.kind === 'token' && text('token')) return value as Credential;
  if (candidate.kind === 'basic' && text('username') && text('secret')) return value as Credential;
  if (candidate.kind === 'aws' && text('accessKeyId') && text('secretAccessKey')) return value as Credential;
  return undefined;
}
