/**
 * Storage request budgets (issue 13), counted by the emulator behind the real SDK: counts, never
 * times (`npm run bench` measures times). docs/storage.md lists the requests of each operation.
 */
import type { AdminPage, PersonalPageWire, Verification } from '../../src/contract';
import { decodePersonalPage } from '../../src/domain/catalogWire';
import { MAX_INTEGRATIONS } from '../../src/domain/integration';
import { savePat } from '../../src/storage/patStore';
import { generatedIntegrations } from '../../tools/fixtures/integrations';
import { callPersonal, callAdmin, seedCatalog, useForge } from '../support/forge';

const forge = useForge();
const ACCOUNT = '557058:budget-user';
const SEEDED: Verification = { status: 'not-verified', checkedAt: '2025-01-01T00:00:00.000Z' };

function ok<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** Requests that read through an eventually consistent query. */
const queries = () => forge.kvs.count('query') + forge.kvs.count('entity/query');

describe('loading the personal page', () => {
  it.each([
    [10, 10],
    [100, 100],
    [2000, 100],
  ])(
    'costs 1 invoke, at most 2 strict KVS requests (1 while the catalog is one chunk) and at most 0.7 of the plain JSON with %i integrations and %i PATs',
    async (count, held) => {
      const integrations = generatedIntegrations(count);
      await seedCatalog(forge.kvs, integrations);
      for (const integration of integrations.slice(0, held)) {
        await savePat(
          ACCOUNT,
          integration.id,
          () => Promise.resolve({ credential: { kind: 'token', token: `ghp_budget_${integration.id}_0123456789` }, verification: SEEDED }),
          new Date(),
        );
      }
      forge.kvs.resetCounts();

      const result = await callPersonal<PersonalPageWire>('getPersonalPage', {}, ACCOUNT);
      const page = decodePersonalPage(ok(result));
      // The compact form (src/domain/catalogWire.ts) against the plain JSON of the same page, as sent before issue 16.
      expect(Buffer.byteLength(JSON.stringify(result)) / Buffer.byteLength(JSON.stringify({ ok: true, value: page }))).toBeLessThanOrEqual(
        0.7,
      );

      expect(page.integrations).toHaveLength(count);
      expect(page.pats).toHaveLength(held);
      expect(forge.kvs.count()).toBe(forge.kvs.entityEntries('catalog-chunk').length > 1 ? 2 : 1);
      expect(forge.kvs.count()).toBeLessThanOrEqual(2);
      expect(queries()).toBe(0);
      expect(forge.kvs.count('secret/get')).toBe(0);
    },
    60_000,
  );
});

describe('changing a PAT', () => {
  beforeEach(() => seedCatalog(forge.kvs, generatedIntegrations(20)));
  const [first] = generatedIntegrations(20);

  it('saves a new PAT in at most 4 KVS requests (was 7)', async () => {
    forge.kvs.resetCounts();
    ok(await callPersonal('savePat', { integrationId: first!.id, token: 'ghp_FirstTokenValue_0123456789_AAAA' }, ACCOUNT));
    expect(forge.kvs.count()).toBeLessThanOrEqual(4);
    expect(queries()).toBe(0);
  });

  it('replaces a PAT in at most 5 KVS requests (was 9)', async () => {
    ok(await callPersonal('savePat', { integrationId: first!.id, token: 'ghp_FirstTokenValue_0123456789_AAAA' }, ACCOUNT));
    forge.kvs.resetCounts();
    ok(await callPersonal('savePat', { integrationId: first!.id, token: 'ghp_OtherTokenValue_0123456789_BBBB' }, ACCOUNT));
    expect(forge.kvs.count()).toBeLessThanOrEqual(5);
    expect(queries()).toBe(0);
  });

  it('removes a PAT in at most 4 KVS requests (was 6)', async () => {
    ok(await callPersonal('savePat', { integrationId: first!.id, token: 'ghp_FirstTokenValue_0123456789_AAAA' }, ACCOUNT));
    forge.kvs.resetCounts();
    ok(await callPersonal('removePat', { integrationId: first!.id }, ACCOUNT));
    expect(forge.kvs.count()).toBeLessThanOrEqual(4);
    expect(queries()).toBe(0);
  });
});

describe('the catalog cap', () => {
  it(`refuses the integration after the ${MAX_INTEGRATIONS.toLocaleString('en-US')}th with a message, changing nothing`, async () => {
    await seedCatalog(forge.kvs, generatedIntegrations(MAX_INTEGRATIONS));
    const { revision } = ok(await callAdmin<AdminPage>('getAdminPage', {}, 'admin-1'));
    const before = forge.kvs.snapshot();
    const result = await callAdmin(
      'saveIntegration',
      { integration: { name: 'One too many', hostType: 'github', requirePat: false }, expectedRevision: revision },
      'admin-1',
    );
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'INVALID_INTEGRATION',
        message: 'A site can have at most 2,000 git integrations. Remove one before adding another.',
        field: 'integration',
      },
    });
    expect(forge.kvs.snapshot()).toBe(before);
  }, 60_000);
});
