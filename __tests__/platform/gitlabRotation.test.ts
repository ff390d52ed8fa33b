/**
 * Rotate now for GitLab: the real resolver over the KVS emulator, against a fake GitLab on loopback
 * that follows GitLab's documented rotate API (tools/fakes/fakeGitLab.ts). GitLab revokes the old
 * token the moment it answers, so every storage failure after that must leave the new token stored
 * (or stored on a retry) and, at the latest after the next page load, the PAT.
 */
// First: the host route must be in place before anything loads @forge/api (support/hostFetch.ts).
import { loopbackFetch, routeHostFetch } from '../support/hostFetch';
import type { PatView, PersonalPageWire, ResolverResult } from '../../src/contract';
import { decodePersonalPage } from '../../src/domain/catalogWire';
import { rewriteOrigins } from '../../tools/preview/egressMap';
import { demoIntegrations } from '../../tools/fixtures/integrations';
import { FakeGitLab } from '../../tools/fakes/fakeGitLab';
import { callPersonal, seedCatalog, storedTokens, useForge } from '../support/forge';
import { credentialPayload } from '../../tools/fixtures/credentials';
import { leftovers } from '../support/storageInvariants';
import { getUserToken } from '../../src/tokens/userToken';
import { sweepLooseSecrets, LOOSE_GRACE_MS } from '../../src/storage/looseSecrets';
import { DEFAULT_RETRY_POLICY, setRetryPolicy } from '../../src/storage/reliableKvs';
import { runWeeklyRecheck } from '../../src/recheck/weeklyRecheck';
import { captureStorageLog, expectStorageLog, FAULT_CODES } from '../support/storageLog';

const gitlab = new FakeGitLab();
let afterRotate: (() => void) | undefined;
routeHostFetch(async (url, init) => {
  const response = await rewriteOrigins(loopbackFetch, { 'https://gitlab.com': gitlab.origin })(url, init);
  // A storage fault that starts right after GitLab answered the rotation.
  if (url.includes('/rotate')) afterRotate?.();
  return response;
});

const forge = useForge({ queryLag: 0 });
const ALICE = '557058:alice';
const OLD = 'glpat-OldTokenAlice0123456789';
const DAY_MS = 86_400_000;

beforeAll(async () => {
  setRetryPolicy({ ...DEFAULT_RETRY_POLICY, requestTimeoutMs: 50, baseDelayMs: 1, maxDelayMs: 4 });
  await gitlab.start();
});
afterAll(async () => {
  setRetryPolicy(DEFAULT_RETRY_POLICY);
  await gitlab.stop();
});

beforeEach(async () => {
  await seedCatalog(forge.kvs, demoIntegrations());
  gitlab.tokens.clear();
  gitlab.seen.length = 0;
  afterRotate = undefined;
});
afterEach(() => {
  jest.restoreAllMocks();
  // No token in a plain value, whatever happened.
  expect(JSON.stringify({ ...forge.kvs.exportState(), secret: [] })).not.toMatch(/glpat-/);
});

