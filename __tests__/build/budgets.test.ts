/**
 * Performance budgets that do not depend on the machine: bytes, never times (`npm run bench`
 * measures times; storage request counts and response bytes are in __tests__/platform/storageBudgets.test.ts).
 * Runs after `npm run build`, like the other build tests.
 */
import { resolve } from 'node:path';
import { measureBuild } from '../../bench/bundleSize';

/**
 * First-load JS of each page (entry chunk, its static imports and modulepreloads), gzip -9, as bench/bundleSize.ts
 * counts it: at most 80,000 bytes (issue 16). Before: 191,259 (personal) and 190,098 (admin); measured after
 * loading tooltips, section messages, lozenges and the personal page's table after first paint, compiling token()
 * away and importing only the bridge calls used: 64,700 and 61,714.
 */
const FIRST_LOAD_GZIP_JS_BUDGET = 80_000;

describe.each([
  ['personal page', 'pat-ui'],
  ['admin page', 'admin-ui'],
])('the built %s', (_name, page) => {
  it(`loads at most ${FIRST_LOAD_GZIP_JS_BUDGET} bytes of gzipped JS before it can run`, () => {
    const size = measureBuild(resolve(__dirname, '../../static', page, 'build'));
    expect(size.firstLoadJs.gzip).toBeLessThanOrEqual(FIRST_LOAD_GZIP_JS_BUDGET);
  });
});
