import { tokenHint } from '../../src/domain/token';
import { parseSecretKey, secretKey } from '../../src/storage/keys';
import type { KvsEmulator } from '../../tools/forge-doubles/kvsEmulator';
import { storedHolders, storedPats, storedSecret } from './forge';

/** What storage may hold besides the PATs shown: a secret no PAT names, listed as loose for the sweep. */
export type Leftover = 'stray';

interface StoredRecord {
  pats: Record<string, { hint: string; secretId: string }>;
  loose: { integrationId: string; secretId: string }[];
}

/**
 * The leftovers in storage, checking on the way what must always hold (docs/storage.md): every
 * PAT's secret exists and has the PAT's hint; holder entries are exactly the PATs; every other
 * secret is listed in its account's `loose` list, so the sweep will delete it.
 */
export function leftovers(kvs: KvsEmulator): Leftover[] {
  const records = new Map(kvs.entityEntries('pat-record').map(([key, value]) => [key, value as StoredRecord]));
  const secrets = new Map(kvs.entries('secret').map(([key, value]) => [key, storedSecret(value)]));
  const named = new Set<string>();
  for (const [accountId, record] of records) {
    for (const [integrationId, pat] of Object.entries(record.pats)) {
      const key = secretKey(accountId, integrationId, pat.secretId);
      named.add(key);
      const token = secrets.get(key);
      expect({ key, hint: token === undefined ? 'no secret' : tokenHint(token) }).toEqual({ key, hint: pat.hint });
    }
  }
  expect(storedHolders(kvs)).toEqual(storedPats(kvs));
  const found = new Set<Leftover>();
  for (const key of secrets.keys()) {
    if (named.has(key)) continue;
    const parts = parseSecretKey(key);
    const listed =
      parts &&
      records.get(parts.accountId)?.loose.some((loose) => loose.integrationId === parts.integrationId && loose.secretId === parts.secretId);
    expect({ key, listedAsLoose: listed }).toEqual({ key, listedAsLoose: true });
    found.add('stray');
  }
  return [...found].sort();
}
