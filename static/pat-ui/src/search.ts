import { HOSTS } from '../../../src/domain/hosts';
import { hostLabel, webRoot } from '../../../src/domain/hostAddress';
import type { Integration } from '../../../src/domain/integration';

/** Lower case without accents, so "Ångström" matches "angstrom". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

export interface Searchable {
  integration: Integration;
  /** Host line shown under the name, e.g. "GitLab · git.example.com". */
  label: string;
  haystack: string;
}

/** Folded once per load, so each keystroke only scans strings (instant even at 10,000 rows). */
export function toSearchable(integrations: readonly Integration[]): Searchable[] {
  return integrations.map((integration) => {
    const label = hostLabel(integration);
    const haystack = fold([integration.name, HOSTS[integration.hostType].name, label, webRoot(integration) ?? ''].join('\n'));
    return { integration, label, haystack };
  });
}

export function filterSearchable(items: readonly Searchable[], query: string): readonly Searchable[] {
  const terms = fold(query).split(/\s+/).filter(Boolean);
  if (terms.length === 0) return items;
  return items.filter((item) => terms.every((term) => item.haystack.includes(term)));
}
