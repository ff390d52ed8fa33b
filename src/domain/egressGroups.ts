/**
 * Where an approved domain goes among the egress groups this app manages (`git-hosts-1` … `git-hosts-10`,
 * at most 10 domains each), in the shape of `@forge/bridge` `permissions.egress.get/set`
 * (https://developer.atlassian.com/platform/forge/apis-reference/customer-managed-egress-and-remotes-api/).
 */
import { EGRESS_GROUP_KEYS, MAX_DOMAINS_PER_GROUP } from './egressRules';

/** Backend fetches only: token checks run in resolvers. */
export const FETCH_BACKEND_SIDE = 'FETCH_BACKEND_SIDE';

export interface EgressGroup {
  key: string;
  description: string;
  configured: { domain: string; type: string[] }[];
}

/** Shown in Atlassian's consent dialog and the site's app settings. */
const GROUP_DESCRIPTION = 'Self-hosted git servers whose personal access tokens the app checks when a user saves one';

function ours(groups: readonly EgressGroup[]): EgressGroup[] {
  return groups.filter((group) => EGRESS_GROUP_KEYS.includes(group.key));
}

/**
 * The group to `set` so that `domain` is approved: the group that already names it (asking again), else the
 * first of ours with room, else the first unused key; undefined when all 10 groups hold 10 domains.
 */
export function groupForApproval(groups: readonly EgressGroup[], domain: string): EgressGroup | undefined {
  const managed = ours(groups);
  const holding = managed.find((group) => group.configured.some((entry) => entry.domain === domain));
  if (holding) return holding;
  const entry = { domain, type: [FETCH_BACKEND_SIDE] };
  const roomy = managed.find((group) => group.configured.length < MAX_DOMAINS_PER_GROUP);
  if (roomy) return { ...roomy, configured: [...roomy.configured, entry] };
  const free = EGRESS_GROUP_KEYS.find((key) => !managed.some((group) => group.key === key));
  return free ? { key: free, description: GROUP_DESCRIPTION, configured: [entry] } : undefined;
}

/** Keys of our groups that name `domain`, for `deleteDomain` once no integration uses it. */
export function groupsHolding(groups: readonly EgressGroup[], domain: string): string[] {
  return ours(groups)
    .filter((group) => group.configured.some((entry) => entry.domain === domain))
    .map((group) => group.key);
}
