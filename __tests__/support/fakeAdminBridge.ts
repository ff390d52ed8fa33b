/**
 * The Custom UI bridge of the admin page replaced at its edge (`globalThis.__bridge`): import this
 * module before the page. `invoke` is answered by an in-memory catalog with the contract's shapes
 * and revision rule; tests can replace the next answer of a resolver.
 */
import type { AdminPage, Integration, IntegrationInput, ResolverResult } from '../../src/contract';

type Responder = (payload: Record<string, unknown>) => ResolverResult<unknown> | Promise<ResolverResult<unknown>>;

export const adminBridge = {
  page: { integrations: [], revision: 1 } as AdminPage,
  holders: new Map<string, number>(),
  next: new Map<string, Responder>(),
  invocations: [] as { functionKey: string; payload: Record<string, unknown> }[],

  reset(integrations: Integration[] = [], holders: Record<string, number> = {}): void {
    this.page = { integrations, revision: 1 };
    this.holders = new Map(Object.entries(holders));
    this.next.clear();
    this.invocations = [];
  },
};

function backend(functionKey: string, payload: Record<string, unknown>): ResolverResult<unknown> {
  const page = adminBridge.page;
  switch (functionKey) {
    case 'getAdminPage':
      return { ok: true, value: page };
    case 'saveIntegration': {
      const input = payload.integration as IntegrationInput;
      const saved: Integration = { ...input, id: input.id ?? `new-${page.integrations.length}` };
      const integrations = input.id ? page.integrations.map((i) => (i.id === input.id ? saved : i)) : [...page.integrations, saved];
      adminBridge.page = { integrations, revision: page.revision + 1 };
      return { ok: true, value: adminBridge.page };
    }
    case 'getRemovalImpact':
      return { ok: true, value: { integrationId: payload.integrationId, users: adminBridge.holders.get(String(payload.integrationId)) ?? 0 } };
    case 'removeIntegration': {
      adminBridge.page = { integrations: page.integrations.filter((i) => i.id !== payload.integrationId), revision: page.revision + 1 };
      return { ok: true, value: { ...adminBridge.page, purgedUsers: adminBridge.holders.get(String(payload.integrationId)) ?? 0, purgeFinished: true } };
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
  throw new Error(`The fake bridge has no ${name}`);
}

(globalThis as unknown as { __bridge: { callBridge: typeof callBridge } }).__bridge = { callBridge };
