import type { PatView, PersonalPage, PersonalPageWire } from '../../src/contract';
import { decodePersonalPage } from '../../src/domain/catalogWire';
import { demoIntegrations } from '../../tools/fixtures/integrations';
import { callPersonal, seedCatalog, storedHolders, storedPats, storedTokens, useForge } from '../support/forge';

// These tests are about storage, not hosts: no git host is reachable from tests (support/noNetwork.ts),
// so tokens save as unreachable. patVerification.test.ts covers the checks.

const forge = useForge();
const ALICE = '557058:0a1b2c3d-alice';
const BOB = '712020:bob-4e5f';
const TOKEN = 'ghp_AliceSecretToken0123456789WXYZ';

async function seed(): Promise<void> {
  await seedCatalog(forge.kvs, demoIntegrations());
}

async function page(accountId: string): Promise<PersonalPage> {
  const result = await callPersonal<PersonalPageWire>('getPersonalPage', {}, accountId);
  if (!result.ok) throw new Error(result.error.message);
  return decodePersonalPage(result.value);
}

describe('loading the personal page', () => {
  it('lists every integration of the site and no PAT for a new user', async () => {
    await seed();
    const { integrations, pats } = await page(ALICE);
    expect(integrations.map((i) => i.name)).toEqual(demoIntegrations().map((i) => i.name));
    expect(pats).toEqual([]);
  });

  it('shows an empty list when the site has no integrations yet', async () => {
    expect(await page(ALICE)).toEqual({ integrations: [], pats: [] });
  });
});

describe('saving a PAT', () => {
  it('saves a pasted token and shows only its last four characters', async () => {
    await seed();
    const saved = await callPersonal<PatView>('savePat', { integrationId: 'demo-github', token: `  ${TOKEN}\n` }, ALICE);
    expect(saved).toEqual({
      ok: true,
      value: {
        integrationId: 'demo-github',
        hint: 'WXYZ',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        verification: {
          status: 'unreachable',
          reason: 'GitHub could not be reached. The token was saved; check it again later.',
          checkedAt: expect.any(String),
        },
      },
    });
    expect(storedTokens(forge.kvs)).toEqual([[`${ALICE}#demo-github`, TOKEN]]);
    expect((await page(ALICE)).pats).toEqual([saved.ok && saved.value]);
  });

  it('replaces a saved token, keeping when it was first saved', async () => {
    await seed();
    const first = await callPersonal<PatView>('savePat', { integrationId: 'demo-gitlab', token: 'glpat-first-token-AAAA' }, ALICE);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await callPersonal<PatView>('savePat', { integrationId: 'demo-gitlab', token: 'glpat-second-token-BBBB' }, ALICE);
    if (!first.ok || !second.ok) throw new Error('save failed');
    expect(second.value.hint).toBe('BBBB');
    expect(second.value.createdAt).toBe(first.value.createdAt);
    expect(second.value.updatedAt > first.value.updatedAt).toBe(true);
    expect(storedTokens(forge.kvs)).toEqual([[`${ALICE}#demo-gitlab`, 'glpat-second-token-BBBB']]);
    expect((await page(ALICE)).pats).toHaveLength(1);
  });

  it('keeps a token for each integration apart', async () => {
    await seed();
    await callPersonal('savePat', { integrationId: 'demo-github', token: 'ghp_one_1111111111' }, ALICE);
    await callPersonal('savePat', { integrationId: 'demo-gitea', token: 'gitea_two_2222222222' }, ALICE);
    const hints = (await page(ALICE)).pats.map((pat) => [pat.integrationId, pat.hint]).sort();
    expect(hints).toEqual([
      ['demo-gitea', '2222'],
      ['demo-github', '1111'],
    ]);
  });
});

