import { PERSONAL_RESOLVERS, type PersonalResolvers } from '../contract';
import { encodePersonalPage } from '../domain/catalogWire';
import { AppError } from '../domain/errors';
import type { Integration } from '../domain/integration';
import { personalPayloadSchemas } from '../domain/payloads';
import { readCatalog } from '../storage/catalogStore';
import { readPatIndex, recordVerification, removePat, savePat } from '../storage/patStore';
import { checkToken, type CheckOptions } from '../tokens/checkToken';
import { getUserToken } from '../tokens/userToken';
import { REJECTED_REASON } from '../verification/outcomes';
import { defineResolvers, exportHandler } from './respond';

async function requireIntegration(integrationId: string): Promise<Integration> {
  const integration = (await readCatalog()).find((candidate) => candidate.id === integrationId);
  if (!integration) {
    throw new AppError('UNKNOWN_INTEGRATION', 'This integration does not exist (any more). Reload the page.', 'integrationId');
  }
  return integration;
}

/** The personal page's resolvers; `options` only shortens the host check in tests. */
export function createPersonalHandler(options: CheckOptions = {}) {
  const resolver = defineResolvers<PersonalResolvers, typeof personalPayloadSchemas>(personalPayloadSchemas, {
    /** Everything the page shows, in two storage requests: the catalog query and the account's PAT index query. */
    async getPersonalPage(_payload, { accountId }) {
      const [integrations, pats] = await Promise.all([readCatalog(), readPatIndex(accountId)]);
      return encodePersonalPage(integrations, pats);
    },

    /** The host is asked before anything is written: a token it rejects is never stored. Any other verdict is saved with the token. */
    async savePat({ integrationId, token }, { accountId }) {
      const integration = await requireIntegration(integrationId);
      const verification = await checkToken(integration, token, options);
      if (verification.status === 'expired') {
        throw new AppError('TOKEN_REJECTED', verification.reason ?? REJECTED_REASON);
      }
      return savePat(accountId, integrationId, token, verification, new Date());
    },

    async removePat({ integrationId }, { accountId }) {
      await removePat(accountId, integrationId);
      return { integrationId };
    },

    /** Checks the saved token again. A rejection is recorded, not refused: the token stays and the page shows it expired. */
    async recheckPat({ integrationId }, { accountId }) {
      const integration = await requireIntegration(integrationId);
      const saved = await getUserToken(accountId, integrationId);
      if (!saved) throw new AppError('PAT_NOT_FOUND', 'No personal access token is saved for this integration.');
      return recordVerification(accountId, saved.pat, await checkToken(integration, saved.token, options));
    },
  });
  return exportHandler(resolver, PERSONAL_RESOLVERS);
}

export const personalHandler = createPersonalHandler();
