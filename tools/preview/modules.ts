import { join } from 'node:path';
import { z } from 'zod';

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

const ManifestSchema = z.object({
  modules: z.record(z.string(), z.unknown()),
  resources: z.array(z.object({ key: z.string(), path: z.string() })),
});
const ModuleSchema = z.object({ key: z.string(), resource: z.string(), resolver: z.object({ function: z.string() }) });
const FunctionSchema = z.object({ key: z.string(), handler: z.string() });

/** The Custom UI modules of the manifest that the preview serves, each with its resolver handler and build folder. */
export function previewModules(manifest: unknown, root: string): PreviewModule[] {
  const { modules, resources } = ManifestSchema.parse(manifest);
  const functions = z.array(FunctionSchema).parse(modules.function ?? []);
  return Object.entries(ROUTES).flatMap(([type, route]) =>
    z
      .array(ModuleSchema)
      .parse(modules[type] ?? [])
      .map((module) => {
        const resource = resources.find((candidate) => candidate.key === module.resource);
        const fn = functions.find((candidate) => candidate.key === module.resolver.function);
        if (!resource || !fn) throw new Error(`module ${module.key}: resource or resolver function missing in manifest.yml`);
        return { key: module.key, type, route, handler: fn.handler, buildDir: join(root, resource.path) };
      }),
  );
}