describe('removing a PAT', () => {
  it('deletes the token and its metadata', async () => {
    await seed();
    await callPersonal('savePat', { integrationId: 'demo-github', token: TOKEN }, ALICE);
    expect(await callPersonal('removePat', { integrationId: 'demo-github' }, ALICE)).toEqual({
      ok: true,
      value: { integrationId: 'demo-github' },
    });
    expect((await page(ALICE)).pats).toEqual([]);
    expect(forge.kvs.entries('secret')).toEqual([]);
    expect(storedPats(forge.kvs)).toEqual([]);
    expect(storedHolders(forge.kvs)).toEqual([]);
  });

  it('says so when there is nothing to remove', async () => {
    await seed();
    expect(await callPersonal('removePat', { integrationId: 'demo-github' }, ALICE)).toEqual({
      ok: false,
      error: { code: 'PAT_NOT_FOUND', message: 'No personal access token is saved for this integration.' },
    });
  });
});

describe('refusals change nothing', () => {
  const cases: [string, string, unknown, string][] = [
    ['empty token', 'savePat', { integrationId: 'demo-github', token: '' }, 'INVALID_TOKEN'],
    ['whitespace token', 'savePat', { integrationId: 'demo-github', token: ' \n ' }, 'INVALID_TOKEN'],
    ['token over 4096 characters', 'savePat', { integrationId: 'demo-github', token: 'x'.repeat(4097) }, 'INVALID_TOKEN'],
    ['token with a space inside', 'savePat', { integrationId: 'demo-github', token: 'ghp_a b' }, 'INVALID_TOKEN'],
    ['token with a newline inside', 'savePat', { integrationId: 'demo-github', token: 'ghp_a\nb' }, 'INVALID_TOKEN'],
    ['token with a control character', 'savePat', { integrationId: 'demo-github', token: 'ghp_\u0007x' }, 'INVALID_TOKEN'],
    ['token that is a number', 'savePat', { integrationId: 'demo-github', token: 12345 }, 'INVALID_TOKEN'],
    ['missing token', 'savePat', { integrationId: 'demo-github' }, 'INVALID_TOKEN'],
    ['unknown integration', 'savePat', { integrationId: 'no-such-integration', token: TOKEN }, 'UNKNOWN_INTEGRATION'],
    ['malformed integration id', 'savePat', { integrationId: '../etc/passwd', token: TOKEN }, 'INVALID_PAYLOAD'],
    ['integration id that is an object', 'savePat', { integrationId: { $ne: null }, token: TOKEN }, 'INVALID_PAYLOAD'],
    ['accountId in the payload', 'savePat', { integrationId: 'demo-github', token: TOKEN, accountId: ALICE }, 'INVALID_PAYLOAD'],
    ['extra field', 'savePat', { integrationId: 'demo-github', token: TOKEN, admin: true }, 'INVALID_PAYLOAD'],
    ['array payload', 'savePat', [TOKEN], 'INVALID_PAYLOAD'],
    ['string payload', 'savePat', TOKEN, 'INVALID_PAYLOAD'],
    ['__proto__ key', 'savePat', JSON.parse(`{"integrationId":"demo-github","token":"${TOKEN}","__proto__":{"x":1}}`), 'INVALID_PAYLOAD'],
    ['remove with accountId', 'removePat', { integrationId: 'demo-github', accountId: BOB }, 'INVALID_PAYLOAD'],
    ['remove without id', 'removePat', {}, 'INVALID_PAYLOAD'],
    ['recheck with accountId', 'recheckPat', { integrationId: 'demo-github', accountId: BOB }, 'INVALID_PAYLOAD'],
    ['recheck without id', 'recheckPat', {}, 'INVALID_PAYLOAD'],
    ['recheck of an unknown integration', 'recheckPat', { integrationId: 'no-such-integration' }, 'UNKNOWN_INTEGRATION'],
    ['recheck with no PAT saved', 'recheckPat', { integrationId: 'demo-gitlab' }, 'PAT_NOT_FOUND'],
    ['load with a field', 'getPersonalPage', { accountId: BOB }, 'INVALID_PAYLOAD'],
    ['unknown resolver', 'getToken', { integrationId: 'demo-github' }, 'UNKNOWN_RESOLVER'],
  ];

  it.each(cases)('%s', async (_name, functionKey, payload, code) => {
    await seed();
    await callPersonal('savePat', { integrationId: 'demo-github', token: 'ghp_existing_token_EEEE' }, ALICE);
    const before = forge.kvs.snapshot();
    const result = await callPersonal(functionKey, payload, ALICE);
    expect(result).toMatchObject({ ok: false, error: { code, message: expect.any(String) } });
    expect(result.ok === false && result.error.message.length).toBeGreaterThan(5);
    expect(forge.kvs.snapshot()).toBe(before);
  });

  it('names the unexpected field in the message', async () => {
    await seed();
    expect(await callPersonal('savePat', { integrationId: 'demo-github', token: TOKEN, accountId: BOB }, ALICE)).toEqual({
      ok: false,
      error: { code: 'INVALID_PAYLOAD', message: 'Unexpected field: "accountId".' },
    });
  });

  it('refuses a call without a signed-in account', async () => {
    await seed();
    const before = forge.kvs.snapshot();
    expect(await callPersonal('savePat', { integrationId: 'demo-github', token: TOKEN }, undefined)).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(forge.kvs.snapshot()).toBe(before);
  });
});

