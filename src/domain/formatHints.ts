import { HOSTS, type HostType } from './hosts';

interface KnownFormat {
  /** What the token looks like, for the message: "a GitHub token". */
  looksLike: string;
  /** Integrations that take tokens of this format. */
  fits: readonly HostType[];
  matches: (token: string) => boolean;
}

// Only prefixes the hosts document (or that are unmistakable); anything else gives no hint, since
// self-managed GitLab and others may use their own prefixes or none.
const KNOWN_FORMATS: readonly KnownFormat[] = [
  {
    looksLike: 'a GitHub token',
    fits: ['github', 'github-enterprise'],
    matches: (token) => /^(ghp|gho|ghu|ghs|ghr)_/.test(token) || token.startsWith('github_pat_'),
  },
  { looksLike: 'a GitLab token', fits: ['gitlab', 'gitlab-self-managed'], matches: (token) => token.startsWith('glpat-') },
  { looksLike: 'an Atlassian API token', fits: ['bitbucket-cloud'], matches: (token) => token.startsWith('ATATT') },
  { looksLike: 'an AWS access key', fits: ['aws-codecommit'], matches: (token) => /^AKIA[A-Z0-9]{16}/.test(token) },
  {
    // New Azure DevOps PATs are 84 characters with the signature `AZDO` at positions 76–79.
    looksLike: 'an Azure DevOps token',
    fits: ['azure-devops', 'azure-devops-server'],
    matches: (token) => token.length === 84 && token.slice(76, 80) === 'AZDO',
  },
];

/**
 * A gentle warning when the token looks like it belongs to another kind of host, e.g. a `glpat-`
 * token pasted into a GitHub integration. Never blocks saving; unknown formats give no warning.
 */
export function formatWarning(hostType: HostType, token: string): string | undefined {
  const format = KNOWN_FORMATS.find((known) => known.matches(token.trim()));
  if (!format || format.fits.includes(hostType)) return undefined;
  return `This looks like ${format.looksLike}, but this integration is for ${HOSTS[hostType].name}. Check that you picked the right integration.`;
}
