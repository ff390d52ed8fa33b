/**
 * Walking every account's data and erasing one account: what the personal data job needs from storage.
 */
import { PAT_RECORD_INDEX, ENTITY } from './keys';
import { sweepLooseSecrets } from './looseSecrets';
import { patRecordRef, removePat, type PatRecord } from './patStore';
import { batchValue, isConflict, reliableKvs } from './reliableKvs';

/**
 * One page (≤ 20) of PAT records after `afterAccountId`, in account order. Eventually consistent
 * (an entity query): a record written a moment ago may be missing, which only delays it to the
 * job's next cycle; every decision to change data reads the record again, strictly.
 */
export async function accountPage(afterAccountId?: string): Promise<{ records: PatRecord[]; more: boolean }> {
  const page = await reliableKvs.entityPage<PatRecord>(ENTITY.patRecord, PAT_RECORD_INDEX, afterAccountId);
  return { records: page.results.map((result) => result.value), more: page.nextCursor !== undefined };
}

/**
 * Erases everything stored for an account: each PAT (record entry, holder entry, secret), every
 * loose secret, then the record itself (only if nothing changed it meanwhile; a later run retries).
 */
export async function eraseAccount(accountId: string, now: Date): Promise<void> {
  const first = batchValue<PatRecord>(await reliableKvs.batchGet([patRecordRef(accountId)]), patRecordRef(accountId));
  if (!first) return;
  for (const integrationId of Object.keys(first.pats)) await removePat(accountId, integrationId, true);
  await sweepLooseSecrets(accountId, now, true);
  const record = batchValue<PatRecord>(await reliableKvs.batchGet([patRecordRef(accountId)]), patRecordRef(accountId));
  if (!record || Object.keys(record.pats).length > 0 || record.loose.length > 0) return;
  try {
    await reliableKvs.transact([
      { kind: 'delete', ref: patRecordRef(accountId), expect: { attribute: 'version', equals: record.version } },
    ]);
  } catch (error) {
    if (!isConflict(error)) throw error;
  }
}
