import { kvs, Filter, FilterConditions, ForgeKvsAPIError, MetadataField, Sort, WhereConditions } from '@forge/kvs';
import { KvsEmulator, type EntityDeclaration, type KvsEmulatorOptions } from '../../tools/forge-doubles/kvsEmulator';
import { manifestEntities } from '../../tools/manifest';
import { installForgeFetch } from '../../tools/forge-doubles/forgeFetch';
import { persistKvs } from '../../tools/preview/encryptedStore';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MANIFEST_ENTITIES = manifestEntities();
const START = Date.parse('2026-11-29T12:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let clock = START;
let store: KvsEmulator;
let uninstall: () => void = () => undefined;

/** A fresh emulator behind the real SDK, with the manifest's entities, a test clock and (unless asked) no query lag. */
function start(options: KvsEmulatorOptions = {}): KvsEmulator {
  uninstall();
  store = new KvsEmulator({ entities: MANIFEST_ENTITIES, queryLag: 0, now: () => clock, ...options });
  uninstall = installForgeFetch({ kvs: store });
  return store;
}

beforeEach(() => {
  clock = START;
  start();
});

afterEach(() => {
  store.releaseHung();
  uninstall();
  uninstall = () => undefined;
});

async function errorOf(promise: Promise<unknown>): Promise<ForgeKvsAPIError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ForgeKvsAPIError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

async function failure(promise: Promise<unknown>): Promise<[number, string]> {
  const error = await errorOf(promise);
  return [error.responseDetails.status, error.code];
}

const EMPTY = '{"plain":[],"secret":[],"entities":{}}';

const record = (accountId: string, version: number) => ({ accountId, version, pats: [], loose: [], updatedAt: '2026-11-29T12:00:00.000Z' });

describe('the KVS emulator, driven by the real @forge/kvs SDK', () => {
  it('keeps secrets apart from plain values', async () => {
    await kvs.setSecret('k', 's3cret');
    await kvs.set('k', { plain: true });
    expect(await kvs.getSecret('k')).toBe('s3cret');
    expect(await kvs.get('k')).toEqual({ plain: true });
    await kvs.deleteSecret('k');
    expect(await kvs.getSecret('k')).toBeUndefined();
    expect(await kvs.get('k')).toEqual({ plain: true });
  });

  it('answers a missing key as the platform does, so the SDK returns undefined', async () => {
    expect(await kvs.get('missing')).toBeUndefined();
    expect(await kvs.getSecret('missing')).toBeUndefined();
    expect(await kvs.entity('catalog').get('missing')).toBeUndefined();
    await expect(kvs.delete('missing')).resolves.toBeUndefined();
  });

  it.each([
    ['', 'KEY_TOO_SHORT'],
    ['k'.repeat(501), 'KEY_TOO_LONG'],
    ['a/b', 'INVALID_KEY'],
    ['me@example.com', 'INVALID_KEY'],
    ['   ', 'INVALID_KEY'],
  ])('refuses the key %j with %s', async (key, code) => {
    expect(await failure(kvs.set(key, 1))).toEqual([400, code]);
  });

  it('refuses values over 240 KiB and deeper than 31 levels', async () => {
    expect((await errorOf(kvs.set('big', 'x'.repeat(240 * 1024)))).code).toBe('MAX_SIZE');
    let deep: unknown = 1;
    for (let i = 0; i < 32; i += 1) deep = { deep };
    expect((await errorOf(kvs.set('deep', deep))).code).toBe('MAX_DEPTH');
    expect(store.snapshot()).toBe(EMPTY);
  });

  it('pages a beginsWith query in key order with a cursor, never returning secrets', async () => {
    for (let i = 0; i < 25; i += 1) await kvs.set(`p#${String(i).padStart(2, '0')}`, i);
    await kvs.set('q#other', 0);
    await kvs.setSecret('p#secret', 'x');
    const first = await kvs.query().where('key', WhereConditions.beginsWith('p#')).limit(20).getMany<number>();
    expect(first.results.map((r) => r.value)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await kvs.query().where('key', WhereConditions.beginsWith('p#')).limit(20).cursor(first.nextCursor!).getMany<number>();
    expect(second.results.map((r) => r.value)).toEqual([20, 21, 22, 23, 24]);
    expect(second.nextCursor).toBeUndefined();
  });

  it('refuses query pages above 20', async () => {
    expect(await failure(kvs.query().limit(21).getMany())).toEqual([400, 'LIST_QUERY_LIMIT_EXCEEDED']);
  });

  it('counts requests by operation', async () => {
    await kvs.set('a', 1);
    await kvs.getSecret('b');
    await kvs.get('a');
    await kvs.batchGet([{ key: 'a' }]);
    expect(store.count('set')).toBe(1);
    expect(store.count('secret/get')).toBe(1);
    expect(store.count('batch/get')).toBe(1);
    expect(store.count()).toBe(4);
  });

  it('injects rate limits and server errors that the SDK reports with their codes', async () => {
    store.injectFault({ kind: 'rate-limit', operation: 'set' });
    store.injectFault({ kind: 'server-error', operation: 'secret/set' });
    expect(await failure(kvs.set('a', 1))).toEqual([429, 'RATE_LIMIT_EXCEEDED']);
    expect((await errorOf(kvs.setSecret('a', 'x'))).responseDetails.status).toBe(500);
    expect(store.snapshot()).toBe(EMPTY);
    await kvs.set('a', 1);
    expect(await kvs.get('a')).toBe(1);
  });

  it('can lose the answer of a write that did land', async () => {
    store.injectFault({ kind: 'server-error', operation: 'set', when: 'after' });
    await expect(kvs.set('a', 1)).rejects.toThrow();
    expect(await kvs.get('a')).toBe(1);
  });

  it('hangs a request until released', async () => {
    store.injectFault({ kind: 'hang', operation: 'get' });
    let settled = false;
    const pending = kvs.get('a').finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    store.releaseHung();
    await expect(pending).rejects.toThrow('timed out');
  });

  it('notifies listeners of each change and carries entities through export and import', async () => {
    let changes = 0;
    store.onChange(() => {
      changes += 1;
    });
    await kvs.set('a', 1);
    await kvs.entity('catalog').set('head', { revision: 1, chunkCount: 0 });
    await kvs.get('a');
    expect(changes).toBe(2);
    const state = store.exportState();
    const copy = start();
    copy.importState(state);
    expect(await kvs.entity('catalog').get('head')).toEqual({ revision: 1, chunkCount: 0 });
    expect(copy.snapshot()).toBe(JSON.stringify(state));
  });
});

describe('custom entities', () => {
  it('reads the entities this app declares from manifest.yml', () => {
    expect(MANIFEST_ENTITIES.map((entity) => entity.name)).toEqual([
      'catalog',
      'catalog-chunk',
      'integration',
      'pat-record',
      'pat-holders',
    ]);
    expect(MANIFEST_ENTITIES.find((entity) => entity.name === 'pat-record')?.indexes).toEqual([
      { name: 'by-account', range: ['accountId'] },
    ]);
  });

  it('sets, gets and deletes an entity item apart from a plain key of the same name', async () => {
    const records = kvs.entity<ReturnType<typeof record>>('pat-record');
    await records.set('acc-1', record('acc-1', 1));
    await kvs.set('acc-1', 'plain');
    expect(await records.get('acc-1')).toEqual(record('acc-1', 1));
    expect(store.entityEntries('pat-record')).toEqual([['acc-1', record('acc-1', 1)]]);
    await records.delete('acc-1');
    expect(await records.get('acc-1')).toBeUndefined();
    expect(await kvs.get('acc-1')).toBe('plain');
  });

  it.each([
    ['an undeclared entity', 'no-such-entity', { revision: 1 }],
    ['a value that is not an object', 'catalog', 3],
    ['an array value', 'catalog', [1]],
    ['an undeclared attribute', 'catalog', { revision: 1, extra: true }],
    ['a float in an integer attribute', 'catalog', { revision: 1.5 }],
    ['a number in a string attribute', 'pat-record', { accountId: 7 }],
    ['an empty string', 'pat-record', { accountId: ' ' }],
    ['an integer beyond 32 bits', 'catalog', { revision: 2 ** 31 }],
    ['a null in an any attribute', 'catalog', { purging: null }],
  ])('refuses %s with 400 and stores nothing', async (_label, entityName, value) => {
    const [status] = await failure(kvs.entity(entityName).set('k', value));
    expect(status).toBe(400);
    expect(store.snapshot()).toBe(EMPTY);
  });

  it('refuses reads and queries of an undeclared entity', async () => {
    expect((await failure(kvs.entity('nope').get('k')))[0]).toBe(400);
    expect((await failure(kvs.entity('nope').query().index('by-account').getMany()))[0]).toBe(400);
  });

  it('queries an index by its range attribute, with filters, sort, limit and cursor', async () => {
    const records = kvs.entity<ReturnType<typeof record>>('pat-record');
    for (const [key, accountId, version] of [
      ['r1', 'acc-a', 1],
      ['r2', 'acc-b', 2],
      ['r3', 'acc-b', 3],
      ['r4', 'acc-c', 4],
    ] as const) {
      await records.set(key, record(accountId, version));
    }
    const forB = await records.query().index('by-account').where(WhereConditions.equalTo('acc-b')).getMany();
    expect(forB.results.map((r) => r.key)).toEqual(['r2', 'r3']);
    const filtered = await records
      .query()
      .index('by-account')
      .where(WhereConditions.beginsWith('acc-'))
      .filters(
        new Filter<ReturnType<typeof record>>()
          .and('version', FilterConditions.greaterThan(1))
          .and('version', FilterConditions.lessThan(4)),
      )
      .sort(Sort.DESC)
      .getMany();
    expect(filtered.results.map((r) => r.key)).toEqual(['r3', 'r2']);
    const first = await records.query().index('by-account').limit(3).getMany();
    expect(first.results.map((r) => r.key)).toEqual(['r1', 'r2', 'r3']);
    const rest = await records.query().index('by-account').limit(3).cursor(first.nextCursor!).getMany();
    expect(rest.results.map((r) => r.key)).toEqual(['r4']);
    expect(rest.nextCursor).toBeUndefined();
    expect(await failure(records.query().index('by-account').limit(21).getMany())).toEqual([400, 'LIST_QUERY_LIMIT_EXCEEDED']);
    expect((await failure(records.query().index('no-index').getMany()))[0]).toBe(400);
  });

  it('queries a partitioned index only within the partition given', async () => {
    const entities: EntityDeclaration[] = [
      {
        name: 'employee',
        attributes: { team: { type: 'string' }, age: { type: 'integer' } },
        indexes: [{ name: 'by-team-age', range: ['age'], partition: ['team'] }],
      },
    ];
    start({ entities });
    const employees = kvs.entity<{ team: string; age: number }>('employee');
    await employees.set('e1', { team: 'red', age: 40 });
    await employees.set('e2', { team: 'blue', age: 30 });
    await employees.set('e3', { team: 'red', age: 20 });
    const red = await employees
      .query()
      .index('by-team-age', { partition: ['red'] })
      .where(WhereConditions.between(10, 35))
      .getMany();
    expect(red.results.map((r) => r.key)).toEqual(['e3']);
    expect((await failure(employees.query().index('by-team-age').getMany()))[0]).toBe(400);
  });
});

describe('batch operations', () => {
  it('sets, gets and deletes plain keys and entity items together', async () => {
    const set = await kvs.batchSet<unknown>([
      { key: 'a', value: 1 },
      { key: 'head', entityName: 'catalog', value: { revision: 2, chunkCount: 1 } },
    ]);
    expect(set).toEqual({ successfulKeys: [{ key: 'a' }, { key: 'head', entityName: 'catalog' }], failedKeys: [] });
    const got = await kvs.batchGet([{ key: 'a' }, { key: 'head', entityName: 'catalog' }, { key: 'missing' }]);
    expect(got.successfulKeys).toEqual([
      { key: 'a', value: 1 },
      { key: 'head', entityName: 'catalog', value: { revision: 2, chunkCount: 1 } },
    ]);
    expect(got.failedKeys).toEqual([{ key: 'missing', error: { code: 'KEY_NOT_FOUND', message: expect.any(String) } }]);
    await kvs.batchDelete([{ key: 'a' }, { key: 'head', entityName: 'catalog' }]);
    expect(store.snapshot()).toBe(EMPTY);
  });

  it('reports an item the store refuses in failedKeys and writes the others', async () => {
    const result = await kvs.batchSet<unknown>([
      { key: 'ok', value: 1 },
      { key: 'head', entityName: 'catalog', value: { revision: 'two' } },
    ]);
    expect(result.successfulKeys).toEqual([{ key: 'ok' }]);
    expect(result.failedKeys).toEqual([
      { key: 'head', entityName: 'catalog', error: { code: 'INVALID_ENTITY_VALUE', message: expect.any(String) } },
    ]);
    expect(store.entries('plain')).toEqual([['ok', 1]]);
  });

  it.each([
    ['empty', []],
    ['over 25 items', Array.from({ length: 26 }, (_, i) => ({ key: `k${i}`, value: i }))],
    [
      'a repeated key',
      [
        { key: 'k', value: 1 },
        { key: 'k', value: 2 },
      ],
    ],
  ])('refuses a batch that is %s as a whole', async (_label, items) => {
    expect((await failure(kvs.batchSet(items)))[0]).toBe(400);
    expect(store.snapshot()).toBe(EMPTY);
  });

  it('takes injected faults before and after a batch', async () => {
    store.injectFault({ kind: 'server-error', operation: 'batch/set' });
    await expect(kvs.batchSet([{ key: 'a', value: 1 }])).rejects.toThrow();
    expect(store.snapshot()).toBe(EMPTY);
    store.injectFault({ kind: 'server-error', operation: 'batch/set', when: 'after' });
    await expect(kvs.batchSet([{ key: 'a', value: 1 }])).rejects.toThrow();
    expect(await kvs.get('a')).toBe(1);
  });
});

describe('transactions', () => {
  const catalog = (revision: number) => ({ revision, chunkCount: 1 });

  it('applies a conditional set when the stored revision matches, and nothing when it does not', async () => {
    await kvs.entity('catalog').set('head', catalog(3));
    await kvs
      .transact()
      .set('head', catalog(4), {
        entityName: 'catalog',
        conditions: new Filter<{ revision: number }>().and('revision', FilterConditions.equalTo(3)),
      })
      .set('chunk-4-0', { revision: 4, items: ['x'] }, { entityName: 'catalog-chunk' })
      .execute();
    expect(await kvs.entity('catalog').get('head')).toEqual(catalog(4));
    const before = store.snapshot();
    const stale = kvs
      .transact()
      .set('head', catalog(4), {
        entityName: 'catalog',
        conditions: new Filter<{ revision: number }>().and('revision', FilterConditions.equalTo(3)),
      })
      .delete('chunk-4-0', { entityName: 'catalog-chunk' })
      .execute();
    expect(await failure(stale)).toEqual([409, 'CONDITIONAL_CHECK_FAILED']);
    expect(store.snapshot()).toBe(before);
  });

  it('checks a missing item as one without attributes', async () => {
    const notExists = new Filter<{ version: number }>().and('version', FilterConditions.notExists());
    await kvs.transact().set('acc-1', record('acc-1', 1), { entityName: 'pat-record', conditions: notExists }).execute();
    expect(await kvs.entity('pat-record').get('acc-1')).toEqual(record('acc-1', 1));
    const equalTo = new Filter<{ version: number }>().and('version', FilterConditions.equalTo(1));
    expect(await failure(kvs.transact().check('acc-2', { entityName: 'pat-record', conditions: equalTo }).set('x', 1).execute())).toEqual([
      409,
      'CONDITIONAL_CHECK_FAILED',
    ]);
    expect(await kvs.get('x')).toBeUndefined();
  });

  it('mixes plain keys and entity items, with a check, in one change', async () => {
    await kvs.entity('integration').set('github', { revision: 1, integration: { name: 'GitHub' } });
    let changes = 0;
    store.onChange(() => {
      changes += 1;
    });
    await kvs
      .transact()
      .check('github', {
        entityName: 'integration',
        conditions: new Filter<{ revision: number }>().and('revision', FilterConditions.equalTo(1)),
      })
      .set('plain-1', { a: 1 })
      .delete('plain-2')
      .set('holders', { integrationId: 'github', version: 1, accounts: ['acc-1'] }, { entityName: 'pat-holders' })
      .execute();
    expect(changes).toBe(1);
    expect(await kvs.get('plain-1')).toEqual({ a: 1 });
    expect(store.count('transaction')).toBe(1);
  });

  it('refuses conditions on a plain key, a key twice, more than 25 operations and an empty transaction', async () => {
    const condition = new Filter<{ v: number }>().and('v', FilterConditions.equalTo(1));
    expect(
      (
        await failure(
          kvs
            .transact()
            .set('plain', { v: 1 }, { entityName: undefined as unknown as string, conditions: condition })
            .execute(),
        )
      )[0],
    ).toBe(400);
    expect((await failure(kvs.transact().set('a', 1).delete('a').execute()))[0]).toBe(400);
    const big = kvs.transact();
    for (let i = 0; i < 25; i += 1) big.set(`k${i}`, i);
    big.check('head', { entityName: 'catalog', conditions: new Filter<{ revision: number }>().and('revision', FilterConditions.exists()) });
    expect((await failure(big.execute()))[0]).toBe(400);
    expect((await failure(kvs.transact().execute()))[0]).toBe(400);
    const withPolicy = { ttl: { value: 1, unit: 'DAYS' }, keyPolicy: 'FAIL_IF_EXISTS' } as unknown as {
      ttl: { value: number; unit: 'DAYS' };
    };
    expect((await failure(kvs.transact().set('a', 1, undefined, withPolicy).execute()))[0]).toBe(400);
    expect(store.snapshot()).toBe(EMPTY);
  });

  it('deletes conditionally, with or-conditions, and refuses a set whose entity value breaks the schema', async () => {
    await kvs.entity('pat-holders').set('github', { integrationId: 'github', version: 2, accounts: [] });
    const stale = new Filter<{ version: number }>().or('version', FilterConditions.equalTo(0)).or('version', FilterConditions.equalTo(1));
    expect(await failure(kvs.transact().delete('github', { entityName: 'pat-holders', conditions: stale }).execute())).toEqual([
      409,
      'CONDITIONAL_CHECK_FAILED',
    ]);
    const current = new Filter<{ version: number }>().or('version', FilterConditions.equalTo(1)).or('version', FilterConditions.equalTo(2));
    await kvs.transact().delete('github', { entityName: 'pat-holders', conditions: current }).execute();
    expect(store.entityEntries('pat-holders')).toEqual([]);
    expect((await failure(kvs.transact().set('x', { version: 'one' }, { entityName: 'pat-holders' }).execute()))[0]).toBe(400);
    expect(store.snapshot()).toBe(EMPTY);
  });

  it('takes injected faults before and after a transaction', async () => {
    store.injectFault({ kind: 'rate-limit', operation: 'transaction' });
    expect(await failure(kvs.transact().set('a', 1).execute())).toEqual([429, 'RATE_LIMIT_EXCEEDED']);
    expect(store.snapshot()).toBe(EMPTY);
    store.injectFault({ kind: 'server-error', operation: 'transaction', when: 'after' });
    await expect(kvs.transact().set('a', 1).execute()).rejects.toThrow();
    expect(await kvs.get('a')).toBe(1);
  });
});

describe('eventually consistent queries', () => {
  async function keysByQuery(): Promise<string[]> {
    return (await kvs.query().where('key', WhereConditions.beginsWith('k')).limit(20).getMany()).results.map((r) => r.key);
  }

  it('answers queries from a lagging view while reads stay strict', async () => {
    start({ queryLag: 3, seed: 7 });
    await kvs.set('k1', 1);
    await kvs.entity('pat-record').set('r1', record('acc-1', 1));
    expect(await kvs.get('k1')).toBe(1);
    expect(await kvs.entity('pat-record').get('r1')).toEqual(record('acc-1', 1));
    expect((await kvs.batchGet([{ key: 'k1' }])).successfulKeys).toHaveLength(1);
    store.settle();
    expect(await keysByQuery()).toEqual(['k1']);
    const byAccount = await kvs.entity('pat-record').query().index('by-account').where(WhereConditions.equalTo('acc-1')).getMany();
    expect(byAccount.results.map((r) => r.key)).toEqual(['r1']);
  });

  it('shows a write to queries within queryLag + 1 requests, after some requests missed it', async () => {
    start({ queryLag: 3, seed: 7 });
    const seenAfter: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      await kvs.set(`k${String(i).padStart(2, '0')}`, i);
      let requests = 0;
      while (!(await keysByQuery()).includes(`k${String(i).padStart(2, '0')}`)) requests += 1;
      seenAfter.push(requests);
    }
    expect(Math.max(...seenAfter)).toBeLessThanOrEqual(3);
    expect(seenAfter.some((missed) => missed > 0)).toBe(true);
  });

  it('keeps a deleted key in query answers for a while', async () => {
    start({ queryLag: 3, seed: 5 });
    await kvs.set('k1', 1);
    store.settle();
    await kvs.delete('k1');
    expect(await kvs.get('k1')).toBeUndefined();
    const answers: string[][] = [];
    for (let i = 0; i < 4; i += 1) answers.push(await keysByQuery());
    expect(answers[0]).toEqual(['k1']);
    expect(answers[3]).toEqual([]);
  });

  it('lags entity index queries too, while a conditional transaction decides on the strict item', async () => {
    start({ queryLag: 3, seed: 5 });
    const byAccount = async () =>
      (
        await kvs
          .entity<ReturnType<typeof record>>('pat-record')
          .query()
          .index('by-account')
          .where(WhereConditions.equalTo('acc-1'))
          .getMany()
      ).results.map((r) => r.value.version);
    await kvs.entity('pat-record').set('acc-1', record('acc-1', 1));
    store.settle();
    await kvs
      .transact()
      .set('acc-1', record('acc-1', 2), {
        entityName: 'pat-record',
        conditions: new Filter<{ version: number }>().and('version', FilterConditions.equalTo(1)),
      })
      .execute();
    const seen: number[][] = [];
    for (let i = 0; i < 4; i += 1) seen.push(await byAccount());
    expect(seen[0]).toEqual([1]);
    expect(seen[3]).toEqual([2]);
    const retry = kvs.transact().set('acc-1', record('acc-1', 2), {
      entityName: 'pat-record',
      conditions: new Filter<{ version: number }>().and('version', FilterConditions.equalTo(1)),
    });
    expect(await failure(retry.execute())).toEqual([409, 'CONDITIONAL_CHECK_FAILED']);
  });

  it('draws the same lags for the same seed', async () => {
    async function visibility(seed: number): Promise<boolean[]> {
      start({ queryLag: 3, seed });
      const seen: boolean[] = [];
      for (let i = 0; i < 12; i += 1) {
        await kvs.set(`k${i}`, i);
        seen.push((await keysByQuery()).includes(`k${i}`));
      }
      return seen;
    }
    expect(await visibility(42)).toEqual(await visibility(42));
  });

  it('has no lag with queryLag 0', async () => {
    start({ queryLag: 0 });
    for (let i = 0; i < 5; i += 1) {
      await kvs.set(`k${i}`, i);
      expect(await keysByQuery()).toContain(`k${i}`);
    }
  });
});

describe('lazy TTL expiry', () => {
  it('keeps an expired value readable, with its past expireTime, until collected after the grace period', async () => {
    await kvs.set('lease', 'x', { ttl: { value: 1, unit: 'MINUTES' } });
    await kvs.setSecret('s', 'y', { ttl: { value: 1, unit: 'MINUTES' } });
    clock += 2 * MINUTE;
    expect(await kvs.get('lease')).toBe('x');
    expect(await kvs.getSecret('s')).toBe('y');
    const withExpiry = await kvs.get('lease', {
      metadataFields: [MetadataField.EXPIRE_TIME, MetadataField.CREATED_AT, MetadataField.UPDATED_AT],
    });
    expect(withExpiry).toEqual({
      key: 'lease',
      value: 'x',
      createdAt: START,
      updatedAt: START,
      expireTime: new Date(START + MINUTE).toISOString(),
    });
    expect((await kvs.batchGet([{ key: 'lease' }])).successfulKeys).toHaveLength(1);
    expect((await kvs.query().getMany()).results.map((r) => r.key)).toEqual(['lease']);
    clock = START + MINUTE + 48 * HOUR;
    expect(await kvs.get('lease')).toBeUndefined();
    expect(await kvs.getSecret('s')).toBeUndefined();
  });

  it('answers expireTime in query results, so a caller can skip expired values', async () => {
    await kvs.set('k-old', 1, { ttl: { value: 1, unit: 'SECONDS' } });
    await kvs.set('k-new', 2, { ttl: { value: 1, unit: 'DAYS' } });
    await kvs.set('k-forever', 3);
    clock += MINUTE;
    const { results } = await kvs.query({ metadataFields: [MetadataField.EXPIRE_TIME] }).getMany();
    const live = results.filter((r) => r.expireTime === undefined || Date.parse(r.expireTime) > clock);
    expect(results.map((r) => r.key)).toEqual(['k-forever', 'k-new', 'k-old']);
    expect(live.map((r) => r.key)).toEqual(['k-forever', 'k-new']);
  });

  it('collects at once on collectExpired()', async () => {
    await kvs.set('lease', 'x', { ttl: { value: 10, unit: 'SECONDS' } });
    await kvs.set('keep', 'y', { ttl: { value: 1, unit: 'HOURS' } });
    clock += MINUTE;
    store.collectExpired();
    expect(store.entries('plain')).toEqual([['keep', 'y']]);
  });

  it('lets an expired but uncollected key block FAIL_IF_EXISTS by default', async () => {
    await kvs.set('lock', 'a', { ttl: { value: 1, unit: 'MINUTES' } });
    clock += 2 * MINUTE;
    expect(await failure(kvs.set('lock', 'b', { keyPolicy: 'FAIL_IF_EXISTS' }))).toEqual([409, 'KEY_CONFLICT']);
    expect(await kvs.get('lock')).toBe('a');
  });

  it("lets an expired key be taken with failIfExistsOnExpired: 'ignores'", async () => {
    start({ failIfExistsOnExpired: 'ignores' });
    await kvs.set('lock', 'a', { ttl: { value: 1, unit: 'MINUTES' } });
    expect(await failure(kvs.set('lock', 'b', { keyPolicy: 'FAIL_IF_EXISTS' }))).toEqual([409, 'KEY_CONFLICT']);
    clock += 2 * MINUTE;
    await kvs.set('lock', 'b', { keyPolicy: 'FAIL_IF_EXISTS' });
    expect(await kvs.get('lock')).toBe('b');
  });
});

describe('FAIL_IF_EXISTS', () => {
  it('answers 409 KEY_CONFLICT for an existing plain key, secret or entity item', async () => {
    await kvs.set('a', 1, { keyPolicy: 'FAIL_IF_EXISTS' });
    await kvs.setSecret('s', 'x');
    await kvs.entity('catalog').set('head', { revision: 1 });
    expect(await failure(kvs.set('a', 2, { keyPolicy: 'FAIL_IF_EXISTS' }))).toEqual([409, 'KEY_CONFLICT']);
    expect(await failure(kvs.setSecret('s', 'y', { keyPolicy: 'FAIL_IF_EXISTS' }))).toEqual([409, 'KEY_CONFLICT']);
    expect(await failure(kvs.entity('catalog').set('head', { revision: 2 }, { keyPolicy: 'FAIL_IF_EXISTS' }))).toEqual([
      409,
      'KEY_CONFLICT',
    ]);
    expect([await kvs.get('a'), await kvs.getSecret('s'), await kvs.entity('catalog').get('head')]).toEqual([1, 'x', { revision: 1 }]);
  });
});

describe('set with returnValue', () => {
  it('answers the previous or the latest value when asked', async () => {
    expect(await kvs.set('a', 1, { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' })).toBeUndefined();
    expect(await kvs.set('a', 2, { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' })).toEqual({ key: 'a', value: 1 });
    expect(await kvs.set('a', 3, { keyPolicy: 'OVERRIDE', returnValue: 'LATEST' })).toEqual({ key: 'a', value: 3 });
  });
});

describe('rate limits in 10 KB units', () => {
  it('bills reads by bytes returned and writes by bytes written, one unit at least', async () => {
    await kvs.set('big', 'x'.repeat(25 * 1024));
    await kvs.delete('nothing');
    await kvs.get('big');
    await kvs.get('missing');
    expect(store.units).toEqual({ write: 3 + 1, read: 3 + 1 });
    store.resetCounts();
    await kvs.batchSet<unknown>([
      { key: 'a', value: 1 },
      { key: 'b', value: 2 },
    ]);
    await kvs.batchGet([{ key: 'a' }, { key: 'b' }, { key: 'c' }]);
    await kvs.transact().set('c', 1).set('d', 2).execute();
    expect(store.units).toEqual({ write: 2 + 1, read: 3 });
  });

  it('answers 429 RATE_LIMIT_EXCEEDED over the per-minute budget, applies nothing, and recovers a minute later', async () => {
    start({ writeUnitsPerMinute: 3, readUnitsPerMinute: 2 });
    await kvs.set('a', 1);
    await kvs.set('b', 2);
    clock += 30_000;
    await kvs.set('c', 3);
    expect(await failure(kvs.set('d', 4))).toEqual([429, 'RATE_LIMIT_EXCEEDED']);
    expect(await failure(kvs.transact().set('e', 5).execute())).toEqual([429, 'RATE_LIMIT_EXCEEDED']);
    expect(store.entries('plain').map(([key]) => key)).toEqual(['a', 'b', 'c']);
    await kvs.get('a');
    await kvs.get('b');
    expect(await failure(kvs.get('c'))).toEqual([429, 'RATE_LIMIT_EXCEEDED']);
    clock += 30_001;
    await kvs.set('d', 4);
    expect(store.entries('plain').map(([key]) => key)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('refuses a whole batch over budget', async () => {
    start({ writeUnitsPerMinute: 2 });
    const items = [
      { key: 'a', value: 1 },
      { key: 'b', value: 2 },
      { key: 'c', value: 3 },
    ];
    expect(await failure(kvs.batchSet(items))).toEqual([429, 'RATE_LIMIT_EXCEEDED']);
    expect(store.snapshot()).toBe(EMPTY);
  });

  it('defaults to 4,000 units a minute', async () => {
    const value = 'x'.repeat(239 * 1024);
    for (let i = 0; i < 166; i += 1) await kvs.set(`k${i}`, value);
    expect(store.units.write).toBe(166 * 24);
    expect(await failure(kvs.set('one-more', value))).toEqual([429, 'RATE_LIMIT_EXCEEDED']);
  });
});

describe("the preview's encrypted store", () => {
  it('keeps plain values, entities and TTLs across a restart, with secrets sealed on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kvs-store-'));
    try {
      const saved = persistKvs(store, dir);
      expect(saved.fresh).toBe(true);
      await kvs.set('plain', { a: 1 });
      await kvs.setSecret('pat', 'ghp_very-secret-token', { ttl: { value: 1, unit: 'DAYS' } });
      await kvs.entity('pat-record').set('acc-1', record('acc-1', 2));
      saved.flush();
      const onDisk = readFileSync(join(dir, 'kvs.json'), 'utf8');
      expect(onDisk).not.toContain('ghp_very-secret-token');
      expect(onDisk).toContain('pat-record');
      const before = store.snapshot();
      const restarted = start();
      expect(persistKvs(restarted, dir).fresh).toBe(false);
      expect(restarted.snapshot()).toBe(before);
      expect(await kvs.getSecret('pat', { metadataFields: [MetadataField.EXPIRE_TIME] })).toEqual({
        key: 'pat',
        value: 'ghp_very-secret-token',
        expireTime: new Date(START + 24 * HOUR).toISOString(),
      });
      const byAccount = await kvs.entity('pat-record').query().index('by-account').where(WhereConditions.equalTo('acc-1')).getMany();
      expect(byAccount.results.map((r) => r.key)).toEqual(['acc-1']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
