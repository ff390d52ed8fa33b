/** `npm run dev` serves every resource's page on its tunnel port, with hot reload, and stops cleanly. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { manifestResources } from '../../tools/manifest';

const PROJECT_ROOT = resolve(__dirname, '../..');
const resources = manifestResources();

let dev: ChildProcess | undefined;
let output = '';

function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: 'localhost', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

async function waitUntil(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; npm run dev printed:\n${output}`);
    await sleep(100);
  }
}

const exited = (): boolean => dev !== undefined && (dev.exitCode !== null || dev.signalCode !== null);

/** Whether any process of the dev group (tsx and the node process it starts) is still alive. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

beforeAll(async () => {
  for (const { key, port } of resources) {
    if (await listening(port)) throw new Error(`port ${port} of resource ${key} is already in use: stop the other server first`);
  }
  // Its own process group, so afterAll can end tsx and its child together whatever happened.
  // As `npm run dev` runs it: tsx as a loader inside node, not tsx's wrapper process, whose signal relay
  // force-kills a child that is busy (e.g. Vite's first dependency scan) when Ctrl-C arrives.
  dev = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev.ts'], {
    cwd: PROJECT_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  dev.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  dev.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const started = () => resources.every(({ key, port, page }) => output.includes(`${key}: http://localhost:${port}/ (static/${page})\n`));
  await waitUntil('a line per resource', () => started() || exited(), 60_000);
  if (!started()) throw new Error(`npm run dev exited early:\n${output}`);
}, 70_000);

afterAll(() => {
  const pid = dev?.pid;
  if (pid !== undefined && groupAlive(pid)) process.kill(-pid, 'SIGKILL');
});

describe('npm run dev', () => {
  it.each(resources)('serves the page of $key on port $port with hot reload', async ({ page, port }) => {
    const response = await fetch(`http://localhost:${port}/`);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('<div id="root">');
    expect(html).toMatch(/<script\b[^>]*\ssrc=/);
    // The HMR client and @vitejs/plugin-react's refresh runtime: edits show up without a rebuild.
    expect(html).toContain('/@vite/client');
    expect(html).toContain('/@react-refresh');
    // The page's own index.html (the one the production build starts from), served as written.
    const source = readFileSync(join(PROJECT_ROOT, 'static', page, 'index.html'), 'utf8');
    expect(html).toContain(/<body[\s\S]*<\/body>/.exec(source)?.[0] ?? source);
    // The entry module compiles on demand (this waits for Vite's first dependency scan, as a browser would).
    const entry = await fetch(`http://localhost:${port}/src/main.tsx`);
    expect(entry.status).toBe(200);
    expect(await entry.text()).toContain('createRoot');
  });

  it('stops every server on Ctrl-C and leaves no process behind', async () => {
    const pid = dev?.pid;
    if (pid === undefined) throw new Error('npm run dev did not start');
    // What a terminal does on Ctrl-C: SIGINT to the whole foreground group.
    process.kill(-pid, 'SIGINT');
    await waitUntil('npm run dev to exit', exited, 15_000);
    expect(dev?.exitCode).toBe(0);
    for (const { port } of resources) expect(await listening(port)).toBe(false);
    await waitUntil('the dev process group to end', () => !groupAlive(pid), 5_000);
  }, 30_000);
});
