/**
 * The pages' bundles reach into two packages' internals to stay small (scripts/viteConfig.ts ALIASES,
 * static/shared/bridge.ts). These tests fail loudly when an upgrade changes what that relies on; the packages are
 * pinned in package.json so that only a deliberate upgrade can.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import FeatureGatesOff from '../../static/shared/featureGatesOff';
import { captureConsole } from '../support/captureConsole';

const ROOT = resolve(__dirname, '../..');
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

function builtJs(page: string): string {
  const dir = join(ROOT, 'static', page, 'build', 'assets');
  if (!existsSync(dir)) throw new Error(`${dir} does not exist: run \`npm run build\` first`);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .map((name) => readFileSync(join(dir, name), 'utf8'))
    .join('\n');
}

describe('the feature-gate client replaced in the pages', () => {
  const flags = join(ROOT, 'node_modules/@atlaskit/platform-feature-flags');

  it('is pinned together with the flags package that calls it', () => {
    const version = (JSON.parse(readFileSync(join(flags, 'package.json'), 'utf8')) as { version: string }).version;
    expect(packageJson.dependencies['@atlaskit/platform-feature-flags']).toBe(version);
  });

  it('is only asked checkGate by @atlaskit/platform-feature-flags', () => {
    const source = readFileSync(join(flags, 'dist/esm/resolveBooleanFlag.js'), 'utf8');
    expect(source).toContain("import FeatureGates from '@atlaskit/feature-gate-js-client/feature-gates';");
    expect([...new Set(source.match(/FeatureGates\.\w+/g))]).toEqual(['FeatureGates.checkGate']);
  });

  it('answers as the real, uninitialised client does', () => {
    // The real client warns once that it was never initialised, then answers false.
    const lines = captureConsole();
    // Required here, not imported: its warning must come while the console is captured.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
    const { default: real } = require('@atlaskit/feature-gate-js-client/feature-gates') as { default: typeof FeatureGatesOff };
    for (const gate of ['platform-component-visual-refresh', 'platform_dst_lozenge_tag_badge_visual_uplifts', 'any-gate']) {
      expect(FeatureGatesOff.checkGate(gate)).toBe(real.checkGate(gate));
    }
    expect(FeatureGatesOff.getExperimentValue('exp', 'param', 'default')).toBe(real.getExperimentValue('exp', 'param', 'default'));
    expect(FeatureGatesOff.initializeCompleted()).toBe(real.initializeCompleted());
    expect(lines.every((line) => line.level === 'warn')).toBe(true);
    jest.restoreAllMocks();
  });

  it.each(['pat-ui', 'admin-ui'])('keeps the Statsig client out of the built %s', (page) => {
    expect(builtJs(page)).not.toMatch(/statsig/i);
  });
});

describe('the @forge/bridge modules the pages import', () => {
  const out = join(ROOT, 'node_modules/@forge/bridge/out');

  it('come from the pinned bridge version', () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'node_modules/@forge/bridge/package.json'), 'utf8')) as { version: string })
      .version;
    expect(packageJson.dependencies['@forge/bridge']).toBe(version);
  });

  it.each([
    ['invoke/invoke.js', 'invoke', "callBridge('invoke'"],
    ['router/router.js', 'router', "callBridge('navigate'"],
    ['view/theme.js', 'theme', "callBridge('enableTheming')"],
    ['view/getContext.js', 'getContext', "callBridge('getContext')"],
    ['permissions/permissions.js', 'permissions', '__permission__egressSet'],
  ])('%s exports %s and makes the same bridge call as the package index', (file, name, call) => {
    const source = readFileSync(join(out, file), 'utf8');
    expect(source).toContain(`exports.${name} = `);
    expect(source).toContain(call);
  });

  it('keeps the rest of the bridge out of the first load', () => {
    // Modules only the index brings: realtime, object store, i18n translations.
    for (const page of ['pat-ui', 'admin-ui']) {
      const js = builtJs(page);
      expect(js).not.toContain('objectStore');
      expect(js).not.toContain('realtime');
    }
  });
});
