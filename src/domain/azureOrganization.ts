/**
 * The Azure DevOps Services organization as admins paste it: the name, the legacy
 * `acme.visualstudio.com` host, a `dev.azure.com/acme/…` address (with or without scheme, user name
 * or trailing slash) or an SSH clone address.
 */

export type OrganizationResult = { ok: true; organization: string; changes: string[] } | { ok: false; reason: string };

// Microsoft's rule for organization names: English letters and digits, hyphens after the first
// character, ending with a letter or digit, at most 50 characters
// (https://learn.microsoft.com/azure/devops/organizations/accounts/rename-organization).
const ORGANIZATION_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,48}[A-Za-z0-9])?$/;

const NAME_RULE =
  'Enter only the organization name, as in dev.azure.com/acme: English letters, digits and hyphens (not first or last), at most 50 characters.';

// SSH clone addresses: git@ssh.dev.azure.com:v3/{org}/{project}/{repo} and the legacy
// {org}@vs-ssh.visualstudio.com:v3/{org}/{project}/{repo}.
const SSH_ADDRESS = /^[^@\s]+@(?:ssh\.dev\.azure\.com|vs-ssh\.visualstudio\.com):v3\/([^/\s]+)/i;

/** Subdomains of visualstudio.com that are Microsoft services, not organizations. */
const SERVICE_HOSTS = new Set(['app', 'vs-ssh', 'www', 'marketplace', 'aex']);

function fromAddress(text: string): { organization: string; source: string } | { reason: string } {
  const ssh = SSH_ADDRESS.exec(text);
  if (ssh) return { organization: ssh[1]!, source: 'the SSH clone address' };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return { reason: NAME_RULE };
  }
  const host = url.hostname.replace(/\.$/, '');
  if (host === 'dev.azure.com' || host.endsWith('.dev.azure.com')) {
    const first = url.pathname.split('/').find(Boolean);
    if (!first) return { reason: 'Add the organization: it is the first part after dev.azure.com/, as in dev.azure.com/acme.' };
    return { organization: decodeURIComponent(first), source: `${host}/${first}` };
  }
  if (host.endsWith('.visualstudio.com')) {
    const label = host.slice(0, -'.visualstudio.com'.length).split('.')[0] ?? '';
    if (SERVICE_HOSTS.has(label)) return { reason: NAME_RULE };
    return { organization: label, source: host };
  }
  return {
    reason: `${host} is not an Azure DevOps Services address. ${NAME_RULE} For your own server, choose Azure DevOps Server as the host type.`,
  };
}

/**
 * Normalizes what an admin entered as the Azure DevOps organization.
 *
 * Takes the text as typed. Returns the organization name (as typed, case kept: Azure DevOps
 * treats it case-insensitively) with a sentence saying where it was taken from when the input was
 * an address, or the reason it is refused. The refusal lists only characters Azure DevOps allows.
 * Never throws.
 */
export function normalizeAzureOrganization(input: string): OrganizationResult {
  const text = input
    .trim()
    .replace(/^["'<](.*)["'>]$/s, '$1')
    .trim();
  if (text === '') return { ok: false, reason: 'Azure DevOps needs an organization.' };
  if (ORGANIZATION_NAME.test(text)) return { ok: true, organization: text, changes: [] };
  if (!/[./:@]/.test(text)) return { ok: false, reason: NAME_RULE };
  let found: ReturnType<typeof fromAddress>;
  try {
    found = fromAddress(text);
  } catch {
    // decodeURIComponent on a malformed escape.
    return { ok: false, reason: NAME_RULE };
  }
  if ('reason' in found) return { ok: false, reason: found.reason };
  if (!ORGANIZATION_NAME.test(found.organization)) return { ok: false, reason: NAME_RULE };
  return { ok: true, organization: found.organization, changes: [`Took the organization name from ${found.source}.`] };
}
