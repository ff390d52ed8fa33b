import { AsyncLocalStorage } from 'node:async_hooks';
import type { ForgeFetch } from './forgeFetch';

/**
 * The account a resolver call runs for. Forge's `asUser()` requests carry the invoking user's
 * identity implicitly; the doubles learn it from here (set by invokeAsForge).
 */
export const invokingAccount = new AsyncLocalStorage<string>();

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/**
 * Answers Jira's "Get my permissions" for ADMINISTER as `asUser().requestJira` sends it,
 * for the invoking account; `isAdmin` decides. Other Jira paths answer 404.
 */
export function jiraPermissionsDouble(isAdmin: (accountId: string) => boolean): { fetch: ForgeFetch; calls: string[] } {
  const calls: string[] = [];
  const answer = (target: Parameters<ForgeFetch>[0], path: string): Response => {
    if (target.type !== 'fpp' || target.remote !== 'jira') return json(404, { message: `No double for ${target.type} ${path}` });
    calls.push(path);
    const url = new URL(path, 'https://jira.invalid');
    if (url.pathname !== '/rest/api/3/mypermissions') return json(404, { errorMessages: [`No double for ${url.pathname}`] });
    if (target.provider !== 'user') return json(401, { errorMessages: ['mypermissions needs a user'] });
    const accountId = invokingAccount.getStore();
    const wanted = (url.searchParams.get('permissions') ?? '').split(',');
    const permissions: Record<string, { havePermission: boolean }> = {};
    for (const key of wanted) {
      if (key) permissions[key] = { havePermission: key === 'ADMINISTER' && accountId !== undefined && isAdmin(accountId) };
    }
    return json(200, { permissions });
  };
  const fetch: ForgeFetch = (target, path) => Promise.resolve(answer(target, path));
  return { fetch, calls };
}
