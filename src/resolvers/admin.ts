import { randomBytes } from 'node:crypto';
import type { AdminPage, AdminResolvers, IntegrationInput } from '../contract';
import { adminPayloadSchemas } from '../domain/adminPayloads';
import { egressStates } from '../domain/egressStatus';
import { AppError } from '../domain/errors';
import { MAX_INTEGRATIONS, nameKey, type Integration } from '../domain/integration';
import { UNKNOWN_INTEGRATION_MESSAGE } from '../domain/messages';
import { readCatalog, replaceCatalog, CONFLICT_MESSAGE, type CatalogState, type StoredCatalog } from '../storage/catalogStore';
import { purgeIntegrationPats, resumePurges } from '../storage/integrationPurge';
import { tolerateFailure } from '../storage/reliableKvs';
import { holdersOf } from '../storage/patStore';
import { canFetchFromBackend } from '../tokens/checkToken';
import { assertJiraAdmin } from './jiraAdmin';
import { readTokenHealth } from '../recheck/weeklyRecheck';
import { defineResolvers } from './defineResolvers';

/** The catalog as the admin page sees it; an admin read also finishes purges that a failure interrupted. */
async function readCatalogState(): Promise<StoredCatalog> {
  const catalog = await readCatalog();
  if (catalog.purging.length > 0) await resumePurges(catalog.purging);
  return catalog;
}

async function catalogAt(expectedRevision: number): Promise<StoredCatalog> {
  const state = await readCatalog();
  if (state.revision !== expectedRevision) throw new AppError('CONFLICT', CONFLICT_MESSAGE);
  return state;
}

const TOO_MANY_MESSAGE = `A site can have at most ${MAX_INTEGRATIONS.toLocaleString('en-US')} git integrations. Remove one before adding another.`;

function requireKnown(state: CatalogState, integrationId: string): Integration {
  const found = state.integrations.find((integration) => integration.id === integrationId);
  if (!found) throw new AppError('UNKNOWN_INTEGRATION', UNKNOWN_INTEGRATION_MESSAGE, 'integrationId');
  return found;
}

function newId(hostType: Integration['hostType']): string {
  return `${hostType.split('-')[0]}-${randomBytes(5).toString('hex')}`;
}

function toIntegration(input: IntegrationInput, id: string): Integration {
  return {
    id,
    name: input.name,
    hostType: input.hostType,
    ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}),
    ...(input.organization ? { organization: input.organization } : {}),
    requirePat: input.requirePat,
  };
}

/** The page with each integration's egress state, as the Forge runtime reports what the backend may reach. */
function withEgress(state: CatalogState): AdminPage {
  return { integrations: state.integrations, revision: state.revision, egress: egressStates(state.integrations, canFetchFromBackend) };
}

/** The admin page's resolvers; every call is refused unless Jira says the caller is an administrator. */
export const adminHandler = defineResolvers<AdminResolvers, typeof adminPayloadSchemas>(
  adminPayloadSchemas,
  {
    /** The list, and the token health the weekly re-check's last finished pass stored (counts only). */
    async getAdminPage() {
      const [catalog, health] = await Promise.all([readCatalogState(), readTokenHealth()]);
      return { ...withEgress(catalog), ...(health ? { health } : {}) };
    },

    /** Adds (no id) or edits (id) one integration; refused when someone else changed the list meanwhile. */
    async saveIntegration({ integration: input, expectedRevision }) {
      const state = await catalogAt(expectedRevision);
      if (input.id) requireKnown(state, input.id);
      const taken = state.integrations.find((other) => other.id !== input.id && nameKey(other.name) === nameKey(input.name));
      if (taken) throw new AppError('INVALID_INTEGRATION', `An integration named “${taken.name}” already exists.`, 'integration.name');
      if (!input.id && state.integrations.length >= MAX_INTEGRATIONS)
        throw new AppError('INVALID_INTEGRATION', TOO_MANY_MESSAGE, 'integration');
      const saved = toIntegration(input, input.id ?? newId(input.hostType));
      const integrations = input.id
        ? state.integrations.map((existing) => (existing.id === saved.id ? saved : existing))
        : [...state.integrations, saved];
      const revision = await replaceCatalog(integrations, state, { put: saved });
      return withEgress({ integrations, revision });
    },

    async getRemovalImpact({ integrationId }) {
      requireKnown(await readCatalog(), integrationId);
      return { integrationId, users: (await holdersOf(integrationId)).length };
    },

    /**
     * The integration leaves the list first, in the same transaction as its own item, so from then
     * on no save can commit for it and no token for it is usable; then every user's PAT for it is
     * purged through its holder shards.
     */
    async removeIntegration({ integrationId, expectedRevision }) {
      const state = await catalogAt(expectedRevision);
      requireKnown(state, integrationId);
      const integrations = state.integrations.filter((integration) => integration.id !== integrationId);
      const revision = await replaceCatalog(integrations, state, { removed: integrationId });
      let purgedUsers = 0;
      // The removal has landed: a purge that fails part-way is finished by a later admin page load.
      const purgeFinished = await tolerateFailure('purge', async () => {
        purgedUsers = await purgeIntegrationPats(integrationId);
      });
      return { ...withEgress({ integrations, revision }), purgedUsers, purgeFinished };
    },
  },
  assertJiraAdmin,
);
