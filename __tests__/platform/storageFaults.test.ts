/**
 * Every storage request of save (new), replace, remove, re-check, the page load and the admin catalog
 * write and removal, under a 429, a 500 or a hung request, before the request takes effect or after
 * (the write landed, its answer was lost). A fault repeated fewer times than the retry bound must not
 * show; repeated more often, the call fails with STORAGE_UNAVAILABLE (or succeeds, where reading back
 * shows the write landed) and leaves the old state or the new one, never a mix: a PAT shown has the
 * hint of the token actually stored, and the backend uses that token. What a failure may leave is
 * listed per step (`left`):
 *   stray  a stored secret that no PAT names: invisible and unusable, always listed in its account's
 *          `loose` list, so the daily sweep deletes it (docs/storage.md)
 * Nothing else is ever left: no lock, no claim, nothing that blocks a later change.
 * After each failure the same call, retried without faults, succeeds, and after the sweep storage
 * holds exactly the PATs shown.
 */
import type { AdminPage, PatView, PersonalPage, PersonalPageWire, ResolverResult } from '../../src/contract';
import { decodePersonalPage } from '../../src/domain/catalogWire';
import { tokenHint } from '../../src/domain/token';
import { LOOSE_GRACE_MS, sweepLooseSecrets } from '../../src/storage/looseSecrets';
import { DEFAULT_RETRY_POLICY, setRetryPolicy, type RetryPolicy } from '../../src/storage/reliableKvs';
import { DEFAULT_TIMEOUT_MS } from '../../src/hostChecks/checkWithHost';
import { getUserToken } from '../../src/tokens/userToken';
import type { FaultKind } from '../../tools/forge-doubles/kvsEmulator';
import type { Integration } from '../../src/domain/integration';
import { demoIntegrations, generatedIntegrations } from '../../tools/fixtures/integrations';
import { callPersonal, callAdmin, seedCatalog, storedHolders, storedPats, storedSecret, useForge } from '../support/forge';
import { leftovers as storedLeftovers, type Leftover } from '../support/storageInvariants';
import { captureStorageLog, expectStorageLog, FAULT_CODES } from '../support/storageLog';

const forge = useForge();
const ALICE = '557058:0a1b2c3d-alice';
const BOB = '712020:bob-4e5f';
const ADMIN = 'admin-1';
const OLD = 'ghp_OldTokenValue_0123456789_OLD1';
const NEW = 'ghp_NewTokenValue_0123456789_NEW2';

/** Short waits so the suite stays fast; the production policy is checked on its own below. */
const TEST_POLICY: RetryPolicy = { ...DEFAULT_RETRY_POLICY, requestTimeoutMs: 20, baseDelayMs: 1, maxDelayMs: 4 };
const BOUND = TEST_POLICY.attempts;
/** Retries and failed calls are logged: each test asserts its lines (support/storageLog.ts). */
const log = captureStorageLog();

beforeAll(() => setRetryPolicy(TEST_POLICY));
afterAll(() => setRetryPolicy(DEFAULT_RETRY_POLICY));

// ---------------------------------------------------------------------------------------------
// Faults at one step

interface Fault {
  kind: FaultKind;
  when: 'before' | 'after';
}

const READ_FAULTS: Fault[] = [
  { kind: 'rate-limit', when: 'before' },
  { kind: 'server-error', when: 'before' },
  { kind: 'hang', when: 'before' },
];
const WRITE_FAULTS: Fault[] = [...READ_FAULTS, { kind: 'server-error', when: 'after' }, { kind: 'hang', when: 'after' }];

/** How a fault class ends when it outlasts the retries; 429 and 500 before the request behave alike. */
type FaultClass = 'before' | 'after' | 'hang' | 'hang-after';

function classOf({ kind, when }: Fault): FaultClass {
  if (kind === 'hang') return when === 'after' ? 'hang-after' : 'hang';
  return when;
}

/** One storage request of an operation: its KVS operation, a key it names, and which such request it is. */
interface Step {
  operation: string;
  key: string;
  nth?: number;
}

