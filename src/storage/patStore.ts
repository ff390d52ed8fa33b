import { kvs } from '@forge/kvs';
import type { PatView, Verification } from '../contract';
import { AppError } from '../domain/errors';
import { tokenHint } from '../domain/token';
import { jsonBytes } from './chunking';
import { holderKey, PAT_SHARD_BYTES, patShardKey, patShardPrefix, tokenKey } from './keys';
import { queryAll } from './kvsPaging';

const NOT_FOUND = 'No personal access token is saved for this integration.';

interface PatShard {
  pats: Record<string, PatView>;
}

/** All PAT metadata of one account: a single query, since the account's shards fit one page. */
export async function readPatIndex(accountId: string): Promise<PatView[]> {
  const shards = await queryAll<PatShard>(patShardPrefix(accountId));
  return shards.flatMap((shard) => Object.values(shard.value.pats));
}

async function readShard(key: string): Promise<PatShard> {
  return (await kvs.get<PatShard>(key)) ?? { pats: {} };
}

/** One PAT's metadata, or undefined when none is saved. */
export async function readPat(accountId: string, integrationId: string): Promise<PatView | undefined> {
  return (await readShard(patShardKey(accountId, integrationId))).pats[integrationId];
}

/** The token itself. Only backend code that acts as the user (or checks the token) reads it. */
export async function readToken(accountId: string, integrationId: string): Promise<string | undefined> {
  return kvs.getSecret<string>(tokenKey(accountId, integrationId));
}

/**
 * Saves (creates or replaces) a token with the host's verdict on it. Order matters: every check
 * (the host check included, done by the caller) happens before the first write, the secret is
 * written next and the metadata that makes it visible last, so a failure part-way never shows a
 * PAT that has no token behind it; a retry simply overwrites the secret.
 */
export async function savePat(accountId: string, integrationId: string, token: string, verification: Verification, now: Date): Promise<PatView> {
  const shardKey = patShardKey(accountId, integrationId);
  const shard = await readShard(shardKey);
  const previous = shard.pats[integrationId];
  const saved: PatView = {
    integrationId,
    hint: tokenHint(token),
    createdAt: previous?.createdAt ?? now.toISOString(),
    updatedAt: now.toISOString(),
    verification,
  };
  const next: PatShard = { pats: { ...shard.pats, [integrationId]: saved } };
  if (jsonBytes(next) > PAT_SHARD_BYTES) {
    throw new AppError('INVALID_PAYLOAD', 'You have saved too many personal access tokens; remove some first.');
  }
  await kvs.setSecret(tokenKey(accountId, integrationId), token);
  await kvs.set<PatShard>(shardKey, next);
  await kvs.set(holderKey(integrationId, accountId), { since: saved.createdAt });
  return saved;
}

/**
 * Records a new check of a saved token; only the metadata is written. `checked` is the PAT as it was
 * when its token was read: if it was removed meanwhile the check is dropped (PAT_NOT_FOUND, nothing
 * comes back), and if it was replaced the newer token keeps the verdict of its own save.
 */
export async function recordVerification(accountId: string, checked: PatView, verification: Verification): Promise<PatView> {
  const { integrationId } = checked;
  const shardKey = patShardKey(accountId, integrationId);
  const shard = await readShard(shardKey);
  const current = shard.pats[integrationId];
  if (!current) throw new AppError('PAT_NOT_FOUND', NOT_FOUND);
  if (current.updatedAt !== checked.updatedAt) return current;
  const updated: PatView = { ...current, verification };
  await kvs.set<PatShard>(shardKey, { pats: { ...shard.pats, [integrationId]: updated } });
  return updated;
}

/**
 * Removes a token. The secret goes first: once a person asks to remove a token it must not
 * outlive a failure further on, and leftover metadata only offers a Remove that succeeds.
 */
export async function removePat(accountId: string, integrationId: string): Promise<void> {
  const shardKey = patShardKey(accountId, integrationId);
  const shard = await readShard(shardKey);
  if (!shard.pats[integrationId]) {
    throw new AppError('PAT_NOT_FOUND', NOT_FOUND);
  }
  await kvs.deleteSecret(tokenKey(accountId, integrationId));
  const rest = { ...shard.pats };
  delete rest[integrationId];
  if (Object.keys(rest).length === 0) await kvs.delete(shardKey);
  else await kvs.set<PatShard>(shardKey, { pats: rest });
  await kvs.delete(holderKey(integrationId, accountId));
}
