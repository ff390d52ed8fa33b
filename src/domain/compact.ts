/**
 * `value` without its undefined fields, so what is stored or sent stays minimal and a field the source
 * lacks stays absent rather than `undefined`. Takes and returns a plain object of the same type; throws nothing.
 */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
