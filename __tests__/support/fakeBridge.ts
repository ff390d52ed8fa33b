/**
 * The Custom UI bridge replaced at its edge (`globalThis.__bridge`, which @forge/bridge reads at
 * import): import this module before the page. `invoke` is answered by an in-memory backend that
 * keeps the contract's shapes; tests can hold or fail the next call of a resolver.
 */
import type { Integration, PatView, ResolverResult, Verification } from '../../src/contract';
import { encodePersonalPage } from '../../src/domain/catalogWire';
import { tokenHint } from '../../src/domain/token';

type Responder = (payload: Record<string, unknown>) => ResolverResult<unknown> | Promise<ResolverResult<unknown>>;

const NOW = '2026-11-25T10:00:00Z';

export const bridge = {
  integrations: [] as Integration[],
  pats: new Map<string, PatView>(),
  /** One-shot answers, by resolver name, used before the in-memory backend. */
  next: new Map<string, Responder>(),
  invocations: [] as { functionKey: string; payload: Record<string, unknown> }[],
  opened: [] as string[],
  themingEnabled: false,
  /** Resolves when Jira has applied its theme (view.theme.enable() waits for it). */
  themeApplied: undefined as Promise<void> | undefined,
  /** What view.getContext() says of the person's Jira profile. */
  context: { locale: 'en-US', timezone: 'UTC' } as { locale?: string; timezone?: string },
  /**
   * What the git host says about the next token saved or re-checked: 'expired' refuses a save as
   * the server does. Undefined: no check, as for PATs saved before verification existed.
   */
  hostSays: undefined as Omit<Verification, 'checkedAt'> | undefined,

  reset(integrations: Integration[] = [], pats: PatView[] = []): void {
    this.integrations = integrations;
    this.pats = new Map(pats.map((pat) => [pat.integrationId, pat]));
    this.hostSays = undefined;
    this.themeApplied = undefined;
    this.context = { locale: 'en-US', timezone: 'UTC' };
    this.next.clear();
    this.invocations = [];
    this.opened = [];
  },
};

function backend(functionKey: string, payload: Record<string, unknown>): ResolverResult<unknown> {
  const integrationId = String(payload.integrationId ?? '');
  switch (functionKey) {
    case 'getPersonalPage':
      return { ok: true, value: encodePersonalPage(bridge.integrations, [...bridge.pats.values()]) };
    case 'savePat': {
      const token = String(payload.token ?? '').trim();
      if (bridge.hostSays?.status === 'expired')
        return { ok: false, error: { code: 'TOKEN_REJECTED', message: bridge.hostSays.reason ?? 'Rejected.' } };
      const pat: PatView = {
        integrationId,
        hint: tokenHint(token),
        ...(typeof payload.account === 'string' ? { account: payload.account.trim() } : {}),
        createdAt: bridge.pats.get(integrationId)?.createdAt ?? NOW,
        updatedAt: NOW,
        ...(bridge.hostSays ? { verification: { ...bridge.hostSays, checkedAt: NOW } } : {}),
      };
      bridge.pats.set(integrationId, pat);
      return { ok: true, value: pat };
    }
    case 'recheckPat': {
      const saved = bridge.pats.get(integrationId);
      if (!saved)
        return { ok: false, error: { code: 'PAT_NOT_FOUND', message: 'No personal access token is saved for this integration.' } };
      const pat: PatView = bridge.hostSays ? { ...saved, verification: { ...bridge.hostSays, checkedAt: NOW } } : saved;
      bridge.pats.set(integrationId, pat);
      return { ok: true, value: pat };
    }
    case 'removePat':
      bridge.pats.delete(integrationId);
      return { ok: true, value: { integrationId } };
    default:
      return { ok: false, error: { code: 'UNKNOWN_RESOLVER', message: 'This app has no such action.' } };
  }
}

async function callBridge(name: string, args?: unknown): Promise<unknown> {
  if (name === 'invoke') {
    const { functionKey, payload } = args as { functionKey: string; payload: Record<string, unknown> };
    bridge.invocations.push({ functionKey, payload });
    const responder = bridge.next.get(functionKey);
    if (responder) {
      bridge.next.delete(functionKey);
      return responder(payload);
    }
    return backend(functionKey, payload);
  }
  if (name === 'navigate') {
    bridge.opened.push((args as { url: string }).url);
    return undefined;
  }
  if (name === 'enableTheming') {
    await bridge.themeApplied;
    bridge.themingEnabled = true;
    return undefined;
  }
  if (name === 'getContext') return { accountId: 'fake-user', moduleKey: 'git-pat-personal-settings', ...bridge.context };
  throw new Error(`The fake bridge has no ${name}`);
}

(globalThis as unknown as { __bridge: { callBridge: typeof callBridge } }).__bridge = { callBridge };
