import type { Verification } from '../../src/contract';
import { personalDataHandler } from '../../src/privacy/handler';
import { CYCLE_MS, reportPersonalData, type ReportOptions } from '../../src/privacy/reportPersonalData';
import { parseSecretKey, PERSONAL_DATA_PROGRESS_KEY } from '../../src/storage/keys';
import { LOOSE_GRACE_MS } from '../../src/storage/looseSecrets';
import { savePat } from '../../src/storage/patStore';
import { DEFAULT_RETRY_POLICY, setRetryPolicy } from '../../src/storage/reliableKvs';
import { installForgeFetch, type ForgeFetch, type ForgeTarget } from '../../tools/forge-doubles/forgeFetch';
import { KvsEmulator } from '../../tools/forge-doubles/kvsEmulator';
import { manifestEntities } from '../../tools/manifest';
import { credentialPayload } from '../../tools/fixtures/credentials';
import { demoIntegrations } from '../../tools/fixtures/integrations';
import { captureConsole, type LogLine } from '../support/captureConsole';
import { callPersonal, seedCatalog, storedHolders, storedPats, storedTokens } from '../support/forge';
import { expectStorageLog, FAULT_CODES } from '../support/storageLog';

// Host checks in savePat meet the platform tier's no-network fetch: tokens are saved as unreachable.

interface ReportedAccount {
  accountId: string;
  updatedAt: string;
}

type Status = 'closed' | 'updated';

interface ReportRequest {
  target: ForgeTarget;
  path: string;
  method: string | undefined;
  accounts: ReportedAccount[];
}

/** What Forge's reporting API answers to one POST of at most 90 accounts. */
type Answer = (accounts: ReportedAccount[]) => Response | Promise<Response>;

const STARGATE_AS_APP = { type: 'fpp', provider: 'app', remote: 'stargate' };
const ALICE = '557058:0a1b2c3d-alice';
const BOB = '712020:bob-4e5f';
const CAROL = 'carol-5';
const START = Date.parse('2026-11-02T09:00:00.000Z');

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** Answers 200 with the statuses given for the posted accounts, or 204 when none of them has one. */
function statuses(byAccount: Record<string, Status>): Answer {
  return (accounts) => {
    const answered = accounts.flatMap(({ accountId }) => (byAccount[accountId] ? [{ accountId, status: byAccount[accountId] }] : []));
    return answered.length > 0 ? json(200, { accounts: answered }) : new Response(null, { status: 204 });
  };
}

let kvs: KvsEmulator;
let requests: ReportRequest[];
let answer: Answer;
let uninstall: () => void;
let clock: number;
let slept: number[];

/** The personal data reporting API as the SDK reaches it; anything else is a failing call. */
const reportingApi: ForgeFetch = async (target, path, init) => {
  if (path !== '/app/report-accounts') return json(404, { message: `No double for ${path}` });
  const { accounts } = JSON.parse(init?.body as string) as { accounts: ReportedAccount[] };
  requests.push({ target, path, method: init?.method, accounts });
  return answer(accounts);
};

/** The job as the trigger runs it, on the test's clock, with waits recorded instead of slept. */
function runJob(options: ReportOptions = {}) {
  return reportPersonalData({
    now: () => new Date(clock),
    sleep: (ms) => {
      slept.push(ms);
      return Promise.resolve();
    },
    ...options,
  });
}

beforeAll(() => setRetryPolicy({ ...DEFAULT_RETRY_POLICY, requestTimeoutMs: 50, baseDelayMs: 1, maxDelayMs: 4 }));
afterAll(() => setRetryPolicy(DEFAULT_RETRY_POLICY));

beforeEach(() => {
  kvs = new KvsEmulator({ entities: manifestEntities() });
  requests = [];
  slept = [];
  clock = START;
  answer = statuses({});
  uninstall = installForgeFetch({ kvs, products: reportingApi });
});

afterEach(() => uninstall());

function reported(): ReportedAccount[] {
  return requests.flatMap((request) => request.accounts);
}

function tokenFor(accountId: string, integrationId: string): string {
  return `ghp_${accountId.replace(/:/g, '')}_${integrationId}_SecretValue0123`;
}

/** Saves through the real resolver, as a person would. */
async function saveThroughResolver(accountId: string, integrationIds: string[]): Promise<void> {
  for (const integrationId of integrationIds) {
    const hostType = demoIntegrations().find((integration) => integration.id === integrationId)!.hostType;
    const result = await callPersonal(
      'savePat',
      { integrationId, ...credentialPayload(hostType, tokenFor(accountId, integrationId)) },
      accountId,
    );
    if (!result.ok) throw new Error(result.error.message);
  }
}

