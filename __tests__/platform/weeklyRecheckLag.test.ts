/**
 * The weekly re-check over queries that lag, as Forge's eventually consistent queries may: what the
 * walk lists only says where to look; every decision reads strictly. A record the walk misses is
 * checked on a later pass, and a PAT the lagging query still lists after its removal is not checked.
 */
// First: the host route must be in place before anything loads @forge/api (support/hostFetch.ts).
import { loopbackFetch, routeHostFetch } from '../support/hostFetch';
import type { PatView, ResolverResult } from '../../src/contract';
import { rewriteOrigins } from '../../tools/preview/egressMap';
import { demoIntegrations } from '../../tools/fixtures/integrations';
import { FakeGitLab } from '../../tools/fakes/fakeGitLab';
import { callPersonal, seedCatalog, useForge } from '../support/forge';
import { runWeeklyRecheck } from '../../src/recheck/weeklyRecheck';

const gitlab = new FakeGitLab();
routeHostFetch((url, init) => rewriteOrigins(loopbackFetch, { 'https://gitlab.com': gitlab.origin })(url, init));

// Queries may miss the last 20 writes: every save below is invisible to the first pass's walk for a while.
const forge = useForge({ queryLag: 20 });
const DAY_MS = 86_400_000;
const inDays = (days: number) => () => new Date(Date.now() + days * DAY_MS);
const ACCOUNTS = ['lag-1', 'lag-2', 'lag-3', 'lag-4'];
const glpat = (account: string) => `glpat-${account}-0123456789abcdef`;

beforeAll(() => gitlab.start());
afterAll(() => gitlab.stop());
beforeEach(async () => {
  await seedCatalog(forge.kvs, demoIntegrations());
  gitlab.tokens.clear();
  gitlab.seen.length = 0;
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

function ok<T>(result: ResolverResult<T>): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const checks = () => gitlab.seen.filter((request) => request.endsWith('/personal_access_tokens/self')).length;

it('checks a record the lagging walk missed on a later pass, and each token once', async () => {
  for (const account of ACCOUNTS) {
    gitlab.add(glpat(account));
    ok(await callPersonal<PatView>('savePat', { integrationId: 'demo-gitlab', token: glpat(account) }, account));
  }
  gitlab.seen.length = 0;
  const first = await runWeeklyRecheck({ now: inDays(8) });
  const second = await runWeeklyRecheck({ now: inDays(9.1) });
  const third = await runWeeklyRecheck({ now: inDays(10.2) });
  // The lag hid some records from the first pass.
  expect(first.checked).toBeLessThan(ACCOUNTS.length);
  expect(first.checked + second.checked + third.checked).toBe(ACCOUNTS.length);
  expect(checks()).toBe(ACCOUNTS.length);
});

it('does not check a PAT the lagging query still lists after it was removed', async () => {
  gitlab.add(glpat('lag-1'));
  ok(await callPersonal<PatView>('savePat', { integrationId: 'demo-gitlab', token: glpat('lag-1') }, 'lag-1'));
  // Make the saved record visible to queries, then remove the PAT: the query now lags behind the removal.
  for (let i = 0; i < 25; i += 1) await forge.kvs.handle('/api/v1/get', { method: 'POST', body: JSON.stringify({ key: 'nothing' }) });
  ok(await callPersonal('removePat', { integrationId: 'demo-gitlab' }, 'lag-1'));
  gitlab.seen.length = 0;
  forge.kvs.resetCounts();
  const run = await runWeeklyRecheck({ now: inDays(8) });
  expect(run).toMatchObject({ checked: 0, passFinished: true });
  // The query did list the record (so the job read it strictly), and the strict read found no PAT.
  expect(forge.kvs.count('batch/get')).toBe(1);
  expect(forge.kvs.count('secret/get')).toBe(0);
  expect(gitlab.seen).toEqual([]);
});
