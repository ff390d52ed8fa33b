/**
 * Forge requires apps to report, periodically, every Atlassian account whose personal data they
 * store, and to erase the data of accounts Atlassian answers as closed. Our only personal data is
 * an account's PATs (secret, metadata shard, holder record), all reachable from its metadata shards.
 */
import { privacy } from '@forge/api';
import { AppError } from '../domain/errors';
import { queryAll } from '../storage/kvsPaging';
import { accountOfPatShardKey, PAT_SHARDS_PREFIX } from '../storage/keys';
import { removePat, type PatShard } from '../storage/patStore';

interface StoredAccount {
  /** Latest `updatedAt` of the account's PATs: what Atlassian compares with its own records. */
  updatedAt: string;
  integrationIds: string[];
}

export interface PersonalDataReport {
  reported: number;
  closed: number;
  updated: number;
}

async function storedAccounts(): Promise<Map<string, StoredAccount>> {
  const accounts = new Map<string, StoredAccount>();
  for (const shard of await queryAll<PatShard>(PAT_SHARDS_PREFIX)) {
    const accountId = accountOfPatShardKey(shard.key);
    for (const pat of Object.values(shard.value.pats)) {
      const account = accounts.get(accountId);
      if (!account) {
        accounts.set(accountId, { updatedAt: pat.updatedAt, integrationIds: [pat.integrationId] });
        continue;
      }
      account.integrationIds.push(pat.integrationId);
      if (Date.parse(pat.updatedAt) > Date.parse(account.updatedAt)) account.updatedAt = pat.updatedAt;
    }
  }
  return accounts;
}

/** The SDK rejects with the raw Response on an HTTP error; turn that into an Error that says why. */
async function report(accounts: Map<string, StoredAccount>) {
  try {
    return await privacy.reportPersonalData([...accounts].map(([accountId, { updatedAt }]) => ({ accountId, updatedAt })));
  } catch (error) {
    if (error instanceof Response) throw new Error(`Personal data reporting failed: HTTP ${error.status}`);
    throw error;
  }
}

/** Deletes every PAT of a closed account. A PAT already gone (removed meanwhile) is not an error. */
async function eraseAccount(accountId: string, integrationIds: string[]): Promise<void> {
  for (const integrationId of integrationIds) {
    try {
      await removePat(accountId, integrationId);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'PAT_NOT_FOUND')) throw error;
    }
  }
}

/**
 * Reports every account that has PATs stored and erases the data of those answered `closed`.
 * Nothing is deleted unless every batch was answered: a failed report throws and the next run
 * starts over. `updated` needs no action since we keep no profile data.
 */
export async function reportPersonalData(): Promise<PersonalDataReport> {
  const accounts = await storedAccounts();
  const answers = await report(accounts);
  const counts: PersonalDataReport = { reported: accounts.size, closed: 0, updated: 0 };
  for (const { accountId, status } of answers) {
    const account = accounts.get(accountId);
    // Only accounts we reported, each once, even if an answer repeats or names another account.
    if (!account) continue;
    accounts.delete(accountId);
    if (status === 'closed') {
      await eraseAccount(accountId, account.integrationIds);
      counts.closed += 1;
    } else if (status === 'updated') {
      counts.updated += 1;
    }
  }
  return counts;
}