const UNREACHABLE: Verification = { status: 'unreachable', checkedAt: '2024-01-01T00:00:00.000Z' };

/** `count` accounts with one PAT each, saved at distinct times; quicker than the resolver for bulk. */
async function seedAccounts(count: number): Promise<string[]> {
  const accountIds = Array.from({ length: count }, (_, i) => `557058:bulk-${String(i).padStart(4, '0')}`);
  for (const [i, accountId] of accountIds.entries()) {
    await savePat(
      accountId,
      'demo-github',
      () => Promise.resolve({ credential: { kind: 'token', token: tokenFor(accountId, 'demo-github') }, verification: UNREACHABLE }),
      new Date(Date.UTC(2024, 0, 1, 0, 0, i)),
    );
  }
  // The walk is an eventually consistent query: it sees what has settled.
  kvs.settle();
  return accountIds;
}

/** Everything stored about accounts other than these: tokens, PATs and holder entries. */
function othersThan(...accountIds: string[]) {
  const mine = (entry: string) => accountIds.some((accountId) => entry.startsWith(`${accountId}#`));
  return {
    tokens: storedTokens(kvs).filter(([key]) => !mine(key)),
    pats: storedPats(kvs).filter((entry) => !mine(entry)),
    holders: storedHolders(kvs).filter((entry) => !mine(entry)),
  };
}

/** Nothing stored about the account any more: no token, no record, no holder entry. */
function expectErased(accountId: string): void {
  expect(kvs.entries('secret').filter(([key]) => parseSecretKey(key)?.accountId === accountId)).toEqual([]);
  expect(kvs.entityEntries('pat-record').map(([key]) => key)).not.toContain(accountId);
  expect(storedHolders(kvs).filter((entry) => entry.startsWith(`${accountId}#`))).toEqual([]);
}

beforeEach(() => seedCatalog(kvs, demoIntegrations()));

describe('reporting personal data', () => {
  it('reports each account once, with its latest update, to the reporting API as the app', async () => {
    await savePat(
      ALICE,
      'demo-gitlab',
      () => Promise.resolve({ credential: { kind: 'token', token: tokenFor(ALICE, 'demo-gitlab') }, verification: UNREACHABLE }),
      new Date('2024-03-05T10:00:00.000Z'),
    );
    await savePat(
      ALICE,
      'demo-github',
      () => Promise.resolve({ credential: { kind: 'token', token: tokenFor(ALICE, 'demo-github') }, verification: UNREACHABLE }),
      new Date('2024-01-20T00:00:00.000Z'),
    );
    await savePat(
      ALICE,
      'demo-gitea',
      () => Promise.resolve({ credential: { kind: 'token', token: tokenFor(ALICE, 'demo-gitea') }, verification: UNREACHABLE }),
      new Date('2024-06-01T08:30:00.000Z'),
    );
    await savePat(
      BOB,
      'demo-gitea',
      () => Promise.resolve({ credential: { kind: 'token', token: tokenFor(BOB, 'demo-gitea') }, verification: UNREACHABLE }),
      new Date('2023-12-31T23:59:59.999Z'),
    );
    kvs.settle();
    const before = othersThan();
    answer = statuses({ [BOB]: 'updated' });

    expect(await runJob()).toEqual({ reported: 2, closed: 0, updated: 1, finished: true });

    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ path: '/app/report-accounts', method: 'POST' });
    expect(requests[0]!.target).toEqual(STARGATE_AS_APP);
    expect(reported()).toEqual([
      { accountId: ALICE, updatedAt: '2024-06-01T08:30:00.000Z' },
      { accountId: BOB, updatedAt: '2023-12-31T23:59:59.999Z' },
    ]);
    // `updated` needs nothing refreshed: only the job's own progress was written.
    expect(othersThan()).toEqual(before);
    expect(kvs.entries('plain').map(([key]) => key)).toEqual([PERSONAL_DATA_PROGRESS_KEY]);
  });

  it('sends nothing when no account has stored a PAT', async () => {
    expect(await runJob()).toEqual({ reported: 0, closed: 0, updated: 0, finished: true });
    expect(requests).toEqual([]);
  });

  it('pages through more than one query page and posts at most 90 accounts at a time', async () => {
    const accountIds = await seedAccounts(200);
    kvs.resetCounts();
    answer = statuses({ [accountIds[3]!]: 'updated', [accountIds[150]!]: 'updated' });

    expect(await runJob()).toEqual({ reported: 200, closed: 0, updated: 2, finished: true });

    // 200 records at 20 per page.
    expect(kvs.count('entity/query')).toBe(10);
    expect(requests.map((request) => request.accounts.length)).toEqual([90, 90, 20]);
    const ids = reported().map((account) => account.accountId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(accountIds);
    expect(reported().find((account) => account.accountId === accountIds[150])).toEqual({
      accountId: accountIds[150],
      updatedAt: new Date(Date.UTC(2024, 0, 1, 0, 0, 150)).toISOString(),
    });
  });

  it('reports an account at most once per 7-day cycle, and again in the next cycle', async () => {
    await seedAccounts(3);
    await runJob();
    expect(reported()).toHaveLength(3);

    clock = START + CYCLE_MS - 60_000;
    expect(await runJob()).toEqual({ reported: 0, closed: 0, updated: 0, finished: true });
    expect(reported()).toHaveLength(3);

    clock = START + CYCLE_MS;
    expect(await runJob()).toMatchObject({ reported: 3, finished: true });
    expect(reported()).toHaveLength(6);
  });

  it('resumes a walk cut short by its time budget where it stopped, reporting nobody twice', async () => {
    const accountIds = await seedAccounts(200);
    // No time budget at all: each run does its one batch.
    let runs = 0;
    let finished = false;
    while (!finished && runs < 10) {
      runs += 1;
      const started = requests.length;
      const result = await runJob({ budgetMs: 0 });
      finished = result.finished;
      expect(requests.length - started).toBe(1);
    }
    expect(runs).toBe(3);
    expect(reported().map((account) => account.accountId)).toEqual(accountIds);
  });

  it('waits as a 429 asks and tries the batch again', async () => {
    await seedAccounts(2);
    let posts = 0;
    answer = (accounts) => {
      posts += 1;
      if (posts === 1) return new Response(null, { status: 429, headers: { 'retry-after': '30' } });
      if (posts === 2) return new Response(null, { status: 429 });
      return statuses({})(accounts);
    };

    expect(await runJob()).toMatchObject({ reported: 2, finished: true });

    expect(posts).toBe(3);
    expect(slept[0]).toBe(30_000);
    expect(slept[1]).toBeGreaterThan(0);
  });
});

