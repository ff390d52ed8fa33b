/**
 * The NAIVE baseline the bench compares the app with (bench only, never shipped): the same page load,
 * but a design without a PAT index, which learns whether a PAT exists by reading each integration's
 * secret at a key it can name (`naive#<accountId>#<integrationId>`, written by the bench's seeding).
 * One invoke, the catalog read, then one `kvs.getSecret` per integration — all at once, the kindest
 * order for it (in sequence it would take N round trips; on Forge so many parallel requests also meet
 * the KVS rate limit).
 */
import { kvs } from '@forge/kvs';
import Resolver from '@forge/resolver';
import type { ForgeResolverHandler } from '../tools/forge-doubles/invokeAsForge';
import { tokenHint } from '../src/domain/token';
import { readCatalog } from '../src/storage/catalogStore';

export function naiveKey(accountId: string, integrationId: string): string {
  return `naive#${accountId}#${integrationId}`;
}

const resolver = new Resolver();

resolver.define('getPersonalPage', async ({ context }) => {
  const accountId = String(context.accountId);
  const { integrations } = await readCatalog();
  const tokens = await Promise.all(integrations.map((integration) => kvs.getSecret<string>(naiveKey(accountId, integration.id))));
  const pats = integrations.flatMap((integration, i) => {
    const token = tokens[i];
    return token === undefined ? [] : [{ integrationId: integration.id, hint: tokenHint(token) }];
  });
  return { ok: true, value: { integrations, pats } };
});

export const naiveHandler = resolver.getDefinitions() as unknown as ForgeResolverHandler;
