/**
 * Encodes and decodes the compact form in which the personal page receives the site's integrations
 * (src/contract.ts `CatalogWire`, `PersonalPageWire`): one array per field (columns) instead of one object per
 * integration, so a field's name is written once per response rather than once per integration, and each host
 * type once. At 10,000 integrations the page's one invoke shrinks from about 1.6 MiB of JSON to about 0.9 MiB,
 * and the browser parses fewer, flatter values. Pure; shared by the resolver (encode) and the page (decode).
 */
import type { CatalogWire, CredentialWire, HostType, Integration, PatView, PatWire, PersonalPageWire } from '../contract';

const HTTPS = 'https://';
const SCHEME = /^[a-z][a-z\d+.-]*:\/\//i;

// Every field of Integration is carried: adding one to the schema without adding it here fails the type check.
type EncodedField = 'id' | 'name' | 'hostType' | 'baseUrl' | 'organization' | 'requirePat';
type Unencoded = Exclude<keyof Integration, EncodedField>;
const everyFieldEncoded: [Unencoded] extends [never] ? true : Unencoded = true;
void everyFieldEncoded;

/** Integrations (as stored and validated) → their compact form, keeping their order. */
export function encodeCatalog(integrations: readonly Integration[]): CatalogWire {
  const hostTypes: HostType[] = [];
  const hostIndex = new Map<HostType, number>();
  const wire: CatalogWire = { t: hostTypes, i: [], n: [], h: [], r: [] };
  const baseUrls: (string | 0)[] = [];
  const organizations: (string | 0)[] = [];
  integrations.forEach((integration, position) => {
    let index = hostIndex.get(integration.hostType);
    if (index === undefined) {
      index = hostTypes.push(integration.hostType) - 1;
      hostIndex.set(integration.hostType, index);
    }
    wire.i.push(integration.id);
    wire.n.push(integration.name);
    wire.h.push(index);
    const { baseUrl } = integration;
    baseUrls.push(baseUrl ? (baseUrl.startsWith(HTTPS) ? baseUrl.slice(HTTPS.length) : baseUrl) : 0);
    organizations.push(integration.organization ?? 0);
    if (integration.requirePat) wire.r.push(position);
  });
  if (baseUrls.some((value) => value !== 0)) wire.b = baseUrls;
  if (organizations.some((value) => value !== 0)) wire.o = organizations;
  return wire;
}

/** The compact form → the integrations it was made from, equal field by field and in the same order. */
export function decodeCatalog(wire: CatalogWire): Integration[] {
  const required = new Set(wire.r);
  return wire.i.map((id, position) => {
    const integration: Integration = {
      id,
      name: wire.n[position]!,
      hostType: wire.t[wire.h[position]!]!,
      requirePat: required.has(position),
    };
    const baseUrl = wire.b?.[position];
    const organization = wire.o?.[position];
    // A value that kept its scheme was not an https URL when encoded (a host name never looks like one).
    if (baseUrl) integration.baseUrl = SCHEME.test(baseUrl) ? baseUrl : HTTPS + baseUrl;
    if (organization) integration.organization = organization;
    return integration;
  });
}

// Every field of PatView is carried: adding one without adding it here fails the type check.
type EncodedPatField = 'integrationId' | 'hint' | 'createdAt' | 'updatedAt' | 'verification' | 'account' | 'region';
type UnencodedPat = Exclude<keyof PatView, EncodedPatField>;
const everyPatFieldEncoded: [UnencodedPat] extends [never] ? true : UnencodedPat = true;
void everyPatFieldEncoded;

function patWire(at: number, pat: PatView): PatWire {
  const credential: CredentialWire = {
    ...(pat.account !== undefined ? { a: pat.account } : {}),
    ...(pat.region !== undefined ? { g: pat.region } : {}),
  };
  const base: [number, string, string, string] = [at, pat.hint, pat.createdAt, pat.updatedAt];
  if (Object.keys(credential).length > 0) return [...base, pat.verification ?? 0, credential];
  return pat.verification ? [...base, pat.verification] : base;
}

/**
 * The personal page's data → its compact form. A PAT whose integration is not in the catalog (removed meanwhile)
 * has nowhere to show and is left out.
 */
export function encodePersonalPage(integrations: readonly Integration[], pats: readonly PatView[]): PersonalPageWire {
  const position = new Map(integrations.map((integration, index) => [integration.id, index]));
  const p: PatWire[] = [];
  for (const pat of pats) {
    const at = position.get(pat.integrationId);
    if (at !== undefined) p.push(patWire(at, pat));
  }
  return { c: encodeCatalog(integrations), p };
}

/** getPersonalPage's answer → what the page shows: the integrations, and the PATs as PatView. */
export function decodePersonalPage(wire: PersonalPageWire): { integrations: Integration[]; pats: PatView[] } {
  const integrations = decodeCatalog(wire.c);
  const pats = wire.p.map(([at, hint, createdAt, updatedAt, verification, credential]): PatView => ({
    integrationId: integrations[at]!.id,
    hint,
    ...(credential?.a !== undefined ? { account: credential.a } : {}),
    ...(credential?.g !== undefined ? { region: credential.g } : {}),
    createdAt,
    updatedAt,
    ...(verification ? { verification } : {}),
  }));
  return { integrations, pats };
}
