/**
 * The one reader of manifest.yml. The scripts (`npm run dev`, `lint:forge`), the Forge doubles (custom entities,
 * egress), the preview and the tests all ask here, each through an accessor that checks with zod the part it
 * reads, so a manifest mistake fails loudly where it is read. Shapes:
 * https://developer.atlassian.com/platform/forge/manifest-reference/. Development only: src/ never imports it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { EntityDeclaration } from './forge-doubles/kvs/entities';

const PROJECT_ROOT = join(__dirname, '..');

/**
 * The manifest.yml of `dir` (this repository by default), parsed from YAML and otherwise as written: what Forge's
 * own linter takes, and what the accessors below read. Throws when the file cannot be read or is not YAML.
 */
export function readManifest(dir: string = PROJECT_ROOT): unknown {
  return parse(readFileSync(join(dir, 'manifest.yml'), 'utf8'));
}

export interface ManifestResource {
  key: string;
  /** The folder below static/ holding the page's sources (see scripts/viteConfig.ts `pageConfig`). */
  page: string;
  /** `tunnel.port`: where `forge tunnel` expects the page's dev server. */
  port: number;
  path: string;
}

const ResourcesSchema = z.object({
  resources: z
    .array(
      z.object({
        key: z.string().min(1),
        path: z.string(),
        tunnel: z.object({ port: z.number().int().min(1).max(65535) }).optional(),
      }),
    )
    .default([]),
});

/** Every resource is a page built by scripts/build-ui.ts, so its path must be the folder that build writes. */
const PAGE_PATH = /^static\/([^/]+)\/build$/;

/**
 * The Custom UI resources (`resources`), in manifest order. Throws on a resource `npm run dev` could not serve
 * (a path other than static/<page>/build, no tunnel port), so a manifest mistake fails loudly rather than serving nothing.
 */
export function manifestResources(manifest: unknown = readManifest()): ManifestResource[] {
  const { resources } = ResourcesSchema.parse(manifest);
  return resources.map(({ key, path, tunnel }) => {
    const page = PAGE_PATH.exec(path)?.[1];
    if (page === undefined) throw new Error(`resource ${key}: path ${path} is not static/<page>/build`);
    if (tunnel === undefined) throw new Error(`resource ${key}: no tunnel.port, so forge tunnel cannot reach a dev server`);
    return { key, page, port: tunnel.port, path };
  });
}

/** One module of `modules` (the `function` list aside), with the module type it is listed under. */
export interface ManifestModule {
  /** E.g. `jira:adminPage`, `scheduledTrigger`. */
  type: string;
  key: string;
  /** The key of the resource it shows (Custom UI modules). */
  resource?: string;
  /** The key of its resolver function (Custom UI modules). */
  resolverFunction?: string;
  /** The key of the function it runs (triggers). */
  function?: string;
}

/** One entry of `modules.function`: `handler` is `file.export`, file a path below src/ without its extension. */
export interface ManifestFunction {
  key: string;
  handler: string;
}

const ModulesSchema = z.object({
  modules: z.record(
    z.string(),
    z.array(
      z.object({
        key: z.string(),
        resource: z.string().optional(),
        resolver: z.object({ function: z.string() }).optional(),
        function: z.string().optional(),
        handler: z.string().optional(),
      }),
    ),
  ),
});

/** Every module but the functions, in manifest order. Throws when `modules` is missing or malformed. */
export function manifestModules(manifest: unknown = readManifest()): ManifestModule[] {
  const { function: _functions, ...others } = ModulesSchema.parse(manifest).modules;
  return Object.entries(others).flatMap(([type, modules]) =>
    modules.map((module) => ({
      type,
      key: module.key,
      ...(module.resource !== undefined ? { resource: module.resource } : {}),
      ...(module.resolver !== undefined ? { resolverFunction: module.resolver.function } : {}),
      ...(module.function !== undefined ? { function: module.function } : {}),
    })),
  );
}

/** The functions (`modules.function`). Throws when one has no handler. */
export function manifestFunctions(manifest: unknown = readManifest()): ManifestFunction[] {
  return (ModulesSchema.parse(manifest).modules.function ?? []).map(({ key, handler }) => {
    if (handler === undefined) throw new Error(`function ${key} has no handler`);
    return { key, handler };
  });
}

/** `app.runtime.name`, e.g. `nodejs22.x`. */
export function manifestRuntime(manifest: unknown = readManifest()): string {
  return z.object({ app: z.object({ runtime: z.object({ name: z.string() }) }) }).parse(manifest).app.runtime.name;
}

const EntitySchema = z.object({
  name: z.string(),
  attributes: z.record(z.string(), z.object({ type: z.enum(['string', 'boolean', 'float', 'integer', 'any']) })),
  indexes: z
    .array(z.union([z.string(), z.object({ name: z.string(), range: z.array(z.string()), partition: z.array(z.string()).optional() })]))
    .optional(),
}) satisfies z.ZodType<EntityDeclaration>;

const EntitiesSchema = z.object({
  app: z.object({ storage: z.object({ entities: z.array(EntitySchema).default([]) }).optional() }).optional(),
});

/** The custom entities (`app.storage.entities`), for the KVS emulator; `[]` when the manifest declares none. */
export function manifestEntities(manifest: unknown = readManifest()): EntityDeclaration[] {
  return EntitiesSchema.parse(manifest).app?.storage?.entities ?? [];
}

const EgressSchema = z.object({
  permissions: z.object({
    external: z.object({
      fetch: z.object({ backend: z.array(z.union([z.string(), z.object({ address: z.string() })])) }),
    }),
  }),
});

/** The addresses of `permissions.external.fetch.backend`: the egress fixed at deploy. Throws when there is no such list. */
export function manifestBackendEgress(manifest: unknown = readManifest()): string[] {
  return EgressSchema.parse(manifest).permissions.external.fetch.backend.map((entry) =>
    typeof entry === 'string' ? entry : entry.address,
  );
}
