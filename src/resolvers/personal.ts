import { PERSONAL_RESOLVERS, type PersonalResolvers } from '../contract';
import { AppError } from '../domain/errors';
import { personalPayloadSchemas } from '../domain/payloads';
import { readCatalog } from '../storage/catalogStore';
import { readPatIndex, removePat, savePat } from '../storage/patStore';
import { defineResolvers, exportHandler } from './respond';

async function requireIntegration(integrationId: string): Promise<void> {
  const catalog = await readCatalog();
  if (!catalog.some((integration) => integration.id === integrationId)) {
    throw new AppError('UNKNOWN_INTEGRATION', 'This integration does not exist (any more). Reload the page.', 'integrationId');
  }
}

const resolver = defineResolvers<PersonalResolvers, typeof personalPayloadSchemas>(personalPayloadSchemas, {
  /** Everything the page shows, in two storage requests: the catalog query and the account's PAT index query. */
  async getPersonalPage(_payload, { accountId }) {
    const [integrations, pats] = await Promise.all([readCatalog(), readPatIndex(accountId)]);
    const known = new Set(integrations.map((integration) => integration.id));
    return { integrations, pats: pats.filter((pat) => known.has(pat.integrationId)) };
  },

  async savePat({ integrationId, token }, { accountId }) {
    await requireIntegration(integrationId);
    return savePat(accountId, integrationId, token, new Date());
  },

  async removePat({ integrationId }, { accountId }) {
    await removePat(accountId, integrationId);
    return { integrationId };
  },
});

export const personalHandler = exportHandler(resolver, PERSONAL_RESOLVERS);
