/**
 * A user's PATs: metadata in hash shards (what the page shows), each token in a secret, and a holder
 * record per PAT (the admin purge's index). Any request may fail, hang, or land with its answer
 * lost, so every change is ordered around one commit point, the write of the metadata shard:
 *
 * - A new save writes the secret and the holder record first and commits the metadata last. A
 *   removal commits the metadata removal first, then deletes the secret and the holder record.
 *   Before (or after) the commit, what is left over is invisible and unusable: a secret or holder
 *   record without metadata (getUserToken needs both; the next save or removal, or the admin
 *   purge, clears it).
 * - A replace overwrites the secret in place, so no order can hide it. It first marks the PAT
 *   `unsettled` in its shard, keeping the current metadata and the metadata it is about to commit;
 *   while the mark is there, readers read the secret and show the metadata whose hint matches the
 *   stored token (only then does a page load cost more than its two queries). The commit writes the
 *   new metadata and drops the mark in one write; a failed replace leaves the mark for the next
 *   save or removal to drop.
 * - A step that fails before the commit is undone, best effort: a new secret and holder record are
 *   deleted, a replaced secret is put back. A commit that fails is read back: if it landed after
 *   all, the save succeeded; it is undone only if it certainly did not land (a request that timed
 *   out may still land, and the commit would then show a token that the undo removed).
 * So a failed change shows the old PAT or the new one, always with the hint of the stored token,
 * and a save is reported only once its metadata is stored. Each change holds its shard's lock
 * (withShardLock), so changes of two PATs sharing a shard never lose each other's metadata.
 */
import type { PatView, Verification } from '../contract';
import { AppError } from '../domain/errors';
import { accountOf, credentialHint, storedCredential, type Credential } from '../domain/credential';
import { jsonBytes } from './chunking';
import { holderKey, PAT_SHARD_BYTES, patShardKey, patShardPrefix, tokenKey } from './keys';
import { queryAll } from './kvsPaging';
import { bestEffort, outcomeOf, reliableKvs } from './reliableKvs';
import { withShardLock } from './shardLock';

const NOT_FOUND = 'No personal access token is saved for this integration.';

export interface PatShard {
  pats: Record<string, PatView>;
  /** Replaces in flight or interrupted: integration → the metadata the replace commits. */
  unsettled?: Record<string, PatView>;
}

async function readShard(key: string): Promise<PatShard> {
  return (await reliableKvs.get<PatShard>(key)) ?? { pats: {} };
}

function without<T>(record: Readonly<Record<string, T>> | undefined, id: string): Record<string, T> {
  const rest = { ...record };
  delete rest[id];
  return rest;
}

/** A shard value; no `unsettled` field when nothing is unsettled, as before any failure. */
function shardOf(pats: Record<string, PatView>, unsettled: Record<string, PatView>): PatShard {
  return Object.keys(unsettled).length > 0 ? { pats, unsettled } : { pats };
}

function holds(shard: PatShard, integrationId: string): boolean {
  return shard.pats[integrationId] !== undefined || shard.unsettled?.[integrationId] !== undefined;
}

/** The metadata to show given the stored token: for an unsettled PAT, whichever matches the token's hint. */
function shownPat(shard: PatShard, integrationId: string, credential: Credential | undefined): PatView | undefined {
  const next = shard.unsettled?.[integrationId];
  if (!next) return shard.pats[integrationId];
  if (credential === undefined) return undefined;
  const hint = credentialHint(credential);
  // Equal hints show the current metadata: its hint matches the stored token either way.
  return [shard.pats[integrationId], next].find((pat) => pat?.hint === hint);
}

/** What a reader may show for one PAT; the secret is read only for an unsettled one. */
async function settledPat(accountId: string, shard: PatShard, integrationId: string): Promise<PatView | undefined> {
  const credential = shard.unsettled?.[integrationId] ? storedCredential(await reliableKvs.getSecret<unknown>(tokenKey(accountId, integrationId))) : undefined;
  return shownPat(shard, integrationId, credential);
}

/** All PAT metadata of one account: a single query, since the account's shards fit one page. */
export async function readPatIndex(accountId: string): Promise<PatView[]> {
  const shards = await queryAll<PatShard>(patShardPrefix(accountId));
  const pats = await Promise.all(
    shards.flatMap(({ value: shard }) =>
      [...new Set([...Object.keys(shard.pats), ...Object.keys(shard.unsettled ?? {})])].map((id) => settledPat(accountId, shard, id)),
    ),
  );
  return pats.filter((pat): pat is PatView => pat !== undefined);
}

/** One PAT's metadata, or undefined when none is saved. */
export async function readPat(accountId: string, integrationId: string): Promise<PatView | undefined> {
  return settledPat(accountId, await readShard(patShardKey(accountId, integrationId)), integrationId);
}

/** The credential itself (a token stored as a plain string reads as a token credential). Only backend code that acts as the user (or checks it) reads it. */
export async function readCredential(accountId: string, integrationId: string): Promise<Credential | undefined> {
  return storedCredential(await reliableKvs.getSecret<unknown>(tokenKey(accountId, integrationId)));
}

function sameSave(stored: PatView | undefined, saved: PatView): boolean {
  return stored?.updatedAt === saved.updatedAt && stored.createdAt === saved.createdAt && stored.hint === saved.hint;
}

/**
 * Saves (creates or replaces) a token with the host's verdict on it; every check (the host check
 * included, done by the caller) happens before the first write. See the top of this file for the
 * order of the writes and what a failure leaves.
 */
export function savePat(accountId: string, integrationId: string, credential: Credential, verification: Verification, now: Date): Promise<PatView> {
  return withShardLock(accountId, integrationId, () => save(accountId, integrationId, credential, verification, now));
}

