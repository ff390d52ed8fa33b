import type { PersonalResolvers } from '../contract';
import { credentialFor } from '../domain/credentialInput';
import { encodePersonalPage } from '../domain/catalogWire';
import { AppError } from '../domain/errors';
import { personalPayloadSchemas } from '../domain/payloads';
import { readCatalogWith } from '../storage/catalogStore';
import { completeRotations, hasPendingRotation, rotatePat } from '../storage/patRotation';
import { patRecordRef, patViews, readRecord, removePat, savePat, type PatRecord } from '../storage/patStore';
import { batchValue, tolerateFailure } from '../storage/reliableKvs';
import { checkToken, type CheckOptions } from '../tokens/checkToken';
import { rotateSavedToken } from '../tokens/gitlabRotation';
import { recheckSaved } from '../tokens/recheckSaved';
import { REJECTED_REASON } from '../hostChecks/outcomes';
import { defineResolvers } from './defineResolvers';

/** The personal page's resolvers; `options` only shortens the host check in tests. */
export function createPersonalHandler(options: CheckOptions = {}) {
  return defineResolvers<PersonalResolvers, typeof personalPayloadSchemas>(personalPayloadSchemas, {
    /**
     * Everything the page shows, read strictly in two storage requests: the catalog head with the
     * account's PAT record, then the catalog's chunks. A PAT whose integration is gone is not shown.
     */
    async getPersonalPage(_payload, { accountId }) {
      const { catalog, extra } = await readCatalogWith([patRecordRef(accountId)]);
      const known = new Set(catalog.integrations.map((integration) => integration.id));
      let record = batchValue<PatRecord>(extra, patRecordRef(accountId));
      // A rotation a crash or storage failure left unfinished holds the only token that still works: finish it
      // first. If storage fails at that, the page still loads and the next load (or the hourly job) finishes it.
      if (hasPendingRotation(record)) {
        let completed = 0;
        await tolerateFailure('rotation completion', async () => {
          completed = await completeRotations(accountId, new Date());
        });
        if (completed > 0) record = await readRecord(accountId);
      }
      const pats = patViews(record);
      return encodePersonalPage(
        catalog.integrations,
        pats.filter((pat) => known.has(pat.integrationId)),
      );
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
      return (await recheckSaved(accountId, integrationId, options)).pat;
    },

    /**
     * GitLab only: the token rotates itself on GitLab and the new one is stored in its place
     * (storage/patRotation.ts keeps it safe, as GitLab revokes the old one when it answers).
     */
    async rotatePat({ integrationId }, { accountId }) {
      const now = new Date();
      return rotatePat(
        accountId,
        integrationId,
        (integration, token, pat) => rotateSavedToken(integration, token, pat, { now, timeoutMs: options.timeoutMs }),
        now,
      );
    },
  });
}

export const personalHandler = createPersonalHandler();
