/**
 * Random sequences of saves, replaces, removals and page loads by several users, and admin loads,
 * additions, edits and removals by several admins — on an emulator whose queries lag and whose
 * expired keys linger (both FAIL_IF_EXISTS variants), with storage faults injected at random.
 * After every step: each user sees exactly their own PATs, and what they saved; no admin's
 * acknowledged change is lost; a removed integration never reappears and none of its tokens is
 * usable once its removal answered; storage agrees with itself; no response holds a token.
 */
import fc from 'fast-check';
import type { AdminPage, PersonalPageWire, ResolverResult } from '../../src/contract';
import { decodePersonalPage } from '../../src/domain/catalogWire';
import { nameKey } from '../../src/domain/integration';
import { tokenHint } from '../../src/domain/token';
import { DEFAULT_RETRY_POLICY, setRetryPolicy, type RetryPolicy } from '../../src/storage/reliableKvs';
import { getUserToken } from '../../src/tokens/userToken';
import type { FaultKind } from '../../tools/forge-doubles/kvsEmulator';
import { demoIntegrations } from '../../tools/fixtures/integrations';
import { callPersonal, callAdmin, seedCatalog, useForge } from '../support/forge';
import { captureConsole } from '../support/captureConsole';
import { leftovers } from '../support/storageInvariants';
import { expectStorageLog } from '../support/storageLog';

// Queries may trail writes by up to 40 requests, longer than any one call's requests.
const forge = useForge({ queryLag: 40 });
const USERS = ['557058:alice', 'bob-2', 'carol_3'];
const ADMINS = ['admin-1', '557058:admin-2'];
const SEED = demoIntegrations().slice(0, 4);
const TEST_POLICY: RetryPolicy = { ...DEFAULT_RETRY_POLICY, requestTimeoutMs: 15, baseDelayMs: 1, maxDelayMs: 2 };
const BOUND = TEST_POLICY.attempts;

beforeAll(() => setRetryPolicy(TEST_POLICY));
afterAll(() => setRetryPolicy(DEFAULT_RETRY_POLICY));

interface ArmedFault {
  operation: string;
  kind: FaultKind;
  when: 'before' | 'after';
  times: number;
}

type Op =
  | { kind: 'save'; user: number; integration: number; token: string; fault?: ArmedFault }
  | { kind: 'remove'; user: number; integration: number; fault?: ArmedFault }
  | { kind: 'adminLoad'; admin: number }
  | { kind: 'add'; admin: number; name: string; fault?: ArmedFault }
  | { kind: 'edit'; admin: number; integration: number; name: string; fault?: ArmedFault }
  | { kind: 'removeIntegration'; admin: number; integration: number; fault?: ArmedFault };

const faultArb: fc.Arbitrary<ArmedFault | undefined> = fc.option(
  fc.record({
    operation: fc.constantFrom('batch/get', 'transaction', 'secret/set', 'secret/get', 'secret/delete'),
    kind: fc.constantFrom<FaultKind>('rate-limit', 'server-error', 'hang'),
    when: fc.constantFrom<'before' | 'after'>('before', 'after'),
    times: fc.integer({ min: 1, max: BOUND + 1 }),
  }),
  { freq: 3, nil: undefined },
);
const tokenArb = fc.stringMatching(/^[A-Za-z0-9_]{16,40}$/).map((body) => `tok_${body}`);
const nameArb = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{2,20}$/);
const user = fc.nat(USERS.length - 1);
const admin = fc.nat(ADMINS.length - 1);
const index = fc.nat(9);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('save' as const), user, integration: index, token: tokenArb, fault: faultArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), user, integration: index, fault: faultArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('adminLoad' as const), admin }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('add' as const), admin, name: nameArb, fault: faultArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('edit' as const), admin, integration: index, name: nameArb, fault: faultArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('removeIntegration' as const), admin, integration: index, fault: faultArb }) },
);

/** A PAT whose save or removal failed: the page may show either outcome, and from then on must keep showing it. */
type Expected = string | undefined | { either: [string | undefined, string | undefined] };

