import { fetch } from '@forge/api';
import type { Verification } from '../contract';
import type { Integration } from '../domain/integration';
import { DEFAULT_TIMEOUT_MS, verifyToken } from '../verification/verifyToken';

export interface CheckOptions {
  /** Budget for the whole check; the 8 s default leaves room in Forge's 25 s resolver limit. */
  timeoutMs?: number;
}

/**
 * Asks the integration's host about a token through Forge's egress (`fetch` from @forge/api, which
 * the runtime restricts to the manifest's allow-list). Never throws; the result never holds the token.
 */
export function checkToken(integration: Integration, token: string, options: CheckOptions = {}): Promise<Verification> {
  return verifyToken(integration, token, { fetch, now: new Date(), timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
}