/** Every key a request names: a single key, a batch's items, a transaction's operations. */
function keysOf(init: RequestInit | undefined): string[] {
  const body = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as unknown;
  if (Array.isArray(body)) return body.map((item: { key: string }) => item.key);
  const request = body as { key?: string; set?: { key: string }[]; delete?: { key: string }[]; check?: { key: string }[] };
  if (request.key !== undefined) return [request.key];
  return [...(request.set ?? []), ...(request.delete ?? []), ...(request.check ?? [])].map((item) => item.key);
}

/** Makes `times` requests of the step fail with the fault, starting at its `nth` occurrence (retries are occurrences too). */
function faultAt(step: Step, fault: Fault, times: number): void {
  const kvs = forge.kvs;
  const handle = kvs.handle.bind(kvs);
  let seen = 0;
  let left = times;
  kvs.handle = (path, init) => {
    if (path === `/api/v1/${step.operation}` && keysOf(init).some((key) => key.startsWith(step.key))) {
      seen += 1;
      if (seen >= (step.nth ?? 1) && left > 0) {
        left -= 1;
        kvs.injectFault({ ...fault, operation: step.operation, times: 1 });
      }
    }
    return handle(path, init);
  };
}

// ---------------------------------------------------------------------------------------------
// What storage holds

function leftovers(): Leftover[] {
  return storedLeftovers(forge.kvs);
}

/** Runs the daily sweep for the accounts as if the grace period had passed. */
async function sweep(): Promise<void> {
  const later = new Date(Date.now() + LOOSE_GRACE_MS + 1000);
  for (const accountId of [ALICE, BOB]) await sweepLooseSecrets(accountId, later);
}

async function page(accountId = ALICE): Promise<PersonalPage> {
  const result = await callPersonal<PersonalPageWire>('getPersonalPage', {}, accountId);
  if (!result.ok) throw new Error(result.error.message);
  return decodePersonalPage(result.value);
}

/** Alice's PAT for the integration as her page shows it, checked against the token the backend would use. */
async function shownPat(integrationId: string): Promise<PatView | undefined> {
  const pat = (await page()).pats.find((candidate) => candidate.integrationId === integrationId);
  const used = await getUserToken(ALICE, integrationId);
  expect(used?.pat).toEqual(pat);
  if (used) expect(tokenHint(storedSecret(used.credential))).toBe(pat?.hint);
  return pat;
}

