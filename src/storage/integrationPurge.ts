import { AppError } from '../domain/errors';
import { holderPrefix } from './keys';
import { queryAll } from './kvsPaging';
import { removePat } from './patStore';
import { tolerateFailure } from './reliableKvs';

/** Accounts that hold a PAT for the integration, from its reverse index: no scan of all users' data. */
export async function holdersOf(integrationId: string): Promise<string[]> {
  const prefix = holderPrefix(integrationId);
  return (await queryAll<unknown>(prefix)).map(({ key }) => key.slice(prefix.length));
}

/**
 * Deletes every user's PAT (secret, metadata, holder record) for an integration; returns how many users had one.
 * Running it again after a failure part-way finishes the job: every step is idempotent.
 */
export async function purgeIntegrationPats(integrationId: string): Promise<number> {
  const holders = await holdersOf(integrationId);
  for (const accountId of holders) {
    try {
      await removePat(accountId, integrationId);
    } catch (error) {
      // A holder record without metadata (a save or removal that failed part-way): removePat cleared what was left.
      if (!(error instanceof AppError && error.code === 'PAT_NOT_FOUND')) throw error;
    }
  }
  return holders.length;
}

/** Purges again the removed integrations whose purge a failure interrupted; one still failing waits for the next try. */
export async function resumePurges(integrationIds: readonly string[]): Promise<void> {
  for (const integrationId of integrationIds) await tolerateFailure('purge resume', () => purgeIntegrationPats(integrationId));
}

/** Of removed integrations, those that some user still holds a PAT for. */
export async function unfinishedPurges(integrationIds: readonly string[]): Promise<string[]> {
  const held = await Promise.all(integrationIds.map(async (integrationId) => (await holdersOf(integrationId)).length > 0));
  return integrationIds.filter((_, index) => held[index]);
}
