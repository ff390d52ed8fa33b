/**
 * Whether each integration's token checks can reach its server, as the admin page shows it: cloud hosts
 * are in the manifest; a self-hosted server is allowed once a site admin approved its domain, waiting
 * until then, or impossible when Forge's egress can never reach it (its port, or the domain cap).
 */
import type { EgressState, Integration } from '../contract';
import { egressDomain, MAX_EGRESS_DOMAINS, capReason, unreachableReason } from './egressRules';
import { HOSTS } from './hosts';

/**
 * The egress state of every integration, by id. `canFetch` is the runtime's answer for a URL
 * (`permissions.canFetchFrom('backend', url)` in Forge). Domains count against the cap in catalog order,
 * so an earlier integration never loses its place to a later one.
 */
export function egressStates(integrations: readonly Integration[], canFetch: (url: string) => boolean): Record<string, EgressState> {
  const counted: string[] = [];
  const states: Record<string, EgressState> = {};
  for (const integration of integrations) {
    const { baseUrl } = integration;
    if (HOSTS[integration.hostType].deployment === 'cloud' || !baseUrl) {
      states[integration.id] = { state: 'built-in' };
      continue;
    }
    const domain = egressDomain(baseUrl);
    const impossible = unreachableReason(baseUrl);
    if (impossible) {
      states[integration.id] = { state: 'impossible', domain, reason: impossible };
      continue;
    }
    if (!counted.includes(domain)) counted.push(domain);
    if (canFetch(`${baseUrl}/`)) states[integration.id] = { state: 'allowed', domain };
    else if (counted.indexOf(domain) >= MAX_EGRESS_DOMAINS)
      states[integration.id] = { state: 'impossible', domain, reason: capReason(domain) };
    else states[integration.id] = { state: 'waiting', domain };
  }
  return states;
}