async function save(token: string, integrationId = 'demo-github', accountId = ALICE) {
  const result = await callPersonal<PatView>('savePat', { integrationId, token }, accountId);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function expectStorageUnavailable(result: ResolverResult<unknown>): void {
  expect(result).toEqual({ ok: false, error: { code: 'STORAGE_UNAVAILABLE', message: expect.stringMatching(/\(ref [0-9a-f]{8}\)$/) } });
}

// ---------------------------------------------------------------------------------------------
// The personal page's operations

type State = 'old' | 'new';
/** What a fault that outlasts the retries ends in: whether the call succeeds, the state shown, the leftovers. */
type Outcome = [ok: boolean, shown: State, left: Leftover[]];
/** One outcome for every fault class, or one per class. */
type Outcomes = Outcome | Record<FaultClass, Outcome>;

interface StepCase {
  name: string;
  step: Step;
  write: boolean;
  above: Outcomes;
}

interface Operation {
  name: string;
  /** Runs before faults are armed. */
  setup: () => Promise<void>;
  act: () => Promise<ResolverResult<unknown>>;
  /** Which state the page shows now. */
  observe: () => Promise<State>;
  /** A retry after a failure may meet a PAT already gone. */
  retryMayFindNothing?: boolean;
  steps: StepCase[];
}

const failOld: Outcome = [false, 'old', []];
const failOldStray: Outcome = [false, 'old', ['stray']];
const okNew: Outcome = [true, 'new', []];
const okNewStray: Outcome = [true, 'new', ['stray']];
/** A write that outlasts the retries: lost when refused or hung before it lands; read back and done when it landed. */
const confirmedWrite = (refused: Outcome): Record<FaultClass, Outcome> => ({
  before: refused,
  after: okNew,
  hang: refused,
  'hang-after': okNew,
});

const firstRead: Step = { operation: 'batch/get', key: 'demo-github', nth: 1 };
const aliceSecret = `token#${ALICE}#demo-github#`;
const intent: StepCase = {
  name: 'intent',
  step: { operation: 'transaction', key: ALICE, nth: 1 },
  write: true,
  above: confirmedWrite(failOld),
};
const secretWrite: StepCase = {
  name: 'secret write',
  step: { operation: 'secret/set', key: aliceSecret },
  write: true,
  above: { before: failOld, after: failOldStray, hang: failOld, 'hang-after': failOldStray },
};
const commit: StepCase = {
  name: 'commit',
  step: { operation: 'transaction', key: ALICE, nth: 2 },
  write: true,
  above: confirmedWrite(failOldStray),
};

let checkedBefore: string | undefined;

const OPERATIONS: Operation[] = [
  {
    name: 'save (new)',
    setup: () => seedCatalog(forge.kvs, demoIntegrations()),
    act: () => callPersonal('savePat', { integrationId: 'demo-github', token: NEW }, ALICE),
    observe: async () => {
      const pat = await shownPat('demo-github');
      if (pat === undefined) return 'old';
      expect(pat.hint).toBe('NEW2');
      return 'new';
    },
    steps: [{ name: 'read', step: firstRead, write: false, above: failOld }, intent, secretWrite, commit],
  },
  {
    name: 'replace',
    setup: async () => {
      await seedCatalog(forge.kvs, demoIntegrations());
      await save(OLD);
    },
    act: () => callPersonal('savePat', { integrationId: 'demo-github', token: NEW }, ALICE),
    observe: async () => {
      const hint = (await shownPat('demo-github'))?.hint;
      expect(['OLD1', 'NEW2']).toContain(hint);
      return hint === 'OLD1' ? 'old' : 'new';
    },
    steps: [
      { name: 'read', step: firstRead, write: false, above: failOld },
      intent,
      secretWrite,
      commit,
      {
        name: 'old secret deletion',
        step: { operation: 'secret/delete', key: aliceSecret },
        write: true,
        above: { before: okNewStray, after: okNew, hang: okNewStray, 'hang-after': okNew },
      },
    ],
  },
  {
    name: 'remove',
    setup: async () => {
      await seedCatalog(forge.kvs, demoIntegrations());
      await save(OLD);
    },
    act: () => callPersonal('removePat', { integrationId: 'demo-github' }, ALICE),
    observe: async () => ((await shownPat('demo-github')) === undefined ? 'new' : 'old'),
    retryMayFindNothing: true,
    steps: [
      { name: 'read', step: { operation: 'batch/get', key: ALICE, nth: 1 }, write: false, above: failOld },
      { name: 'commit', step: { operation: 'transaction', key: ALICE, nth: 1 }, write: true, above: confirmedWrite(failOld) },
      {
        name: 'secret deletion',
        step: { operation: 'secret/delete', key: aliceSecret },
        write: true,
        above: { before: okNewStray, after: okNew, hang: okNewStray, 'hang-after': okNew },
      },
    ],
  },
  {
    name: 're-check',
    setup: async () => {
      await seedCatalog(forge.kvs, demoIntegrations());
      checkedBefore = (await save(OLD)).verification?.checkedAt;
      await new Promise((resolve) => setTimeout(resolve, 2));
    },
    act: () => callPersonal('recheckPat', { integrationId: 'demo-github' }, ALICE),
    observe: async () => {
      const pat = await shownPat('demo-github');
      expect(pat?.hint).toBe('OLD1');
      return pat?.verification?.checkedAt === checkedBefore ? 'old' : 'new';
    },
    steps: [
      { name: 'read', step: firstRead, write: false, above: failOld },
      { name: 'token read', step: { operation: 'secret/get', key: aliceSecret }, write: false, above: failOld },
      { name: 'verdict write', step: { operation: 'transaction', key: ALICE, nth: 1 }, write: true, above: confirmedWrite(failOld) },
    ],
  },
];

function outcomeFor(outcomes: Outcomes, fault: Fault): Outcome {
  return Array.isArray(outcomes) ? outcomes : outcomes[classOf(fault)];
}

const personalCases = OPERATIONS.flatMap((operation) =>
  operation.steps.flatMap((stepCase) =>
    (stepCase.write ? WRITE_FAULTS : READ_FAULTS).flatMap((fault) =>
      (['below', 'above'] as const).map((bound) => ({
        title: `${operation.name}: ${fault.kind} ${fault.when} the ${stepCase.name}, ${bound === 'below' ? BOUND - 1 : BOUND} times`,
        operation,
        stepCase,
        fault,
        bound,
      })),
    ),
  ),
);

describe('personal operations under storage faults', () => {
  it.each(personalCases)('$title', async ({ operation, stepCase, fault, bound }) => {
    await operation.setup();
    faultAt(stepCase.step, fault, bound === 'below' ? BOUND - 1 : BOUND);
    const result = await operation.act();
    const [ok, shown, left] = bound === 'below' ? okNew : outcomeFor(stepCase.above, fault);
    expectStorageLog(log.lines, [FAULT_CODES[fault.kind]], [result]);

    if (ok) expect(result.ok).toBe(true);
    else expectStorageUnavailable(result);
    expect(await operation.observe()).toBe(shown);
    expect(leftovers()).toEqual(left);

    // Whatever was left, the page still loads in its one strict request.
    forge.kvs.resetCounts();
    await page();
    expect(forge.kvs.count()).toBe(1);

    if (!ok) {
      const retried = await operation.act();
      if (operation.retryMayFindNothing && !retried.ok) expect(retried).toMatchObject({ error: { code: 'PAT_NOT_FOUND' } });
      else expect(retried.ok).toBe(true);
      expect(await operation.observe()).toBe('new');
    }
    await sweep();
    expect(leftovers()).toEqual([]);
  });
});

describe('loading the personal page under storage faults', () => {
  // A catalog of more than one chunk takes a second request for the other chunks.
  const steps: [string, Step, () => Integration[]][] = [
    ['catalog head, first chunk and PAT record read', { operation: 'batch/get', key: 'head', nth: 1 }, demoIntegrations],
    ['other chunks read', { operation: 'batch/get', key: 'chunk-1', nth: 1 }, () => generatedIntegrations(2000)],
  ];
  const cases = steps.flatMap(([name, step, catalog]) => READ_FAULTS.map((fault) => ({ name, step, catalog, fault })));
  const seedWithPat = async (catalog: Integration[]) => {
    await seedCatalog(forge.kvs, catalog);
    await save(OLD, catalog[0]!.id);
  };

  it.each(cases)('rides out $fault.kind at the $name up to the retry bound', async ({ step, catalog, fault }) => {
    await seedWithPat(catalog());
    faultAt(step, fault, BOUND - 1);
    expect((await page()).pats.map((pat) => pat.hint)).toEqual(['OLD1']);
    expectStorageLog(log.lines, [FAULT_CODES[fault.kind]]);
  });

  it.each(cases)('says storage is unavailable after $fault.kind at the $name past the bound', async ({ step, catalog, fault }) => {
    await seedWithPat(catalog());
    faultAt(step, fault, BOUND);
    const result = await callPersonal('getPersonalPage', {}, ALICE);
    expectStorageUnavailable(result);
    expectStorageLog(log.lines, [FAULT_CODES[fault.kind]], [result]);
  });
});

// ---------------------------------------------------------------------------------------------
// The admin page's catalog write and removal

const NEW_INTEGRATION = { name: 'Acme GitHub', hostType: 'github', requirePat: false };

async function adminPage(): Promise<AdminPage> {
  const result = await callAdmin<AdminPage>('getAdminPage', {}, ADMIN);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('adding an integration under storage faults', () => {
  const steps: [name: string, step: Step, write: boolean, above: Outcomes][] = [
    ['catalog read', { operation: 'batch/get', key: 'head', nth: 1 }, false, failOld],
    ['catalog transaction', { operation: 'transaction', key: 'head', nth: 1 }, true, confirmedWrite(failOld)],
  ];
  const cases = steps.flatMap(([name, step, write, above]) =>
    (write ? WRITE_FAULTS : READ_FAULTS).flatMap((fault) =>
      (['below', 'above'] as const).map((bound) => ({ name, step, above, fault, bound })),
    ),
  );

  it.each(cases)('$fault.kind $fault.when the $name, $bound the bound', async ({ step, above, fault, bound }) => {
    await seedCatalog(forge.kvs, demoIntegrations());
    const { revision } = await adminPage();
    faultAt(step, fault, bound === 'below' ? BOUND - 1 : BOUND);
    const result = await callAdmin<AdminPage>('saveIntegration', { integration: NEW_INTEGRATION, expectedRevision: revision }, ADMIN);
    const [ok, shown] = bound === 'below' ? okNew : outcomeFor(above, fault);
    expectStorageLog(log.lines, [FAULT_CODES[fault.kind]], [result]);

    if (ok) expect(result).toMatchObject({ ok: true, value: { revision: revision + 1 } });
    else expectStorageUnavailable(result);
    const after = await adminPage();
    expect(after.integrations.some((integration) => integration.name === NEW_INTEGRATION.name)).toBe(shown === 'new');
    expect(after.revision).toBe(shown === 'new' ? revision + 1 : revision);
    expect((await page()).integrations).toEqual(after.integrations);
    // Nothing blocks the next admin: a save from the page as it is now lands.
    const next = await callAdmin(
      'saveIntegration',
      { integration: { ...NEW_INTEGRATION, name: 'Next' }, expectedRevision: after.revision },
      ADMIN,
    );
    expect(next.ok).toBe(true);
  });
});

describe('removing an integration under storage faults', () => {
  const removed = 'demo-gitlab';
  const setup = async () => {
    await seedCatalog(forge.kvs, demoIntegrations());
    await save(OLD, removed, ALICE);
    await save(OLD, removed, BOB);
    await save(NEW, 'demo-github', ALICE);
  };
  /** Every trace of the removed integration's PATs. */
  const tracesOfRemoved = () => [
    ...forge.kvs.entries('secret').filter(([key]) => key.includes(`#${removed}#`)),
    ...storedPats(forge.kvs).filter((entry) => entry.endsWith(`#${removed}`)),
    ...storedHolders(forge.kvs).filter((entry) => entry.endsWith(`#${removed}`)),
  ];
  /** [call ok, integration still listed, purge finished in the call, leftovers after the admin's next page load]. */
  type RemovalOutcome = [ok: boolean, listed: boolean, finished: boolean, left: Leftover[]];
  const removedOk: RemovalOutcome = [true, false, true, []];
  const notRemoved: RemovalOutcome = [false, true, true, []];
  const purgeCut: RemovalOutcome = [true, false, false, []];
  const steps: [name: string, step: Step, write: boolean, above: RemovalOutcome | Record<FaultClass, RemovalOutcome>][] = [
    [
      'catalog transaction',
      { operation: 'transaction', key: 'head', nth: 1 },
      true,
      { before: notRemoved, after: removedOk, hang: notRemoved, 'hang-after': removedOk },
    ],
    ['holder shards read', { operation: 'batch/get', key: `${removed}#`, nth: 1 }, false, purgeCut],
    ['first holder’s record read', { operation: 'batch/get', key: ALICE, nth: 1 }, false, purgeCut],
    [
      'first holder’s commit',
      { operation: 'transaction', key: ALICE, nth: 1 },
      true,
      { before: purgeCut, after: removedOk, hang: purgeCut, 'hang-after': removedOk },
    ],
    [
      'first holder’s secret deletion',
      { operation: 'secret/delete', key: `token#${ALICE}#${removed}#` },
      true,
      { before: [true, false, true, ['stray']], after: removedOk, hang: [true, false, true, ['stray']], 'hang-after': removedOk },
    ],
    [
      'purge list update',
      { operation: 'transaction', key: 'head', nth: 2 },
      true,
      { before: purgeCut, after: removedOk, hang: purgeCut, 'hang-after': removedOk },
    ],
  ];
  const cases = steps.flatMap(([name, step, write, above]) =>
    (write ? WRITE_FAULTS : READ_FAULTS).flatMap((fault) =>
      (['below', 'above'] as const).map((bound) => ({ name, step, above, fault, bound })),
    ),
  );

  it.each(cases)('$fault.kind $fault.when the $name, $bound the bound', async ({ step, above, fault, bound }) => {
    await setup();
    const { revision } = await adminPage();
    faultAt(step, fault, bound === 'below' ? BOUND - 1 : BOUND);
    const result = await callAdmin('removeIntegration', { integrationId: removed, expectedRevision: revision }, ADMIN);
    const [ok, listed, finished, left] = bound === 'below' ? removedOk : Array.isArray(above) ? above : above[classOf(fault)];
    expectStorageLog(log.lines, [FAULT_CODES[fault.kind]], [result]);

    if (ok)
      expect(result).toMatchObject({ ok: true, value: finished ? { purgedUsers: 2, purgeFinished: true } : { purgeFinished: false } });
    else expectStorageUnavailable(result);
    expect((await page()).integrations.some((integration) => integration.id === removed)).toBe(listed);
    expect((await page()).pats.map((pat) => pat.integrationId).sort()).toEqual(listed ? ['demo-github', removed] : ['demo-github']);
    // Tokens of a removed integration are unusable at once, purged or not.
    if (!listed) expect(await getUserToken(BOB, removed)).toBeUndefined();

    // The admin's next look at the page finishes a purge that a failure interrupted.
    await adminPage();
    expect(leftovers()).toEqual(left);
    await sweep();
    if (!listed) expect(tracesOfRemoved()).toEqual([]);
    expect(leftovers()).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Beyond single faults

describe('the retry policy', () => {
  it('keeps a resolver call under 20 s in production, host check included', () => {
    const policy = DEFAULT_RETRY_POLICY;
    // Storage before the host check ends by the budget's ordinary part; the check (8 s) may start that late.
    expect(policy.callBudgetMs - policy.cleanupReserveMs + DEFAULT_TIMEOUT_MS).toBeLessThanOrEqual(20_000);
    // Nothing of storage runs past the budget.
    expect(policy.callBudgetMs).toBeLessThanOrEqual(20_000);
    // One request still gets all its tries inside the ordinary part.
    const waits = Array.from({ length: policy.attempts - 1 }, (_, retry) => Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry));
    const oneRequest = policy.attempts * policy.requestTimeoutMs + waits.reduce((sum, wait) => sum + wait, 0);
    expect(oneRequest).toBeLessThanOrEqual(policy.callBudgetMs - policy.cleanupReserveMs);
  });

  it('ends a call whose every storage request hangs within its budget', async () => {
    await seedCatalog(forge.kvs, demoIntegrations());
    await save(OLD);
    setRetryPolicy({ ...TEST_POLICY, requestTimeoutMs: 100, callBudgetMs: 400, cleanupReserveMs: 100 });
    try {
      forge.kvs.injectFault({ kind: 'hang', times: 1000 });
      const started = Date.now();
      const result = await callPersonal('savePat', { integrationId: 'demo-github', token: NEW }, ALICE);
      expect(Date.now() - started).toBeLessThan(400 + 150);
      expectStorageUnavailable(result);
      expectStorageLog(log.lines, [FAULT_CODES.hang], [result]);
    } finally {
      setRetryPolicy(TEST_POLICY);
      forge.kvs.clearFaults();
      forge.kvs.releaseHung();
    }
    expect(await shownPat('demo-github')).toMatchObject({ hint: 'OLD1' });
  });

  it('does not retry a failed condition: another admin’s change that landed first is a conflict at once', async () => {
    await seedCatalog(forge.kvs, demoIntegrations());
    const { revision } = await adminPage();
    // Between this save's read and its transaction, another admin's save lands.
    const handle = forge.kvs.handle.bind(forge.kvs);
    let interleaved = false;
    forge.kvs.handle = async (path, init) => {
      if (path === '/api/v1/transaction' && !interleaved) {
        interleaved = true;
        const other = await callAdmin(
          'saveIntegration',
          { integration: { ...NEW_INTEGRATION, name: 'Other' }, expectedRevision: revision },
          '557058:admin-2',
        );
        expect(other.ok).toBe(true);
        forge.kvs.resetCounts();
      }
      return handle(path, init);
    };
    const result = await callAdmin('saveIntegration', { integration: NEW_INTEGRATION, expectedRevision: revision }, ADMIN);
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(forge.kvs.count('transaction')).toBe(1);
    forge.kvs.handle = handle;
    expect((await adminPage()).integrations.map((integration) => integration.name)).toContain('Other');
  });
});

describe('double failures', () => {
  it('shows the new PAT when its commit landed but neither its answer nor the read-back came through', async () => {
    await seedCatalog(forge.kvs, demoIntegrations());
    await save(OLD);
    faultAt(commit.step, { kind: 'server-error', when: 'after' }, BOUND);
    // The read-back after the commit fails too.
    faultAt({ operation: 'batch/get', key: 'demo-github', nth: 2 }, { kind: 'server-error', when: 'before' }, BOUND);
    const result = await callPersonal('savePat', { integrationId: 'demo-github', token: NEW }, ALICE);
    expectStorageUnavailable(result);
    expectStorageLog(log.lines, [FAULT_CODES['server-error']], [result]);
    expect(await shownPat('demo-github')).toMatchObject({ hint: 'NEW2' });
    expect(leftovers()).toEqual(['stray']);
    await sweep();
    expect(leftovers()).toEqual([]);
  });

  it('refuses a save whose integration an admin changed while it was checked, leaving nothing named nowhere', async () => {
    await seedCatalog(forge.kvs, demoIntegrations());
    const handle = forge.kvs.handle.bind(forge.kvs);
    let transactions = 0;
    forge.kvs.handle = async (path, init) => {
      if (path === '/api/v1/transaction' && ++transactions === 2) {
        const { revision } = await adminPage();
        const edited = await callAdmin(
          'saveIntegration',
          {
            integration: { id: 'demo-github', name: 'GitHub (renamed)', hostType: 'github', requirePat: false },
            expectedRevision: revision,
          },
          ADMIN,
        );
        expect(edited.ok).toBe(true);
      }
      return handle(path, init);
    };
    // Deleting the abandoned secret fails as well: it stays, listed as loose.
    faultAt({ operation: 'secret/delete', key: aliceSecret }, { kind: 'server-error', when: 'before' }, BOUND);
    expect(await callPersonal('savePat', { integrationId: 'demo-github', token: NEW }, ALICE)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expectStorageLog(log.lines, [FAULT_CODES['server-error']]);
    expect(await shownPat('demo-github')).toBeUndefined();
    expect(leftovers()).toEqual(['stray']);
    await sweep();
    expect(leftovers()).toEqual([]);
  });
});

describe('two changes of one user at once', () => {
  it.each([
    ['two saves', 'savePat'],
    ['a save and a removal', 'removePat'],
    ['a save and a re-check', 'recheckPat'],
  ])('loses neither of %s for two integrations', async (_name, second) => {
    await seedCatalog(forge.kvs, demoIntegrations());
    await save(OLD, 'demo-gitlab');
    const results = await Promise.all([
      callPersonal('savePat', { integrationId: 'demo-github', token: NEW }, ALICE),
      callPersonal(second, second === 'savePat' ? { integrationId: 'demo-gitlab', token: NEW } : { integrationId: 'demo-gitlab' }, ALICE),
    ]);
    expect(results.map((result) => result.ok)).toEqual([true, true]);
    const hints = new Map((await page()).pats.map((pat) => [pat.integrationId, pat.hint]));
    expect(hints.get('demo-github')).toBe('NEW2');
    expect(hints.get('demo-gitlab')).toBe(second === 'removePat' ? undefined : second === 'savePat' ? 'NEW2' : 'OLD1');
    await sweep();
    expect(leftovers()).toEqual([]);
  });

  it('keeps one of two tabs saving the same PAT at once, whole: its hint, its token, its verdict', async () => {
    await seedCatalog(forge.kvs, demoIntegrations());
    const results = await Promise.all([
      callPersonal<PatView>('savePat', { integrationId: 'demo-github', token: OLD }, ALICE),
      callPersonal<PatView>('savePat', { integrationId: 'demo-github', token: NEW }, ALICE),
    ]);
    expect(results.map((result) => result.ok)).toEqual([true, true]);
    const shown = await shownPat('demo-github');
    expect(['OLD1', 'NEW2']).toContain(shown?.hint);
    await sweep();
    expect(leftovers()).toEqual([]);
    expect(forge.kvs.entries('secret')).toHaveLength(1);
  });
});
