/**
 * Every storage step of save (new), replace, remove, re-check, the page load and the admin catalog
 * write and removal, under a 429, a 500 or a hung request, before the request takes effect or after
 * (the write landed, its answer was lost). A fault repeated fewer times than the retry bound must not
 * show; repeated more often, the call fails with STORAGE_UNAVAILABLE (or succeeds, where reading back
 * shows the write landed) and leaves the old state or the new one, never a mix: a PAT shown has the
 * hint of the token actually stored. What a failure may leave behind is listed per step (`left`):
 *   secret  a token without metadata: invisible, getUserToken gives nothing; the next save overwrites it,
 *           the next removal or the admin purge deletes it
 *   holder  a holder record without metadata: only the admin's removal count sees it; the purge clears it
 *   mark    an unsettled replace: the page reads that one secret to pick the metadata it matches; the
 *           next save or removal of the PAT drops it
 *   claim   a catalog revision claim kept because a timed-out chunk write may still land: other admin
 *           writes get CONFLICT until it expires (120 s)
 *   lock    a shard lock whose release failed: the user's next change of that shard waits for it to
 *           expire (30 s) or gives up with STORAGE_UNAVAILABLE
 * After each failure the same call, retried without faults, succeeds and leaves storage agreeing.
 */
import type { AdminPage, PatView, PersonalPage, PersonalPageWire, ResolverResult } from '../../src/contract';
import { decodePersonalPage } from '../../src/domain/catalogWire';
import { DEFAULT_TIMEOUT_MS } from '../../src/verification/verifyToken';
import { tokenHint } from '../../src/domain/token';
import { patShard } from '../../src/storage/keys';
import { DEFAULT_RETRY_POLICY, setRetryPolicy, type RetryPolicy } from '../../src/storage/reliableKvs';
import { getUserToken } from '../../src/tokens/userToken';
import type { FaultKind } from '../../tools/forge-doubles/kvsEmulator';
import { demoIntegrations, generatedIntegrations } from '../../tools/fixtures/integrations';
import { kvs } from '@forge/kvs';
import { call, callAdmin, seedCatalog, useForge } from '../support/forge';

const forge = useForge();
const ALICE = '557058:0a1b2c3d-alice';
const BOB = '712020:bob-4e5f';
const ADMIN = 'admin-1';
const OLD = 'ghp_OldTokenValue_0123456789_OLD1';
const NEW = 'ghp_NewTokenValue_0123456789_NEW2';

/** Short waits so the suite stays fast; the production policy is checked on its own below. */
const TEST_POLICY: RetryPolicy = { ...DEFAULT_RETRY_POLICY, requestTimeoutMs: 20, baseDelayMs: 1, maxDelayMs: 4 };
const BOUND = TEST_POLICY.attempts;

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

/** One storage request of an operation: its KVS operation, the key (or query prefix) it names, and which such request it is. */
interface Step {
  operation: string;
  key: string;
  nth?: number;
}

function keyOf(init: RequestInit | undefined): string {
  const body = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as { key?: string; where?: { values?: string[] }[] };
  return body.key ?? body.where?.[0]?.values?.[0] ?? '';
}

