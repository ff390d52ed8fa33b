/**
 * The hosts the Forge runtime lets the backend reach: a copy of `permissions.external.fetch.backend`
 * in manifest.yml (a test keeps the two equal). Checking before a request lets us say why a
 * self-hosted server cannot be checked instead of reporting the proxy's refusal as "unreachable".
 */
export const EGRESS_ALLOW_LIST = [
  'api.github.com',
  'gitlab.com',
  'api.bitbucket.org',
  'dev.azure.com',
  'app.vssps.visualstudio.com',
  'codeberg.org',
] as const;

const ALLOWED: ReadonlySet<string> = new Set(EGRESS_ALLOW_LIST);

/** True for https URLs on the default port of an allow-listed host; false for anything else, malformed URLs included. */
export function isEgressAllowed(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // Tokens only ever travel over https, and manifest entries name hosts without ports.
  return parsed.protocol === 'https:' && parsed.port === '' && !parsed.username && !parsed.password && ALLOWED.has(parsed.hostname);
}
