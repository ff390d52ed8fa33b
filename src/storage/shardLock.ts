import { claimKey } from './claims';
import { patLockKey } from './keys';
import { bestEffort, pauseBeforeRetry, reliableKvs, StorageError } from './reliableKvs';

/** Longer than a resolver call's whole storage budget: a lock outlives only a call that crashed. */
const LOCK_TTL_SECONDS = 30;
/** How many times a change waits for another change of the same shard to finish. */
const LOCK_WAITS = 20;

/**
 * Runs one read-modify-write of a PAT shard holding the shard's lock, so that two changes of one
 * user's PATs at once (two tabs, a save and a re-check) cannot overwrite each other's metadata in a
 * shared shard. Readers take no lock: every single write leaves the shard showing a consistent state.
 * The lock is released even after a failure; a write of the shard that timed out and lands later
 * could still undo another change of the shard made meanwhile (KVS has no conditional write).
 */
export async function withShardLock<T>(accountId: string, integrationId: string, change: () => Promise<T>): Promise<T> {
  const lock = patLockKey(accountId, integrationId);
  for (let retry = 1; !(await claimKey(lock, LOCK_TTL_SECONDS)); retry += 1) {
    if (retry > LOCK_WAITS || !(await pauseBeforeRetry(retry))) throw new StorageError('LOCKED', undefined, false);
  }
  try {
    return await change();
  } finally {
    await bestEffort('lock release', () => reliableKvs.delete(lock));
  }
}
