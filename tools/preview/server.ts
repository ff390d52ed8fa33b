/**
 * `npm start`: the whole app on one machine, without a Jira site. Serves each built Custom UI page
 * with a bridge shim in front of it, and answers its `invoke` calls by calling the app's real
 * resolver handler (as the manifest names it) exactly as Forge does, over the real @forge/kvs
 * talking to the KVS emulator, persisted (secrets encrypted) under PREVIEW_DATA_DIR.
 *
 * Environment: PORT (8080; 0 picks a free one), PREVIEW_DATA_DIR (.preview-data),
 * PREVIEW_ADMIN_IDS (demo-admin), PREVIEW_EGRESS_MAP (origin=origin pairs for git-host fakes).
 * Egress a site admin approves on the admin page (the shim's consent step) is kept in egress.json there,
 * and the backend's `permissions.canFetchFrom` answers from it and the manifest.
 * `POST /__preview/jobs/token-recheck` runs the weekly re-check now, treating every token as due.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { transformSync } from 'esbuild';
import { KvsEmulator } from '../forge-doubles/kvsEmulator';
import { manifestEntities, readManifest } from '../manifest';
import { installForgeFetch } from '../forge-doubles/forgeFetch';
import { installForgeRuntime } from '../forge-doubles/forgeRuntime';
import { egressOperationSchema, PreviewEgress } from './egressStore';
import { invokeAsForge, type ForgeResolverHandler } from '../forge-doubles/invokeAsForge';
import { jiraPermissionsDouble } from '../forge-doubles/jiraDouble';
import { demoIntegrations } from '../fixtures/integrations';
import { persistKvs } from './encryptedStore';
import { previewModules, type PreviewModule } from './modules';
import { themeCss, THEME_ATTRIBUTE } from './theme';
import { parseEgressMap, rewriteOrigins } from '../../tools/preview/egressMap';

const ROOT = resolve(__dirname, '../..');
const MAX_BODY_BYTES = 1024 * 1024;
/** Most later requests a write stays invisible to queries in the preview (tests default to 3). */
const PREVIEW_QUERY_LAG = 2;

/** Forge's Custom UI policy: no inline or foreign scripts, inline styles allowed for Atlaskit. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data: https:",
  "font-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

function send(response: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, 'application/json', JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('Request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function bridgeScript(module: PreviewModule): string {
  const source = readFileSync(join(__dirname, 'bridgeShim.ts'), 'utf8');
  const config = {
    moduleKey: module.key,
    extensionType: module.type,
    cloudId: 'preview-cloud-id',
    siteUrl: 'https://preview.atlassian.net',
    themeAttribute: THEME_ATTRIBUTE,
  };
  const { code } = transformSync(source, { loader: 'ts', format: 'iife', target: 'es2020' });
  return `var PREVIEW_CONFIG = ${JSON.stringify(config)};\n${code}`;
}

function pageHtml(module: PreviewModule): string {
  const html = readFileSync(join(module.buildDir, 'index.html'), 'utf8');
  const shim = `<script src="/__preview/bridge.js?module=${encodeURIComponent(module.key)}"></script>`;
  return html.replace('<head>', `<head>\n    ${shim}`);
}

/** A file below `dir`, or undefined for anything outside it (no path traversal). */
function fileIn(dir: string, relativePath: string): string | undefined {
  const path = normalize(join(dir, decodeURIComponent(relativePath)));
  if (!path.startsWith(dir + sep)) return undefined;
  return existsSync(path) && statSync(path).isFile() ? path : undefined;
}

export interface PreviewOptions {
  port: number;
  dataDir: string;
  adminIds: string[];
  /** `https://api.github.com=http://127.0.0.1:9101,…`: git-host origins rewritten to local fakes. */
  egressMap?: string;
  /**
   * Storage read and write budgets in 10 KB units per minute; Forge's 4,000 when omitted. The bench
   * lifts them to seed catalogs of thousands of integrations in seconds.
   */
  storageUnitsPerMinute?: number;
}