describe('erasing closed accounts', () => {
  it('deletes every token, PAT and holder entry of a closed account and nothing else', async () => {
    await saveThroughResolver(ALICE, ['demo-github', 'demo-gitlab', 'demo-gitea']);
    await saveThroughResolver(BOB, ['demo-github']);
    await saveThroughResolver(CAROL, ['demo-gitlab', 'demo-bitbucket-cloud']);
    kvs.settle();
    expect(storedTokens(kvs).filter(([key]) => key.startsWith(`${ALICE}#`))).toHaveLength(3);
    const othersBefore = othersThan(ALICE);
    // An answer about an account that was not reported is not ours to act on.
    answer = () =>
      json(200, {
        accounts: [
          { accountId: ALICE, status: 'closed' },
          { accountId: BOB, status: 'updated' },
          { accountId: 'someone-else', status: 'closed' },
        ],
      });

    expect(await runJob()).toEqual({ reported: 3, closed: 1, updated: 1, finished: true });

    expectErased(ALICE);
    expect(othersThan(ALICE)).toEqual(othersBefore);
    expect(kvs.entityEntries('catalog').map(([key]) => key)).toEqual(['head']);
  });

  it('erases closed accounts among many, across several POSTs', async () => {
    const accountIds = await seedAccounts(120);
    const closed = [accountIds[0]!, accountIds[89]!, accountIds[90]!, accountIds[119]!];
    const othersBefore = othersThan(...closed);
    answer = statuses(Object.fromEntries(closed.map((accountId) => [accountId, 'closed'])));

    expect(await runJob()).toEqual({ reported: 120, closed: 4, updated: 0, finished: true });

    for (const accountId of closed) expectErased(accountId);
    expect(othersThan(...closed)).toEqual(othersBefore);
  });

  it('still erases the rest of a closed account when one of its PATs was removed meanwhile', async () => {
    await saveThroughResolver(ALICE, ['demo-github', 'demo-gitlab']);
    await saveThroughResolver(BOB, ['demo-github']);
    kvs.settle();
    const othersBefore = othersThan(ALICE);
    answer = async (accounts) => {
      const removed = await callPersonal('removePat', { integrationId: 'demo-gitlab' }, ALICE);
      if (!removed.ok) throw new Error(removed.error.message);
      return statuses({ [ALICE]: 'closed' })(accounts);
    };

    expect(await runJob()).toEqual({ reported: 2, closed: 1, updated: 0, finished: true });

    expectErased(ALICE);
    expect(othersThan(ALICE)).toEqual(othersBefore);
  });

  it('erases nothing of a batch whose POST keeps failing, keeps what earlier batches did, and resumes at that batch', async () => {
    const accountIds = await seedAccounts(100);
    const everyone = Object.fromEntries(accountIds.map((accountId) => [accountId, 'closed' as const]));
    let posts = 0;
    answer = (accounts) => {
      posts += 1;
      return posts === 1 ? statuses(everyone)(accounts) : json(500, { message: 'Internal server error' });
    };

    await expect(runJob()).rejects.toThrow('Personal data reporting failed: HTTP 500');

    for (const accountId of accountIds.slice(0, 90)) expectErased(accountId);
    expect(storedPats(kvs)).toEqual(accountIds.slice(90).map((accountId) => `${accountId}#demo-github`));

    answer = statuses(everyone);
    expect(await runJob()).toEqual({ reported: 10, closed: 10, updated: 0, finished: true });
    expect(storedPats(kvs)).toEqual([]);
    expect(kvs.entries('secret')).toEqual([]);
  });
});