describe('isolation between users', () => {
  it('never shows, replaces or removes another user’s token, whatever the payload or context says', async () => {
    await seed();
    await callPersonal('savePat', { integrationId: 'demo-github', token: TOKEN }, ALICE);
    const aliceBefore = await page(ALICE);

    expect((await page(BOB)).pats).toEqual([]);
    expect(await callPersonal('getPersonalPage', {}, BOB, { accountId: ALICE })).toMatchObject({ ok: true, value: { p: [] } });

    // A spoofed context account is overwritten by the platform's principal; a payload account is refused.
    await callPersonal('savePat', { integrationId: 'demo-github', token: 'ghp_bob_token_BBBBBBBB' }, BOB, { accountId: ALICE });
    await callPersonal('savePat', { integrationId: 'demo-github', token: 'ghp_evil_token_EEEEEEEE', accountId: ALICE }, BOB);
    expect(await callPersonal('removePat', { integrationId: 'demo-github', accountId: ALICE }, BOB)).toMatchObject({ ok: false });
    await callPersonal('removePat', { integrationId: 'demo-github' }, BOB);
    expect(await callPersonal('recheckPat', { integrationId: 'demo-github' }, BOB)).toMatchObject({
      ok: false,
      error: { code: 'PAT_NOT_FOUND' },
    });

    expect(await page(ALICE)).toEqual(aliceBefore);
    expect(storedTokens(forge.kvs)).toEqual([[`${ALICE}#demo-github`, TOKEN]]);
  });
});

describe('the token never leaves the backend', () => {
  it('appears in no resolver response', async () => {
    await seed();
    const responses = [
      await callPersonal('savePat', { integrationId: 'demo-github', token: TOKEN }, ALICE),
      await callPersonal('getPersonalPage', {}, ALICE),
      await callPersonal('savePat', { integrationId: 'demo-github', token: `${TOKEN} x` }, ALICE),
      await callPersonal('savePat', { integrationId: 'no-such', token: TOKEN }, ALICE),
      await callPersonal('recheckPat', { integrationId: 'demo-github' }, ALICE),
      await callPersonal('removePat', { integrationId: 'demo-github' }, ALICE),
    ];
    for (const response of responses) {
      expect(JSON.stringify(response)).not.toContain(TOKEN.slice(0, -4));
    }
  });

  it('is stored only as a secret, never in a plain value', async () => {
    await seed();
    await callPersonal('savePat', { integrationId: 'demo-github', token: TOKEN }, ALICE);
    expect(JSON.stringify({ ...forge.kvs.exportState(), secret: [] })).not.toContain(TOKEN.slice(0, -4));
  });
});
