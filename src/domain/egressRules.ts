/**
 * Forge's rules for customer-managed egress, as pure data: which ports its egress proxy reaches and how
 * many domains an installation may have approved ("Customer-managed egress and remotes",
 * https://developer.atlassian.com/platform/forge/customer-managed-egress-and-remotes/).
 */

/** The only ports Forge's egress proxy reaches. */
const FORGE_EGRESS_PORTS: readonly number[] = [80, 443, 8080, 8443, 8444, 7990, 8085, 8060, 8089, 8090];

/** Per installation: at most 10 egress groups of at most 10 domains each. */
export const MAX_EGRESS_GROUPS = 10;
export const MAX_DOMAINS_PER_GROUP = 10;
export const MAX_EGRESS_DOMAINS = MAX_EGRESS_GROUPS * MAX_DOMAINS_PER_GROUP;

/** Keys of the egress groups this app manages: `git-hosts-1` … `git-hosts-10`. */
export const EGRESS_GROUP_KEYS: readonly string[] = Array.from({ length: MAX_EGRESS_GROUPS }, (_, i) => `git-hosts-${i + 1}`);

/**
 * The domain to approve for a base URL: its host name (`git.example.com`), or its origin when it names a
 * port (`https://git.example.com:8443`): Forge's egress matcher compares `host:port` and reads a bare
 * `host:port` as a scheme (`@forge/egress` `parseUrl`), so only the origin form matches such a server.
 */
export function egressDomain(baseUrl: string): string {
  const url = new URL(baseUrl);
  return url.port === '' ? url.hostname : url.origin;
}

/** The port a base URL uses (443 for https without one). */
function egressPort(baseUrl: string): number {
  const url = new URL(baseUrl);
  return url.port === '' ? (url.protocol === 'http:' ? 80 : 443) : Number(url.port);
}

/** Why Forge can never reach this base URL, or undefined when it can once approved. */
export function unreachableReason(baseUrl: string): string | undefined {
  const port = egressPort(baseUrl);
  if (FORGE_EGRESS_PORTS.includes(port)) return undefined;
  return `Forge apps reach only ports ${FORGE_EGRESS_PORTS.join(', ')}; ${egressDomain(baseUrl)} uses port ${port}, so its tokens cannot be checked.`;
}

/** What a person sees when a self-hosted server is not approved yet. */
export function notApprovedReason(domain: string): string {
  return `Your Jira admin has not allowed token checks to ${domain} yet, so the token was saved without a check.`;
}

/** Why a domain cannot be approved: Forge's 100-domain cap is reached. */
export function capReason(domain: string): string {
  return `Forge allows at most ${MAX_EGRESS_DOMAINS} approved domains per site and that many are in use, so ${domain} cannot be added for token checks.`;
}