/** Makes `times` requests of the step fail with the fault, starting at its `nth` occurrence (retries are occurrences too). */
function faultAt(step: Step, fault: Fault, times: number): void {
  const kvs = forge.kvs;
  const handle = kvs.handle.bind(kvs);
  let seen = 0;
  let left = times;
  kvs.handle = (path, init) => {
    if (path === `/api/v1/${step.operation}` && keyOf(init).startsWith(step.key)) {
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

type Leftover = 'secret' | 'holder' | 'mark' | 'claim' | 'lock';

interface ShardValue {
  pats: Record<string, PatView>;
  unsettled?: Record<string, PatView>;
}

/**
 * The leftovers in storage, checking on the way what must always hold: settled metadata has its
 * secret, with its hint, and its holder record; an unsettled mark has its holder record and a
 * secret matching one of its two sides, or none (then nothing is shown).
 */
function leftovers(): Leftover[] {
  const plain = forge.kvs.entries('plain');
  const secrets = new Map(forge.kvs.entries('secret').map(([key, token]) => [key.slice('token#'.length), token as string]));
  const holders = new Set(
    plain.filter(([key]) => key.startsWith('holder#')).map(([key]) => `${key.split('#').slice(2).join('#')}#${key.split('#')[1]}`),
  );
  const found = new Set<Leftover>();
  const described = new Set<string>();
  for (const [key, value] of plain.filter(([key]) => key.startsWith('pats#'))) {
    const account = key.slice('pats#'.length, key.lastIndexOf('#'));
    const { pats, unsettled = {} } = value as ShardValue;
    for (const id of new Set([...Object.keys(pats), ...Object.keys(unsettled)])) {
      const pair = `${account}#${id}`;
      described.add(pair);
      const secret = secrets.get(pair);
      expect({ pair, holder: holders.has(pair) }).toEqual({ pair, holder: true });
      if (unsettled[id]) {
        found.add('mark');
        if (secret !== undefined) expect([pats[id]?.hint, unsettled[id]!.hint]).toContain(tokenHint(secret));
      } else {
        expect({ pair, hint: secret === undefined ? 'no secret' : tokenHint(secret) }).toEqual({ pair, hint: pats[id]!.hint });
      }
    }
  }
  for (const pair of secrets.keys()) if (!described.has(pair)) found.add('secret');
  for (const pair of holders) if (!described.has(pair)) found.add('holder');
  if (plain.some(([key]) => key.startsWith('catalog-rev#'))) found.add('claim');
  if (plain.some(([key]) => key.startsWith('patlock#'))) found.add('lock');
  return [...found].sort();
}

function secretOf(accountId: string, integrationId: string): string | undefined {
  return forge.kvs.entries('secret').find(([key]) => key === `token#${accountId}#${integrationId}`)?.[1] as string | undefined;
}

async function page(accountId = ALICE): Promise<PersonalPage> {
  const result = await call<PersonalPageWire>('getPersonalPage', {}, accountId);
  if (!result.ok) throw new Error(result.error.message);
  return decodePersonalPage(result.value);
}

/** Alice's PAT for the integration as her page shows it, checked against the token actually stored. */
async function shownPat(integrationId: string): Promise<PatView | undefined> {
  const pat = (await page()).pats.find((candidate) => candidate.integrationId === integrationId);
  const secret = secretOf(ALICE, integrationId);
  if (pat) expect(secret === undefined ? 'no secret' : tokenHint(secret)).toBe(pat.hint);
  // What the backend would use agrees with what the page shows.
  expect((await getUserToken(ALICE, integrationId))?.pat).toEqual(pat);
  return pat;
}

async function save(token: string, integrationId = 'demo-github', accountId = ALICE) {
  const result = await call<PatView>('savePat', { integrationId, token }, accountId);
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
const failOldMarked: Outcome = [false, 'old', ['mark']];
const okNew: Outcome = [true, 'new', []];

const catalogQuery: Step = { operation: 'query', key: 'catalog#' };
const aliceShard: Step = { operation: 'get', key: `pats#${ALICE}#` };
const aliceToken = `token#${ALICE}#demo-github`;
const aliceHolder = `holder#demo-github#${ALICE}`;
/** Taking the lock: a claim lost on the way is read back and found to be ours. */
const lockTaking: StepCase = {
  name: 'shard lock',
  step: { operation: 'set', key: `patlock#${ALICE}#` },
  write: true,
  above: { before: [false, 'old', []], after: [true, 'new', []], hang: [false, 'old', []], 'hang-after': [true, 'new', []] },
};
const lockRelease: StepCase = {
  name: 'lock release',
  step: { operation: 'delete', key: `patlock#${ALICE}#` },
  write: true,
  above: { before: [true, 'new', ['lock']], after: [true, 'new', []], hang: [true, 'new', ['lock']], 'hang-after': [true, 'new', []] },
};

let checkedBefore: string | undefined;

const OPERATIONS: Operation[] = [
  {
    name: 'save (new)',
    setup: () => seedCatalog(forge.kvs, demoIntegrations()),
    act: () => call('savePat', { integrationId: 'demo-github', token: NEW }, ALICE),
    observe: async () => {
      const pat = await shownPat('demo-github');
      if (pat === undefined) return 'old';
      expect(pat.hint).toBe('NEW2');
      return 'new';
    },
    steps: [
      { name: 'catalog query', step: catalogQuery, write: false, above: failOld },
      lockTaking,
      { name: 'metadata read', step: aliceShard, write: false, above: failOld },
      { name: 'secret write', step: { operation: 'secret/set', key: aliceToken }, write: true, above: failOld },
      { name: 'holder write', step: { operation: 'set', key: aliceHolder }, write: true, above: failOld },
      {
        name: 'metadata commit',
        step: { operation: 'set', key: `pats#${ALICE}#` },
        write: true,
        above: { before: failOld, after: okNew, hang: [false, 'old', ['holder', 'secret']], 'hang-after': okNew },
      },
      lockRelease,
    ],
  },
  {
    name: 'replace',
    setup: async () => {
      await seedCatalog(forge.kvs, demoIntegrations());
      await save(OLD);
    },
    act: () => call('savePat', { integrationId: 'demo-github', token: NEW }, ALICE),
    observe: async () => {
      const hint = (await shownPat('demo-github'))?.hint;
      expect(['OLD1', 'NEW2']).toContain(hint);
      return hint === 'OLD1' ? 'old' : 'new';
    },
    steps: [
      { name: 'catalog query', step: catalogQuery, write: false, above: failOld },
      lockTaking,
      { name: 'metadata read', step: aliceShard, write: false, above: failOld },
      { name: 'old secret read', step: { operation: 'secret/get', key: aliceToken }, write: false, above: failOld },
      {
        name: 'unsettled mark',
        step: { operation: 'set', key: `pats#${ALICE}#` },
        write: true,
        above: { before: failOld, after: failOldMarked, hang: failOld, 'hang-after': failOldMarked },
      },
      { name: 'secret write', step: { operation: 'secret/set', key: aliceToken }, write: true, above: failOldMarked },
      { name: 'holder write', step: { operation: 'set', key: aliceHolder }, write: true, above: failOldMarked },
      {
        name: 'metadata commit',
        step: { operation: 'set', key: `pats#${ALICE}#`, nth: 2 },
        write: true,
        // A commit that timed out may still land, so nothing is undone: the mark shows the token stored.
        above: { before: failOldMarked, after: okNew, hang: [false, 'new', ['mark']], 'hang-after': okNew },
      },
      lockRelease,
    ],
  },
  {
    name: 'remove',
    setup: async () => {
      await seedCatalog(forge.kvs, demoIntegrations());
      await save(OLD);
    },
    act: () => call('removePat', { integrationId: 'demo-github' }, ALICE),
    observe: async () => ((await shownPat('demo-github')) === undefined ? 'new' : 'old'),
    retryMayFindNothing: true,
    steps: [
      lockTaking,
      { name: 'metadata read', step: aliceShard, write: false, above: failOld },
      {
        name: 'metadata commit',
        step: { operation: 'delete', key: `pats#${ALICE}#` },
        write: true,
        above: { before: failOld, after: okNew, hang: failOld, 'hang-after': okNew },
      },
      {
        name: 'secret deletion',
        step: { operation: 'secret/delete', key: aliceToken },
        write: true,
        above: { before: [false, 'new', ['holder', 'secret']], after: okNew, hang: [false, 'new', ['holder', 'secret']], 'hang-after': okNew },
      },
      {
        name: 'holder deletion',
        step: { operation: 'delete', key: aliceHolder },
        write: true,
        above: { before: [true, 'new', ['holder']], after: okNew, hang: [true, 'new', ['holder']], 'hang-after': okNew },
      },
      lockRelease,
    ],
  },
  {
    name: 're-check',
    setup: async () => {
      await seedCatalog(forge.kvs, demoIntegrations());
      checkedBefore = (await save(OLD)).verification?.checkedAt;
      await new Promise((resolve) => setTimeout(resolve, 2));
    },
    act: () => call('recheckPat', { integrationId: 'demo-github' }, ALICE),
    observe: async () => {
      const pat = await shownPat('demo-github');
      expect(pat?.hint).toBe('OLD1');
      return pat?.verification?.checkedAt === checkedBefore ? 'old' : 'new';
    },
    steps: [
      { name: 'catalog query', step: catalogQuery, write: false, above: failOld },
      { name: 'metadata read', step: aliceShard, write: false, above: failOld },
      { name: 'token read', step: { operation: 'secret/get', key: aliceToken }, write: false, above: failOld },
      lockTaking,
      { name: 'metadata re-read', step: { ...aliceShard, nth: 2 }, write: false, above: failOld },
      {
        name: 'verdict write',
        step: { operation: 'set', key: `pats#${ALICE}#` },
        write: true,
        above: { before: failOld, after: [false, 'new', []], hang: failOld, 'hang-after': [false, 'new', []] },
      },
      lockRelease,
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

    if (ok) expect(result.ok).toBe(true);
    else expectStorageUnavailable(result);
    expect(await operation.observe()).toBe(shown);
    expect(leftovers()).toEqual(left);

    // A page load reads one secret per mark, and nothing more.
    forge.kvs.resetCounts();
    await page();
    expect(forge.kvs.count()).toBe(2 + (left.includes('mark') ? 1 : 0));

    if (!ok) {
      const retried = await operation.act();
      if (operation.retryMayFindNothing && !retried.ok) expect(retried).toMatchObject({ error: { code: 'PAT_NOT_FOUND' } });
      else expect(retried.ok).toBe(true);
      expect(await operation.observe()).toBe('new');
      expect(leftovers()).toEqual([]);
    }
  });
});

describe('loading the personal page under storage faults', () => {
  const steps: [string, Step][] = [
    ['catalog query', catalogQuery],
    ['PAT index query', { operation: 'query', key: `pats#${ALICE}#` }],
  ];
  const cases = steps.flatMap(([name, step]) => READ_FAULTS.map((fault) => ({ name, step, fault })));

  it.each(cases)('rides out $fault.kind at the $name up to the retry bound', async ({ step, fault }) => {
    await seedCatalog(forge.kvs, demoIntegrations());
    await save(OLD);
    faultAt(step, fault, BOUND - 1);
    expect((await page()).pats.map((pat) => pat.hint)).toEqual(['OLD1']);
  });

  it.each(cases)('says storage is unavailable after $fault.kind at the $name past the bound', async ({ step, fault }) => {
    await seedCatalog(forge.kvs, demoIntegrations());
    await save(OLD);
    faultAt(step, fault, BOUND);
    expectStorageUnavailable(await call('getPersonalPage', {}, ALICE));
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
  const claimStep: Step = { operation: 'set', key: 'catalog-rev#' };
  const steps: [name: string, step: Step, write: boolean, above: Outcomes][] = [
    ['catalog read', catalogQuery, false, failOld],
    ['revision claim', claimStep, true, { before: failOld, after: okNew, hang: failOld, 'hang-after': okNew }],
    ['catalog re-read', { ...catalogQuery, nth: 2 }, false, failOld],
    ['chunk write', { operation: 'set', key: 'catalog#' }, true, { before: failOld, after: failOld, hang: [false, 'old', ['claim']], 'hang-after': [false, 'old', ['claim']] }],
    ['claim release', { operation: 'delete', key: 'catalog-rev#' }, true, { before: [true, 'new', ['claim']], after: okNew, hang: [true, 'new', ['claim']], 'hang-after': okNew }],
  ];
  const cases = steps.flatMap(([name, step, write, above]) =>
    (write ? WRITE_FAULTS : READ_FAULTS).flatMap((fault) => (['below', 'above'] as const).map((bound) => ({ name, step, above, fault, bound }))),
  );

  it.each(cases)('$fault.kind $fault.when the $name, $bound the bound', async ({ step, above, fault, bound }) => {
    await seedCatalog(forge.kvs, demoIntegrations());
    const { revision } = await adminPage();
    faultAt(step, fault, bound === 'below' ? BOUND - 1 : BOUND);
    const result = await callAdmin<AdminPage>('saveIntegration', { integration: NEW_INTEGRATION, expectedRevision: revision }, ADMIN);
    const [ok, shown, left] = bound === 'below' ? okNew : outcomeFor(above, fault);

    if (ok) expect(result).toMatchObject({ ok: true, value: { revision: revision + 1 } });
    else expectStorageUnavailable(result);
    const after = await adminPage();
    expect(after.integrations.some((integration) => integration.name === NEW_INTEGRATION.name)).toBe(shown === 'new');
    expect(after.revision).toBe(shown === 'new' ? revision + 1 : revision);
    expect((await page()).integrations).toEqual(after.integrations);
    expect(leftovers()).toEqual(left);
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
    ...forge.kvs.entries('secret').filter(([key]) => key.endsWith(`#${removed}`)),
    ...forge.kvs.entries('plain').filter(([key, value]) => key.includes(removed) || (key.startsWith('pats#') && JSON.stringify(value).includes(removed))),
  ];
  const purgeOk: Outcome = [true, 'new', []];
  const purgeFails: Outcome = [false, 'new', []];
  const steps: [name: string, step: Step, write: boolean, above: Outcomes][] = [
    ['chunk write', { operation: 'set', key: 'catalog#' }, true, { before: failOld, after: failOld, hang: [false, 'old', ['claim']], 'hang-after': [false, 'old', ['claim']] }],
    ['holder query', { operation: 'query', key: `holder#${removed}#` }, false, purgeFails],
    ['first holder’s metadata read', { operation: 'get', key: `pats#${ALICE}#` }, false, purgeFails],
    ['first holder’s metadata removal', { operation: 'delete', key: `pats#${ALICE}#` }, true, { before: purgeFails, after: purgeOk, hang: purgeFails, 'hang-after': purgeOk }],
    ['first holder’s secret deletion', { operation: 'secret/delete', key: `token#${ALICE}#${removed}` }, true, { before: purgeFails, after: purgeOk, hang: purgeFails, 'hang-after': purgeOk }],
    ['first holder’s holder deletion', { operation: 'delete', key: `holder#${removed}#${ALICE}` }, true, purgeOk],
  ];
  const cases = steps.flatMap(([name, step, write, above]) =>
    (write ? WRITE_FAULTS : READ_FAULTS).flatMap((fault) => (['below', 'above'] as const).map((bound) => ({ name, step, above, fault, bound }))),
  );

  it.each(cases)('$fault.kind $fault.when the $name, $bound the bound', async ({ step, above, fault, bound }) => {
    await setup();
    const { revision } = await adminPage();
    faultAt(step, fault, bound === 'below' ? BOUND - 1 : BOUND);
    const result = await callAdmin('removeIntegration', { integrationId: removed, expectedRevision: revision }, ADMIN);
    const [ok, shown, left] = bound === 'below' ? okNew : outcomeFor(above, fault);

    if (ok) expect(result).toMatchObject({ ok: true, value: { purgedUsers: 2 } });
    else expectStorageUnavailable(result);
    const listed = (await page()).integrations.some((integration) => integration.id === removed);
    expect(listed).toBe(shown === 'old');
    expect((await page()).pats.map((pat) => pat.integrationId)).toEqual(listed ? ['demo-github', removed] : ['demo-github']);

    // The admin's next look at the page finishes a purge that a failure interrupted.
    await adminPage();
    if (shown === 'new') expect(tracesOfRemoved()).toEqual([]);
    expect(leftovers()).toEqual(left);
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
      expectStorageUnavailable(await call('savePat', { integrationId: 'demo-github', token: NEW }, ALICE));
      expect(Date.now() - started).toBeLessThan(400 + 150);
    } finally {
      setRetryPolicy(TEST_POLICY);
      forge.kvs.clearFaults();
      forge.kvs.releaseHung();
    }
    expect(await shownPat('demo-github')).toMatchObject({ hint: 'OLD1' });
  });

  it('does not retry an answer that is no storage hiccup: a claim held by another writer is a conflict at once', async () => {
    await seedCatalog(forge.kvs, demoIntegrations());
    const { revision } = await adminPage();
    await kvs.set(`catalog-rev#${revision + 1}`, { nonce: 'another-writer', claimedAt: new Date().toISOString() });
    forge.kvs.resetCounts();
    const result = await callAdmin('saveIntegration', { integration: NEW_INTEGRATION, expectedRevision: revision }, ADMIN);
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(forge.kvs.count('set')).toBe(1);
  });
});

describe('double failures', () => {
  it('shows the new token when a replace wrote it but could not put the old one back', async () => {
    await seedCatalog(forge.kvs, demoIntegrations());
    await save(OLD);
    // The secret write lands with its answer lost, every retry and the undo are refused.
    forge.kvs.injectFault({ kind: 'server-error', when: 'after', operation: 'secret/set', times: 1 });
    forge.kvs.injectFault({ kind: 'rate-limit', operation: 'secret/set', times: 2 * BOUND });
    expectStorageUnavailable(await call('savePat', { integrationId: 'demo-github', token: NEW }, ALICE));
    forge.kvs.clearFaults();
    expect(secretOf(ALICE, 'demo-github')).toBe(NEW);
    expect(await shownPat('demo-github')).toMatchObject({ hint: 'NEW2' });
    expect(leftovers()).toEqual(['mark']);
    await save(NEW);
    expect(leftovers()).toEqual([]);
  });

  it('hides a new save whose undo failed, and the next save overwrites what it left', async () => {
    await seedCatalog(forge.kvs, demoIntegrations());
    faultAt({ operation: 'set', key: aliceHolder }, { kind: 'server-error', when: 'before' }, BOUND);
    faultAt({ operation: 'secret/delete', key: aliceToken }, { kind: 'server-error', when: 'before' }, BOUND);
    expectStorageUnavailable(await call('savePat', { integrationId: 'demo-github', token: NEW }, ALICE));
    expect(secretOf(ALICE, 'demo-github')).toBe(NEW);
    expect(await shownPat('demo-github')).toBeUndefined();
    expect(leftovers()).toEqual(['secret']);
    await save(OLD);
    expect(await shownPat('demo-github')).toMatchObject({ hint: 'OLD1' });
    expect(leftovers()).toEqual([]);
  });

  it('reads back a revision claim whose answer was lost and carries on with it', async () => {
    await seedCatalog(forge.kvs, demoIntegrations());
    const { revision } = await adminPage();
    forge.kvs.injectFault({ kind: 'hang', when: 'after', operation: 'set', times: 1 });
    const result = await callAdmin<AdminPage>('saveIntegration', { integration: NEW_INTEGRATION, expectedRevision: revision }, ADMIN);
    expect(result).toMatchObject({ ok: true, value: { revision: revision + 1 } });
    expect(leftovers()).toEqual([]);
  });
});

describe('two changes of one user at once', () => {
  /** Two integrations whose PAT metadata shares one shard. */
  function sameShardPair(): [string, string] {
    const ids = generatedIntegrations(64).map((integration) => integration.id);
    for (const a of ids) {
      const b = ids.find((other) => other !== a && patShard(other) === patShard(a));
      if (b) return [a, b];
    }
    throw new Error('no two integrations share a shard');
  }

  it.each([
    ['two saves', 'savePat', 'savePat'],
    ['a save and a removal', 'savePat', 'removePat'],
    ['a save and a re-check', 'savePat', 'recheckPat'],
  ])('loses neither of %s for two integrations in the same shard', async (_name, first, second) => {
    const [a, b] = sameShardPair();
    await seedCatalog(forge.kvs, generatedIntegrations(64));
    await save(OLD, b);
    const results = await Promise.all([
      call('savePat', { integrationId: a, token: NEW }, ALICE),
      call(second, second === 'savePat' ? { integrationId: b, token: NEW } : { integrationId: b }, ALICE),
    ]);
    expect(first).toBe('savePat');
    expect(results.map((result) => result.ok)).toEqual([true, true]);
    const hints = new Map((await page()).pats.map((pat) => [pat.integrationId, pat.hint]));
    expect(hints.get(a)).toBe('NEW2');
    expect(hints.get(b)).toBe(second === 'removePat' ? undefined : second === 'savePat' ? 'NEW2' : 'OLD1');
    expect(leftovers()).toEqual([]);
  });
});
