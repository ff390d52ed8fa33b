import { asUser, route } from '@forge/api';
import { AppError } from '../domain/errors';
import { ADMINS_ONLY } from '../domain/messages';

interface MyPermissions {
  permissions?: { ADMINISTER?: { havePermission?: boolean } };
}

/** Leaves the admin call most of Forge's 25 s for its own storage work. */
const CHECK_TIMEOUT_MS = 5_000;

type Answer = 'admin' | 'not-admin' | 'unknown';

async function askJira(): Promise<Answer> {
  try {
    const response = await asUser().requestJira(route`/rest/api/3/mypermissions?permissions=ADMINISTER`, {
      headers: { Accept: 'application/json' },
    });
    if (!response.ok) return 'unknown';
    return ((await response.json()) as MyPermissions).permissions?.ADMINISTER?.havePermission === true ? 'admin' : 'not-admin';
  } catch {
    return 'unknown';
  }
}

/**
 * Refuses unless the calling user is a Jira administrator. Jira's admin menu is not a security
 * boundary (any user can invoke the admin resolver), so every admin call asks Jira, as the user,
 * and nothing is cached across calls or users. No answer in time counts as a refusal.
 */
export async function assertJiraAdmin(): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<Answer>((resolve) => {
    timer = setTimeout(() => resolve('unknown'), CHECK_TIMEOUT_MS);
  });
  const answer = await Promise.race([askJira(), late]).finally(() => clearTimeout(timer));
  if (answer === 'admin') return;
  throw new AppError(
    'FORBIDDEN',
    answer === 'not-admin'
      ? `${ADMINS_ONLY}.`
      : 'Jira did not confirm that you are an administrator, so nothing was changed. Try again in a moment.',
  );
}