async function save(accountId: string, integrationId: string, credential: Credential, verification: Verification, now: Date): Promise<PatView> {
  const shardKey = patShardKey(accountId, integrationId);
  const secretKey = tokenKey(accountId, integrationId);
  const holder = holderKey(integrationId, accountId);
  const shard = await readShard(shardKey);
  const held = holds(shard, integrationId);
  // The token being replaced, to put back if the replace fails.
  const previousToken = held ? await reliableKvs.getSecret<unknown>(secretKey) : undefined;
  const previous = shownPat(shard, integrationId, storedCredential(previousToken));
  const account = accountOf(credential);
  const region = credential.kind === 'aws' ? credential.region : undefined;
  const saved: PatView = {
    integrationId,
    hint: credentialHint(credential),
    ...(account !== undefined ? { account } : {}),
    ...(region !== undefined ? { region } : {}),
    createdAt: previous?.createdAt ?? now.toISOString(),
    updatedAt: now.toISOString(),
    verification,
  };
  const committed = shardOf({ ...shard.pats, [integrationId]: saved }, without(shard.unsettled, integrationId));
  const marked = previous && shardOf({ ...shard.pats, [integrationId]: previous }, { ...shard.unsettled, [integrationId]: saved });
  if (jsonBytes(marked ?? committed) > PAT_SHARD_BYTES) {
    throw new AppError('INVALID_PAYLOAD', 'You have saved too many personal access tokens; remove some first.');
  }
  const undo = async () => {
    await bestEffort('secret undo', () =>
      previousToken === undefined ? reliableKvs.deleteSecret(secretKey) : reliableKvs.setSecret(secretKey, previousToken),
    );
    if (!held) await bestEffort('holder undo', () => reliableKvs.delete(holder));
  };

  if (marked) await reliableKvs.set<PatShard>(shardKey, marked);
  try {
    await reliableKvs.setSecret<Credential>(secretKey, credential);
    await reliableKvs.set(holder, { since: saved.createdAt });
  } catch (error) {
    await undo();
    throw error;
  }
  try {
    await reliableKvs.set<PatShard>(shardKey, committed);
  } catch (error) {
    const outcome = await outcomeOf(error, async () => sameSave((await readShard(shardKey)).pats[integrationId], saved));
    if (outcome === 'landed') return saved;
    if (outcome === 'not-landed') await undo();
    throw error;
  }
  return saved;
}

/**
 * Records a new check of a saved token; only the metadata is written. `checked` is the PAT as it was
 * when its token was read: if it was removed meanwhile the check is dropped (PAT_NOT_FOUND, nothing
 * comes back), and if it was replaced the newer token keeps the verdict of its own save.
 */
export function recordVerification(accountId: string, checked: PatView, verification: Verification): Promise<PatView> {
  return withShardLock(accountId, checked.integrationId, () => record(accountId, checked, verification));
}

async function record(accountId: string, checked: PatView, verification: Verification): Promise<PatView> {
  const { integrationId } = checked;
  const shardKey = patShardKey(accountId, integrationId);
  const shard = await readShard(shardKey);
  const current = shard.pats[integrationId];
  const next = shard.unsettled?.[integrationId];
  // Of an unsettled PAT, the metadata of the token that was checked gets the verdict; the mark stays.
  const target = [current, next].find((pat) => pat !== undefined && pat.updatedAt === checked.updatedAt);
  if (!target) {
    const shown = await settledPat(accountId, shard, integrationId);
    if (!shown) throw new AppError('PAT_NOT_FOUND', NOT_FOUND);
    return shown;
  }
  const updated: PatView = { ...target, verification };
  const pats = target === current ? { ...shard.pats, [integrationId]: updated } : shard.pats;
  const unsettled = target === next ? { ...shard.unsettled, [integrationId]: updated } : { ...shard.unsettled };
  await reliableKvs.set<PatShard>(shardKey, shardOf(pats, unsettled));
  return updated;
}

/**
 * Removes a token (see the top of this file for the order). When nothing is left to show, a secret
 * or holder record that a failed save or removal left behind is still cleared before PAT_NOT_FOUND.
 */
export function removePat(accountId: string, integrationId: string): Promise<void> {
  return withShardLock(accountId, integrationId, () => remove(accountId, integrationId));
}

async function remove(accountId: string, integrationId: string): Promise<void> {
  const shardKey = patShardKey(accountId, integrationId);
  const secretKey = tokenKey(accountId, integrationId);
  const holder = holderKey(integrationId, accountId);
  const shard = await readShard(shardKey);
  if (!holds(shard, integrationId)) {
    await reliableKvs.deleteSecret(secretKey);
    await reliableKvs.delete(holder);
    throw new AppError('PAT_NOT_FOUND', NOT_FOUND);
  }
  const rest = shardOf(without(shard.pats, integrationId), without(shard.unsettled, integrationId));
  try {
    await (Object.keys(rest.pats).length === 0 && !rest.unsettled ? reliableKvs.delete(shardKey) : reliableKvs.set<PatShard>(shardKey, rest));
  } catch (error) {
    if ((await outcomeOf(error, async () => !holds(await readShard(shardKey), integrationId))) !== 'landed') throw error;
  }
  try {
    await reliableKvs.deleteSecret(secretKey);
  } catch (error) {
    // The PAT is gone from the page either way; a token left behind is cleared by the next removal or save.
    if ((await outcomeOf(error, async () => (await reliableKvs.getSecret(secretKey)) === undefined)) !== 'landed') throw error;
  }
  // A holder record left behind only makes the admin's removal count one too high until the purge clears it.
  await bestEffort('holder removal', () => reliableKvs.delete(holder));
}
