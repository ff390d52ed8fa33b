/**
 * `npm run dev`: a Vite dev server with hot reload for every Custom UI resource of manifest.yml, each on
 * the resource's `tunnel.port`, where `forge tunnel` looks for it in place of the deployed build.
 */
import { createServer, type ViteDevServer } from 'vite';
import { manifestResources } from '../tools/manifest';
import { pageConfig } from './viteConfig';

const servers: ViteDevServer[] = [];
let stopping: Promise<void> | undefined;

/** Idempotent: a terminal's Ctrl-C and Vite's own SIGTERM handling may both ask. */
function stopAll(): Promise<void> {
  stopping ??= Promise.allSettled(servers.map((server) => server.close())).then(() => undefined);
  return stopping;
}

function onSignal(): void {
  // A requested stop is a success; `??=` in Vite's own SIGTERM handler keeps this code.
  process.exitCode = 0;
  void stopAll().then(() => process.exit());
  // A server whose optimizer lost esbuild mid-run may never finish closing; the ports close with the process.
  setTimeout(() => process.exit(), 3000).unref();
}

/**
 * Ctrl-C reaches esbuild's service too (same process group) and may stop it before this process
 * sees the signal; Vite's background dependency optimization then rejects. That is a shutdown.
 */
function onUnhandledRejection(reason: unknown): void {
  if (reason instanceof Error && reason.message.includes('The service was stopped')) {
    onSignal();
    return;
  }
  console.error(reason);
  process.exit(1);
}

async function main(): Promise<void> {
  process.on('unhandledRejection', onUnhandledRejection);
  // `on`, not `once`: a second signal would otherwise kill the process before the servers are closed.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  for (const { key, page, port } of manifestResources()) {
    const server = await createServer({
      ...pageConfig(page),
      // forge tunnel connects to localhost; a busy port must fail rather than move to a port the tunnel never tries.
      server: { host: 'localhost', port, strictPort: true },
    });
    servers.push(server);
    await server.listen();
    console.log(`${key}: http://localhost:${port}/ (static/${page})`);
  }
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  await stopAll();
  process.exit(1);
});
