/**
 * A user's PATs. The account's `pat-record` (a custom entity item) says which PATs exist and which
 * secret holds each token; the tokens are secrets, one per save, under a new `secretId` each time,
 * so a token is never overwritten in place. Every change of a record is a transaction conditioned
 * on the record's `version`: two tabs, a save and a re-check, or a save and an admin's purge cannot
 * lose each other's change; the loser reads again and retries.
 *
 * A save (docs/storage.md has the table of what a crash after each step leaves):
 *   1. one strict batch read: the integration's item, the account's record, its holder shard;
 *   2. (the host check, outside storage;)
 *   3. intent: the record lists the new secretId under `loose` (secrets that may exist but no PAT names);
 *   4. the token is written to its new secret;
 *   5. commit, one transaction: the record names the new secret and moves the replaced one (if any)
 *      to `loose`, the holder shard lists the account, and the integration must be unchanged;
 *   6. the replaced secret is deleted (best effort: it stays in `loose` for the sweep anyway).
 * A crash before 5 leaves the old PAT; after it, the new one. `loose` secrets older than two
 * minutes are deleted by the daily sweep (looseSecrets.ts), so nothing unnamed is ever left.
 */
import { randomBytes } from 'node:crypto';
import type { PatView, Verification } from '../contract';
import { AppError } from '../domain/errors';
import { PAT_NOT_FOUND_MESSAGE, UNKNOWN_INTEGRATION_MESSAGE } from '../domain/messages';
import type { Integration } from '../domain/integration';
import { accountOf, credentialHint, storedCredential, type Credential } from '../domain/credential';
import { integrationRef, type IntegrationItem } from './catalogStore';
import { jsonBytes } from './chunking';
import { ENTITY, holderShardKey, holderShardKeys, PAT_RECORD_BYTES, secretKey } from './keys';
import { patView, storedVerification, type StoredPat } from './storedPat';
import {
  batchValue,
  bestEffort,
  pauseBeforeRetry,
  reliableKvs,
  StorageError,
  transactConfirmed,
  type ItemRef,
  type TransactOp,
} from './reliableKvs';

const INTEGRATION_CHANGED_MESSAGE = 'An administrator changed this integration while your token was being saved. Save it again.';
const TOO_MANY_MESSAGE = 'You have saved too many personal access tokens; remove some first.';

/** A secret that may exist but that no PAT names: a save in progress or interrupted, or a replaced token. */
export interface LooseSecret {
  integrationId: string;
  secretId: string;
  /** ISO-8601 time it became loose; the sweep leaves it alone for two minutes. */
  since: string;
  /**
   * Set while a host rotation is under way: the secret will hold the token the host issues in place
   * of the PAT's secret `from`. Never swept: patRotation.ts completes it (names it) or, when the
   * secret was never written, drops the entry.
   */
  rotation?: { from: string };
}

export interface PatRecord {
  accountId: string;
  /** 0 for a record never written; every write adds one and is conditioned on the value it read. */
  version: number;
  pats: Record<string, StoredPat>;
  loose: LooseSecret[];
  /** ISO-8601 time of the last change. */
  updatedAt: string;
}

interface HolderShard {
  integrationId: string;
  version: number;
  accounts: string[];
}

/** How often one change reads again and retries after losing a race to another change of the same record. */
const WRITE_ATTEMPTS = 6;

export function patRecordRef(accountId: string): Required<ItemRef> {
  return { key: accountId, entityName: ENTITY.patRecord };
}

function holderRef(integrationId: string, accountId: string): Required<ItemRef> {
  return { key: holderShardKey(integrationId, accountId), entityName: ENTITY.patHolders };
}

export function emptyRecord(accountId: string): PatRecord {
  return { accountId, version: 0, pats: {}, loose: [], updatedAt: new Date(0).toISOString() };
}

/** Every PAT of a record, as the page sees them. */
export function patViews(record: PatRecord | undefined): PatView[] {
  return Object.entries(record?.pats ?? {}).map(([integrationId, stored]) => patView(integrationId, stored));
}

export function recordOp(before: PatRecord, after: PatRecord): TransactOp {
  if (jsonBytes(after) > PAT_RECORD_BYTES) throw new AppError('INVALID_PAYLOAD', TOO_MANY_MESSAGE);
  return {
    kind: 'set',
    ref: patRecordRef(before.accountId),
    value: { ...after, version: before.version + 1 },
    expect: { attribute: 'version', equals: before.version === 0 ? undefined : before.version },
  };
}

function holderOp(shard: HolderShard | undefined, integrationId: string, accountId: string, holds: boolean): TransactOp | undefined {
  const accounts = shard?.accounts ?? [];
  if (accounts.includes(accountId) === holds) return undefined;
  const next: HolderShard = {
    integrationId,
    version: (shard?.version ?? 0) + 1,
    accounts: holds ? [...accounts, accountId] : accounts.filter((account) => account !== accountId),
  };
  return { kind: 'set', ref: holderRef(integrationId, accountId), value: next, expect: { attribute: 'version', equals: shard?.version } };
}

