import type { PatView } from '../contract';
import type { Credential } from '../domain/credential';
import { INTEGRATION_ID_PATTERN } from '../domain/integration';
import { ACCOUNT_ID_PATTERN } from '../storage/keys';
import { readSavedToken } from '../storage/patStore';

export type { Credential };

export interface UserToken {
  /**
   * What the user saved, typed by kind: `{ kind: 'token', token }`, `{ kind: 'basic', username, secret }`
   * (Bitbucket Cloud: email + API token; Gerrit: user name + HTTP password) or
   * `{ kind: 'aws', accessKeyId, secretAccessKey, region? }` (CodeCommit). Send it only to the
   * integration's host, never log it or return it to a page.
   */
  credential: Credential;
  /** What the app knows about it, including the last check with the host (`pat.verification`). */
  pat: PatView;
}

/**
 * The credential a user saved for an integration, for backend features that act on the git host as that
 * user (creating branches, pull requests): two strict reads. Undefined when none is saved, or when
 * the integration has been removed (its tokens are unusable from the moment the removal answered,
 * even while the purge is still deleting them). `accountId` must come from the Forge context of
 * the call, never from a payload.
 */
export async function getUserToken(accountId: string, integrationId: string): Promise<UserToken | undefined> {
  // No token is ever saved under a malformed id; refusing here keeps such ids out of storage keys.
  if (!ACCOUNT_ID_PATTERN.test(accountId) || !INTEGRATION_ID_PATTERN.test(integrationId)) return undefined;
  const saved = await readSavedToken(accountId, integrationId);
  return typeof saved === 'string' ? undefined : { credential: saved.credential, pat: saved.pat };
}
