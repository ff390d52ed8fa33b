/** manifest.yml agrees with itself, with the UI build and with the backend bundle Forge will run. */
import { buildSync } from 'esbuild';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { manifestFunctions, manifestModules, manifestResources, manifestRuntime, readManifest } from '../../tools/manifest';
import { PROJECT_ROOT, pageConfig } from '../../scripts/viteConfig';

// The React plugin is ESM-only, which jest cannot require, and plays no part in where a page builds to.
jest.mock('@vitejs/plugin-react', () => ({ __esModule: true, default: () => ({ name: 'vite:react' }) }));

const manifest = readManifest();
const modules = manifestModules(manifest);
const functions = manifestFunctions(manifest);
const resources = manifestResources(manifest);
const resourceKeys = resources.map((resource) => resource.key);

describe('manifest.yml', () => {
  it.each(modules.filter((module) => module.resource !== undefined).map((module) => [module.key, module.resource]))(
    'module %s uses a declared resource (%s)',
    (_key, resource) => {
      expect(resourceKeys).toContain(resource);
    },
  );

  it.each(resources.map((resource) => [resource.key, resource.path, resource.page]))(
    'resource %s (%s) is the folder the UI build writes, and it was built',
    (_key, path, page) => {
      expect(relative(PROJECT_ROOT, pageConfig(page).build?.outDir ?? '')).toBe(path);
      if (!existsSync(join(PROJECT_ROOT, path, 'index.html')))
        throw new Error(`${path}/index.html does not exist: run \`npm run build\` first`);
    },
  );

  it('gives every resource its own tunnel port', () => {
    const ports = resources.map((resource) => resource.port);
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('runs on the nodejs22.x runtime', () => {
    expect(manifestRuntime(manifest)).toBe('nodejs22.x');
  });
});

describe('module resolvers', () => {
  let outdir = '';
  const bundles = new Map<string, Record<string, unknown>>();

  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'forge-backend-'));
  });
  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
  });

  /** The entry as Forge deploys it: one bundle with every dependency (@forge/* included) inlined. */
  function bundle(file: string): Record<string, unknown> {
    const cached = bundles.get(file);
    if (cached) return cached;
    const entry = ['ts', 'tsx', 'js', 'jsx'].map((ext) => join(PROJECT_ROOT, 'src', `${file}.${ext}`)).find(existsSync);
    if (entry === undefined) throw new Error(`handler file src/${file}.ts does not exist`);
    const outfile = join(outdir, `${file}.cjs`);
    // platform node leaves only node builtins external: every package must bundle, as it must for `forge deploy`.
    buildSync({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'cjs', logLevel: 'silent' });
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads the bundle just written, as Forge's runtime does
    const exports = require(outfile) as Record<string, unknown>;
    bundles.set(file, exports);
    return exports;
  }

  it.each(modules.filter((module) => module.resolverFunction !== undefined).map((module) => [module.key, module.resolverFunction]))(
    'module %s: resolver function %s is an exported function of the built backend',
    (_key, functionKey) => {
      const handler = functions.find((declared) => declared.key === functionKey)?.handler;
      if (handler === undefined) throw new Error(`function ${functionKey} is not declared under modules.function`);
      // `file.export`, where file is a path below src/ without its extension.
      const [, file, name] = /^(.+)\.([^.]+)$/.exec(handler) ?? [];
      if (file === undefined || name === undefined) throw new Error(`handler ${handler} is not file.export`);
      expect(typeof bundle(file)[name]).toBe('function');
    },
    60_000,
  );
});

describe('manifestResources', () => {
  const resource = (key: string, path: string, port?: number) => (port === undefined ? { key, path } : { key, path, tunnel: { port } });

  it('lists every resource with its page and tunnel port', () => {
    const resources = [resource('pat-ui', 'static/pat-ui/build', 3000), resource('admin-ui', 'static/admin-ui/build', 3001)];
    expect(manifestResources({ resources })).toEqual([
      { key: 'pat-ui', page: 'pat-ui', port: 3000, path: 'static/pat-ui/build' },
      { key: 'admin-ui', page: 'admin-ui', port: 3001, path: 'static/admin-ui/build' },
    ]);
  });

  it('lists one entry per resource of the project manifest', () => {
    expect(manifestResources().map((entry) => entry.key)).toEqual(resourceKeys);
  });

  it('accepts a manifest without resources', () => {
    expect(manifestResources({ modules: {} })).toEqual([]);
  });

  it.each([
    [
      'a path outside static/<page>/build',
      resource('ui', 'static/ui/dist', 3000),
      'resource ui: path static/ui/dist is not static/<page>/build',
    ],
    ['no tunnel port', resource('ui', 'static/ui/build'), 'resource ui: no tunnel.port'],
  ])('rejects a resource with %s', (_name, bad, message) => {
    expect(() => manifestResources({ resources: [bad] })).toThrow(message);
  });
});
