import { HOSTS, type HostType } from './hosts';

/**
 * The base URL of a self-hosted git server as admins paste it: often the API root, a page they had
 * open, a clone address or a bare host name. One function turns it into the web root the app
 * stores (the address people open in a browser), says what it changed, or says what to enter.
 */

export type BaseUrlResult = { ok: true; url: string; changes: string[] } | { ok: false; reason: string };

interface ServerPaths {
  /** Where each server's API begins; everything from there on is removed. */
  apiRoots: readonly string[];
  /** Pages inside the web app (settings, sign-in, clone paths); everything from there on is removed. */
  pages: readonly string[];
  /** Repository addresses end in owner/name(.git), so two segments are removed; else they are refused. */
  repositorySegments?: number;
}

// Per self-hosted host type. Sources:
// - GitHub Enterprise Server REST `{base}/api/v3`, GraphQL `{base}/api/graphql`, uploads `{base}/api/uploads`
//   (https://docs.github.com/en/enterprise-server@latest/rest/quickstart).
// - GitLab REST `/api/v4` (v3 until 11.0), GraphQL `/api/graphql`; `-`, `users`, `dashboard`, `explore`,
//   `admin` and `help` are reserved top-level names (https://docs.gitlab.com/user/reserved_names/).
// - Gitea `/api/v1` and `/api/swagger`, Forgejo also `/api/forgejo/v1` (https://docs.gitea.com/development/api-usage,
//   https://forgejo.org/docs/latest/user/api-usage/).
// - Bitbucket Data Center REST below `/rest/` (`/rest/api/1.0`, `/rest/api/latest`, `/rest/access-tokens/1.0`),
//   clone URLs below `/scm/` (https://developer.atlassian.com/server/bitbucket/rest/).
// - Azure DevOps Server REST `{collection}/_apis` (https://learn.microsoft.com/rest/api/azure/devops/).
// - Gerrit authenticated REST below `/a/` (https://gerrit-review.googlesource.com/Documentation/rest-api.html).
const SERVER_PATHS: Partial<Record<HostType, ServerPaths>> = {
  'github-enterprise': {
    apiRoots: ['api/v3', 'api/graphql', 'api/uploads'],
    pages: ['settings', 'login', 'session', 'enterprises'],
    repositorySegments: 2,
  },
  'gitlab-self-managed': {
    apiRoots: ['api/v4', 'api/v3', 'api/graphql'],
    pages: ['-/user_settings', '-/profile', 'users/sign_in', 'dashboard', 'explore', 'admin', 'help'],
  },
  gitea: {
    apiRoots: ['api/v1', 'api/forgejo/v1', 'api/swagger', 'swagger.v1.json'],
    pages: ['user/settings', 'user/login', 'explore', 'admin'],
    repositorySegments: 2,
  },
  'bitbucket-dc': {
    apiRoots: ['rest'],
    pages: ['plugins/servlet', 'projects', 'scm', 'dashboard', 'login', 'profile', 'account', 'admin', 'users'],
  },
  'azure-devops-server': {
    apiRoots: ['_apis'],
    pages: ['_usersSettings', '_details', '_settings', '_admin', '_home', '_projects'],
  },
  gerrit: {
    apiRoots: ['a'],
    pages: ['c', 'q', 'admin', 'settings', 'dashboard', 'login'],
  },
};

/** Cloud services admins sometimes enter for a self-hosted type; the host type they meant. */
const CLOUD_HOSTS: Readonly<Record<string, HostType>> = {
  'github.com': 'github',
  'api.github.com': 'github',
  'gitlab.com': 'gitlab',
  'bitbucket.org': 'bitbucket-cloud',
  'api.bitbucket.org': 'bitbucket-cloud',
  'dev.azure.com': 'azure-devops',
};

const repositoryRefusal = (name: string) =>
  `This is a repository's address. Enter the address of the ${name} server itself, such as https://git.example.com.`;

const SCHEME = /^([a-z][a-z0-9+.-]*):(?!\d)/i;
const SCP_LIKE = /^[\w.+-]+@[\w.-]+:(?!\d)/;
const PAIRS: readonly (readonly [string, string])[] = [
  ['"', '"'],
  ["'", "'"],
  ['<', '>'],
  ['“', '”'],
];

function unwrap(text: string): { text: string; unwrapped: boolean } {
  const pair = PAIRS.find(([open, close]) => text.length > 2 && text.startsWith(open) && text.endsWith(close));
  return pair ? { text: text.slice(pair[0].length, -pair[1].length).trim(), unwrapped: true } : { text, unwrapped: false };
}

