import { finishPurge } from './catalogStore';
import { holdersOf, removePat } from './patStore';
import { tolerateFailure } from './reliableKvs';

/**
 * Deletes every user's PAT for a removed integration (record entry, holder entry, secret) and then
 * drops it from the catalog head's purge list; returns how many users had one. The holder shards
 * are read strictly, and no save can commit for an integration whose item is gone, so nobody is
 * missed. Running it again after a failure part-way finishes the job: every step is idempotent.
 */
export async function purgeIntegrationPats(integrationId: string): Promise<number> {
  const holders = await holdersOf(integrationId);
  for (const accountId of holders) await removePat(accountId, integrationId, true);
  await finishPurge(integrationId);
  return holders.length;
}

/** Purges again the removed integrations whose purge a failure interrupted; one still failing waits for the next try. */
export async function resumePurges(integrationIds: readonly string[]): Promise<void> {
  for (const integrationId of integrationIds) await tolerateFailure('purge resume', () => purgeIntegrationPats(integrationId));
}
