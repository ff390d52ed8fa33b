/**
 * The Custom UI bridge of the admin page replaced at its edge (`globalThis.__bridge`): import this
 * module before the page. `invoke` is answered by an in-memory catalog with the contract's shapes
 * and revision rule; tests can replace the next answer of a resolver.
 */
import type { AdminPage, Integration, IntegrationInput, ResolverResult } from '../../src/contract';
import type { EgressGroup } from '../../src/domain/egressGroups';
import { egressStates } from '../../src/domain/egressStatus';

type Responder = (payload: Record<string, unknown>) => ResolverResult<unknown> | Promise<ResolverResult<unknown>>;

/** The egress groups a site admin approved, as Forge keeps them; `canFetch` answers from them as the runtime would. */
const groups = new Map<string, EgressGroup>();
const approved = () => new Set([...groups.values()].flatMap((group) => group.configured.map((entry) => entry.domain)));
const canFetch = (url: string) => approved().has(new URL(url).port ? new URL(url).origin : new URL(url).hostname);

function pageOf(integrations: Integration[], revision: number): AdminPage {
  return { integrations, revision, egress: egressStates(integrations, canFetch) };
}

export const adminBridge = {
  page: { integrations: [], revision: 1, egress: {} } as AdminPage,
  /** What the admin answers in Atlassian's consent dialog. */
  consent: 'accept' as 'accept' | 'refuse',
  groups,
  egressCalls: [] as { name: string; payload: unknown }[],
  holders: new Map<string, number>(),
  next: new Map<string, Responder>(),
  invocations: [] as { functionKey: string; payload: Record<string, unknown> }[],

  reset(integrations: Integration[] = [], holders: Record<string, number> = {}): void {
    groups.clear();
    this.consent = 'accept';
    this.egressCalls = [];
    this.page = pageOf(integrations, 1);
    this.holders = new Map(Object.entries(holders));
    this.next.clear();
    this.invocations = [];
  },
};

function backend(functionKey: string, payload: Record<string, unknown>): ResolverResult<unknown> {
  const page = adminBridge.page;
  switch (functionKey) {
    case 'getAdminPage':
      // The health of the last weekly check, when a test set one, comes with every load.
      adminBridge.page = { ...pageOf(page.integrations, page.revision), ...(page.health ? { health: page.health } : {}) };
      return { ok: true, value: adminBridge.page };
    case 'saveIntegration': {
      const input = payload.integration as IntegrationInput;
      const saved: Integration = { ...input, id: input.id ?? `new-${page.integrations.length}` };
      const integrations = input.id ? page.integrations.map((i) => (i.id === input.id ? saved : i)) : [...page.integrations, saved];
      adminBridge.page = pageOf(integrations, page.revision + 1);
      return { ok: true, value: adminBridge.page };
    }
    case 'getRemovalImpact':
      return {
        ok: true,
        value: { integrationId: payload.integrationId, users: adminBridge.holders.get(String(payload.integrationId)) ?? 0 },
      };
    case 'removeIntegration': {
      adminBridge.page = pageOf(
        page.integrations.filter((i) => i.id !== payload.integrationId),
        page.revision + 1,
      );
      return {
        ok: true,
        value: { ...adminBridge.page, purgedUsers: adminBridge.holders.get(String(payload.integrationId)) ?? 0, purgeFinished: true },
      };
    }
    default:
      return { ok: false, error: { code: 'UNKNOWN_RESOLVER', message: 'This app has no such action.' } };
  }
}

async function callBridge(name: string, args?: unknown): Promise<unknown> {
  if (name === 'invoke') {
    const { functionKey, payload } = args as { functionKey: string; payload: Record<string, unknown> };
    adminBridge.invocations.push({ functionKey, payload });
    const responder = adminBridge.next.get(functionKey);
    if (responder) {
      adminBridge.next.delete(functionKey);
      return responder(payload);
    }
    return backend(functionKey, payload);
  }
  if (name === 'enableTheming') return undefined;
  if (name.startsWith('__permission__egress')) {
    adminBridge.egressCalls.push({ name, payload: args });
    if (name === '__permission__egressGet') return { results: [...groups.values()] };
    if (name === '__permission__egressSet') {
      // Forge rejects the promise when the admin refuses in the consent dialog.
      if (adminBridge.consent === 'refuse') throw new Error('The admin did not approve the egress.');
      for (const group of (args as { egresses: EgressGroup[] }).egresses) groups.set(group.key, group);
      return { results: (args as { egresses: EgressGroup[] }).egresses };
    }
    if (name === '__permission__egressDeleteDomain') {
      const { key, domain } = args as { key: string; domain: string };
      const group = groups.get(key);
      if (group) groups.set(key, { ...group, configured: group.configured.filter((entry) => entry.domain !== domain) });
      return undefined;
    }
  }
  throw new Error(`The fake bridge has no ${name}`);
}

(globalThis as unknown as { __bridge: { callBridge: typeof callBridge } }).__bridge = { callBridge };
