import { HOSTS } from '../../../src/domain/hosts';
import { hostLabel, webRoot } from '../../../src/domain/hostAddress';
import type { Integration } from '../../../src/domain/integration';
import { foldText, integrationAddresses, isAddressTerm, matchesAddress } from '../../../src/domain/searchTerms';

export interface Searchable {
  integration: Integration;
  /** Host line shown under the name, e.g. "GitLab · git.example.com". */
  label: string;
  haystack: string;
  /** The folded name alone, so a term with a slash still finds a name such as "Team A/B". */
  name: string;
  /** The integration's addresses in canonical form, for terms that are addresses. */
  addresses: readonly string[];
}

/** Folded once per load, so each keystroke only scans strings (instant even at 10,000 rows). */
export function toSearchable(integrations: readonly Integration[]): Searchable[] {
  return integrations.map((integration) => {
    const label = hostLabel(integration);
    const addresses = integrationAddresses(integration);
    const haystack = foldText(
      [integration.name, HOSTS[integration.hostType].name, label, webRoot(integration) ?? '', ...addresses].join('\n'),
    );
    return { integration, label, haystack, name: foldText(integration.name), addresses };
  });
}

/**
 * Rows matching every term: a word anywhere in the name, host or address; an address (pasted with
 * scheme, `www.`, trailing slash, or a page or repository below it) against the integration's
 * addresses, or as part of its name.
 */
export function filterSearchable(items: readonly Searchable[], query: string): readonly Searchable[] {
  const terms = query.split(/\s+/).filter(Boolean);
  if (terms.length === 0) return items;
  const tests = terms.map((term) => {
    const folded = foldText(term);
    if (isAddressTerm(term)) return (item: Searchable) => matchesAddress(term, item.addresses) || item.name.includes(folded);
    return (item: Searchable) => item.haystack.includes(folded);
  });
  return items.filter((item) => tests.every((test) => test(item)));
}
