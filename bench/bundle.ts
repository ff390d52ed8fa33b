/** Bench section 3: builds every Custom UI page and a reference page, and measures what each loads first. */
import react from '@vitejs/plugin-react';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { uiPages } from '../scripts/build-ui';
import { PROJECT_ROOT, pageConfig } from '../scripts/viteConfig';
import { measureBuild, type BundleSize } from './bundleSize';

export interface PageBundle extends BundleSize {
  page: string;
  buildMs: number;
}

export interface BundleResults {
  pages: PageBundle[];
  /** bench/reference built into a temp folder: Atlaskit textfield + modal dialog + button, one chunk. */
  reference: PageBundle;
  /** The same page with Vite's default splitting: the libraries' own import()s (theme files) stay separate. */
  referenceSplit: PageBundle;
  /** First-load gzip JS of each page divided by the reference's (and by the split reference's). */
  ratioToReference: Record<string, number>;
  ratioToReferenceSplit: Record<string, number>;
}

const REFERENCE_ROOT = resolve(__dirname, 'reference');

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return Math.round(performance.now() - started);
}

export async function measureBundles(): Promise<BundleResults> {
  const pages: PageBundle[] = [];
  for (const page of uiPages()) {
    // Rollup's warnings about library comments would drown the bench's tables.
    const buildMs = await timed(() => build({ ...pageConfig(page), logLevel: 'error' }));
    pages.push({ page, buildMs, ...measureBuild(join(PROJECT_ROOT, 'static', page, 'build')) });
  }

  const reference = await buildReference(true);
  const referenceSplit = await buildReference(false);
  const ratio = (to: PageBundle) =>
    Object.fromEntries(pages.map((page) => [page.page, Math.round((page.firstLoadJs.gzip / to.firstLoadJs.gzip) * 100) / 100]));
  return { pages, reference, referenceSplit, ratioToReference: ratio(reference), ratioToReferenceSplit: ratio(referenceSplit) };
}

async function buildReference(singleChunk: boolean): Promise<PageBundle> {
  const outDir = mkdtempSync(join(tmpdir(), 'bench-reference-'));
  try {
    const buildMs = await timed(() =>
      build({
        configFile: false,
        root: REFERENCE_ROOT,
        base: './',
        plugins: [react()],
        logLevel: 'error',
        build: {
          outDir,
          emptyOutDir: true,
          chunkSizeWarningLimit: 4096,
          // No code splitting: whatever the libraries load with import() (theme files) is inlined into the one chunk.
          rollupOptions: singleChunk ? { output: { inlineDynamicImports: true } } : {},
        },
      }),
    );
    return { page: singleChunk ? 'reference' : 'reference (split)', buildMs, ...measureBuild(outDir) };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
