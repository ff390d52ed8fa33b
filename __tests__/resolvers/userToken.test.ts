import type { PatView, ResolverResult } from '../../src/contract';
import { demoIntegrations } from '../../tools/fixtures/integrations';

/** What the GitHub double says about any token next: 200 with a login, or 401. */
let github: 'valid' | 'revoked' = 'valid';

// @forge/api keeps the fetch it finds when it loads, so this GitHub double goes in before the app is required.
globalThis.fetch = async () =>
  github === 'valid'
    ? new Response(JSON.stringify({ login: 'octocat' }), { status: 200, headers: { 'x-oauth-scopes': 'repo' } })
    : new Response(JSON.stringify({ message: 'Bad credentials' }), { status: 401 });

const { call, seedCatalog, useForge } = require('../support/forge') as typeof import('../support/forge');
const { getUserToken } = require('../../src/tokens/userToken') as typeof import('../../src/tokens/userToken');
const { kvs } = require('@forge/kvs') as typeof import('@forge/kvs');

const forge = useForge();
const ALICE = '557058:0a1b2c3d-alice';
const BOB = '712020:bob-4e5f';
const TOKEN = 'ghp_UserTokenSecret0123456789LMNO';

async function save(integrationId: string, token = TOKEN, accountId = ALICE): Promise<PatView> {
  const result = await call<PatView>('savePat', { integrationId, token }, accountId);
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
    const rechecked = (await call('recheckPat', { integrationId: 'demo-github' }, ALICE)) as ResolverResult<PatView>;
    expect(rechecked).toMatchObject({ ok: true, value: { verification: { status: 'expired' } } });
    expect(await getUserToken(ALICE, 'demo-github')).toEqual({ credential: { kind: 'token', token: TOKEN }, pat: rechecked.ok && rechecked.value });
  });

  it('gives nothing when no token is saved, or after it was removed', async () => {
    expect(await getUserToken(ALICE, 'demo-github')).toBeUndefined();
    await save('demo-github');
    await call('removePat', { integrationId: 'demo-github' }, ALICE);
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

  it('gives nothing for what a save or removal that failed part-way left behind', async () => {
    await kvs.setSecret(`token#${ALICE}#demo-github`, TOKEN); // a save that stopped after the secret
    expect(await getUserToken(ALICE, 'demo-github')).toBeUndefined();
    await save('demo-gitlab');
    await kvs.deleteSecret(`token#${ALICE}#demo-gitlab`); // a removal that stopped after the secret
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
