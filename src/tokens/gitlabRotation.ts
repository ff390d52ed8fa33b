/**
 * Rotating a GitLab personal access token with the token itself, through GitLab's API:
 * `POST /api/v4/personal_access_tokens/self/rotate`
 * (https://docs.gitlab.com/api/personal_access_tokens/#rotate-a-personal-access-token).
 * From the docs: `self` works from GitLab 16.10; the token needs the `api` scope (or, from GitLab
 * 17.9, `self_rotate`); `expires_at` (YYYY-MM-DD) is optional and without it the new token expires one
 * week from today; the answer (200) is the new token's record with its `token` and `expires_at`;
 * GitLab revokes the old token the moment it answers. 400: not rotated (for example an `expires_at`
 * beyond the instance's maximum lifetime); 401: the token is not accepted (expired, revoked);
 * 403: the token may not do this (missing scope); 404/405: the endpoint or `self` is unknown (older GitLab).
 */
import { fetch as forgeFetch } from '@forge/api';
import { z } from 'zod';
import type { PatView } from '../contract';
import { AppError } from '../domain/errors';
import { webRoot } from '../domain/hostAddress';
import { HOSTS } from '../domain/hosts';
import type { Integration } from '../domain/integration';
import type { Rotated } from '../storage/patRotation';
import { canFetchFromBackend } from './checkToken';
import type { EgressResponse } from '../hostChecks/egressFetch';
import { judge } from '../hostChecks/outcomes';

/** The new token and what GitLab says about it. Holds the token: never log or return it to a page. */
interface RotatedToken {
  token: string;
  /** ISO-8601 start of the UTC day GitLab reports as the expiry (the token stops working then). */
  expiresAt?: string;
  scopes?: string[];
}

/** GitLab's answer meant the token was not rotated; `message` says why, for the person. */
class RotationRefused extends Error {}

/** GitLab's answer may have been lost after it rotated: the old token may be revoked already. */
class RotationUnknown extends Error {}

export interface RotationDeps {
  fetch?: (
    url: string,
    init: { method: 'POST'; headers: Record<string, string>; redirect: 'manual'; signal: AbortSignal },
  ) => Promise<EgressResponse>;
  now: Date;
  timeoutMs?: number;
}

/** How long the rotated token lives: 90 days, well within GitLab.com's 365-day maximum lifetime. */
const ROTATED_LIFETIME_DAYS = 90;

const rotatedSchema = z.object({
  token: z.string().min(1),
  expires_at: z.string().nullish(),
  scopes: z.array(z.string()).optional(),
});

function refusal(status: number): string {
  if (status === 401) return 'GitLab did not accept the token: it is expired or revoked. Create a new token instead.';
  if (status === 403)
    return 'The token may not rotate itself: it needs the `api` scope (or `self_rotate` on GitLab 17.9 and later). Create a new token instead.';
  if (status === 404 || status === 405)
    return 'This GitLab cannot rotate tokens through its API (it needs GitLab 16.10 or later). Create a new token instead.';
  if (status === 400)
    return `GitLab would not rotate the token (for example, a ${ROTATED_LIFETIME_DAYS}-day lifetime is beyond this GitLab's maximum). Create a new token instead.`;
  return `GitLab refused the rotation (HTTP ${status}); the token was not rotated. Try again later or create a new token.`;
}

/**
 * Rotates `token` on the integration's GitLab: one POST, no retries (a retry after a lost answer
 * would use a revoked token). Returns the new token. Throws RotationRefused when GitLab answered
 * that it did not rotate (the old token still works), RotationUnknown when no readable answer came
 * back (timeout, network error, a 2xx that is not a token record).
 */
async function rotateGitLabToken(integration: Integration, token: string, deps: RotationDeps): Promise<RotatedToken> {
  const root = webRoot(integration);
  if (!root) throw new RotationRefused('This integration has no GitLab address.');
  const expires = new Date(deps.now.getTime() + ROTATED_LIFETIME_DAYS * 86_400_000).toISOString().slice(0, 10);
  const url = `${root}/api/v4/personal_access_tokens/self/rotate?expires_at=${expires}`;
  const send = deps.fetch ?? forgeFetch;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), deps.timeoutMs ?? 8000);
  let status: number;
  let text: string;
  try {
    const response = await send(url, {
      method: 'POST',
      headers: { 'PRIVATE-TOKEN': token, Accept: 'application/json', 'User-Agent': 'jira-git-pat-rotate' },
      redirect: 'manual',
      signal: controller.signal,
    });
    status = response.status;
    text = await response.text();
  } catch {
    throw new RotationUnknown('GitLab did not answer the rotation. If the token stops working, create a new one.');
  } finally {
    clearTimeout(timer);
  }
  if (status < 200 || status >= 300) {
    // 5xx and redirects say nothing certain about whether GitLab rotated; every 4xx above means it did not.
    if (status >= 400 && status < 500) throw new RotationRefused(refusal(status));
    throw new RotationUnknown(
      `GitLab answered the rotation with HTTP ${status}. Re-check the token: if GitLab rotated it anyway, it no longer works and a new token is needed; otherwise try again later.`,
    );
  }
  let body: z.infer<typeof rotatedSchema>;
  try {
    body = rotatedSchema.parse(JSON.parse(text));
  } catch {
    throw new RotationUnknown('GitLab sent an answer the app could not read. If the token stops working, create a new one.');
  }
  return {
    token: body.token,
    ...(body.expires_at ? { expiresAt: new Date(`${body.expires_at.slice(0, 10)}T00:00:00Z`).toISOString() } : {}),
    ...(body.scopes ? { scopes: body.scopes } : {}),
  };
}

/**
 * The rotation step of patRotation.rotatePat for a saved token: refuses hosts that cannot rotate
 * (not GitLab, or not on the egress allow-list) before asking anything, rotates on GitLab, and
 * judges the new token as a check would (scopes and expiry from GitLab's answer; the account from
 * the PAT's last check). Throws AppError ROTATION_REFUSED with the reason for the person.
 */
export async function rotateSavedToken(integration: Integration, token: string, pat: PatView, deps: RotationDeps): Promise<Rotated> {
  const root = webRoot(integration);
  if (integration.hostType !== 'gitlab' && integration.hostType !== 'gitlab-self-managed') {
    throw new AppError(
      'ROTATION_REFUSED',
      `${HOSTS[integration.hostType].name} tokens cannot be rotated by the app. Create a new token instead.`,
    );
  }
  if (!root || !canFetchFromBackend(root)) {
    throw new AppError(
      'ROTATION_REFUSED',
      `The app may not reach ${root ?? 'this GitLab'} (your Jira admin has not allowed it), so it cannot rotate the token. Create a new token instead.`,
    );
  }
  let rotated: RotatedToken;
  try {
    rotated = await rotateGitLabToken(integration, token, deps);
  } catch (error) {
    if (error instanceof RotationRefused || error instanceof RotationUnknown) throw new AppError('ROTATION_REFUSED', error.message);
    throw error;
  }
  const { login, avatarUrl } = pat.verification ?? {};
  const accepted = Object.fromEntries(
    Object.entries({ login, avatarUrl, scopes: rotated.scopes, expiresAt: rotated.expiresAt }).filter(([, value]) => value !== undefined),
  );
  const finding = judge(accepted, HOSTS[integration.hostType].scopes, deps.now);
  return { token: rotated.token, verification: { ...finding, checkedAt: deps.now.toISOString() } };
}
