/**
 * The sequences that broke on a real site when storage read its decisions from eventually consistent
 * queries and serialised writers with TTL'd claim keys (issue 13). The emulator answers queries from
 * a lagging view and keeps expired keys, as the platform may; every sequence here runs that way.
 */
import type { AdminPage, IntegrationInput, PatView, PersonalPageWire } from '../../src/contract';
import { decodePersonalPage } from '../../src/domain/catalogWire';
import { DEFAULT_RETRY_POLICY, setRetryPolicy, type RetryPolicy } from '../../src/storage/reliableKvs';
import { getUserToken } from '../../src/tokens/userToken';
import { demoIntegrations } from '../../tools/fixtures/integrations';
import { callPersonal, callAdmin, seedCatalog, useForge } from '../support/forge';
import { captureStorageLog, expectStorageLog, FAULT_CODES } from '../support/storageLog';

// A lag of up to 40 requests: on a real site a query may trail a write by a second or more, longer
// than the few requests a save or an admin change makes.
const forge = useForge({ queryLag: 40 });
const ALICE = '557058:0a1b2c3d-alice';
const BOB = '712020:bob-4e5f';
const CAROL = 'carol-5';
const ADMIN_A = 'admin-1';
const ADMIN_B = '557058:admin-2';
const TOKEN = 'ghp_FirstTokenValue_0123456789_AAAA';

const TEST_POLICY: RetryPolicy = { ...DEFAULT_RETRY_POLICY, requestTimeoutMs: 20, baseDelayMs: 1, maxDelayMs: 4 };
beforeAll(() => setRetryPolicy(TEST_POLICY));
afterAll(() => setRetryPolicy(DEFAULT_RETRY_POLICY));

beforeEach(() => seedCatalog(forge.kvs, demoIntegrations()));

function ok<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const personalPage = async (accountId: string) =>
  decodePersonalPage(ok(await callPersonal<PersonalPageWire>('getPersonalPage', {}, accountId)));
const adminPage = async (accountId = ADMIN_A) => ok(await callAdmin<AdminPage>('getAdminPage', {}, accountId));
const integration = (name: string): IntegrationInput => ({
  name,
  hostType: 'gitlab-self-managed',
  baseUrl: `https://${name.toLowerCase()}.example.com`,
  requirePat: false,
});
const names = (page: { integrations: { name: string }[] }) => page.integrations.map((entry) => entry.name);

test('the emulator these sequences run on lags its queries and keeps expired keys', () => {
  expect(forge.kvs.queryLag).toBeGreaterThan(0);
  expect(forge.kvs.failIfExistsOnExpired).toBe('blocks');
});

test('1. a saved PAT shows on the very next load, and a removed one is gone from it', async () => {
  ok(await callPersonal('savePat', { integrationId: 'demo-github', token: TOKEN }, ALICE));
  expect((await personalPage(ALICE)).pats.map((pat: PatView) => pat.hint)).toEqual(['AAAA']);

  ok(await callPersonal('removePat', { integrationId: 'demo-github' }, ALICE));
  expect((await personalPage(ALICE)).pats).toEqual([]);
});