/** Index of the first segment where one of `patterns` starts, comparing case-insensitively. */
function findPath(segments: readonly string[], patterns: readonly string[]): number {
  const lower = segments.map((segment) => segment.toLowerCase());
  for (let start = 0; start < lower.length; start += 1) {
    for (const pattern of patterns) {
      const parts = pattern.toLowerCase().split('/');
      if (parts.every((part, offset) => lower[start + offset] === part)) return start;
    }
  }
  return -1;
}

function cloudTypeOf(hostname: string): HostType | undefined {
  const bare = hostname.replace(/^www\./, '');
  if (bare.endsWith('.visualstudio.com')) return 'azure-devops';
  return CLOUD_HOSTS[bare];
}

/**
 * Normalizes the base URL an admin entered for a self-hosted integration.
 *
 * Takes the host type (which API root and pages to recognise) and the text as typed. Returns the
 * web root to store — `https://` + lower-case ASCII host (+ port) + path prefix, no trailing slash —
 * with one sentence per change the admin did not type (API path, page path or repository removed,
 * `https://` added, quotes removed), or the reason it is refused. Only https is accepted: a token must
 * never travel in clear text, and `javascript:`/`data:` URLs would turn a link into script.
 * Never throws.
 */
export function normalizeBaseUrl(hostType: HostType, input: string): BaseUrlResult {
  const changes: string[] = [];
  const { text: raw, unwrapped } = unwrap(input.trim());
  if (unwrapped) changes.push('Removed the quotes or brackets around the address.');
  if (raw === '') return { ok: false, reason: `${HOSTS[hostType].name} needs a base URL.` };
  if (SCP_LIKE.test(raw)) {
    return {
      ok: false,
      reason: 'This is an SSH clone address. Enter the web address people open in a browser, such as https://git.example.com.',
    };
  }
  const scheme = SCHEME.exec(raw)?.[1];
  if (scheme && scheme.toLowerCase() !== 'https') return { ok: false, reason: 'Base URL must start with https://.' };
  let text = raw;
  if (!scheme) {
    text = `https://${raw.replace(/^\/+/, '')}`;
    changes.push('Added https:// in front.');
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'Base URL is not a valid URL.' };
  }
  if (url.username || url.password) return { ok: false, reason: 'Base URL must not contain a user name or password.' };
  if (url.search || text.includes('?')) return { ok: false, reason: 'Base URL must not contain a query.' };
  if (url.hash || text.includes('#')) return { ok: false, reason: 'Base URL must not contain a fragment.' };
  if (/:443$/.test(text.slice('https://'.length).split(/[/\\?#]/)[0] ?? '')) changes.push('Removed the default port :443.');

  const hostname = url.hostname.replace(/\.$/, '');
  const cloud = cloudTypeOf(hostname);
  if (cloud) {
    return {
      ok: false,
      reason: `${hostname} is ${HOSTS[cloud].name} in the cloud: choose ${HOSTS[cloud].name} as the host type (it needs no base URL).`,
    };
  }

  const host = HOSTS[hostType];
  const segments = url.pathname.split('/').filter(Boolean);
  const paths = SERVER_PATHS[hostType];
  let kept = segments;
  if (paths) {
    const api = findPath(segments, paths.apiRoots);
    const page = findPath(segments, paths.pages);
    if (api >= 0 && (page < 0 || api <= page)) {
      kept = segments.slice(0, api);
      changes.push(
        `Removed the API path /${segments.slice(api).join('/')}: enter the address people open in a browser; the app adds API paths itself.`,
      );
    } else if (page >= 0) {
      kept = segments.slice(0, page);
      changes.push(`Removed /${segments.slice(page).join('/')}, a page of ${host.name} rather than its address.`);
    }
    // Checked on what is left, so that the stored URL, entered again, is stored unchanged.
    if (/\.git$/i.test(kept.at(-1) ?? '') || kept.some((segment) => segment.toLowerCase() === '_git')) {
      if (!paths.repositorySegments || kept.length < paths.repositorySegments || kept.some((segment) => segment.toLowerCase() === '_git')) {
        return { ok: false, reason: repositoryRefusal(host.name) };
      }
      changes.push(`Removed the repository path /${kept.slice(-paths.repositorySegments).join('/')}.`);
      kept = kept.slice(0, -paths.repositorySegments);
      if (/\.git$/i.test(kept.at(-1) ?? '')) {
        return { ok: false, reason: repositoryRefusal(host.name) };
      }
    }
  }
  const port = url.port ? `:${url.port}` : '';
  const path = kept.length > 0 ? `/${kept.join('/')}` : '';
  return { ok: true, url: `https://${hostname}${port}${path}`, changes };
}
