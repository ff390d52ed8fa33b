import { PERSONAL_RESOLVERS, type PersonalResolvers } from '../contract';
import { credentialFor } from '../domain/credentialInput';
import { encodePersonalPage } from '../domain/catalogWire';
import { AppError } from '../domain/errors';
import { personalPayloadSchemas } from '../domain/payloads';
import { readCatalogWith } from '../storage/catalogStore';
import { patRecordRef, patViews, readSavedToken, recordVerification, removePat, savePat, PAT_NOT_FOUND_MESSAGE, UNKNOWN_INTEGRATION_MESSAGE, type PatRecord } from '../storage/patStore';
import { batchValue } from '../storage/reliableKvs';
import { checkToken, type CheckOptions } from '../tokens/checkToken';
import { REJECTED_REASON } from '../verification/outcomes';
import { defineResolvers, exportHandler } from './respond';

/** The personal page's resolvers; `options` only shortens the host check in tests. */
export function createPersonalHandler(options: CheckOptions = {}) {
  const resolver = defineResolvers<PersonalResolvers, typeof personalPayloadSchemas>(personalPayloadSchemas, {
    /**
     * Everything the page shows, read strictly in two storage requests: the catalog head with the
     * account's PAT record, then the catalog's chunks. A PAT whose integration is gone is not shown.
     */
    async getPersonalPage(_payload, { accountId }) {
      const { catalog, extra } = await readCatalogWith([patRecordRef(accountId)]);
      const known = new Set(catalog.integrations.map((integration) => integration.id));
      const pats = patViews(batchValue<PatRecord>(extra, patRecordRef(accountId)));
      return encodePersonalPage(catalog.integrations, pats.filter((pat) => known.has(pat.integrationId)));
    },

    /** The host is asked before anything is written: a credential it rejects is never stored. Any other verdict is saved with it. */
    async savePat({ integrationId, token, account, region }, { accountId }) {
      return savePat(
        accountId,
        integrationId,
        // The credential's fields depend on the integration's host type, known once it is read.
        async (integration) => {
          const credential = credentialFor(integration.hostType, { token, account, region });
          const verification = await checkToken(integration, credential, options);
          if (verification.status === 'expired') throw new AppError('TOKEN_REJECTED', verification.reason ?? REJECTED_REASON);
          return { credential, verification };
        },
        new Date(),
      );
    },

    async removePat({ integrationId }, { accountId }) {
      await removePat(accountId, integrationId);
      return { integrationId };
    },

    /** Checks the saved token again. A rejection is recorded, not refused: the token stays and the page shows it expired. */
    async recheckPat({ integrationId }, { accountId }) {
      const saved = await readSavedToken(accountId, integrationId);
      if (saved === 'no-integration') throw new AppError('UNKNOWN_INTEGRATION', UNKNOWN_INTEGRATION_MESSAGE, 'integrationId');
      if (saved === 'no-pat') throw new AppError('PAT_NOT_FOUND', PAT_NOT_FOUND_MESSAGE);
      return recordVerification(accountId, integrationId, saved.secretId, await checkToken(saved.integration, saved.credential, options));
    },
  });
  return exportHandler(resolver, PERSONAL_RESOLVERS);
}

export const personalHandler = createPersonalHandler();
