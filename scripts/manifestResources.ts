/** The Custom UI resources of manifest.yml, as `npm run dev` and the build tests need them. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

export interface ManifestResource {
  key: string;
  /** The folder below static/ holding the page's sources (see pageConfig). */
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

/** Throws on a resource `npm run dev` could not serve, so a manifest mistake fails loudly rather than serving nothing. */
export function manifestResources(manifest: unknown): ManifestResource[] {
  const { resources } = ResourcesSchema.parse(manifest);
  return resources.map(({ key, path, tunnel }) => {
    const page = PAGE_PATH.exec(path)?.[1];
    if (page === undefined) throw new Error(`resource ${key}: path ${path} is not static/<page>/build`);
    if (tunnel === undefined) throw new Error(`resource ${key}: no tunnel.port, so forge tunnel cannot reach a dev server`);
    return { key, page, port: tunnel.port, path };
  });
}

/** Not via viteConfig's PROJECT_ROOT: that module loads the ESM-only React plugin, which jest cannot require. */
export function loadManifest(): unknown {
  return parse(readFileSync(resolve(__dirname, '../manifest.yml'), 'utf8'));
}
