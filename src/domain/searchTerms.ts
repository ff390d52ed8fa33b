import { webRoot } from './hostAddress';
import type { Integration } from './integration';
import { unicodeHostname } from './idn';

/**
 * Search terms as people type and paste them. Names are matched as folded text; addresses are
 * matched the way people copy them: with or without scheme, `www.`, user name, default port,
 * trailing slash or `.git`, as a clone address, or as any page below the integration's address.
 */

/** Lower case without accents, so "Ångström" matches "angstrom" and "gït" matches "git". */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

// `git@host:owner/repo.git` (SCP-like SSH) is read as `host/owner/repo`.
const SCP_LIKE = /^[\w.+-]+@([\w.-]+):(?!\d)(.*)$/;

/**
 * The canonical form of an address: lower case, no scheme, user name, `www.`, default port, query,
 * fragment, `.git` or trailing slash; host in Unicode. "HTTPS://www.GitHub.com/" → "github.com".
 * Accents are kept: gït.example.com and git.example.com are different hosts.
 */
export function addressKey(text: string): string {
  let rest = text.trim().normalize('NFC').toLowerCase();
  const scp = SCP_LIKE.exec(rest);
  if (scp) rest = `${scp[1]}/${scp[2]}`;
  rest = rest
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[?#].*$/, '')
    .replace(/^[^/@]*@/, '');
  const slash = rest.indexOf('/');
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? '' : rest.slice(slash);
  const host = unicodeHostname(
    authority
      .replace(/:(443|80)$/, '')
      .replace(/\.$/, '')
      .replace(/^www\./, ''),
  );
  return `${host}${path}`.replace(/\.git$/, '').replace(/\/+$/, '');
}

/** Whether a search term is an address rather than a word: it has a scheme, a slash, a user name or `www.`. */
export function isAddressTerm(term: string): boolean {
  return /[/@]/.test(term) || /^www\./i.test(term);
}

/**
 * Every address under which people know an integration, as {@link addressKey} forms: its web root
 * (Unicode and ASCII host), and for Azure DevOps Services the organization's `dev.azure.com/{org}`
 * and legacy `{org}.visualstudio.com` addresses. Empty for hosts without an address (AWS CodeCommit).
 */
export function integrationAddresses(integration: Pick<Integration, 'hostType' | 'baseUrl' | 'organization'>): string[] {
  const root = webRoot(integration);
  if (!root) return [];
  const keys = new Set([
    addressKey(root),
    root
      .replace(/^https:\/\//, '')
      .replace(/^www\./, '')
      .toLowerCase(),
  ]);
  if (integration.hostType === 'azure-devops' && integration.organization) {
    const organization = integration.organization.toLowerCase();
    keys.clear();
    keys.add(`dev.azure.com/${organization}`);
    keys.add(`${organization}.visualstudio.com`);
  }
  return [...keys];
}

/**
 * Whether an address term (as typed or pasted) names one of an integration's addresses: the term is
 * part of an address ("git.example.com/git"), or the address is the term or a prefix of it at a
 * path boundary (a repository or page URL below the integration).
 */
export function matchesAddress(term: string, addresses: readonly string[]): boolean {
  const key = addressKey(term);
  // Only a scheme so far ("https://" on the way to a full paste): every integration with an address.
  if (key === '') return addresses.length > 0;
  return addresses.some((address) => address.includes(key) || key.startsWith(`${address}/`));
}
