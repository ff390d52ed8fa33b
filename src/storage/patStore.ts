import { kvs } from '@forge/kvs';
import type { PatView } from '../contract';
import { AppError } from '../domain/errors';
import { tokenHint } from '../domain/token';
import { jsonBytes } from './chunking';
import { holderKey, PAT_SHARD_BYTES, patShardKey, patShardPrefix, tokenKey } from './keys';
import { queryAll } from './kvsPaging';

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

/**
 * Saves (creates or replaces) a token. Order matters: every check happens before the first
 * write, the secret is written next and the metadata that makes it visible last, so a failure part-way never shows a PAT that has no
 * token behind it; a retry simply overwrites the secret.
 */
export async function savePat(accountId: string, integrationId: string, token: string, now: Date): Promise<PatView> {
  const shardKey = patShardKey(accountId, integrationId);
  const shard = await readShard(shardKey);
  const previous = shard.pats[integrationId];
  const saved: PatView = {
    integrationId,
    hint: tokenHint(token),
    createdAt: previous?.createdAt ?? now.toISOString(),
    updatedAt: now.toISOString(),
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
 * Removes a token. The secret goes first: once a person asks to remove a token it must not
 * outlive a failure further on, and leftover metadata only offers a Remove that succeeds.
 */
export async function removePat(accountId: string, integrationId: string): Promise<void> {
  const shardKey = patShardKey(accountId, integrationId);
  const shard = await readShard(shardKey);
  if (!shard.pats[integrationId]) {
    throw new AppError('PAT_NOT_FOUND', 'No personal access token is saved for this integration.');
  }
  await kvs.deleteSecret(tokenKey(accountId, integrationId));
  const rest = { ...shard.pats };
  delete rest[integrationId];
  if (Object.keys(rest).length === 0) await kvs.delete(shardKey);
  else await kvs.set<PatShard>(shardKey, { pats: rest });
  await kvs.delete(holderKey(integrationId, accountId));
}
