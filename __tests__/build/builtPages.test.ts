/**
 * What `npm run build` produced (npm test builds before jest): Forge hosts each resource folder below an
 * app-specific path, so a page only loads if every asset it references is relative and was deployed with it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { manifestResources } from '../../tools/manifest';

const PROJECT_ROOT = resolve(__dirname, '../..');
const resources = manifestResources();

function builtIndex(path: string): string {
  const file = join(PROJECT_ROOT, path, 'index.html');
  if (!existsSync(file)) throw new Error(`${path}/index.html does not exist: run \`npm run build\` first`);
  return readFileSync(file, 'utf8');
}

/** `src` of every `<script>` and `href` of every `<link>`: what the browser fetches to start the page. */
function references(html: string): string[] {
  const tags = html.match(/<(?:script|link)\b[^>]*>/gi) ?? [];
  return tags.flatMap((tag) => {
    const url = /\s(?:src|href)\s*=\s*["']([^"']*)["']/i.exec(tag)?.[1];
    return url === undefined ? [] : [url];
  });
}

describe.each(resources)('the built page of resource $key ($path)', ({ path }) => {
  it('has an index.html that loads at least one script', () => {
    expect(builtIndex(path)).toMatch(/<script\b[^>]*\ssrc=/i);
  });

  it('references only relative URLs', () => {
    const absolute = references(builtIndex(path)).filter((url) => /^(?:\/|[a-z][a-z\d+.-]*:)/i.test(url));
    expect(absolute).toEqual([]);
  });

  it('references only files that exist inside the resource folder', () => {
    const folder = resolve(PROJECT_ROOT, path);
    const missing = references(builtIndex(path)).filter((url) => {
      const file = resolve(folder, url.split(/[?#]/)[0] ?? '');
      return !file.startsWith(folder + sep) || !existsSync(file);
    });
    expect(missing).toEqual([]);
  });
});
