import { join } from 'node:path';
import { manifestFunctions, manifestModules, manifestResources } from '../manifest';

/** Where each kind of Custom UI module is served in the preview. */
const ROUTES: Record<string, string> = {
  'jira:personalSettingsPage': '/',
  'jira:adminPage': '/admin/',
};

export interface PreviewModule {
  key: string;
  type: string;
  route: string;
  /** `file.export` of the module's resolver function, as the manifest names it. */
  handler: string;
  buildDir: string;
}

/**
 * The Custom UI modules of the manifest that the preview serves, each with its resolver handler and build folder.
 * Throws when such a module names no resource or resolver, or one the manifest does not declare.
 */
export function previewModules(manifest: unknown, root: string): PreviewModule[] {
  const resources = manifestResources(manifest);
  const functions = manifestFunctions(manifest);
  const modules = manifestModules(manifest);
  return Object.entries(ROUTES).flatMap(([type, route]) =>
    modules
      .filter((module) => module.type === type)
      .map((module) => {
        const resource = resources.find((candidate) => candidate.key === module.resource);
        const fn = functions.find((candidate) => candidate.key === module.resolverFunction);
        if (!resource || !fn) throw new Error(`module ${module.key}: resource or resolver function missing in manifest.yml`);
        return { key: module.key, type, route, handler: fn.handler, buildDir: join(root, resource.path) };
      }),
  );
}
