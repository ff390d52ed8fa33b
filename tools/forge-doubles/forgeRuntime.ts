import { manifestBackendEgress } from '../manifest';

/**
 * The part of `global.__forge_runtime__` that `@forge/api`'s `permissions.canFetchFrom` reads
 * (`node_modules/@forge/api/out/api/runtime.js` `getAppContext`, `api/permissions.js`): the app context's
 * granted permissions, plus the metrics object every permissions call counts on.
 */
interface ForgeRuntimeDouble {
  appContext: {
    appId: string;
    environmentId: string;
    environmentType: string;
    installationId: string;
    invocationId: string;
    moduleKey: string;
    readonly permissions: { scopes: string[]; external: { fetch: { backend: string[] } } };
  };
  lambdaContext: Record<string, never>;
  metrics: {
    counter: () => { incr: () => void };
    timing: () => { measure: () => { stop: () => void } };
  };
}

declare global {
  var __forge_runtime__: unknown;
}

/**
 * Installs the runtime the Forge platform gives a function, as far as the app uses it: the backend may fetch
 * from the manifest's hosts plus the domains `approved()` names (customer-managed egress a site admin
 * approved), read afresh on every `canFetchFrom`. Returns the uninstaller.
 */
export function installForgeRuntime(approved: () => Iterable<string>): () => void {
  const previous = globalThis.__forge_runtime__;
  const fixed = manifestBackendEgress();
  const noop = () => undefined;
  const runtime: ForgeRuntimeDouble = {
    appContext: {
      appId: '00000000-0000-0000-0000-000000000000',
      environmentId: 'preview',
      environmentType: 'DEVELOPMENT',
      installationId: 'preview-installation',
      invocationId: 'preview-invocation',
      moduleKey: 'preview',
      get permissions() {
        return { scopes: ['storage:app', 'read:jira-work'], external: { fetch: { backend: [...fixed, ...approved()] } } };
      },
    },
    lambdaContext: {},
    metrics: { counter: () => ({ incr: noop }), timing: () => ({ measure: () => ({ stop: noop }) }) },
  };
  globalThis.__forge_runtime__ = runtime;
  return () => {
    globalThis.__forge_runtime__ = previous;
  };
}
