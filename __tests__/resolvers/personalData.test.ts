import type { Verification } from '../../src/contract';
import { personalDataHandler } from '../../src/privacy/handler';
import { reportPersonalData } from '../../src/privacy/reportPersonalData';
import { patShard } from '../../src/storage/keys';
import { savePat } from '../../src/storage/patStore';
import { installForgeFetch, type ForgeFetch, type ForgeTarget } from '../../tools/forge-doubles/forgeFetch';
import { KvsEmulator } from '../../tools/forge-doubles/kvsEmulator';
import { credentialPayload } from '../../tools/fixtures/credentials';
import { demoIntegrations } from '../../tools/fixtures/integrations';
import { captureConsole, type LogLine } from '../support/captureConsole';
import { call, seedCatalog } from '../support/forge';

// Host checks in savePat meet the resolvers project's no-network fetch: tokens are saved as unreachable.

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

/** The personal data reporting API as the SDK reaches it; anything else is a failing call. */
const reportingApi: ForgeFetch = async (target, path, init) => {
  if (path !== '/app/report-accounts') return json(404, { message: `No double for ${path}` });
  const { accounts } = JSON.parse(String(init?.body)) as { accounts: ReportedAccount[] };
  requests.push({ target, path, method: init?.method, accounts });
  return answer(accounts);
};

beforeEach(() => {
  kvs = new KvsEmulator();
  requests = [];
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
    const result = await call('savePat', { integrationId, ...credentialPayload(hostType, tokenFor(accountId, integrationId)) }, accountId);
    if (!result.ok) throw new Error(result.error.message);
  }
}

const UNREACHABLE: Verification = { status: 'unreachable', checkedAt: '2024-01-01T00:00:00.000Z' };

/** `count` accounts with one PAT each, saved at distinct times; quicker than the resolver for bulk. */
async function seedAccounts(count: number): Promise<string[]> {
  const accountIds = Array.from({ length: count }, (_, i) => `557058:bulk-${String(i).padStart(4, '0')}`);
  for (const [i, accountId] of accountIds.entries()) {
    await savePat(accountId, 'demo-github', { kind: 'token', token: tokenFor(accountId, 'demo-github') }, UNREACHABLE, new Date(Date.UTC(2024, 0, 1, 0, 0, i)));
  }
  return accountIds;
}

function ownedBy(accountId: string): (entry: [string, unknown]) => boolean {
  return ([key]) => key.split('#').includes(accountId);
}

/** Every stored entry (JSON text and timestamps) except those of the given accounts. */
function othersThan(...accountIds: string[]) {
  const keep = (entry: [string, unknown]) => !accountIds.some((accountId) => ownedBy(accountId)(entry));
  const state = kvs.exportState();
  return { plain: state.plain.filter(keep), secret: state.secret.filter(keep) };
}

describe('reporting personal data', () => {
  it('reports each account once, with the latest update across its shards, to the reporting API as the app', async () => {
    await seedCatalog(kvs, demoIntegrations());
    // Three shards of one account; the latest save sits in the middle one, neither first nor last read.
    expect(['demo-github', 'demo-gitea', 'demo-gitlab'].map(patShard)).toEqual(['6', 'd', 'e']);
    await savePat(ALICE, 'demo-gitlab', { kind: 'token', token: tokenFor(ALICE, 'demo-gitlab') }, UNREACHABLE, new Date('2024-03-05T10:00:00.000Z'));
    await savePat(ALICE, 'demo-github', { kind: 'token', token: tokenFor(ALICE, 'demo-github') }, UNREACHABLE, new Date('2024-01-20T00:00:00.000Z'));
    await savePat(ALICE, 'demo-gitea', { kind: 'token', token: tokenFor(ALICE, 'demo-gitea') }, UNREACHABLE, new Date('2024-06-01T08:30:00.000Z'));
    await savePat(BOB, 'demo-gitea', { kind: 'token', token: tokenFor(BOB, 'demo-gitea') }, UNREACHABLE, new Date('2023-12-31T23:59:59.999Z'));
    const before = kvs.snapshot();
    answer = statuses({ [BOB]: 'updated' });

    expect(await reportPersonalData()).toEqual({ reported: 2, closed: 0, updated: 1 });

    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ path: '/app/report-accounts', method: 'POST' });
    expect(requests[0]!.target).toEqual(STARGATE_AS_APP);
    expect(reported().sort((a, b) => a.accountId.localeCompare(b.accountId))).toEqual([
      { accountId: ALICE, updatedAt: '2024-06-01T08:30:00.000Z' },
      { accountId: BOB, updatedAt: '2023-12-31T23:59:59.999Z' },
    ]);
    // `updated` needs nothing refreshed: storage is untouched.
    expect(kvs.snapshot()).toBe(before);
  });

  it('sends nothing when no account has stored a PAT', async () => {
    await seedCatalog(kvs, demoIntegrations());
    expect(await reportPersonalData()).toEqual({ reported: 0, closed: 0, updated: 0 });
    expect(requests).toEqual([]);
  });

  it('pages through more than one KVS query page and posts at most 90 accounts at a time', async () => {
    const accountIds = await seedAccounts(200);
    kvs.resetCounts();
    answer = statuses({ [accountIds[3]!]: 'updated', [accountIds[150]!]: 'updated' });

    expect(await reportPersonalData()).toEqual({ reported: 200, closed: 0, updated: 2 });

    // 200 shard keys at 20 per page.
    expect(kvs.count('query')).toBe(10);
    expect(requests.map((request) => request.accounts.length)).toEqual([90, 90, 20]);
    const ids = reported().map((account) => account.accountId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(accountIds);
    expect(reported().find((account) => account.accountId === accountIds[150])).toEqual({
      accountId: accountIds[150],
      updatedAt: new Date(Date.UTC(2024, 0, 1, 0, 0, 150)).toISOString(),
    });
  });
});