describe('loose secrets', () => {
  it('deletes the secret a crashed save left, once it is older than the grace period', async () => {
    const logged = captureConsole();
    // The save's commit never lands: its new secret is written and only named as loose.
    const handle = kvs.handle.bind(kvs);
    let transactions = 0;
    kvs.handle = (path, init) => {
      if (path === '/api/v1/transaction' && ++transactions === 2)
        kvs.injectFault({ kind: 'server-error', operation: 'transaction', times: 10 });
      return handle(path, init);
    };
    await savePat(
      ALICE,
      'demo-github',
      () => Promise.resolve({ credential: { kind: 'token', token: tokenFor(ALICE, 'demo-github') }, verification: UNREACHABLE }),
      new Date(START),
    ).catch(() => undefined);
    expectStorageLog(logged, [FAULT_CODES['server-error']]);
    kvs.handle = handle;
    kvs.clearFaults();
    await savePat(
      BOB,
      'demo-github',
      () => Promise.resolve({ credential: { kind: 'token', token: tokenFor(BOB, 'demo-github') }, verification: UNREACHABLE }),
      new Date(START),
    );
    kvs.settle();
    expect(kvs.entries('secret')).toHaveLength(2);
    expect(storedPats(kvs)).toEqual([`${BOB}#demo-github`]);

    clock = START + LOOSE_GRACE_MS - 1;
    await runJob();
    expect(kvs.entries('secret')).toHaveLength(2);

    clock = START + CYCLE_MS + LOOSE_GRACE_MS;
    await runJob();
    expect(storedTokens(kvs)).toEqual([[`${BOB}#demo-github`, tokenFor(BOB, 'demo-github')]]);
  });
});

describe('the scheduled trigger', () => {
  let output: LogLine[];

  beforeEach(async () => {
    output = captureConsole();
    await saveThroughResolver(ALICE, ['demo-github', 'demo-gitlab']);
    await saveThroughResolver(BOB, ['demo-gitea']);
    kvs.settle();
  });

  /** Forge calls a scheduled trigger's function with the trigger's request and the invocation context. */
  const trigger: (request: { context: { cloudId: string; moduleKey: string }; contextToken: string }, context: object) => Promise<void> =
    personalDataHandler;
  const request = { context: { cloudId: 'preview-cloud', moduleKey: 'personal-data-daily' }, contextToken: 'opaque' };
  const tokens = [tokenFor(ALICE, 'demo-github'), tokenFor(ALICE, 'demo-gitlab'), tokenFor(BOB, 'demo-gitea')];

  it('runs the report and logs only counts', async () => {
    answer = statuses({ [ALICE]: 'closed', [BOB]: 'updated' });

    await trigger(request, {});

    expect(output.map(({ line }) => line)).toEqual([
      'Personal data report: 2 accounts reported, 1 closed and erased, 1 updated; cycle walk finished',
    ]);
    expect(storedTokens(kvs)).toEqual([[`${BOB}#demo-gitea`, tokenFor(BOB, 'demo-gitea')]]);
  });

  it('fails the invocation when reporting fails, and no output holds a token', async () => {
    answer = () => json(400, { message: 'Bad request' });

    await expect(trigger(request, {})).rejects.toThrow('HTTP 400');

    for (const { line } of output) {
      for (const token of tokens) expect(line).not.toContain(token);
    }
    expect(kvs.entries('secret')).toHaveLength(3);
  });
});
