import { asUser, route } from '@forge/api';
import { AppError } from '../domain/errors';

interface MyPermissions {
  permissions?: { ADMINISTER?: { havePermission?: boolean } };
}

/**
 * Refuses unless the calling user is a Jira administrator. Jira's admin menu is not a security
 * boundary (any user can invoke the admin resolver), so every admin call asks Jira, as the user,
 * and nothing is cached across calls or users. Any failure to confirm counts as a refusal.
 */
export async function assertJiraAdmin(): Promise<void> {
  let confirmed = false;
  try {
    const response = await asUser().requestJira(route`/rest/api/3/mypermissions?permissions=ADMINISTER`, {
      headers: { Accept: 'application/json' },
    });
    if (response.ok) confirmed = ((await response.json()) as MyPermissions).permissions?.ADMINISTER?.havePermission === true;
  } catch {
    confirmed = false;
  }
  if (!confirmed) throw new AppError('FORBIDDEN', 'Only Jira administrators can manage git integrations.');
}
