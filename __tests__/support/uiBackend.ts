/**
 * What a Custom UI page talks to in the ui tier, as in the local preview (tools/preview): `jira` is Jira's
 * side of the bridge (`globalThis.__bridge`, which @forge/bridge reads at import), answering getContext,
 * router.open, theming and the egress permission calls; its `invoke` runs the app's real resolver handlers
 * over the real Forge SDKs and the Forge doubles (tools/forge-doubles), as the acting user — the backend
 * the pages have in production, with storage in the KVS emulator (`backend`). The git hosts a token check
 * asks answer in process: GitHub as `gitHosts.github` says, GitLab.com as the fake GitLab on loopback
 * does; every other host is unreachable.
 *
 * Import this module first, before the page and anything of src/: it routes the hosts' requests (support/hostFetch.ts).
 */
// First: the host route must be in place before anything loads @forge/api (support/hostFetch.ts).
import { loopbackFetch, routeHostFetch } from './hostFetch';
import type { Integration, Verification } from '../../src/contract';
import { rewriteOrigins } from '../../tools/preview/egressMap';
import { FakeGitLab } from '../../tools/fakes/fakeGitLab';
import { KvsEmulator } from '../../tools/forge-doubles/kvsEmulator';
import { installForgeFetch } from '../../tools/forge-doubles/forgeFetch';
import { installForgeRuntime } from '../../tools/forge-doubles/forgeRuntime';
import { jiraPermissionsDouble } from '../../tools/forge-doubles/jiraDouble';
import { manifestEntities } from '../../tools/manifest';
import { PreviewEgress } from '../../tools/preview/egressStore';
import { ADMINS, callPersonal, callAdmin, seedCatalog } from './forge';
import { savePat } from '../../src/storage/patStore';
import { DEFAULT_RETRY_POLICY, setRetryPolicy } from '../../src/storage/reliableKvs';
import { runWeeklyRecheck } from '../../src/recheck/weeklyRecheck';

type Json = Record<string, unknown>;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** What the git hosts say about a token next. */
export const gitHosts = {
  /**
   * GitHub's `GET /user` (https://docs.github.com/en/rest/users/users#get-the-authenticated-user): 'valid'
   * answers octocat with the `repo` scope, 'missing-scopes' octocat without it, 'revoked' 401 Bad credentials.
   */
  github: 'valid' as 'valid' | 'missing-scopes' | 'revoked',
  /** GitLab.com: tokens are added to it as on GitLab's page (`gitlab.add`), and it rotates them. */
  gitlab: new FakeGitLab(),
};

beforeAll(() => gitHosts.gitlab.start());
afterAll(() => gitHosts.gitlab.stop());

