import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import type { InlineConfig } from 'vite';

export const PROJECT_ROOT = resolve(__dirname, '..');

/** Every Custom UI page lives in static/<page>/ and builds into static/<page>/build, the manifest's resource path. */
export function pageConfig(page: string): InlineConfig {
  const root = resolve(PROJECT_ROOT, 'static', page);
  return {
    configFile: false,
    root,
    // Forge's static hosting serves a resource below an app-specific path: absolute /assets/… URLs give a blank page.
    base: './',
    plugins: [react()],
    // Only the page itself: the dev server must not scan an earlier production build in build/.
    optimizeDeps: { entries: ['index.html'] },
    logLevel: 'warn',
    build: {
      outDir: resolve(root, 'build'),
      emptyOutDir: true,
      chunkSizeWarningLimit: 1024,
    },
  };
}
