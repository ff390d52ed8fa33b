// First: the host route must be in place before anything loads @forge/api (support/hostFetch.ts).
import { routeHostFetch } from '../support/hostFetch';
import type { AdminPage, PatView } from '../../src/contract';
import { demoIntegrations } from '../../tools/fixtures/integrations';
import { callPersonal, callAdmin, seedCatalog, useForge } from '../support/forge';
import { getUserToken } from '../../src/tokens/userToken';
import { DEFAULT_RETRY_POLICY, setRetryPolicy } from '../../src/storage/reliableKvs';
import { captureConsole } from '../support/captureConsole';
import { expectStorageLog, FAULT_CODES } from '../support/storageLog';

/** What the GitHub double says about any token next: 200 with a login, or 401. */
let github: 'valid' | 'revoked' = 'valid';

routeHostFetch(() =>
  Promise.resolve(
    github === 'valid'
      ? new Response(JSON.stringify({ login: 'octocat' }), { status: 200, headers: { 'x-oauth-scopes': 'repo' } })
      : new Response(JSON.stringify({ message: 'Bad credentials' }), { status: 401 }),
  ),
);

const forge = useForge();
const ALICE = '557058:0a1b2c3d-alice';
const BOB = '712020:bob-4e5f';
const TOKEN = 'ghp_UserTokenSecret0123456789LMNO';

async function save(integrationId: string, token = TOKEN, accountId = ALICE): Promise<PatView> {
  const result = await callPersonal<PatView>('savePat', { integrationId, token }, accountId);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

beforeEach(async () => {
  github = 'valid';
  await seedCatalog(forge.kvs, demoIntegrations());
});

describe('getUserToken', () => {
  it('gives the saved token with the PAT as the page shows it, host verdict included', async () => {
    const pat = await save('demo-github');
    expect(pat.verification).toMatchObject({ status: 'valid', login: 'octocat' });
    expect(await getUserToken(ALICE, 'demo-github')).toEqual({ credential: { kind: 'token', token: TOKEN }, pat });
  });

  it('gives the last known state after a re-check', async () => {
    await save('demo-github');
    github = 'revoked';
    const rechecked = await callPersonal<PatView>('recheckPat', { integrationId: 'demo-github' }, ALICE);
    expect(rechecked).toMatchObject({ ok: true, value: { verification: { status: 'expired' } } });
    expect(await getUserToken(ALICE, 'demo-github')).toEqual({
      credential: { kind: 'token', token: TOKEN },
      pat: rechecked.ok && rechecked.value,
    });
  });

  it('gives nothing when no token is saved, or after it was removed', async () => {
    expect(await getUserToken(ALICE, 'demo-github')).toBeUndefined();
    await save('demo-github');
    await callPersonal('removePat', { integrationId: 'demo-github' }, ALICE);
    expect(await getUserToken(ALICE, 'demo-github')).toBeUndefined();
  });

  it('keeps each user’s and each integration’s token apart', async () => {
    await save('demo-github', 'ghp_aliceGitHubToken_AAAA');
    await save('demo-gitea', 'gitea_aliceGiteaToken_BBBB');
    await save('demo-github', 'ghp_bobGitHubToken_CCCC', BOB);
    expect((await getUserToken(ALICE, 'demo-github'))?.credential).toEqual({ kind: 'token', token: 'ghp_aliceGitHubToken_AAAA' });
    expect((await getUserToken(ALICE, 'demo-gitea'))?.credential).toEqual({ kind: 'token', token: 'gitea_aliceGiteaToken_BBBB' });
    expect((await getUserToken(BOB, 'demo-github'))?.credential).toEqual({ kind: 'token', token: 'ghp_bobGitHubToken_CCCC' });
    expect(await getUserToken(BOB, 'demo-gitea')).toBeUndefined();
  });

  it('gives nothing for a save that stopped after writing its secret', async () => {
    const logged = captureConsole();
    // The save's second transaction, its commit, never answers.
    const handle = forge.kvs.handle.bind(forge.kvs);
    let transactions = 0;
    forge.kvs.handle = (path, init) => {
      if (path === '/api/v1/transaction' && ++transactions >= 2) forge.kvs.injectFault({ kind: 'hang', operation: 'transaction' });
      return handle(path, init);
    };
    setRetryPolicy({ ...DEFAULT_RETRY_POLICY, requestTimeoutMs: 20, baseDelayMs: 1, maxDelayMs: 4 });
    try {
      const result = await callPersonal('savePat', { integrationId: 'demo-github', token: TOKEN }, ALICE);
      expect(result).toMatchObject({ ok: false, error: { code: 'STORAGE_UNAVAILABLE' } });
      expectStorageLog(logged, [FAULT_CODES.hang], [result]);
    } finally {
      setRetryPolicy(DEFAULT_RETRY_POLICY);
      forge.kvs.handle = handle;
      forge.kvs.clearFaults();
      forge.kvs.releaseHung();
    }
    expect(forge.kvs.entries('secret')).toHaveLength(1);
    expect(await getUserToken(ALICE, 'demo-github')).toBeUndefined();
  });

  it('gives nothing once the integration is removed, even while its purge has not finished', async () => {
    await save('demo-gitlab');
    const admin = await callAdmin<AdminPage>('getAdminPage', {}, 'admin-1');
    if (!admin.ok) throw new Error(admin.error.message);
    const logged = captureConsole();
    // Every read after the removal's transaction fails, so the purge cannot even find the holders.
    const handle = forge.kvs.handle.bind(forge.kvs);
    let removed = false;
    forge.kvs.handle = (path, init) => {
      if (removed && path === '/api/v1/batch/get') forge.kvs.injectFault({ kind: 'server-error', operation: 'batch/get' });
      if (path === '/api/v1/transaction') removed = true;
      return handle(path, init);
    };
    const removal = await callAdmin(
      'removeIntegration',
      { integrationId: 'demo-gitlab', expectedRevision: admin.value.revision },
      'admin-1',
    );
    expect(removal).toMatchObject({ ok: true, value: { purgedUsers: 0, purgeFinished: false } });
    expectStorageLog(logged, [FAULT_CODES['server-error']]);
    expect(forge.kvs.entries('secret')).toHaveLength(1);
    forge.kvs.handle = handle;
    expect(await getUserToken(ALICE, 'demo-gitlab')).toBeUndefined();
  });

  it.each([
    ['an account id with a key separator', `${ALICE}#demo-github`, 'demo-github'],
    ['an empty account id', '', 'demo-github'],
    ['an integration id with a key separator', ALICE, 'demo#github'],
    ['an integration id in capitals', ALICE, 'DEMO-GITHUB'],
  ])('gives nothing for %s, without reading storage', async (_case, accountId, integrationId) => {
    await save('demo-github');
    forge.kvs.resetCounts();
    expect(await getUserToken(accountId, integrationId)).toBeUndefined();
    expect(forge.kvs.count()).toBe(0);
  });
});
