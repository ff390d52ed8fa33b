// The permissions module alone, not the package index that brings the whole bridge (see static/shared/bridge.ts;
// __tests__/build/bundleShape.test.ts fails if an upgrade moves it).
import { permissions } from '@forge/bridge/out/permissions/permissions';
import { groupForApproval, groupsHolding, FETCH_BACKEND_SIDE, type EgressGroup } from '../../../src/domain/egressGroups';
import { EGRESS_GROUP_KEYS } from '../../../src/domain/egressRules';

// The SDK types egress types with @forge/egress's string enum, whose FETCH_BACKEND_SIDE member is the string the domain module uses.
type Configured = Parameters<typeof permissions.egress.set>[0]['egresses'][number]['configured'];
type EgressTypeValue = Parameters<typeof permissions.egress.deleteDomain>[0]['type'];

/** Every egress group this app manages (Forge pages the answer). */
async function managedGroups(): Promise<EgressGroup[]> {
  const groups: EgressGroup[] = [];
  let nextPageToken: string | undefined;
  do {
    const page = await permissions.egress.get({ keys: [...EGRESS_GROUP_KEYS], ...(nextPageToken ? { nextPageToken } : {}) });
    groups.push(...(page.results as EgressGroup[]));
    nextPageToken = page.lastEvaluatedKey;
  } while (nextPageToken);
  return groups;
}

export type ApprovalOutcome = 'approved' | 'refused' | 'full';

/**
 * Asks the site admin, through Atlassian's consent dialog, to let the backend reach `domain`. The promise of
 * `permissions.egress.set` rejects when the admin refuses; 'full' means all 10 groups of 10 domains are used.
 */
export async function requestEgress(domain: string): Promise<ApprovalOutcome> {
  const group = groupForApproval(await managedGroups(), domain);
  if (!group) return 'full';
  try {
    await permissions.egress.set({
      egresses: [{ key: group.key, description: group.description, configured: group.configured as Configured }],
    });
    return 'approved';
  } catch {
    return 'refused';
  }
}

/** Withdraws the approval of `domain` from every group of ours that names it (no integration uses it any more). */
export async function releaseEgress(domain: string): Promise<void> {
  for (const key of groupsHolding(await managedGroups(), domain)) {
    await permissions.egress.deleteDomain({ key, domain, type: FETCH_BACKEND_SIDE as EgressTypeValue });
  }
}
