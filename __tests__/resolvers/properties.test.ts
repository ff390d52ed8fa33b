import fc from 'fast-check';
import type { AdminPage, PersonalPageWire } from '../../src/contract';
import { decodePersonalPage } from '../../src/domain/catalogWire';
import { tokenHint } from '../../src/domain/token';
import { KvsEmulator } from '../../tools/forge-doubles/kvsEmulator';
import { demoIntegrations } from '../../tools/fixtures/integrations';
import { call, callAdmin, seedCatalog, useForge } from '../support/forge';

const forge = useForge();
const USERS = ['557058:alice', 'bob-2', 'carol_3'];
const ADMINS = ['admin-1', '557058:admin-2'];
const INTEGRATIONS = demoIntegrations().slice(0, 5).map((integration) => integration.id);

type Op =
  | { kind: 'save'; user: number; integration: number; token: string }
  | { kind: 'remove'; user: number; integration: number }
  | { kind: 'load'; user: number }
  | { kind: 'removeIntegration'; admin: number; integration: number };

const tokenArb = fc.stringMatching(/^[A-Za-z0-9_]{16,40}$/).map((body) => `tok_${body}`);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('save' as const), user: fc.nat(USERS.length - 1), integration: fc.nat(INTEGRATIONS.length - 1), token: tokenArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), user: fc.nat(USERS.length - 1), integration: fc.nat(INTEGRATIONS.length - 1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('load' as const), user: fc.nat(USERS.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('removeIntegration' as const), admin: fc.nat(ADMINS.length - 1), integration: fc.nat(INTEGRATIONS.length - 1) }) },
);

/** The secrets, PAT metadata and holder records describe the same set of (account, integration) pairs. */
function storageAgrees(kvs: KvsEmulator): void {
  const secrets = kvs.entries('secret').map(([key]) => key.replace(/^token#/, '')).sort();
  const plain = kvs.entries('plain');
  const indexed = plain
    .filter(([key]) => key.startsWith('pats#'))
    .flatMap(([key, value]) => {
      const account = key.slice('pats#'.length, key.lastIndexOf('#'));
      return Object.keys((value as { pats: Record<string, unknown> }).pats).map((integrationId) => `${account}#${integrationId}`);
    })
    .sort();
  const holders = plain
    .filter(([key]) => key.startsWith('holder#'))
    .map(([key]) => {
      const [, integrationId, ...account] = key.split('#');
      return `${account.join('#')}#${integrationId}`;
    })
    .sort();
  expect(indexed).toEqual(secrets);
  expect(holders).toEqual(secrets);
}

test('random sequences of saves, replaces, removals, loads and admin removals keep users apart and tokens inside', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
      forge.kvs.importState({ plain: [], secret: [] });
      await seedCatalog(forge.kvs, demoIntegrations());
      const live = new Set(INTEGRATIONS);
      /** What each user must see: integration → hint of the last acknowledged save. */
      const model = USERS.map(() => new Map<string, string>());
      const tokens: string[] = [];
      const responses: string[] = [];

      for (const op of ops) {
        if (op.kind === 'save') {
          const integrationId = INTEGRATIONS[op.integration]!;
          tokens.push(op.token);
          const result = await call('savePat', { integrationId, token: op.token }, USERS[op.user]);
          responses.push(JSON.stringify(result));
          expect(result.ok).toBe(live.has(integrationId));
          if (result.ok) model[op.user]!.set(integrationId, tokenHint(op.token));
        } else if (op.kind === 'remove') {
          const integrationId = INTEGRATIONS[op.integration]!;
          const result = await call('removePat', { integrationId }, USERS[op.user]);
          responses.push(JSON.stringify(result));
          expect(result.ok).toBe(model[op.user]!.has(integrationId));
          model[op.user]!.delete(integrationId);
        } else if (op.kind === 'removeIntegration') {
          const integrationId = INTEGRATIONS[op.integration]!;
          const page = await callAdmin<AdminPage>('getAdminPage', {}, ADMINS[op.admin]);
          if (!page.ok) throw new Error(page.error.message);
          const result = await callAdmin('removeIntegration', { integrationId, expectedRevision: page.value.revision }, ADMINS[op.admin]);
          responses.push(JSON.stringify(result));
          expect(result.ok).toBe(live.has(integrationId));
          live.delete(integrationId);
          for (const pats of model) pats.delete(integrationId);
        }
        // After every step, every user sees exactly their own PATs.
        for (const [index, accountId] of USERS.entries()) {
          const page = await call<PersonalPageWire>('getPersonalPage', {}, accountId);
          responses.push(JSON.stringify(page));
          if (!page.ok) throw new Error(page.error.message);
          const seen = new Map(decodePersonalPage(page.value).pats.map((pat) => [pat.integrationId, pat.hint]));
          expect(seen).toEqual(model[index]);
        }
        storageAgrees(forge.kvs);
      }
      const said = responses.join('\n');
      for (const token of tokens) expect(said).not.toContain(token);
    }),
    { numRuns: 200, seed: 20261125 },
  );
}, 120_000);
