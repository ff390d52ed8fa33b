/**
 * Imported first by bench/run.ts: the bench reaches nothing but loopback. A save's host check then meets
 * a network without hosts (the token is saved as unreachable) at once, so save times measure storage only.
 * @forge/api keeps the fetch it finds when it loads, hence before anything imports the app.
 */
const realFetch = globalThis.fetch;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

globalThis.fetch = async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!LOOPBACK.has(url.hostname)) throw new TypeError(`fetch failed: the bench may not reach ${url.host}`);
  return realFetch(input, init);
};

export {};