describe('erasing closed accounts', () => {
  beforeEach(() => seedCatalog(kvs, demoIntegrations()));

  it('deletes every secret, metadata shard and holder record of a closed account and nothing else', async () => {
    await saveThroughResolver(ALICE, ['demo-github', 'demo-gitlab', 'demo-gitea']);
    await saveThroughResolver(BOB, ['demo-github']);
    await saveThroughResolver(CAROL, ['demo-gitlab', 'demo-bitbucket-cloud']);
    expect(kvs.entries('secret').filter(ownedBy(ALICE))).toHaveLength(3);
    expect(kvs.entries('plain').filter(ownedBy(ALICE)).map(([key]) => key.split('#')[0]).sort()).toEqual([
      'holder',
      'holder',
      'holder',
      'pats',
      'pats',
      'pats',
    ]);
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

    expect(await reportPersonalData()).toEqual({ reported: 3, closed: 1, updated: 1 });

    expect(kvs.entries('plain').filter(ownedBy(ALICE))).toEqual([]);
    expect(kvs.entries('secret').filter(ownedBy(ALICE))).toEqual([]);
    expect(othersThan(ALICE)).toEqual(othersBefore);
    expect(kvs.entries('plain').map(([key]) => key)).toContain('catalog#0000');
  });

  it('erases closed accounts among many, across several POSTs', async () => {
    const accountIds = await seedAccounts(120);
    const closed = [accountIds[0]!, accountIds[89]!, accountIds[90]!, accountIds[119]!];
    const othersBefore = othersThan(...closed);
    answer = statuses(Object.fromEntries(closed.map((accountId) => [accountId, 'closed'])));

    expect(await reportPersonalData()).toEqual({ reported: 120, closed: 4, updated: 0 });

    for (const accountId of closed) {
      expect([...kvs.entries('plain'), ...kvs.entries('secret')].filter(ownedBy(accountId))).toEqual([]);
    }
    expect(othersThan(...closed)).toEqual(othersBefore);
  });

  it('still erases the rest of a closed account when one of its PATs was removed meanwhile', async () => {
    await saveThroughResolver(ALICE, ['demo-github', 'demo-gitlab']);
    await saveThroughResolver(BOB, ['demo-github']);
    const othersBefore = othersThan(ALICE);
    answer = async (accounts) => {
      const removed = await call('removePat', { integrationId: 'demo-gitlab' }, ALICE);
      if (!removed.ok) throw new Error(removed.error.message);
      return statuses({ [ALICE]: 'closed' })(accounts);
    };

    expect(await reportPersonalData()).toEqual({ reported: 2, closed: 1, updated: 0 });

    expect([...kvs.entries('plain'), ...kvs.entries('secret')].filter(ownedBy(ALICE))).toEqual([]);
    expect(othersThan(ALICE)).toEqual(othersBefore);
  });

  it.each([
    ['the only POST', 2, 0],
    ['the second of two POSTs', 100, 1],
  ])('deletes nothing when %s fails with HTTP 500', async (_name, count, failing) => {
    const accountIds = await seedAccounts(count);
    const before = kvs.snapshot();
    let posts = 0;
    answer = (accounts) => {
      const post = posts;
      posts += 1;
      if (post === failing) return json(500, { message: 'Internal server error' });
      return statuses(Object.fromEntries(accountIds.map((accountId) => [accountId, 'closed'])))(accounts);
    };

    await expect(reportPersonalData()).rejects.toThrow('Personal data reporting failed: HTTP 500');

    expect(kvs.snapshot()).toBe(before);
  });
});

describe('the scheduled trigger', () => {
  let output: LogLine[];

  beforeEach(async () => {
    output = captureConsole();
    await seedCatalog(kvs, demoIntegrations());
    await saveThroughResolver(ALICE, ['demo-github', 'demo-gitlab']);
    await saveThroughResolver(BOB, ['demo-gitea']);
  });

  afterEach(() => jest.restoreAllMocks());

  /** Forge calls a scheduled trigger's function with the trigger's request and the invocation context. */
  const trigger: (request: { context: { cloudId: string; moduleKey: string }; contextToken: string }, context: object) => Promise<void> =
    personalDataHandler;
  const request = { context: { cloudId: 'preview-cloud', moduleKey: 'personal-data-daily' }, contextToken: 'opaque' };
  const tokens = [tokenFor(ALICE, 'demo-github'), tokenFor(ALICE, 'demo-gitlab'), tokenFor(BOB, 'demo-gitea')];

  it('runs the report and logs only counts', async () => {
    answer = statuses({ [ALICE]: 'closed', [BOB]: 'updated' });

    await trigger(request, {});

    expect(output.map(({ line }) => line)).toEqual(['Personal data report: 2 accounts reported, 1 closed and erased, 1 updated']);
    expect(kvs.entries('secret').map(([key]) => key)).toEqual([`token#${BOB}#demo-gitea`]);
  });

  it('fails the invocation when reporting fails, and no output holds a token', async () => {
    answer = () => json(500, { message: 'Internal server error' });

    await expect(trigger(request, {})).rejects.toThrow('HTTP 500');

    for (const { line } of output) {
      for (const token of tokens) expect(line).not.toContain(token);
    }
    expect(kvs.entries('secret')).toHaveLength(3);
  });
});