export async function startPreview(options: PreviewOptions): Promise<{ url: string; close: () => Promise<void> }> {
  // @forge/api captures globalThis.fetch when it loads, so the rewrite goes in before the app is imported.
  if (options.egressMap) {
    globalThis.fetch = rewriteOrigins(globalThis.fetch, parseEgressMap(options.egressMap)) as typeof fetch;
  }
  const manifest = readManifest(ROOT);
  // Queries lag a little, as Forge's are eventually consistent, so a person trying the preview sees
  // the app stay right when a query answers from the store as it was a moment ago.
  const kvs = new KvsEmulator({
    entities: manifestEntities(manifest),
    queryLag: PREVIEW_QUERY_LAG,
    readUnitsPerMinute: options.storageUnitsPerMinute,
    writeUnitsPerMinute: options.storageUnitsPerMinute,
  });
  const store = persistKvs(kvs, options.dataDir);
  const admins = new Set(options.adminIds);
  const egress = new PreviewEgress(options.dataDir);
  installForgeRuntime(() => egress.domains());
  installForgeFetch({ kvs, products: jiraPermissionsDouble((accountId) => admins.has(accountId)).fetch });
  const modules = previewModules(manifest, ROOT);
  const handlers = new Map<string, ForgeResolverHandler>();
  for (const module of modules) {
    const [file, exportName] = module.handler.split('.') as [string, string];
    const entry = (await import(join(ROOT, 'src', `${file}.ts`))) as Record<string, ForgeResolverHandler>;
    const handler = entry[exportName];
    if (typeof handler !== 'function') throw new Error(`${module.handler} is not an exported function of src/${file}.ts`);
    handlers.set(module.key, handler);
  }

  if (store.fresh) {
    const { writeCatalog } = await import('../../src/storage/catalogStore');
    await writeCatalog(demoIntegrations());
    store.flush();
  }
  const theme = themeCss();
  const bridges = new Map(modules.map((module) => [module.key, bridgeScript(module)]));

  async function handleInvoke(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body: { moduleKey?: unknown; accountId?: unknown; functionKey?: unknown; payload?: unknown };
    try {
      body = JSON.parse(await readBody(request)) as typeof body;
    } catch {
      sendJson(response, 400, { message: 'The request body is not JSON.' });
      return;
    }
    const handler = typeof body.moduleKey === 'string' ? handlers.get(body.moduleKey) : undefined;
    if (!handler || typeof body.functionKey !== 'string' || typeof body.accountId !== 'string') {
      sendJson(response, 400, { message: 'moduleKey, functionKey and accountId are required.' });
      return;
    }
    try {
      const result = await invokeAsForge(handler, body.functionKey, body.payload, body.accountId, { moduleKey: body.moduleKey });
      store.flush();
      sendJson(response, 200, { result });
    } catch (error) {
      store.flush();
      sendJson(response, 500, { message: error instanceof Error ? error.message : 'The resolver failed.' });
    }
  }

  /** `permissions.egress.*` from the admin page's bridge; only site admins may change it, as in Forge. */
  async function handleEgress(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body: { accountId?: unknown };
    try {
      body = JSON.parse(await readBody(request)) as typeof body;
    } catch {
      sendJson(response, 400, { message: 'The request body is not JSON.' });
      return;
    }
    const operation = egressOperationSchema.safeParse(body);
    if (!operation.success) {
      sendJson(response, 400, { message: 'Not an egress operation.' });
      return;
    }
    if (operation.data.op !== 'get' && !(typeof body.accountId === 'string' && admins.has(body.accountId))) {
      sendJson(response, 403, { message: 'Only a site admin can change the app’s egress.' });
      return;
    }
    try {
      sendJson(response, 200, { result: egress.apply(operation.data) ?? null });
    } catch (error) {
      sendJson(response, 400, { message: error instanceof Error ? error.message : 'Refused.' });
    }
  }

  /** The weekly re-check on demand: a new pass that treats every token as due, so a revoked one turns red now. */
  async function handleRecheckJob(response: ServerResponse): Promise<void> {
    try {
      const { runWeeklyRecheck } = await import('../../src/recheck/weeklyRecheck');
      const run = await runWeeklyRecheck({ newPass: true, minAgeMs: 0 });
      store.flush();
      sendJson(response, 200, run);
    } catch (error) {
      store.flush();
      sendJson(response, 500, { message: error instanceof Error ? error.message : 'The job failed.' });
    }
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://preview.local');
    const path = url.pathname;
    if (request.method === 'POST' && path === '/__preview/invoke') {
      void handleInvoke(request, response);
      return;
    }
    if (request.method === 'POST' && path === '/__preview/egress') {
      void handleEgress(request, response);
      return;
    }
    if (request.method === 'POST' && path === '/__preview/jobs/token-recheck') {
      void handleRecheckJob(response);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendJson(response, 405, { message: 'Method not allowed' });
      return;
    }
    if (path === '/__preview/bridge.js') {
      const script = bridges.get(url.searchParams.get('module') ?? '');
      if (script) send(response, 200, CONTENT_TYPES['.js']!, script);
      else send(response, 404, 'text/plain', 'Unknown module');
      return;
    }
    if (path === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    if (path === '/__preview/theme.css') {
      send(response, 200, CONTENT_TYPES['.css']!, theme);
      return;
    }
    for (const module of modules) {
      if (path === module.route.replace(/\/$/, '') && module.route !== '/') {
        response.writeHead(302, { location: `${module.route}${url.search}` });
        response.end();
        return;
      }
      if (path === module.route) {
        send(response, 200, CONTENT_TYPES['.html']!, pageHtml(module), { 'content-security-policy': CONTENT_SECURITY_POLICY });
        return;
      }
    }
    const module = [...modules].sort((a, b) => b.route.length - a.route.length).find((candidate) => path.startsWith(candidate.route));
    const file = module && fileIn(module.buildDir, path.slice(module.route.length));
    if (file) send(response, 200, CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', readFileSync(file));
    else send(response, 404, 'text/plain', 'Not found');
  });

  await new Promise<void>((resolveListen) => server.listen(options.port, '127.0.0.1', resolveListen));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((resolveClose) => {
        store.flush();
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

async function main(): Promise<void> {
  const preview = await startPreview({
    port: Number(process.env.PORT ?? 8080),
    dataDir: resolve(process.env.PREVIEW_DATA_DIR ?? join(ROOT, '.preview-data')),
    adminIds: (process.env.PREVIEW_ADMIN_IDS ?? 'demo-admin')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
    egressMap: process.env.PREVIEW_EGRESS_MAP,
  });
  console.log(`Preview: ${preview.url}`);
  console.log(`  another user: ${preview.url}?accountId=another-user   dark theme: ${preview.url}?theme=dark`);
  console.log(`  admin page:   ${preview.url}admin/?accountId=demo-admin`);
  console.log(`  weekly token re-check now: curl -X POST ${preview.url}__preview/jobs/token-recheck`);
  const stop = () => void preview.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
