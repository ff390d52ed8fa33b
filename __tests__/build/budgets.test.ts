/**
 * Performance budgets that do not depend on the machine: bytes, never times (`npm run bench`
 * measures times; storage request counts are in __tests__/resolvers/storageBudgets.test.ts).
 * Runs after `npm run build`, like the other build tests.
 */
import { resolve } from 'node:path';
import { measureBuild } from '../../bench/bundleSize';

/**
 * First-load JS of the personal page (entry chunk and its static imports), gzip -9, as
 * bench/bundleSize.ts counts it. Measured 191,139 bytes (186.7 KiB) once flags loaded lazily; about 10% headroom.
 */
const PAT_UI_FIRST_LOAD_GZIP_JS_BUDGET = 205 * 1024;

describe('the built personal page', () => {
  it(`loads at most ${PAT_UI_FIRST_LOAD_GZIP_JS_BUDGET} bytes of gzipped JS before it can run`, () => {
    const size = measureBuild(resolve(__dirname, '../../static/pat-ui/build'));
    expect(size.firstLoadJs.gzip).toBeLessThanOrEqual(PAT_UI_FIRST_LOAD_GZIP_JS_BUDGET);
  });
});
