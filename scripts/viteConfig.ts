import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import type { InlineConfig } from 'vite';

export const PROJECT_ROOT = resolve(__dirname, '..');

/**
 * Module ids the pages' bundles replace with a smaller module of the same behaviour. Each one reaches into a
 * package's internals, so the package is pinned in package.json and __tests__/build/bundleShape.test.ts fails
 * when the package changes shape.
 *
 * Atlassian's feature-gate client (Statsig, about 60 KB gzip) is reached from `fg()` of
 * @atlaskit/platform-feature-flags, which Button, Textfield and Lozenge call. A Custom UI iframe never initialises it,
 * so every gate answers false; the replacement answers false without loading the client.
 */
export const ALIASES: { find: string | RegExp; replacement: string }[] = [
  { find: '@atlaskit/feature-gate-js-client/feature-gates', replacement: resolve(PROJECT_ROOT, 'static/shared/featureGatesOff.ts') },
  // @forge/bridge's export map names only its index, which brings every bridge API; static/shared/bridge.ts imports
  // the three modules it uses from the package's own folder.
  { find: /^@forge\/bridge\/out\//, replacement: `${resolve(PROJECT_ROOT, 'node_modules/@forge/bridge/out')}/` },
];

/**
 * Atlassian's Babel plugin compiles `token('color.text')` to `"var(--ds-text)"` at build time, so the page does not ship
 * the token-name table (https://atlassian.design/components/tokens/babel-plugin). No fallbacks are added: the
 * output is exactly what `token()` returns at run time, and the theme is enabled before the first render.
 */
const TOKENS_BABEL_PLUGIN = ['@atlaskit/tokens/babel-plugin', { shouldUseAutoFallback: false, shouldForceAutoFallback: false }];

/** Every Custom UI page lives in static/<page>/ and builds into static/<page>/build, the manifest's resource path. */
export function pageConfig(page: string): InlineConfig {
  const root = resolve(PROJECT_ROOT, 'static', page);
  return {
    configFile: false,
    root,
    // Forge's static hosting serves a resource below an app-specific path: absolute /assets/… URLs give a blank page.
    base: './',
    plugins: [react({ babel: { plugins: [TOKENS_BABEL_PLUGIN] } })],
    resolve: { alias: ALIASES },
    // Only the page itself: the dev server must not scan an earlier production build in build/.
    optimizeDeps: { entries: ['index.html'] },
    logLevel: 'warn',
    build: {
      outDir: resolve(root, 'build'),
      emptyOutDir: true,
      chunkSizeWarningLimit: 1024,
      rollupOptions: {
        onwarn(warning, warn) {
          // zod 4 writes `@__PURE__` comments where Rollup cannot use them and drops them: harmless, not ours to
          // fix, and printed on every build. Any other warning, and this one from our own code, still shows.
          if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/')) return;
          warn(warning);
        },
      },
    },
  };
}