function value<T>(result: ResolverResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

async function saveOld(fields: Parameters<FakeGitLab['add']>[1] = {}): Promise<void> {
  gitlab.add(OLD, { username: 'alice', expiresInDays: 10, ...fields });
  value(await callPersonal<PatView>('savePat', { integrationId: 'demo-gitlab', token: OLD }, ALICE));
}

/** The one token GitLab still accepts for Alice. */
function liveToken(): string | undefined {
  return [...gitlab.tokens.values()].find((token) => !token.revoked)?.token;
}

async function pageGitLabPat(): Promise<PatView | undefined> {
  return decodePersonalPage(value(await callPersonal<PersonalPageWire>('getPersonalPage', {}, ALICE))).pats.find(
    (pat) => pat.integrationId === 'demo-gitlab',
  );
}

it('rotates the token on GitLab, stores the new one in place and shows its new expiry', async () => {
  await saveOld();
  const expected = new Date(Date.now() + 90 * DAY_MS).toISOString().slice(0, 10);
  forge.kvs.resetCounts();
  gitlab.seen.length = 0;
  const result = await callPersonal<PatView>('rotatePat', { integrationId: 'demo-gitlab' }, ALICE);
  // Storage: batch read, old secret, intent, new secret, commit (read + transaction), old secret deleted.
  expect(forge.kvs.count()).toBe(7);
  expect(gitlab.seen).toEqual(['POST /api/v4/personal_access_tokens/self/rotate']);
  expect(JSON.stringify(result)).not.toMatch(/glpat-/);
  const pat = value(result);
  const live = liveToken()!;
  expect(live).not.toBe(OLD);
  expect(gitlab.tokens.get(OLD)!.revoked).toBe(true);
  expect(pat).toMatchObject({
    hint: live.slice(-4),
    verification: { status: 'valid', login: 'alice', expiresAt: `${expected}T00:00:00.000Z` },
  });
  expect(gitlab.seen.filter((request) => request.startsWith('POST'))).toEqual(['POST /api/v4/personal_access_tokens/self/rotate']);
  expect((await getUserToken(ALICE, 'demo-gitlab'))?.credential).toEqual({ kind: 'token', token: live });
  expect(await pageGitLabPat()).toEqual(pat);
  // The old secret is deleted; nothing else is left.
  expect(leftovers(forge.kvs)).toEqual([]);
});

describe.each([
  ['a token without the api scope', () => saveOld({ scopes: ['read_api'] }), /needs the `api` scope/],
  [
    'a GitLab older than 16.10',
    async () => {
      gitlab.options.version = [16, 9];
      await saveOld();
    },
    /GitLab 16\.10 or later/,
  ],
])('refused for %s', (_name, setup, message) => {
  afterEach(() => {
    gitlab.options.version = undefined;
  });
  it('says why, changes nothing and keeps the old token working', async () => {
    await setup();
    const before = decodePersonalPage(value(await callPersonal<PersonalPageWire>('getPersonalPage', {}, ALICE))).pats;
    const result = await callPersonal<PatView>('rotatePat', { integrationId: 'demo-gitlab' }, ALICE);
    expect(result).toEqual({ ok: false, error: { code: 'ROTATION_REFUSED', message: expect.stringMatching(message) } });
    expect(decodePersonalPage(value(await callPersonal<PersonalPageWire>('getPersonalPage', {}, ALICE))).pats).toEqual(before);
    expect((await getUserToken(ALICE, 'demo-gitlab'))?.credential).toEqual({ kind: 'token', token: OLD });
    expect(liveToken()).toBe(OLD);
    expect(leftovers(forge.kvs)).toEqual([]);
    const [, record] = forge.kvs.entityEntries('pat-record')[0]!;
    expect((record as { loose: unknown[] }).loose).toEqual([]);
  });
});

it('refuses a revoked token with the reason, and the person can fall back to New token', async () => {
  await saveOld();
  gitlab.revoke(OLD);
  expect(await callPersonal('rotatePat', { integrationId: 'demo-gitlab' }, ALICE)).toEqual({
    ok: false,
    error: { code: 'ROTATION_REFUSED', message: expect.stringMatching(/expired or revoked\. Create a new token instead/) },
  });
});

it('a GitLab server error is reported without guessing, and nothing of the app changes', async () => {
  await saveOld();
  const before = decodePersonalPage(value(await callPersonal<PersonalPageWire>('getPersonalPage', {}, ALICE))).pats;
  gitlab.options.override = () => ({ status: 502, body: { message: 'Bad gateway' } });
  try {
    const result = await callPersonal<PatView>('rotatePat', { integrationId: 'demo-gitlab' }, ALICE);
    expect(result).toEqual({ ok: false, error: { code: 'ROTATION_REFUSED', message: expect.stringMatching(/HTTP 502/) } });
  } finally {
    gitlab.options.override = undefined;
  }
  expect(decodePersonalPage(value(await callPersonal<PersonalPageWire>('getPersonalPage', {}, ALICE))).pats).toEqual(before);
  expect(leftovers(forge.kvs)).toEqual([]);
});

it('refuses hosts that cannot rotate', async () => {
  value(
    await callPersonal<PatView>(
      'savePat',
      { integrationId: 'demo-aws-codecommit', ...credentialPayload('aws-codecommit', 'aws-secret-alice') },
      ALICE,
    ),
  );
  expect(await callPersonal('rotatePat', { integrationId: 'demo-aws-codecommit' }, ALICE)).toMatchObject({
    ok: false,
    error: { code: 'ROTATION_REFUSED' },
  });
  expect(await callPersonal('rotatePat', { integrationId: 'demo-github' }, ALICE)).toMatchObject({
    ok: false,
    error: { code: 'PAT_NOT_FOUND' },
  });
});

describe('a storage fault right after GitLab answered', () => {
  const log = captureStorageLog();

  it('storing the new token fails a few times: it is stored on a retry and becomes the PAT', async () => {
    await saveOld();
    afterRotate = () => forge.kvs.injectFault({ kind: 'server-error', operation: 'secret/set', times: 6 });
    const pat = value(await callPersonal<PatView>('rotatePat', { integrationId: 'demo-gitlab' }, ALICE));
    expectStorageLog(log.lines, [FAULT_CODES['server-error']]);
    expect(pat.hint).toBe(liveToken()!.slice(-4));
    expect((await getUserToken(ALICE, 'demo-gitlab'))?.credential).toEqual({ kind: 'token', token: liveToken() });
    expect(leftovers(forge.kvs)).toEqual([]);
  });

  it.each([
    ['the commit keeps failing', { kind: 'server-error' as const, operation: 'transaction', times: 100 }],
    ['the commit hangs (the function dies)', { kind: 'hang' as const, operation: 'transaction', times: 100 }],
  ])('%s: the new token stays stored, is never swept, and the next page load makes it the PAT', async (_name, fault) => {
    await saveOld();
    afterRotate = () => forge.kvs.injectFault(fault);
    const failed = await callPersonal<PatView>('rotatePat', { integrationId: 'demo-gitlab' }, ALICE);
    expect(failed).toMatchObject({ ok: false, error: { code: 'STORAGE_UNAVAILABLE' } });
    expectStorageLog(log.lines, [FAULT_CODES[fault.kind]], [failed]);
    forge.kvs.clearFaults();
    forge.kvs.releaseHung();
    const live = liveToken()!;
    expect(gitlab.tokens.get(OLD)!.revoked).toBe(true);
    // The new token is in storage, listed as a rotation; the daily sweep, even hours later, leaves it.
    expect(storedTokens(forge.kvs).map(([, token]) => token)).toContain(live);
    await sweepLooseSecrets(ALICE, new Date(Date.now() + 3 * LOOSE_GRACE_MS + 3_600_000));
    expect(storedTokens(forge.kvs).map(([, token]) => token)).toContain(live);

    const pat = await pageGitLabPat();
    expect(pat?.hint).toBe(live.slice(-4));
    expect((await getUserToken(ALICE, 'demo-gitlab'))?.credential).toEqual({ kind: 'token', token: live });
    expect(leftovers(forge.kvs)).toEqual([]);
  });

  it('a page load whose completion fails still loads, and a later load completes it', async () => {
    await saveOld();
    afterRotate = () => forge.kvs.injectFault({ kind: 'server-error', operation: 'transaction', times: 100 });
    const failed = await callPersonal<PatView>('rotatePat', { integrationId: 'demo-gitlab' }, ALICE);
    forge.kvs.clearFaults();
    forge.kvs.injectFault({ kind: 'server-error', operation: 'secret/get', times: 100 });
    expect((await pageGitLabPat())?.hint).toBe(OLD.slice(-4));
    expectStorageLog(log.lines, [FAULT_CODES['server-error']], [failed]);
    forge.kvs.clearFaults();
    expect((await pageGitLabPat())?.hint).toBe(liveToken()!.slice(-4));
  });

  it('the weekly job completes an unfinished rotation too', async () => {
    await saveOld();
    afterRotate = () => forge.kvs.injectFault({ kind: 'server-error', operation: 'transaction', times: 100 });
    const failed = await callPersonal<PatView>('rotatePat', { integrationId: 'demo-gitlab' }, ALICE);
    expectStorageLog(log.lines, [FAULT_CODES['server-error']], [failed]);
    forge.kvs.clearFaults();
    expect(await runWeeklyRecheck()).toMatchObject({ rotationsCompleted: 1 });
    expect((await getUserToken(ALICE, 'demo-gitlab'))?.credential).toEqual({ kind: 'token', token: liveToken() });
  });

  it('storing keeps failing past every retry: the person is told plainly, and no old token is left looking valid', async () => {
    await saveOld();
    afterRotate = () => forge.kvs.injectFault({ kind: 'server-error', operation: 'secret/set', times: 1000 });
    const result = await callPersonal<PatView>('rotatePat', { integrationId: 'demo-gitlab' }, ALICE);
    expect(result).toEqual({
      ok: false,
      error: { code: 'STORAGE_UNAVAILABLE', message: expect.stringMatching(/could not be stored.*Create a new token/) },
    });
    expectStorageLog(log.lines, [FAULT_CODES['server-error']], [result]);
    forge.kvs.clearFaults();
    // The intent is dropped once the grace period has passed; the old PAT stays until Re-check marks it.
    decodePersonalPage(value(await callPersonal<PersonalPageWire>('getPersonalPage', {}, ALICE)));
    expect(leftovers(forge.kvs)).toEqual([]);
    expect(value(await callPersonal<PatView>('recheckPat', { integrationId: 'demo-gitlab' }, ALICE)).verification?.status).toBe('expired');
  });
});