async function readState(accountId: string, integrationId: string) {
  const values = await reliableKvs.batchGet([integrationRef(integrationId), patRecordRef(accountId), holderRef(integrationId, accountId)]);
  return {
    item: batchValue<IntegrationItem>(values, integrationRef(integrationId)),
    record: batchValue<PatRecord>(values, patRecordRef(accountId)) ?? emptyRecord(accountId),
    holders: batchValue<HolderShard>(values, holderRef(integrationId, accountId)),
  };
}

export async function readRecord(accountId: string): Promise<PatRecord> {
  return batchValue<PatRecord>(await reliableKvs.batchGet([patRecordRef(accountId)]), patRecordRef(accountId)) ?? emptyRecord(accountId);
}

/** Waits before another try after a lost race; StorageError CONTENDED once the tries or the call's budget run out. */
export async function nextAttempt(attempt: number): Promise<void> {
  if (attempt >= WRITE_ATTEMPTS || !(await pauseBeforeRetry(attempt))) throw new StorageError('CONTENDED', 409, false);
}

export function newSecretId(): string {
  return randomBytes(8).toString('hex');
}

/**
 * What a save stores: the credential and the host's verdict on it. The resolvers always ask the host; a record
 * may hold a PAT with no verdict (the page then offers Re-check), and seeding tools write that state here.
 */
export interface CheckedCredential {
  credential: Credential;
  verification?: Verification;
}

/**
 * Saves (creates or replaces) the account's credential for an integration. `prepare` is given the
 * integration as stored and answers the credential with the host's verdict on it, or throws to
 * refuse it (nothing is written then). Returns the PAT as the page shows it.
 * Throws AppError UNKNOWN_INTEGRATION (no such integration, or removed while saving), CONFLICT (an
 * admin changed it while saving), INVALID_PAYLOAD (the record is full), StorageError.
 */
export async function savePat(
  accountId: string,
  integrationId: string,
  prepare: (integration: Integration) => Promise<CheckedCredential>,
  now: Date,
): Promise<PatView> {
  let state = await readState(accountId, integrationId);
  if (!state.item) throw new AppError('UNKNOWN_INTEGRATION', UNKNOWN_INTEGRATION_MESSAGE, 'integrationId');
  const checkedAt = state.item.revision;
  const { credential, verification } = await prepare(state.item.integration);
  const secretId = newSecretId();
  const at = now.toISOString();

  let record = await writeIntent(state.record, { integrationId, secretId, since: at });
  await reliableKvs.setSecret<Credential>(secretKey(accountId, integrationId, secretId), credential);
  const account = accountOf(credential);
  const region = credential.kind === 'aws' ? credential.region : undefined;
  for (let attempt = 1; ; attempt += 1) {
    const previous = record.pats[integrationId];
    const saved: StoredPat = {
      hint: credentialHint(credential),
      ...(account !== undefined ? { account } : {}),
      ...(region !== undefined ? { region } : {}),
      createdAt: previous?.createdAt ?? at,
      updatedAt: at,
      ...(verification ? { verification: storedVerification(verification) } : {}),
      secretId,
    };
    const after: PatRecord = {
      ...record,
      pats: { ...record.pats, [integrationId]: saved },
      loose: [
        ...record.loose.filter((loose) => loose.secretId !== secretId),
        ...(previous ? [{ integrationId, secretId: previous.secretId, since: at }] : []),
      ],
      updatedAt: at,
    };
    const ops = [recordOp(record, after), holderOp(state.holders, integrationId, accountId, true)].filter(
      (op): op is TransactOp => op !== undefined,
    );
    ops.push({ kind: 'check', ref: integrationRef(integrationId), expect: { attribute: 'revision', equals: checkedAt } });
    const outcome = await transactConfirmed(ops, async () => {
      state = await readState(accountId, integrationId);
      return state.record.pats[integrationId]?.secretId === secretId;
    });
    if (outcome === 'conflict') {
      if (!state.item || state.item.revision !== checkedAt) {
        await bestEffort('abandoned secret', () => reliableKvs.deleteSecret(secretKey(accountId, integrationId, secretId)));
        if (!state.item) throw new AppError('UNKNOWN_INTEGRATION', UNKNOWN_INTEGRATION_MESSAGE, 'integrationId');
        throw new AppError('CONFLICT', INTEGRATION_CHANGED_MESSAGE);
      }
      record = state.record;
      await nextAttempt(attempt);
      continue;
    }
    if (previous)
      await bestEffort('replaced secret', () => reliableKvs.deleteSecret(secretKey(accountId, integrationId, previous.secretId)));
    return patView(integrationId, saved);
  }
}

