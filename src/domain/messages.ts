/**
 * Messages people read that more than one module says: several backend modules, or the backend and a page.
 * Each is written here once; pure text, so the pages import it as readily as the resolvers.
 */

/** UNKNOWN_INTEGRATION: the integration was removed (or never existed) while the page still showed it. */
export const UNKNOWN_INTEGRATION_MESSAGE = 'This integration does not exist (any more). Reload the page.';

/** PAT_NOT_FOUND: the person has no token saved for the integration (removed in another tab, say). */
export const PAT_NOT_FOUND_MESSAGE = 'No personal access token is saved for this integration.';

/** UNKNOWN_RESOLVER: no resolver of the page has the name that was invoked. */
export const UNKNOWN_RESOLVER_MESSAGE = 'This app has no such action.';

/** FORBIDDEN, when Jira says the caller is not an administrator; the admin page's title for any FORBIDDEN. */
export const ADMINS_ONLY = 'Only Jira administrators can manage git integrations';
