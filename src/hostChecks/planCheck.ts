import type { Credential } from '../domain/credential';
import { notApprovedReason, unreachableReason } from '../domain/egressRules';
import { HOSTS } from '../domain/hosts';
import { webRoot } from '../domain/hostAddress';
import { unicodeHostname } from '../domain/idn';
import type { Integration } from '../domain/integration';
import { notVerified, type CheckPlan } from './check';
import { HOST_CHECKS } from './registry';

export type { PlannedRequest, CheckPlan } from './check';
export { parseGitHubExpiry } from './github';

type PlanInput = Pick<Integration, 'hostType' | 'baseUrl' | 'organization'>;

/** Whether the Forge runtime lets the backend fetch from a URL (`permissions.canFetchFrom('backend', url)` in Forge). */
export type CanFetch = (url: string) => boolean;

function wrongKind(hostType: PlanInput['hostType']): CheckPlan {
  return notVerified(`The saved credential does not have the fields ${HOSTS[hostType].name} needs; save it again.`);
}

/**
 * How to check a credential of this integration. Pure: it only builds requests (signing included).
 * A request Forge cannot send is not planned: a port Forge's egress never reaches, or a host the
 * runtime has not been allowed to reach (for self-hosted servers: not approved by the Jira admin yet).
 */
export function planCheck(integration: PlanInput, credential: Credential, now: Date, canFetch: CanFetch): CheckPlan {
  const { hostType } = integration;
  const host = HOSTS[hostType];
  // AWS CodeCommit has no web root: its check goes to STS.
  const root = webRoot(integration) ?? '';
  if (host.deployment === 'self-hosted') {
    if (!root) return notVerified(`The integration has no address for ${host.name}, so the token was saved without a check.`);
    const impossible = unreachableReason(root);
    if (impossible) return notVerified(impossible);
  }
  const hostCheck = HOST_CHECKS[hostType];
  if (hostCheck.credentialKind !== credential.kind) return wrongKind(hostType);
  const plan = (hostCheck.plan as (target: object, credential: Credential, now: Date) => CheckPlan)(
    { hostType, root, organization: integration.organization },
    credential,
    now,
  );
  const blocked = plan.kind === 'check' ? plan.requests.find((each) => !canFetch(each.url)) : undefined;
  if (!blocked) return plan;
  // People read the host in Unicode; requests keep the ASCII (punycode) form (issue 15, case 3).
  const blockedUrl = new URL(blocked.url);
  const server = `${unicodeHostname(blockedUrl.hostname)}${blockedUrl.port ? `:${blockedUrl.port}` : ''}`;
  return notVerified(
    host.deployment === 'self-hosted'
      ? notApprovedReason(server)
      : `Forge did not let the app reach ${server}, so the token was saved without a check.`,
  );
}