/** Step 3 of a save: the new secret is named in `loose` before it is written, so a crash cannot leave it unnamed. */
export async function writeIntent(start: PatRecord, loose: LooseSecret): Promise<PatRecord> {
  let record = start;
  for (let attempt = 1; ; attempt += 1) {
    const after: PatRecord = { ...record, loose: [...record.loose, loose], updatedAt: loose.since };
    let now: PatRecord | undefined;
    const outcome = await transactConfirmed([recordOp(record, after)], async () => {
      now = await readRecord(start.accountId);
      return now.loose.some((entry) => entry.secretId === loose.secretId);
    });
    if (outcome === 'done') return now ?? { ...after, version: record.version + 1 };
    record = now!;
    await nextAttempt(attempt);
  }
}

/**
 * Removes the account's PAT for an integration: one read, one transaction (record and holder
 * shard), then the secret is deleted. Throws AppError PAT_NOT_FOUND when none is saved
 * (`missingOk` answers false instead), StorageError.
 */
export async function removePat(accountId: string, integrationId: string, missingOk = false): Promise<boolean> {
  let state = await readState(accountId, integrationId);
  for (let attempt = 1; ; attempt += 1) {
    const { record } = state;
    const previous = record.pats[integrationId];
    if (!previous) {
      if (missingOk) return false;
      throw new AppError('PAT_NOT_FOUND', PAT_NOT_FOUND_MESSAGE);
    }
    const rest = { ...record.pats };
    delete rest[integrationId];
    const at = new Date().toISOString();
    const after: PatRecord = {
      ...record,
      pats: rest,
      loose: [...record.loose, { integrationId, secretId: previous.secretId, since: at }],
      updatedAt: at,
    };
    const ops = [recordOp(record, after), holderOp(state.holders, integrationId, accountId, false)].filter(
      (op): op is TransactOp => op !== undefined,
    );
    // Gone, by this removal whose answer was lost or by another: either way what was asked is done.
    const outcome = await transactConfirmed(ops, async () => {
      state = await readState(accountId, integrationId);
      return state.record.pats[integrationId] === undefined;
    });
    if (outcome === 'conflict') {
      await nextAttempt(attempt);
      continue;
    }
    await bestEffort('removed secret', () => reliableKvs.deleteSecret(secretKey(accountId, integrationId, previous.secretId)));
    return true;
  }
}

/** A saved credential with what the app knows about it, read strictly. */
export interface SavedToken {
  credential: Credential;
  pat: PatView;
  secretId: string;
  integration: Integration;
}

/**
 * The account's saved token for an integration: two strict reads (the integration's item and the
 * account's record, then the secret). Says which is missing when there is none: the integration
 * (removed, or never there) or the PAT.
 */
export async function readSavedToken(accountId: string, integrationId: string): Promise<SavedToken | 'no-integration' | 'no-pat'> {
  const values = await reliableKvs.batchGet([integrationRef(integrationId), patRecordRef(accountId)]);
  const item = batchValue<IntegrationItem>(values, integrationRef(integrationId));
  if (!item) return 'no-integration';
  const stored = batchValue<PatRecord>(values, patRecordRef(accountId))?.pats[integrationId];
  if (!stored) return 'no-pat';
  // The record names a secret only once it is written (docs/storage.md), so this finds it.
  const credential = storedCredential(await reliableKvs.getSecret<unknown>(secretKey(accountId, integrationId, stored.secretId)));
  if (credential === undefined) return 'no-pat';
  return { credential, pat: patView(integrationId, stored), secretId: stored.secretId, integration: item.integration };
}

/**
 * Records a new check of a saved token; only the record is written. If the PAT was removed
 * meanwhile the check is dropped (AppError PAT_NOT_FOUND); if it was replaced, the newer token keeps
 * the verdict of its own save and that PAT is returned.
 */
export async function recordVerification(
  accountId: string,
  integrationId: string,
  secretId: string,
  verification: Verification,
): Promise<PatView> {
  let record = await readRecord(accountId);
  for (let attempt = 1; ; attempt += 1) {
    const stored = record.pats[integrationId];
    if (!stored) throw new AppError('PAT_NOT_FOUND', PAT_NOT_FOUND_MESSAGE);
    if (stored.secretId !== secretId) return patView(integrationId, stored);
    const updated: StoredPat = { ...stored, verification: storedVerification(verification) };
    const outcome = await transactConfirmed(
      [recordOp(record, { ...record, pats: { ...record.pats, [integrationId]: updated } })],
      async () => {
        record = await readRecord(accountId);
        const now = record.pats[integrationId];
        return now?.secretId === secretId && now.verification?.checkedAt === verification.checkedAt;
      },
    );
    if (outcome === 'done') return patView(integrationId, updated);
    await nextAttempt(attempt);
  }
}

/** The accounts that hold a PAT for an integration, read strictly from its holder shards (one request). */
export async function holdersOf(integrationId: string): Promise<string[]> {
  const refs = holderShardRefs(integrationId);
  const values = await reliableKvs.batchGet(refs);
  return refs.flatMap((ref) => batchValue<HolderShard>(values, ref)?.accounts ?? []);
}

function holderShardRefs(integrationId: string): Required<ItemRef>[] {
  return holderShardKeys(integrationId).map((key) => ({ key, entityName: ENTITY.patHolders }));
}
