/**
 * Replacing a saved token with the one its host issues when rotating it (GitLab), so that the new
 * token is never lost although the host revokes the old one the moment it answers:
 *
 *   1. strict read of the integration's item and the account's record, then the old token's secret;
 *   2. intent: the record lists the new secretId under `loose`, marked `rotation: { from: <old secretId> }`;
 *   3. the host rotates (outside storage); a refusal drops the intent and nothing else changed;
 *   4. the new token is written to its secret, retried within the call's reserve;
 *   5. commit, one transaction: the PAT names the new secret, the old one moves to `loose`, the intent goes.
 *
 * A crash or storage failure after 4 leaves a rotation entry whose secret exists: it is never swept
 * (looseSecrets.ts skips it) but completed — named as the PAT — by `completeRotations`, which the
 * next personal page load and the weekly re-check run. An entry whose secret was never written
 * (refused, crashed before 4) is dropped once older than the sweep's grace period.
 */
import type { PatView, Verification } from '../contract';
import { AppError } from '../domain/errors';
import { PAT_NOT_FOUND_MESSAGE, UNKNOWN_INTEGRATION_MESSAGE } from '../domain/messages';
import type { Integration } from '../domain/integration';
import { storedCredential, type Credential } from '../domain/credential';
import { tokenHint } from '../domain/token';
import { integrationRef, type IntegrationItem } from './catalogStore';
import { secretKey } from './keys';
import { LOOSE_GRACE_MS } from './looseSecrets';
import { newSecretId, nextAttempt, patRecordRef, readRecord, recordOp, writeIntent, type LooseSecret, type PatRecord } from './patStore';
import { batchValue, bestEffort, reliableKvs, transactConfirmed } from './reliableKvs';
import { patView, storedVerification, type StoredPat } from './storedPat';

/** What the host gave for the old token: the new one, and what the page should say about it. */
export interface Rotated {
  token: string;
  verification?: Verification;
}

/** Rounds of `setSecret` (each retried by reliableKvs) for a token that exists nowhere else any more. */
const STORE_ROUNDS = 3;

const LOST_ROTATION_MESSAGE =
  'GitLab issued a new token, but it could not be stored, and GitLab has revoked the old one. Create a new token in GitLab and save it here.';

/**
 * Rotates the account's saved token for an integration with `rotate` (given the integration, the
 * old token and its PAT; it throws to refuse, and nothing is changed then except a dropped intent) and stores the
 * new token in its place. Returns the PAT as the page shows it. Throws AppError UNKNOWN_INTEGRATION,
 * PAT_NOT_FOUND, STORAGE_UNAVAILABLE (the new token could not be stored), whatever `rotate` throws,
 * StorageError (the commit failed: the new token is stored and a later step completes it).
 */
export async function rotatePat(
  accountId: string,
  integrationId: string,
  rotate: (integration: Integration, token: string, pat: PatView) => Promise<Rotated>,
  now: Date,
): Promise<PatView> {
  const values = await reliableKvs.batchGet([integrationRef(integrationId), patRecordRef(accountId)]);
  const item = batchValue<IntegrationItem>(values, integrationRef(integrationId));
  if (!item) throw new AppError('UNKNOWN_INTEGRATION', UNKNOWN_INTEGRATION_MESSAGE, 'integrationId');
  const record = batchValue<PatRecord>(values, patRecordRef(accountId));
  const stored = record?.pats[integrationId];
  if (!record || !stored) throw new AppError('PAT_NOT_FOUND', PAT_NOT_FOUND_MESSAGE);
  const oldCredential = storedCredential(await reliableKvs.getSecret<unknown>(secretKey(accountId, integrationId, stored.secretId)));
  if (oldCredential === undefined) throw new AppError('PAT_NOT_FOUND', PAT_NOT_FOUND_MESSAGE);
  // Only a token rotates itself (GitLab); credentials with a user name or a key pair never reach here.
  if (oldCredential.kind !== 'token')
    throw new AppError('ROTATION_REFUSED', 'Only a personal access token can be rotated by the app. Create a new one instead.');
  const oldToken = oldCredential.token;

  const intent: LooseSecret = { integrationId, secretId: newSecretId(), since: now.toISOString(), rotation: { from: stored.secretId } };
  await writeIntent(record, intent);
  let rotated: Rotated;
  try {
    rotated = await rotate(item.integration, oldToken, patView(integrationId, stored));
  } catch (error) {
    await bestEffort('rotation intent', () => dropEntry(accountId, intent.secretId));
    throw error;
  }
  if (!(await storeSecret(accountId, intent, rotated.token))) throw new AppError('STORAGE_UNAVAILABLE', LOST_ROTATION_MESSAGE);
  const pat = await commitRotation(accountId, intent, rotated.token, rotated.verification, now);
  return pat ?? patView(integrationId, { ...stored, secretId: intent.secretId, hint: tokenHint(rotated.token) });
}

