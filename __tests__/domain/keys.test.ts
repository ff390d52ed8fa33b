import {
  catalogChunkKey,
  holderKey,
  isValidForgeKey,
  PAT_SHARDS,
  patShard,
  patShardKey,
  patShardPrefix,
  tokenKey,
} from '../../src/storage/keys';
import { chunkByBytes, jsonBytes } from '../../src/storage/chunking';

const LONGEST_ACCOUNT = `557058:${'f'.repeat(121)}`;
const LONGEST_INTEGRATION = `a${'-'.repeat(62)}`;

describe('storage keys', () => {
  it('keep to Forge key rules even for the longest account and integration ids', () => {
    for (const key of [
      catalogChunkKey(9999),
      patShardKey(LONGEST_ACCOUNT, LONGEST_INTEGRATION),
      tokenKey(LONGEST_ACCOUNT, LONGEST_INTEGRATION),
      holderKey(LONGEST_INTEGRATION, LONGEST_ACCOUNT),
    ]) {
      expect(isValidForgeKey(key)).toBe(true);
    }
    expect(isValidForgeKey('a/b')).toBe(false);
    expect(isValidForgeKey('user@example.com')).toBe(false);
    expect(isValidForgeKey('   ')).toBe(false);
    expect(isValidForgeKey('k'.repeat(501))).toBe(false);
  });

  it('never lets one account prefix match another account, even when ids share a beginning', () => {
    const a = '557058:abc';
    const b = '557058:abc-d';
    expect(patShardKey(b, 'x').startsWith(patShardPrefix(a))).toBe(false);
    expect(tokenKey(b, 'x').startsWith(`token#${a}#`)).toBe(false);
  });

  it('spreads integrations over all shards, always the same shard for the same id', () => {
    const shards = new Set(Array.from({ length: 500 }, (_, i) => patShard(`int-${i}`)));
    expect(shards.size).toBe(PAT_SHARDS);
    expect(patShard('int-42')).toBe(patShard('int-42'));
  });

  it('orders catalog chunks by their index', () => {
    const keys = [catalogChunkKey(10), catalogChunkKey(2), catalogChunkKey(0)].sort();
    expect(keys).toEqual([catalogChunkKey(0), catalogChunkKey(2), catalogChunkKey(10)]);
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
