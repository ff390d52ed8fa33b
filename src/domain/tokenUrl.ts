import { HOSTS } from './hosts';
import { webRoot } from './hostAddress';
import type { Integration } from './integration';

/** The name a new token gets on hosts that let us prefill it. */
const TOKEN_NAME = 'Jira git integration';

type TokenUrlInput = Pick<Integration, 'hostType' | 'baseUrl' | 'organization'>;

function withQuery(url: string, params: Record<string, string>): string {
  return `${url}?${new URLSearchParams(params).toString()}`;
}

/**
 * The page where a person creates a token for this integration, prefilled where the host allows,
 * or null when the host has no such page (AWS CodeCommit uses IAM access keys).
 */
export function tokenPageUrl(integration: TokenUrlInput): string | null {
  const root = webRoot(integration);
  const scopes = HOSTS[integration.hostType].scopes.join(',');
  switch (integration.hostType) {
    case 'github':
    case 'github-enterprise':
      return withQuery(`${root}/settings/tokens/new`, { scopes, description: TOKEN_NAME });
    case 'gitlab':
    case 'gitlab-self-managed':
      return withQuery(`${root}/-/user_settings/personal_access_tokens`, { name: TOKEN_NAME, scopes });
    case 'bitbucket-cloud':
      return 'https://id.atlassian.com/manage-profile/security/api-tokens';
    case 'bitbucket-dc':
      return `${root}/plugins/servlet/access-tokens/manage`;
    case 'azure-devops':
      return `${root}/${encodeURIComponent(integration.organization ?? '')}/_usersSettings/tokens`;
    case 'azure-devops-server':
      return `${root}/_usersSettings/tokens`;
    case 'gitea':
      return `${root}/user/settings/applications`;
    case 'gerrit':
      return `${root}/settings/#HTTPCredentials`;
    case 'aws-codecommit':
      return null;
  }
}
