import { reliableKvs } from './reliableKvs';

export interface Entry<T> {
  key: string;
  value: T;
}

/** Every plain value whose key starts with `prefix`, in key order, one request per 20 results. */
export async function queryAll<T>(prefix: string): Promise<Entry<T>[]> {
  const entries: Entry<T>[] = [];
  let cursor: string | undefined;
  do {
    const page = await reliableKvs.queryPage<T>(prefix, cursor);
    for (const result of page.results) entries.push({ key: result.key, value: result.value });
    cursor = page.nextCursor;
  } while (cursor);
  return entries;
}
