/**
 * Secrets that no PAT names (docs/storage.md): a save's new secret before its commit, one whose save
 * failed or crashed, a replaced or removed token whose deletion failed. Each is listed in its
 * account's record under `loose` before it can exist, so it is never lost; this sweep deletes those
 * older than LOOSE_GRACE_MS (no save takes that long: Forge ends a call after 25 s).
 */
import { secretKey } from './keys';
import { emptyRecord, patRecordRef, type PatRecord } from './patStore';
import { batchValue, isConflict, reliableKvs } from './reliableKvs';

export const LOOSE_GRACE_MS = 2 * 60_000;

/**
 * Deletes an account's loose secrets older than the grace period (all of them with `all`) and drops
 * them from its record. Returns how many were deleted. A concurrent change of the record leaves the
 * list for the next sweep (the secrets are gone either way; deleting again is harmless).
 */
export async function sweepLooseSecrets(accountId: string, now: Date, all = false): Promise<number> {
  const record =
    batchValue<PatRecord>(await reliableKvs.batchGet([patRecordRef(accountId)]), patRecordRef(accountId)) ?? emptyRecord(accountId);
  // A rotation's secret may hold the only valid token: patRotation.ts completes it instead (erasing an account takes it too).
  const due = record.loose.filter((loose) => all || (!loose.rotation && now.getTime() - Date.parse(loose.since) >= LOOSE_GRACE_MS));
  if (due.length === 0) return 0;
  for (const loose of due) await reliableKvs.deleteSecret(secretKey(accountId, loose.integrationId, loose.secretId));
  const kept = record.loose.filter((loose) => !due.includes(loose));
  try {
    await reliableKvs.transact([
      {
        kind: 'set',
        ref: patRecordRef(accountId),
        value: { ...record, loose: kept, version: record.version + 1 },
        expect: { attribute: 'version', equals: record.version },
      },
    ]);
  } catch (error) {
    if (!isConflict(error)) throw error;
  }
  return due.length;
}
