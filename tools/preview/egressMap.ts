import type { EgressFetch } from '../../src/hostChecks/egressFetch';

/** `https://api.github.com` → `http://127.0.0.1:9101`: from real host origins to the fakes that stand in for them. */
export type EgressMap = Readonly<Record<string, string>>;

function originOf(text: string, entry: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`Egress map entry "${entry}": "${text}" is not a URL.`);
  }
  const originOnly = `${url.origin}/` === url.href.replace(/\/?$/, '/');
  if (!['http:', 'https:'].includes(url.protocol) || !originOnly) {
    throw new Error(`Egress map entry "${entry}": "${text}" must be an origin only, like https://api.github.com.`);
  }
  return url.origin;
}

/**
 * Reads the `PREVIEW_EGRESS_MAP` form: comma-separated `from=to` origin pairs,
 * e.g. `https://api.github.com=http://127.0.0.1:9101,https://gitlab.com=http://127.0.0.1:9102`.
 * A malformed entry throws, so a typo cannot silently send requests to the real host.
 */
export function parseEgressMap(text: string): EgressMap {
  const map: Record<string, string> = {};
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const parts = entry.split('=');
    const [from, to] = parts;
    if (parts.length !== 2 || !from || !to) {
      throw new Error(`Egress map entry "${entry}" must look like https://api.github.com=http://127.0.0.1:9101.`);
    }
    const origin = originOf(from.trim(), entry);
    if (origin in map) throw new Error(`Egress map names ${origin} twice.`);
    map[origin] = originOf(to.trim(), entry);
  }
  return map;
}

/** A fetch that sends requests for a mapped origin to its stand-in, path and query kept; other URLs pass through. */
export function rewriteOrigins(fetch: EgressFetch, map: EgressMap): EgressFetch {
  const targets = new Map(Object.entries(map).map(([from, to]) => [originOf(from, from), originOf(to, to)]));
  return (url, init) => {
    const parsed = new URL(url);
    const target = targets.get(parsed.origin);
    return fetch(target ? `${target}${parsed.pathname}${parsed.search}` : url, init);
  };
}