describe('2. two admins', () => {
  it('keeps both admins\u2019 additions when the second started from the first one\u2019s revision', async () => {
    const start = await adminPage(ADMIN_A);
    const afterA = ok(
      await callAdmin<AdminPage>('saveIntegration', { integration: integration('X'), expectedRevision: start.revision }, ADMIN_A),
    );
    const afterB = ok(
      await callAdmin<AdminPage>('saveIntegration', { integration: integration('Y'), expectedRevision: afterA.revision }, ADMIN_B),
    );
    expect(afterB.revision).toBe(start.revision + 2);
    expect(names(await adminPage(ADMIN_B)).slice(-2)).toEqual(['X', 'Y']);
  });

  it('shows an admin who loads just after another\u2019s save that save, so their own save keeps it', async () => {
    const start = await adminPage(ADMIN_A);
    ok(await callAdmin('saveIntegration', { integration: integration('X'), expectedRevision: start.revision }, ADMIN_A));
    const seenByB = await adminPage(ADMIN_B);
    expect(names(seenByB)).toContain('X');
    ok(await callAdmin('saveIntegration', { integration: integration('Y'), expectedRevision: seenByB.revision }, ADMIN_B));
    expect(names(await adminPage(ADMIN_A)).slice(-2)).toEqual(['X', 'Y']);
  });

  it('tells the second of two admins who started from the same revision, and its reload shows the first one\u2019s change', async () => {
    const start = await adminPage(ADMIN_A);
    ok(await callAdmin('saveIntegration', { integration: integration('X'), expectedRevision: start.revision }, ADMIN_A));
    expect(await callAdmin('saveIntegration', { integration: integration('Y'), expectedRevision: start.revision }, ADMIN_B)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    const reloaded = await adminPage(ADMIN_B);
    expect(reloaded.revision).toBe(start.revision + 1);
    expect(names(reloaded)).toContain('X');
  });
});

test('3. a removed integration does not come back when another is saved right after', async () => {
  const start = await adminPage();
  const removed = ok(
    await callAdmin<AdminPage>('removeIntegration', { integrationId: 'demo-gitea', expectedRevision: start.revision }, ADMIN_A),
  );
  ok(await callAdmin('saveIntegration', { integration: integration('Next'), expectedRevision: removed.revision }, ADMIN_A));
  for (const page of [await adminPage(), await personalPage(ALICE)]) {
    expect(page.integrations.map((entry) => entry.id)).not.toContain('demo-gitea');
  }
});

test('4. removing an integration right after two users saved tokens counts, purges and locks out all of them', async () => {
  ok(await callPersonal('savePat', { integrationId: 'demo-github', token: TOKEN }, ALICE));
  ok(await callPersonal('savePat', { integrationId: 'demo-github', token: 'ghp_SecondTokenValue_0123456789_BBBB' }, BOB));

  expect(ok(await callAdmin<{ users: number }>('getRemovalImpact', { integrationId: 'demo-github' }, ADMIN_A)).users).toBe(2);
  const { revision } = await adminPage();
  const removal = ok(
    await callAdmin<{ purgedUsers: number }>('removeIntegration', { integrationId: 'demo-github', expectedRevision: revision }, ADMIN_A),
  );

  expect(removal.purgedUsers).toBe(2);
  expect(await getUserToken(ALICE, 'demo-github')).toBeUndefined();
  expect(await getUserToken(BOB, 'demo-github')).toBeUndefined();
  expect(forge.kvs.entries('secret')).toEqual([]);
  expect(
    await callPersonal('savePat', { integrationId: 'demo-github', token: 'ghp_ThirdTokenValue_0123456789_CCCC' }, CAROL),
  ).toMatchObject({
    ok: false,
    error: { code: 'UNKNOWN_INTEGRATION' },
  });
});

/** From the first write of the next call on, every storage request hangs: the call's process died there. */
function dieAfterFirstWrite(): void {
  const handle = forge.kvs.handle.bind(forge.kvs);
  forge.kvs.handle = (path, init) => {
    if (/\/(set|transaction|batch\/set)$/.test(path)) {
      forge.kvs.handle = handle;
      forge.kvs.injectFault({ kind: 'hang', times: 10_000, when: 'after' });
    }
    return handle(path, init);
  };
}

function revive(): void {
  forge.kvs.clearFaults();
  forge.kvs.releaseHung();
}

describe.each(['blocks', 'ignores'] as const)('5. a crashed request blocks nobody (expired keys %s FAIL_IF_EXISTS)', (variant) => {
  const log = captureStorageLog();
  beforeEach(() => {
    forge.kvs.failIfExistsOnExpired = variant;
  });

  it('lets the user save again at once after a save died right after its first write', async () => {
    dieAfterFirstWrite();
    const died = await callPersonal('savePat', { integrationId: 'demo-github', token: TOKEN }, ALICE);
    expect(died).toMatchObject({ ok: false, error: { code: 'STORAGE_UNAVAILABLE' } });
    expectStorageLog(log.lines, [FAULT_CODES.hang], [died]);
    revive();

    ok(await callPersonal('savePat', { integrationId: 'demo-github', token: TOKEN }, ALICE));
    expect((await personalPage(ALICE)).pats.map((pat: PatView) => pat.hint)).toEqual(['AAAA']);
    expect((await getUserToken(ALICE, 'demo-github'))?.credential).toEqual({ kind: 'token', token: TOKEN });
  });

  it('lets admins save again at once after an admin save died right after its first write', async () => {
    const start = await adminPage();
    dieAfterFirstWrite();
    const died = await callAdmin('saveIntegration', { integration: integration('X'), expectedRevision: start.revision }, ADMIN_A);
    expect(died).toMatchObject({ ok: false, error: { code: 'STORAGE_UNAVAILABLE' } });
    expectStorageLog(log.lines, [FAULT_CODES.hang], [died]);
    revive();

    const now = await adminPage(ADMIN_B);
    ok(await callAdmin('saveIntegration', { integration: integration('Y'), expectedRevision: now.revision }, ADMIN_B));
    expect(names(await adminPage())).toContain('Y');
  });
});
