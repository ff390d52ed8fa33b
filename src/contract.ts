/**
 * The one contract between the Custom UI pages (static/) and the resolvers (src/):
 * resolver names, what each takes and what each answers, and the wire types they are made of.
 * Types only, plus two constant lists (host types, error codes), so importing it adds next to nothing
 * to a page's bundle.
 *
 * Dependency direction: this file imports nothing, from src/ or anywhere else. Everything else may import
 * it: src/domain (whose zod schemas and encoders are checked at compile time against the types here),
 * the rest of src/, static/, tools/, scripts/, bench/ and __tests__/. The contract never imports the
 * domain, so the domain can change how it validates without changing what travels.
 */

/** Every kind of git host the app knows; src/domain/hosts.ts keys its registry by them. */
export const HOST_TYPES = [
  'github',
  'github-enterprise',
  'gitlab',
  'gitlab-self-managed',
  'bitbucket-cloud',
  'bitbucket-dc',
  'azure-devops',
  'azure-devops-server',
  'gitea',
  'gerrit',
  'aws-codecommit',
] as const;

export type HostType = (typeof HOST_TYPES)[number];

/**
 * A git integration as stored and sent, after validation and normalization (src/domain/integration.ts,
 * whose schema's output must be exactly this type).
 */
export interface Integration {
  /** Server-assigned; a KVS-safe slug (`INTEGRATION_ID_PATTERN`). */
  id: string;
  name: string;
  hostType: HostType;
  /** Self-hosted types only: the server's normalized web root. */
  baseUrl?: string;
  /** Azure DevOps Services only. */
  organization?: string;
  requirePat: boolean;
}

/**
 * What the git host said about a token when it was last checked.
 * - valid: the host accepted it and it has the scopes we need
 * - expires-soon: valid, but expires within 7 days
 * - expired: the host rejects it (HTTP 401): expired or revoked
 * - missing-scopes: accepted, but lacks scopes needed for branches and pull requests
 * - sso-required: accepted, but not yet authorized for the organization's SAML single sign-on (GitHub)
 * - unreachable: network error, 5xx, rate limit or timeout; saved anyway, can be re-checked
 * - not-verified: the host was not asked (egress not approved by the Jira admin) or would not say
 */
export type PatStatus = 'valid' | 'expires-soon' | 'expired' | 'missing-scopes' | 'sso-required' | 'unreachable' | 'not-verified';

export interface Verification {
  status: PatStatus;
  /** ISO-8601 time of the check. */
  checkedAt: string;
  /** Account the token belongs to, as the host names it (e.g. GitHub login). */
  login?: string;
  avatarUrl?: string;
  /** GitHub's page that authorizes the token for the organization's single sign-on (status sso-required); https only. */
  ssoUrl?: string;
  /** Scopes the host reported for the token, when it reports them. */
  scopes?: string[];
  /** Scopes we need that the token lacks (status missing-scopes). */
  missingScopes?: string[];
  /** ISO-8601 expiry the host reported; absent when unknown or never. */
  expiresAt?: string;
  /** Why the token is not verified, unreachable or rejected, in words for the user. */
  reason?: string;
}

/** What the app keeps about a saved token. Never the token itself. */
export interface PatView {
  integrationId: string;
  /** Last four characters of the secret part, or '' when it is too short to show any. */
  hint: string;
  /** The non-secret part of a credential, shown again: Atlassian email, Gerrit user name or AWS access key ID. */
  account?: string;
  /** AWS Region the person named for CodeCommit. */
  region?: string;
  /** ISO-8601 time the token was first saved for this integration. */
  createdAt: string;
  /** ISO-8601 time it was last saved (replaced). */
  updatedAt: string;
  /** The last check with the git host, once verification exists for the host. */
  verification?: Verification;
}

/**
 * The compact form in which the personal page receives the site's integrations: one array per field (columns)
 * instead of one object per integration (src/domain/catalogWire.ts encodes and decodes it). One-letter keys:
 * each is written once per response. Every array but `t` and `r` has one entry per integration, in catalog order.
 */
export interface CatalogWire {
  /** Every host type the catalog uses, once; `h` holds indexes into it. */
  t: HostType[];
  /** Ids. */
  i: string[];
  /** Names. */
  n: string[];
  /** Host types, as indexes into `t`. */
  h: number[];
  /** Base URLs without their "https://" (the only scheme the schema accepts), or 0 for none. Absent when no integration has one. */
  b?: (string | 0)[];
  /** Organizations, or 0 for none. Absent when no integration has one. */
  o?: (string | 0)[];
  /** Positions of the integrations that require a PAT, ascending. */
  r: number[];
}

/** The non-secret part of a credential that is more than a token: `a` the account (user name, email, access key ID), `g` the AWS Region. */
export interface CredentialWire {
  a?: string;
  g?: string;
}

/**
 * A saved PAT as the page receives it: `[position of its integration in the catalog, hint, createdAt,
 * updatedAt, verification or 0, credential's non-secret part?]`; trailing entries are left out when empty.
 */
export type PatWire =
  | [number, string, string, string]
  | [number, string, string, string, Verification | 0]
  | [number, string, string, string, Verification | 0, CredentialWire];

/** getPersonalPage's answer: `c` the catalog (CatalogWire), `p` the person's PATs (PatWire). */
export interface PersonalPageWire {
  c: CatalogWire;
  p: PatWire[];
}

/**
 * What the personal page shows. getPersonalPage sends it in one invoke as a PersonalPageWire, a compact form
 * (src/domain/catalogWire.ts) that `decodePersonalPage` turns back into this.
 */
