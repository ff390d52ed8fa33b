import { randomBytes } from 'node:crypto';
import { ADMIN_RESOLVERS, type AdminPage, type AdminResolvers, type IntegrationInput } from '../contract';
import { adminPayloadSchemas } from '../domain/adminPayloads';
import { AppError } from '../domain/errors';
import { egressStates } from '../domain/egressStatus';
import { nameKey, type Integration } from '../domain/integration';
import { readCatalogState, replaceCatalog, CONFLICT_MESSAGE, type CatalogState } from '../storage/catalogStore';
import { holdersOf, purgeIntegrationPats } from '../storage/integrationPurge';
import { canFetchFromBackend } from '../tokens/checkToken';
import { assertJiraAdmin } from './jiraAdmin';
import { defineResolvers, exportHandler } from './respond';

async function catalogAt(expectedRevision: number): Promise<CatalogState> {
  const state = await readCatalogState();
  if (state.revision !== expectedRevision) throw new AppError('CONFLICT', CONFLICT_MESSAGE);
  return state;
}

function requireKnown(state: CatalogState, integrationId: string): Integration {
  const found = state.integrations.find((integration) => integration.id === integrationId);
  if (!found) throw new AppError('UNKNOWN_INTEGRATION', 'This integration does not exist (any more). Reload the page.', 'integrationId');
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

const resolver = defineResolvers<AdminResolvers, typeof adminPayloadSchemas>(
  adminPayloadSchemas,
  {
    async getAdminPage() {
      return withEgress(await readCatalogState());
    },

    /** Adds (no id) or edits (id) one integration; refused when someone else changed the list meanwhile. */
    async saveIntegration({ integration: input, expectedRevision }) {
      const state = await catalogAt(expectedRevision);
      if (input.id) requireKnown(state, input.id);
      const taken = state.integrations.find((other) => other.id !== input.id && nameKey(other.name) === nameKey(input.name));
      if (taken) throw new AppError('INVALID_INTEGRATION', `An integration named “${taken.name}” already exists.`, 'integration.name');
      const saved = toIntegration(input, input.id ?? newId(input.hostType));
      const integrations = input.id
        ? state.integrations.map((existing) => (existing.id === saved.id ? saved : existing))
        : [...state.integrations, saved];
      const revision = await replaceCatalog(integrations, expectedRevision);
      return withEgress({ integrations, revision });
    },

    async getRemovalImpact({ integrationId }) {
      requireKnown(await readCatalogState(), integrationId);
      return { integrationId, users: (await holdersOf(integrationId)).length };
    },

    /**
     * The integration leaves the list first, so nobody can save a new PAT for it; then every
     * user's PAT for it is purged through its holder records.
     */
    async removeIntegration({ integrationId, expectedRevision }) {
      const state = await catalogAt(expectedRevision);
      requireKnown(state, integrationId);
      const integrations = state.integrations.filter((integration) => integration.id !== integrationId);
      const revision = await replaceCatalog(integrations, expectedRevision);
      const purgedUsers = await purgeIntegrationPats(integrationId);
      return { ...withEgress({ integrations, revision }), purgedUsers };
    },
  },
  assertJiraAdmin,
);

export const adminHandler = exportHandler(resolver, ADMIN_RESOLVERS);
