import { kvs } from '@forge/kvs';
import { AppError } from '../domain/errors';
import { holderKey, holderPrefix, tokenKey } from './keys';
import { queryAll } from './kvsPaging';
import { removePat } from './patStore';

/** Accounts that hold a PAT for the integration, from its reverse index: no scan of all users' data. */
export async function holdersOf(integrationId: string): Promise<string[]> {
  const prefix = holderPrefix(integrationId);
  return (await queryAll<unknown>(prefix)).map(({ key }) => key.slice(prefix.length));
}

/** Deletes every user's PAT (secret, metadata, holder record) for an integration; returns how many users had one. */
export async function purgeIntegrationPats(integrationId: string): Promise<number> {
  const holders = await holdersOf(integrationId);
  for (const accountId of holders) {
    try {
      await removePat(accountId, integrationId);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'PAT_NOT_FOUND')) throw error;
      // A holder record without metadata (a save that failed part-way): clear what is left.
      await kvs.deleteSecret(tokenKey(accountId, integrationId));
      await kvs.delete(holderKey(integrationId, accountId));
    }
  }
  return holders.length;
}
