import { HOSTS } from './hosts';
import { displayUrl } from './idn';
import type { Integration } from './integration';

// Kept apart from the zod schemas so Custom UI pages can use it without bundling zod.

/** The web root of the integration's host: the base URL of self-hosted ones, the cloud address otherwise. */
export function webRoot(integration: Pick<Integration, 'hostType' | 'baseUrl'>): string | undefined {
  return integration.baseUrl ?? HOSTS[integration.hostType].cloudBaseUrl;
}

/**
 * "GitHub · github.com", "GitLab self-managed · git.example.com/gitlab", "Azure DevOps · dev.azure.com/acme";
 * a punycode host reads in Unicode ("Gitea / Forgejo · gït.example.com").
 */
export function hostLabel(integration: Pick<Integration, 'hostType' | 'baseUrl' | 'organization'>): string {
  const host = HOSTS[integration.hostType];
  const root = webRoot(integration);
  if (!root) return host.name;
  const address = displayUrl(root).replace(/^https:\/\//, '') + (integration.organization ? `/${integration.organization}` : '');
  return `${host.name} · ${address}`;
}
