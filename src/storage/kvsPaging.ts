import { kvs, WhereConditions } from '@forge/kvs';
import { QUERY_PAGE_SIZE } from './keys';

export interface Entry<T> {
  key: string;
  value: T;
}

/** Every plain value whose key starts with `prefix`, in key order, one request per 20 results. */
export async function queryAll<T>(prefix: string): Promise<Entry<T>[]> {
  const entries: Entry<T>[] = [];
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(QUERY_PAGE_SIZE);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<T>();
    for (const result of page.results) entries.push({ key: result.key, value: result.value });
    cursor = page.nextCursor;
  } while (cursor);
  return entries;
}