function ok<T>(result: ResolverResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

async function runSequence(ops: Op[]): Promise<void> {
  // Each run is a new site: no data, and a rate budget of its own.
  forge.kvs.importState({ plain: [], secret: [], entities: {} });
  forge.kvs.resetRateWindow();
  await seedCatalog(forge.kvs, SEED);
  /** The catalog as admins have been told it is: ids in order, with names. */
  let catalog = SEED.map((integration) => ({ id: integration.id, name: integration.name }));
  let revision = ok(await callAdmin<AdminPage>('getAdminPage', {}, ADMINS[0])).revision;
  const seen = ADMINS.map(() => revision);
  const removed = new Set<string>();
  const model = USERS.map(() => new Map<string, Expected>());
  const tokens: string[] = [];
  const results: ResolverResult<unknown>[] = [];
  const logged = captureConsole();
  const record = <T>(result: ResolverResult<T>) => {
    results.push(result);
    return result;
  };
  const arm = (fault: ArmedFault | undefined) => {
    if (fault) forge.kvs.injectFault(fault);
  };
  const disarm = () => {
    forge.kvs.clearFaults();
    forge.kvs.releaseHung();
  };
  const target = (i: number) => {
    const ids = [...catalog.map((entry) => entry.id), ...removed];
    return ids[i % ids.length]!;
  };

  /** Pins an admin change whose call failed to what the catalog now shows: before it, or after it. */
  const settleAdmin = async (before: typeof catalog, after: typeof catalog): Promise<boolean> => {
    const page = ok(await callAdmin<AdminPage>('getAdminPage', {}, ADMINS[0]));
    const shown = page.integrations.map((integration) => ({ id: integration.id, name: integration.name }));
    if (page.revision === revision + 1) {
      // An added integration's id is chosen by the server.
      expect(shown.map((entry) => entry.name)).toEqual(after.map((entry) => entry.name));
      catalog = shown;
      revision = page.revision;
      return true;
    }
    expect(page.revision).toBe(revision);
    expect(shown).toEqual(before);
    return false;
  };

  for (const op of ops) {
    if (op.kind === 'save' || op.kind === 'remove') {
      const integrationId = target(op.integration);
      const accountId = USERS[op.user]!;
      const pats = model[op.user]!;
      const before = pats.get(integrationId);
      if (op.kind === 'save') tokens.push(op.token);
      arm(op.fault);
      const result = record(
        op.kind === 'save'
          ? await callPersonal('savePat', { integrationId, token: op.token }, accountId)
          : await callPersonal('removePat', { integrationId }, accountId),
      );
      disarm();
      const after = op.kind === 'save' ? tokenHint(op.token) : undefined;
      if (result.ok) {
        expect(removed.has(integrationId)).toBe(false);
        if (after === undefined) pats.delete(integrationId);
        else pats.set(integrationId, after);
      } else if (result.error.code === 'STORAGE_UNAVAILABLE') {
        expect(op.fault).toBeDefined();
        const old = typeof before === 'object' ? undefined : before;
        pats.set(integrationId, { either: [old, after] });
      } else if (removed.has(integrationId)) {
        expect(result.error.code).toBe(op.kind === 'save' ? 'UNKNOWN_INTEGRATION' : 'PAT_NOT_FOUND');
      } else {
        expect(result.error.code).toBe('PAT_NOT_FOUND');
        expect(op.kind === 'remove' && (before === undefined || typeof before === 'object')).toBe(true);
        pats.delete(integrationId);
      }
    } else if (op.kind === 'adminLoad') {
      const page = record(await callAdmin<AdminPage>('getAdminPage', {}, ADMINS[op.admin]));
      seen[op.admin] = ok(page).revision;
      expect(ok(page).revision).toBe(revision);
      expect(ok(page).integrations.map((integration) => ({ id: integration.id, name: integration.name }))).toEqual(catalog);
    } else {
      const adminId = ADMINS[op.admin]!;
      const expectedRevision = seen[op.admin]!;
      const before = catalog;
      let after = catalog;
      let payload: unknown;
      let resolver: string;
      let gone: string | undefined;
      if (op.kind === 'add') {
        resolver = 'saveIntegration';
        payload = { integration: { name: op.name, hostType: 'github', requirePat: false }, expectedRevision };
        after = [...catalog, { id: '?', name: op.name }];
      } else if (op.kind === 'edit' && catalog.length > 0) {
        const entry = catalog[op.integration % catalog.length]!;
        resolver = 'saveIntegration';
        payload = {
          integration: {
            id: entry.id,
            name: op.name,
            hostType: SEED.find((s) => s.id === entry.id)?.hostType ?? 'github',
            baseUrl: SEED.find((s) => s.id === entry.id)?.baseUrl,
            organization: SEED.find((s) => s.id === entry.id)?.organization,
            requirePat: false,
          },
          expectedRevision,
        };
        after = catalog.map((other) => (other.id === entry.id ? { id: entry.id, name: op.name } : other));
      } else if (op.kind === 'removeIntegration' && catalog.length > 0) {
        gone = catalog[op.integration % catalog.length]!.id;
        resolver = 'removeIntegration';
        payload = { integrationId: gone, expectedRevision };
        after = catalog.filter((other) => other.id !== gone);
      } else {
        continue;
      }
      const editedId = op.kind === 'edit' ? catalog[op.integration % catalog.length]!.id : undefined;
      const nameTaken =
        op.kind !== 'removeIntegration' && catalog.some((other) => other.id !== editedId && nameKey(other.name) === nameKey(op.name));
      arm(op.fault);
      const result = record(await callAdmin<AdminPage>(resolver, payload, adminId));
      disarm();
      let applied = false;
      if (result.ok) {
        expect(expectedRevision).toBe(revision);
        catalog = result.value.integrations.map((integration) => ({ id: integration.id, name: integration.name }));
        expect(catalog.map((entry) => entry.name)).toEqual(after.map((entry) => entry.name));
        revision = result.value.revision;
        applied = true;
      } else if (result.error.code === 'CONFLICT') {
        expect(expectedRevision).not.toBe(revision);
      } else if (result.error.code === 'INVALID_INTEGRATION') {
        expect(nameTaken).toBe(true);
      } else {
        expect(result.error.code).toBe('STORAGE_UNAVAILABLE');
        expect(op.fault).toBeDefined();
        applied = expectedRevision === revision && (await settleAdmin(before, after));
      }
      if (applied) seen[op.admin] = revision;
      if (applied && gone) {
        removed.add(gone);
        for (const pats of model) pats.delete(gone);
        for (const accountId of USERS) expect(await getUserToken(accountId, gone)).toBeUndefined();
      }
    }

    // After every step, every user sees exactly their own PATs, and only live integrations.
    for (const [i, accountId] of USERS.entries()) {
      const page = decodePersonalPage(ok(record(await callPersonal<PersonalPageWire>('getPersonalPage', {}, accountId))));
      expect(page.integrations.map((integration) => integration.id)).toEqual(catalog.map((entry) => entry.id));
      const shown = new Map(page.pats.map((pat) => [pat.integrationId, pat.hint]));
      for (const [integrationId, expected] of [...model[i]!]) {
        if (typeof expected === 'object' && expected !== null) {
          expect(expected.either).toContain(shown.get(integrationId));
          if (shown.get(integrationId) === undefined) model[i]!.delete(integrationId);
          else model[i]!.set(integrationId, shown.get(integrationId));
        }
      }
      expect(shown).toEqual(model[i]);
    }
    leftovers(forge.kvs);
  }
  const said = results.map((result) => JSON.stringify(result)).join('\n');
  for (const token of tokens) expect(said).not.toContain(token);
  // Faults are logged as retries and failed calls, each failed call with the ref its user was told.
  expectStorageLog(logged, [], results);
}

describe.each(['blocks', 'ignores'] as const)('with expired keys that %s FAIL_IF_EXISTS', (variant) => {
  test('random sequences keep users apart, keep every acknowledged change, and keep tokens inside', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 20 }), async (ops) => {
        forge.kvs.failIfExistsOnExpired = variant;
        await runSequence(ops);
      }),
      { numRuns: 60, seed: variant === 'blocks' ? 20261129 : 20261130 },
    );
  }, 300_000);
});