function answerGitHub(): Response {
  if (gitHosts.github === 'revoked') return json(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
  const scopes = gitHosts.github === 'valid' ? 'repo, read:org' : 'read:user';
  return json(200, { login: 'octocat', id: 1, type: 'User' }, { 'X-OAuth-Scopes': scopes });
}

routeHostFetch((url, init) => {
  const target = new URL(url);
  if (target.origin === 'https://api.github.com' && target.pathname === '/user') return Promise.resolve(answerGitHub());
  if (target.origin === 'https://gitlab.com')
    return rewriteOrigins(loopbackFetch, { 'https://gitlab.com': gitHosts.gitlab.origin })(url, init);
  return Promise.reject(new TypeError(`fetch failed: ${target.host} is unreachable from the ui tests`));
});

// Storage faults a test injects end after the retries without the production waits between them.
setRetryPolicy({ ...DEFAULT_RETRY_POLICY, baseDelayMs: 1, maxDelayMs: 4 });

/** The person using the personal page, and the admin using the admin page (a Jira administrator to the Jira double). */
export const USER = '557058:ui-user';
export const ADMIN = [...ADMINS][0]!;

const ENTITIES = manifestEntities();
const MODULE_KEYS = { personal: 'git-pat-personal-settings', admin: 'git-pat-admin' } as const;

type Page = keyof typeof MODULE_KEYS;

/** A saved PAT as a test needs it: the token (or only its last four characters), when it was saved and its last check. */
export interface SeededPat {
  integrationId: string;
  token?: string;
  hint?: string;
  /** ISO-8601 time of the save; now when absent. */
  savedAt?: string;
  /** The last check; `checkedAt` defaults to the save. None: a PAT saved before tokens were checked. */
  verification?: Omit<Verification, 'checkedAt'> & { checkedAt?: string };
}

/** Jira's side of the Custom UI bridge, as a person's browser shows the page. */
export const jira = {
  /** URLs `router.open` was asked to open. */
  opened: [] as string[],
  themingEnabled: false,
  /** Resolves when Jira has applied its theme (view.theme.enable() waits for it). */
  themeApplied: undefined as Promise<void> | undefined,
  /** What view.getContext() says of the person's Jira profile. */
  profile: { locale: 'en-US', timezone: 'UTC' } as { locale?: string; timezone?: string },
  /** What the admin answers in Atlassian's consent dialog for `permissions.egress.set`. */
  consent: 'accept' as 'accept' | 'refuse',
  /** Every `permissions.egress` call, as the page made it. */
  egressCalls: [] as { name: string; payload: unknown }[],
  /** The egress a site admin approved; the Forge runtime double lets the backend fetch from it. */
  egress: new PreviewEgress(),
};

let uninstallFetch: () => void = () => undefined;
const uninstallRuntime = installForgeRuntime(() => jira.egress.domains());
afterAll(() => {
  uninstallFetch();
  uninstallRuntime();
});

/** The app's backend behind `invoke`: the real handlers (src/index.ts) over the KVS emulator. */
export const backend = {
  kvs: new KvsEmulator({ entities: ENTITIES }),
  page: 'personal' as Page,
  /** Who is signed in to Jira: `principal.accountId` of every invoke. */
  accountId: USER,
  /** Every invoke, as the page made it. */
  invocations: [] as { functionKey: string; payload: Json }[],
  holds: new Map<string, Promise<void>>(),

  /**
   * A new site with these integrations and nobody's PATs, for a page of this module; the acting person
   * is the page's usual user unless `accountId` says otherwise.
   */
  async reset(page: Page, integrations: Integration[] = [], accountId: string = page === 'admin' ? ADMIN : USER): Promise<void> {
    this.kvs = new KvsEmulator({ entities: ENTITIES });
    uninstallFetch();
    uninstallFetch = installForgeFetch({ kvs: this.kvs, products: jiraPermissionsDouble((id) => ADMINS.has(id)).fetch });
    this.page = page;
    this.accountId = accountId;
    this.invocations = [];
    this.holds.clear();
    gitHosts.github = 'valid';
    gitHosts.gitlab.tokens.clear();
    Object.assign(jira, { opened: [], themingEnabled: false, themeApplied: undefined, consent: 'accept', egressCalls: [] });
    jira.profile = { locale: 'en-US', timezone: 'UTC' };
    jira.egress = new PreviewEgress();
    await seedCatalog(this.kvs, integrations);
  },

  /** Stores a PAT as a save with this verdict would have (src/storage/patStore.ts), for `accountId` (the acting person by default). */
  async seedPat(seed: SeededPat, accountId?: string): Promise<void> {
    const token = seed.token ?? `seeded-token-0123456789${seed.hint ?? 'ABCD'}`;
    const savedAt = seed.savedAt ?? new Date().toISOString();
    const credential = { kind: 'token' as const, token };
    const verification = seed.verification && { checkedAt: savedAt, ...seed.verification };
    // A PAT saved before tokens were checked has no verdict in its record.
    await savePat(accountId ?? this.accountId, seed.integrationId, () => Promise.resolve({ credential, verification }), new Date(savedAt));
  },

  /** Runs the weekly re-check as of `asOf`: tokens checked within the week are counted as they stand, and the admins' token health stored. */
  async runWeeklyRecheck(asOf: string): Promise<void> {
    this.kvs.settle();
    await runWeeklyRecheck({ newPass: true, now: () => new Date(asOf) });
  },

  /** The next invoke of `functionKey` waits until the returned function is called. */
  hold(functionKey: string): () => void {
    let release: () => void = () => undefined;
    this.holds.set(functionKey, new Promise<void>((resolve) => (release = resolve)));
    return () => release();
  },

  /** Someone else acting meanwhile, in another browser: a person on the personal page or an admin on the admin page. */
  callPersonal: (functionKey: string, payload: unknown, accountId: string) => callPersonal(functionKey, payload, accountId),
  callAdmin: (functionKey: string, payload: unknown, accountId: string) => callAdmin(functionKey, payload, accountId),
};

async function invoke({ functionKey, payload = {} }: { functionKey: string; payload?: Json }): Promise<unknown> {
  backend.invocations.push({ functionKey, payload });
  const held = backend.holds.get(functionKey);
  backend.holds.delete(functionKey);
  await held;
  const caller = backend.page === 'admin' ? callAdmin : callPersonal;
  const result = await caller(functionKey, payload, backend.accountId);
  // What reaches the page went through JSON, as it does from Forge.
  return JSON.parse(JSON.stringify(result)) as unknown;
}

/** `permissions.egress.*`: a set first asks the admin in Atlassian's consent dialog, and a refusal rejects. */
function egress(name: string, payload: unknown): unknown {
  jira.egressCalls.push({ name, payload });
  if (name === '__permission__egressSet' && jira.consent === 'refuse') throw new Error('The admin did not allow the egress.');
  const op = { __permission__egressGet: 'get', __permission__egressSet: 'set', __permission__egressDeleteDomain: 'deleteDomain' }[name];
  if (!op) throw new Error(`Jira has no bridge call ${name}`);
  return jira.egress.apply({ op, payload } as Parameters<typeof jira.egress.apply>[0]);
}

async function callBridge(name: string, args?: unknown): Promise<unknown> {
  switch (name) {
    case 'invoke':
      return invoke(args as { functionKey: string; payload?: Json });
    case 'getContext':
      return { accountId: backend.accountId, moduleKey: MODULE_KEYS[backend.page], ...jira.profile };
    case 'navigate':
      jira.opened.push((args as { url: string }).url);
      return undefined;
    case 'enableTheming':
      await jira.themeApplied;
      jira.themingEnabled = true;
      return undefined;
    default:
      return egress(name, args);
  }
}

(globalThis as unknown as { __bridge: { callBridge: typeof callBridge } }).__bridge = { callBridge };
