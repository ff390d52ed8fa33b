/**
 * What a built Custom UI page costs the browser before it can run, from its build folder only
 * (shared by `npm run bench` and __tests__/build/budgets.test.ts).
 *
 * First load = the entry scripts and stylesheets index.html names, its modulepreload links, and every
 * chunk those scripts import statically (transitively). Chunks reached only by `import()` (dialogs,
 * themes) are not first load. Total JS = every .js file of the build. Gzip is per file, level 9.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface Size {
  raw: number;
  gzip: number;
}

export interface BundleSize {
  firstLoadJs: Size;
  firstLoadCss: Size;
  totalJs: Size;
  /** Files of the first load, relative to the build folder, in discovery order. */
  firstLoadFiles: string[];
  jsFiles: number;
}

function sizeOf(files: readonly string[]): Size {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
}

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(tag)?.[1];
}

/** Relative specifiers of static `import … from "./x.js"`, `import "./x.js"` and `export … from "./x.js"`; never `import("./x.js")`. */
const STATIC_IMPORT = /\bfrom\s*["'](\.{1,2}\/[^"'\s]+\.js)["']|\bimport\s*["'](\.{1,2}\/[^"'\s]+\.js)["']/g;

function staticImports(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  return [...code.matchAll(STATIC_IMPORT)].map((match) => resolve(dirname(file), (match[1] ?? match[2])!));
}

function jsFilesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return jsFilesIn(path);
    return entry.name.endsWith('.js') ? [path] : [];
  });
}

export function measureBuild(buildDir: string): BundleSize {
  const indexFile = join(buildDir, 'index.html');
  if (!existsSync(indexFile)) throw new Error(`${indexFile} does not exist: build the page first`);
  const tags = readFileSync(indexFile, 'utf8').match(/<(?:script|link)\b[^>]*>/gi) ?? [];
  const local = (url: string | undefined) =>
    url && !/^(?:[a-z][a-z\d+.-]*:|\/\/)/i.test(url) ? resolve(buildDir, url.split(/[?#]/)[0]!) : undefined;

  const js: string[] = [];
  const css: string[] = [];
  const queue: string[] = [];
  for (const tag of tags) {
    const isScript = /^<script/i.test(tag);
    const rel = (attribute(tag, 'rel') ?? '').toLowerCase();
    const file = local(isScript ? attribute(tag, 'src') : attribute(tag, 'href'));
    if (!file) continue;
    if (isScript || rel === 'modulepreload') queue.push(file);
    else if (rel === 'stylesheet') css.push(file);
  }
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (js.includes(file)) continue;
    if (!existsSync(file)) throw new Error(`${relative(buildDir, file)} is referenced but missing from ${buildDir}`);
    js.push(file);
    queue.push(...staticImports(file));
  }
  const all = jsFilesIn(buildDir);
  return {
    firstLoadJs: sizeOf(js),
    firstLoadCss: sizeOf(css),
    totalJs: sizeOf(all),
    firstLoadFiles: [...js, ...css].map((file) => relative(buildDir, file)),
    jsFiles: all.length,
  };
}
