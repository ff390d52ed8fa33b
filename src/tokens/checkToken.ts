import { fetch, permissions } from '@forge/api';
import type { Verification } from '../contract';
import type { Credential } from '../domain/credential';
import type { Integration } from '../domain/integration';
import type { EgressFetch } from '../hostChecks/egressFetch';
import { DEFAULT_TIMEOUT_MS, checkWithHost } from '../hostChecks/checkWithHost';

export interface CheckOptions {
  /** Budget for the whole check; the 8 s default leaves room in Forge's 25 s resolver limit. */
  timeoutMs?: number;
  /** Sees the status and headers (names lower-cased) of every host answer; the weekly job watches for rate limits. */
  observe?: (status: number, headers: Readonly<Record<string, string>>) => void;
  /** The time of the check (expiry is judged against it); now by default. The weekly job passes its clock. */
  now?: Date;
}

function observed(base: EgressFetch, observe: NonNullable<CheckOptions['observe']>): EgressFetch {
  return async (url, init) => {
    const response = await base(url, init);
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    observe(response.status, headers);
    return response;
  };
}

/**
 * Whether Forge lets the backend reach `url`: the manifest's fixed list plus the domains a site admin
 * approved (customer-managed egress), as the runtime reports them
 * (https://developer.atlassian.com/platform/forge/apis-reference/customer-managed-egress-and-remotes-api/).
 * False when the runtime cannot say, so nothing is sent that the proxy would refuse.
 */
export function canFetchFromBackend(url: string): boolean {
  try {
    return permissions.canFetchFrom('backend', url);
  } catch {
    return false;
  }
}

/**
 * Asks the integration's host about a credential through Forge's egress (`fetch` from @forge/api).
 * Never throws; the result never holds the secret.
 */
export function checkToken(integration: Integration, credential: Credential, options: CheckOptions = {}): Promise<Verification> {
  const egress = options.observe ? observed(fetch, options.observe) : fetch;
  return checkWithHost(integration, credential, {
    fetch: egress,
    canFetch: canFetchFromBackend,
    now: options.now ?? new Date(),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
}
