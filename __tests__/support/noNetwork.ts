/**
 * Tests reach nothing but loopback: any other request fails at once, as it would with the host
 * down, instead of depending on the machine's network. Installed before test files import
 * @forge/api, which captures globalThis.fetch when it loads.
 */
const realFetch = globalThis.fetch;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

globalThis.fetch = async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!LOOPBACK.has(url.hostname)) throw new TypeError(`fetch failed: tests may not reach ${url.host}`);
  return realFetch(input, init);
};
