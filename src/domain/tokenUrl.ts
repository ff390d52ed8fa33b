import { HOSTS } from './hosts';
import { webRoot } from './hostAddress';
import type { Integration } from './integration';

/** The name a new token gets on hosts that let us prefill it. */
const TOKEN_NAME = 'Jira git integration';

type TokenUrlInput = Pick<Integration, 'hostType' | 'baseUrl' | 'organization'>;

function withQuery(url: string, params: Record<string, string>): string {
  return `${url}?${new URLSearchParams(params).toString()}`;
}

/** One kind of token a host offers, with its creation page and what the token must be allowed to do. */
export interface TokenPage {
  /** "New fine-grained token", "New classic token", or "New token" when the host has one kind. */
  label: string;
  url: string;
  /** Permissions or scopes the token needs for branches and pull requests, in the host's words. */
  needs: readonly string[];
}

/** Days a prefilled fine-grained token lives (GitHub accepts 1–366 or `none`). */
const FINE_GRAINED_DAYS = '90';

/**
 * GitHub's fine-grained token page, prefilled through its template URL parameters (name, description,
 * expiry and one `<permission>=read|write` each), documented for github.com and GHEC only
 * (https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/managing-your-personal-access-tokens#pre-filling-fine-grained-personal-access-token-details-using-url-parameters).
 * GitHub Enterprise Server gets the page without parameters.
 */
function fineGrainedPage(integration: TokenUrlInput, root: string): TokenPage {
  const page = `${root}/settings/personal-access-tokens/new`;
  return {
    label: 'New fine-grained token',
    url:
      integration.hostType === 'github'
        ? withQuery(page, {
            name: TOKEN_NAME,
            description: 'Branches and pull requests created from Jira',
            expires_in: FINE_GRAINED_DAYS,
            contents: 'write',
            pull_requests: 'write',
          })
        : page,
    needs: ['Contents: Read and write', 'Pull requests: Read and write', 'Metadata: Read (added by GitHub)'],
  };
}

/**
 * The token kinds a person can create for this integration, recommended first: GitHub's fine-grained
 * tokens, then classic ones; one page for other hosts; none for AWS CodeCommit (IAM access keys).
 */
export function tokenPages(integration: TokenUrlInput): TokenPage[] {
  const url = tokenPageUrl(integration);
  const root = webRoot(integration);
  if (!url || !root) return [];
  const needs = HOSTS[integration.hostType].scopes;
  if (integration.hostType === 'github' || integration.hostType === 'github-enterprise') {
    return [fineGrainedPage(integration, root), { label: 'New classic token', url: classicGitHubPage(root), needs }];
  }
  return [{ label: 'New token', url, needs }];
}

/** GitHub's classic token page with the note and the `repo` scope filled in (the `scopes`/`description` parameters JetBrains IDEs use). */
function classicGitHubPage(root: string): string {
  return withQuery(`${root}/settings/tokens/new`, { scopes: HOSTS.github.scopes.join(','), description: TOKEN_NAME });
}

/**
 * The page where a person creates a token for this integration, prefilled where the host allows (for
 * GitHub, the recommended fine-grained kind), or null when the host has no such page (AWS CodeCommit).
 */
export function tokenPageUrl(integration: TokenUrlInput): string | null {
  const root = webRoot(integration);
  const scopes = HOSTS[integration.hostType].scopes.join(',');
  switch (integration.hostType) {
    case 'github':
    case 'github-enterprise':
      return root ? fineGrainedPage(integration, root).url : null;
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
