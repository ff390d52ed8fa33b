/** Reads the custom entities an app declares in its manifest, for the KVS emulator. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { EntityDeclaration } from './entities';

const REPO_MANIFEST = join(__dirname, '..', '..', '..', 'manifest.yml');

/**
 * The `app.storage.entities` list of a Forge manifest (default: this repository's `manifest.yml`),
 * `[]` when it declares none. Throws when the file cannot be read or is not YAML.
 * Shape: https://developer.atlassian.com/platform/forge/manifest-reference/#app (`storage.entities`).
 */
export function loadManifestEntities(path: string = REPO_MANIFEST): EntityDeclaration[] {
  const manifest = parse(readFileSync(path, 'utf8')) as { app?: { storage?: { entities?: EntityDeclaration[] } } } | null;
  return manifest?.app?.storage?.entities ?? [];
}