export interface PersonalPage {
  integrations: Integration[];
  pats: PatView[];
}

/**
 * The personal page's resolvers: name → payload and result. src/domain/payloads.ts has a schema for exactly
 * these names and src/resolvers/personal.ts an implementation for each; the exported handler answers these
 * names only, so adding or removing one here without the others fails the type check.
 */
export type PersonalResolvers = {
  getPersonalPage: { payload: Record<string, never>; result: PersonalPageWire };
  /**
   * `token` is the secret part (token, HTTP password, API token or secret access key); `account` the
   * non-secret part hosts need with it (Bitbucket Cloud: Atlassian account email; Gerrit: user name;
   * AWS CodeCommit: access key ID), absent for hosts that take a token alone; `region` only for AWS.
   */
  savePat: { payload: { integrationId: string; token: string; account?: string; region?: string }; result: PatView };
  removePat: { payload: { integrationId: string }; result: { integrationId: string } };
  /** Checks the saved token with the git host again, without the person pasting it again. */
  recheckPat: { payload: { integrationId: string }; result: PatView };
  /**
   * Has the git host (GitLab) replace the saved token with a new one and stores it in its place;
   * answers the PAT with the new token's hint and expiry. ROTATION_REFUSED says why the host would not.
   */
  rotatePat: { payload: { integrationId: string }; result: PatView };
};

/** An integration as an admin submits it: a new one has no id yet (the server assigns it). */
export interface IntegrationInput {
  id?: string;
  name: string;
  hostType: Integration['hostType'];
  baseUrl?: string;
  organization?: string;
  requirePat: boolean;
}

/**
 * Whether token checks of an integration can reach its server (customer-managed egress):
 * - built-in: a cloud host, reachable through the app's manifest
 * - allowed: a site admin approved the server's domain
 * - waiting: not approved yet; the admin page offers "Allow token checks"
 * - impossible: Forge can never reach it (a port its egress does not serve, or the domain cap); `reason` says which
 */
export type EgressState =
  | { state: 'built-in' }
  | { state: 'allowed'; domain: string }
  | { state: 'waiting'; domain: string }
  | { state: 'impossible'; domain: string; reason: string };
/** Counts for one integration: how many people hold a credential and what their last check said. */
export interface HealthCounts {
  holders: number;
  valid: number;
  expiresSoon: number;
  expired: number;
  missingScopes: number;
  /** Never checked, not checkable from Forge, or the host did not answer. */
  unverified: number;
}

/** Token health per integration as the last full pass of the weekly re-check found it: counts only, never who. */
export interface TokenHealth {
  /** ISO-8601 time the pass finished. */
  asOf: string;
  /** By integration id; an integration nobody holds a token for is absent. */
  integrations: Record<string, HealthCounts>;
}

export interface AdminPage {
  integrations: Integration[];
  /** Changes with every change of the list; a save names the revision it started from. */
  revision: number;
  /** Each integration's egress state, by integration id. */
  egress: Record<string, EgressState>;
  /** Absent until the weekly re-check has finished its first pass. */
  health?: TokenHealth;
}

/** The admin page's resolvers; src/domain/adminPayloads.ts and src/resolvers/admin.ts follow them as for PersonalResolvers. */
export type AdminResolvers = {
  getAdminPage: { payload: Record<string, never>; result: AdminPage };
  saveIntegration: { payload: { integration: IntegrationInput; expectedRevision: number }; result: AdminPage };
  /** How many users hold a PAT for the integration, asked before removing it. */
  getRemovalImpact: { payload: { integrationId: string }; result: { integrationId: string; users: number } };
  /**
   * `purgedUsers`: how many users' tokens for it were deleted. `purgeFinished: false` when deleting
   * them failed part-way: the integration is removed and its tokens unusable all the same, and a
   * later admin page load finishes deleting them.
   */
  removeIntegration: {
    payload: { integrationId: string; expectedRevision: number };
    result: AdminPage & { purgedUsers: number; purgeFinished: boolean };
  };
};

export const ERROR_CODES = [
  /** The payload does not have the shape the resolver takes. */
  'INVALID_PAYLOAD',
  /** The token breaks a rule (empty, too long, spaces, control characters). */
  'INVALID_TOKEN',
  /** No integration with that id exists on this site. */
  'UNKNOWN_INTEGRATION',
  /** No PAT is saved for that integration. */
  'PAT_NOT_FOUND',
  /** The git host rejected the token (HTTP 401: expired, revoked or wrong); it was not saved. */
  'TOKEN_REJECTED',
  /** An integration field breaks a rule (name, host type, base URL, organization). */
  'INVALID_INTEGRATION',
  /** The caller is not a Jira administrator. */
  'FORBIDDEN',
  /** Someone else changed the integrations since this page loaded. */
  'CONFLICT',
  /** The git host would not rotate the token (too old, missing scope, token not accepted); nothing changed. */
  'ROTATION_REFUSED',
  /** The call carries no Atlassian account (anonymous or app context). */
  'UNAUTHENTICATED',
  /** No resolver has that name. */
  'UNKNOWN_RESOLVER',
  /** Forge storage did not answer in time or kept failing. */
  'STORAGE_UNAVAILABLE',
  /** Anything else; the message carries a reference to find the log line. */
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorBody {
  code: ErrorCode;
  message: string;
  /** Field the message is about, for inline messages. */
  field?: string;
}

export type ResolverResult<T> = { ok: true; value: T } | { ok: false; error: AppErrorBody };
