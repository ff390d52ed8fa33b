/** Byte size of a value as Forge stores it (UTF-8 JSON). */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/**
 * Splits items into consecutive chunks whose JSON array stays within `maxBytes`, keeping order.
 * An item larger than `maxBytes` on its own gets a chunk of its own (callers bound item size).
 */
export function chunkByBytes<T>(items: readonly T[], maxBytes: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 2;
  for (const item of items) {
    const itemBytes = jsonBytes(item) + 1;
    if (current.length > 0 && size + itemBytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = 2;
    }
    current.push(item);
    size += itemBytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