async function storeSecret(accountId: string, intent: LooseSecret, token: string): Promise<boolean> {
  for (let round = 1; round <= STORE_ROUNDS; round += 1) {
    const credential: Credential = { kind: 'token', token };
    if (
      await bestEffort('rotated secret', () =>
        reliableKvs.setSecret<Credential>(secretKey(accountId, intent.integrationId, intent.secretId), credential),
      )
    )
      return true;
  }
  return false;
}

/**
 * Names the rotation's secret as the PAT (if the PAT still holds the rotated-from secret) and moves
 * the old secret to `loose`; a PAT replaced or removed meanwhile keeps that change, and the rotated
 * secret becomes an ordinary loose secret. Idempotent. Returns the PAT when this rotation became it.
 */
async function commitRotation(
  accountId: string,
  intent: LooseSecret,
  token: string,
  verification: Verification | undefined,
  now: Date,
): Promise<PatView | undefined> {
  const { integrationId, secretId } = intent;
  const from = intent.rotation!.from;
  let record = await readRecord(accountId);
  for (let attempt = 1; ; attempt += 1) {
    const pat = record.pats[integrationId];
    if (pat?.secretId === secretId) return patView(integrationId, pat);
    if (!record.loose.some((entry) => entry.secretId === secretId && entry.rotation)) return undefined;
    const at = now.toISOString();
    const others = record.loose.filter((entry) => entry.secretId !== secretId);
    let after: PatRecord;
    let named: StoredPat | undefined;
    if (pat?.secretId === from) {
      named = {
        hint: tokenHint(token),
        createdAt: pat.createdAt,
        updatedAt: at,
        secretId,
        ...(verification ? { verification: storedVerification(verification) } : {}),
      };
      after = {
        ...record,
        pats: { ...record.pats, [integrationId]: named },
        loose: [...others, { integrationId, secretId: from, since: at }],
        updatedAt: at,
      };
    } else {
      after = { ...record, loose: [...others, { integrationId, secretId, since: at }], updatedAt: at };
    }
    const outcome = await transactConfirmed([recordOp(record, after)], async () => {
      record = await readRecord(accountId);
      return !record.loose.some((entry) => entry.secretId === secretId && entry.rotation);
    });
    if (outcome === 'done') {
      if (!named) return undefined;
      await bestEffort('rotated-from secret', () => reliableKvs.deleteSecret(secretKey(accountId, integrationId, from)));
      return patView(integrationId, named);
    }
    await nextAttempt(attempt);
  }
}

/** Drops a rotation entry whose secret was never written (the host refused, or the call died before storing). */
async function dropEntry(accountId: string, secretId: string): Promise<void> {
  let record = await readRecord(accountId);
  for (let attempt = 1; ; attempt += 1) {
    if (!record.loose.some((entry) => entry.secretId === secretId)) return;
    const after: PatRecord = { ...record, loose: record.loose.filter((entry) => entry.secretId !== secretId) };
    const outcome = await transactConfirmed([recordOp(record, after)], async () => {
      record = await readRecord(accountId);
      return !record.loose.some((entry) => entry.secretId === secretId);
    });
    if (outcome === 'done') return;
    await nextAttempt(attempt);
  }
}

/** Whether a record has a rotation that a crash or a storage failure left unfinished. */
export function hasPendingRotation(record: PatRecord | undefined): boolean {
  return record?.loose.some((entry) => entry.rotation) ?? false;
}

/**
 * Finishes the account's unfinished rotations, strictly: a rotation whose secret exists becomes the
 * PAT (the host has revoked the old token, so this one is the only one that works); one whose secret
 * was never written is dropped once older than the grace period. Returns how many became the PAT.
 * The page shows such a PAT as not checked yet; the weekly re-check (or Re-check) checks it.
 */
export async function completeRotations(accountId: string, now: Date): Promise<number> {
  const record = await readRecord(accountId);
  let completed = 0;
  for (const entry of record.loose.filter((loose) => loose.rotation)) {
    const credential = storedCredential(await reliableKvs.getSecret<unknown>(secretKey(accountId, entry.integrationId, entry.secretId)));
    if (credential?.kind === 'token') {
      if (await commitRotation(accountId, entry, credential.token, undefined, now)) completed += 1;
    } else if (now.getTime() - Date.parse(entry.since) >= LOOSE_GRACE_MS) {
      await dropEntry(accountId, entry.secretId);
    }
  }
  return completed;
}
