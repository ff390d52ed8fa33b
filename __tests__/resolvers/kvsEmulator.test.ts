import { kvs, WhereConditions, ForgeKvsAPIError } from '@forge/kvs';
import { useForge } from '../support/forge';

const forge = useForge();

async function errorOf(promise: Promise<unknown>): Promise<ForgeKvsAPIError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ForgeKvsAPIError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

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
    await expect(kvs.delete('missing')).resolves.toBeUndefined();
  });

  it.each([
    ['', 'KEY_TOO_SHORT'],
    ['k'.repeat(501), 'KEY_TOO_LONG'],
    ['a/b', 'INVALID_KEY'],
    ['me@example.com', 'INVALID_KEY'],
    ['   ', 'INVALID_KEY'],
  ])('refuses the key %j with %s', async (key, code) => {
    const error = await errorOf(kvs.set(key, 1));
    expect(error.code).toBe(code);
    expect(error.responseDetails.status).toBe(400);
  });

  it('refuses values over 240 KiB and deeper than 31 levels', async () => {
    expect((await errorOf(kvs.set('big', 'x'.repeat(240 * 1024)))).code).toBe('MAX_SIZE');
    let deep: unknown = 1;
    for (let i = 0; i < 32; i += 1) deep = { deep };
    expect((await errorOf(kvs.set('deep', deep))).code).toBe('MAX_DEPTH');
    expect(forge.kvs.snapshot()).toBe('{"plain":[],"secret":[]}');
  });

  it('pages a beginsWith query in key order with a cursor, never returning secrets', async () => {
    for (let i = 0; i < 25; i += 1) await kvs.set(`p#${String(i).padStart(2, '0')}`, i);
    await kvs.set('q#other', 0);
    await kvs.setSecret('p#secret', 'x');
    const first = await kvs.query().where('key', WhereConditions.beginsWith('p#')).limit(20).getMany<number>();
    expect(first.results.map((r) => r.value)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await kvs
      .query()
      .where('key', WhereConditions.beginsWith('p#'))
      .limit(20)
      .cursor(first.nextCursor!)
      .getMany<number>();
    expect(second.results.map((r) => r.value)).toEqual([20, 21, 22, 23, 24]);
    expect(second.nextCursor).toBeUndefined();
  });

  it('refuses query pages above 20', async () => {
    expect((await errorOf(kvs.query().limit(21).getMany())).code).toBe('LIST_QUERY_LIMIT_EXCEEDED');
  });

  it('counts requests by operation', async () => {
    await kvs.set('a', 1);
    await kvs.getSecret('b');
    await kvs.get('a');
    expect(forge.kvs.count('set')).toBe(1);
    expect(forge.kvs.count('secret/get')).toBe(1);
    expect(forge.kvs.count()).toBe(3);
  });

  it('injects rate limits and server errors that the SDK reports with their codes', async () => {
    forge.kvs.injectFault({ kind: 'rate-limit', operation: 'set' });
    forge.kvs.injectFault({ kind: 'server-error', operation: 'secret/set' });
    const limited = await errorOf(kvs.set('a', 1));
    expect([limited.code, limited.responseDetails.status]).toEqual(['RATE_LIMIT_EXCEEDED', 429]);
    const failed = await errorOf(kvs.setSecret('a', 'x'));
    expect(failed.responseDetails.status).toBe(500);
    expect(forge.kvs.snapshot()).toBe('{"plain":[],"secret":[]}');
    await kvs.set('a', 1);
    expect(await kvs.get('a')).toBe(1);
  });

  it('can lose the answer of a write that did land', async () => {
    forge.kvs.injectFault({ kind: 'server-error', operation: 'set', when: 'after' });
    await expect(kvs.set('a', 1)).rejects.toThrow();
    expect(await kvs.get('a')).toBe(1);
  });

  it('hangs a request until released', async () => {
    forge.kvs.injectFault({ kind: 'hang', operation: 'get' });
    let settled = false;
    const pending = kvs.get('a').finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    forge.kvs.releaseHung();
    await expect(pending).rejects.toThrow('timed out');
  });
});
