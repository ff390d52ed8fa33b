import { invokingAccount } from './jiraDouble';

/** A resolver handler as the manifest names it and Forge calls it. */
export type ForgeResolverHandler = (
  event: { call: { functionKey: string; payload?: unknown }; context: Record<string, unknown> },
  backend?: { principal?: { accountId: string } },
) => Promise<unknown>;

/**
 * Invokes a resolver handler exactly as the Forge platform does for a Custom UI `invoke`: the payload in
 * `call`, the page's context in the first argument and the signed-in account as `principal`.
 */
export function invokeAsForge(
  handler: ForgeResolverHandler,
  functionKey: string,
  payload: unknown,
  accountId: string | undefined,
  context: Record<string, unknown> = {},
): Promise<unknown> {
  const call = () =>
    handler(
      { call: { functionKey, payload }, context: { cloudId: 'preview-cloud', moduleKey: 'git-pat-personal-settings', ...context } },
      accountId ? { principal: { accountId } } : {},
    );
  return accountId ? invokingAccount.run(accountId, call) : call();
}
