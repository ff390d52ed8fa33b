import {
  catalogChunkKey,
  HOLDER_SHARDS,
  holderShardKey,
  holderShardKeys,
  isValidForgeKey,
  parseSecretKey,
  secretKey,
} from '../../src/storage/keys';
import { chunkByBytes, jsonBytes } from '../../src/storage/chunking';

const LONGEST_ACCOUNT = `557058:${'f'.repeat(121)}`;
const LONGEST_INTEGRATION = `a${'-'.repeat(62)}`;
const SECRET_ID = '0123456789abcdef';

describe('storage keys', () => {
  it('keep to Forge key rules even for the longest account and integration ids', () => {
    for (const key of [
      catalogChunkKey(9),
      holderShardKey(LONGEST_INTEGRATION, LONGEST_ACCOUNT),
      secretKey(LONGEST_ACCOUNT, LONGEST_INTEGRATION, SECRET_ID),
      LONGEST_ACCOUNT,
    ]) {
      expect(isValidForgeKey(key)).toBe(true);
    }
    expect(isValidForgeKey('a/b')).toBe(false);
    expect(isValidForgeKey('user@example.com')).toBe(false);
    expect(isValidForgeKey('   ')).toBe(false);
    expect(isValidForgeKey('k'.repeat(501))).toBe(false);
  });

  it('never gives two accounts, or two saves, the same secret', () => {
    expect(secretKey('557058:abc-d', 'x', SECRET_ID)).not.toBe(secretKey('557058:abc', 'd#x', SECRET_ID));
    expect(secretKey('557058:abc', 'x', SECRET_ID)).not.toBe(secretKey('557058:abc', 'x', 'fedcba9876543210'));
  });

  it('name a token secret as docs/storage.md says, and read its parts back from the key alone', () => {
    expect(secretKey('557058:abc-d', 'demo-github', SECRET_ID)).toBe(`token#557058:abc-d#demo-github#${SECRET_ID}`);
    expect(parseSecretKey(secretKey(LONGEST_ACCOUNT, LONGEST_INTEGRATION, SECRET_ID))).toEqual({
      accountId: LONGEST_ACCOUNT,
      integrationId: LONGEST_INTEGRATION,
      secretId: SECRET_ID,
    });
    for (const other of ['personal-data-cycle', 'token#557058:abc#demo-github', 'token#a#b#c#d', 'naive#a#b#c', 'token##b#c']) {
      expect(parseSecretKey(other)).toBeUndefined();
    }
  });

  it('spreads accounts over all holder shards of an integration, always the same shard for the same account', () => {
    const shards = new Set(Array.from({ length: 500 }, (_, i) => holderShardKey('demo-github', `557058:user-${i}`)));
    expect([...shards].sort()).toEqual([...holderShardKeys('demo-github')].sort());
    expect(shards.size).toBe(HOLDER_SHARDS);
    expect(holderShardKey('demo-github', 'user-42')).toBe(holderShardKey('demo-github', 'user-42'));
  });
});

describe('chunking by bytes', () => {
  it('keeps order and keeps every chunk within the byte budget', () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({ i, name: `item ${i} ü` }));
    const chunks = chunkByBytes(items, 2000);
    expect(chunks.flat()).toEqual(items);
    for (const chunk of chunks) expect(jsonBytes(chunk)).toBeLessThanOrEqual(2000);
    expect(chunks.length).toBeGreaterThan(1);
  });

  it('returns no chunk for no items', () => {
    expect(chunkByBytes([], 100)).toEqual([]);
  });
});
