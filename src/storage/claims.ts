import { randomBytes } from 'node:crypto';
import { outcomeOf, reliableKvs, StorageError } from './reliableKvs';

interface Claim {
  /** Tells our own claim from another caller's when a retried claim finds the key taken. */
  nonce: string;
  claimedAt: string;
}

function isConflict(error: unknown): boolean {
  return error instanceof StorageError && (error.status === 409 || /EXISTS/.test(error.code));
}

/**
 * Creates `key` unless it exists (FAIL_IF_EXISTS), so that one caller at a time holds it; false when
 * another caller does. A claim whose answer was lost landed all the same, and its retry then finds
 * the key taken (or every retry fails too): the nonce read back tells whether the claim is ours.
 * A claim left by a caller that crashed expires after `ttlSeconds`.
 */
export async function claimKey(key: string, ttlSeconds: number): Promise<boolean> {
  const nonce = randomBytes(8).toString('hex');
  try {
    await reliableKvs.set<Claim>(key, { nonce, claimedAt: new Date().toISOString() }, { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: ttlSeconds, unit: 'SECONDS' } });
    return true;
  } catch (error) {
    const ours = async () => (await reliableKvs.get<Claim>(key))?.nonce === nonce;
    if (isConflict(error)) return ours();
    if ((await outcomeOf(error, ours)) === 'landed') return true;
    throw error;
  }
}
