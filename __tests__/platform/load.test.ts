/**
 * Issue 8, load: 50 people at once, each clicking through 20 personal-page actions against the
 * preview server, then checks that what the server acknowledged is exactly what it shows, to
 * each person only, across a restart, and that no answer ever carried a token.
 */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Integration, PersonalPageWire } from '../../src/contract';
import { decodePersonalPage } from '../../src/domain/catalogWire';
import { HOSTS } from '../../src/domain/hosts';
import { manifestBackendEgress } from '../../tools/manifest';
import {
  createClient,
  leakedTokens,
  PERSONAL_MODULE,
  runLoad,
  verifyState,
  type Hints,
  type LoadClient,
  type LoadReport,
} from '../../tools/load/loadRun';
import { removeDataDir, startPreviewProcess, type RunningPreview } from '../support/preview';

jest.setTimeout(60_000);

/** Where the run's numbers go (git-ignored): a test prints nothing. */
const REPORT = resolve(__dirname, '../../reports/load.txt');

const USERS = 50;
const OPS_PER_USER = 20;
const SEED = 8;
const ADMIN = 'load-admin';
/** Never acts: a PAT showing up on its page came from someone else. */
const BYSTANDER = 'load-bystander';

const running: RunningPreview[] = [];
const clients: LoadClient[] = [];
const dataDirs: string[] = [];
let env: Record<string, string>;
let first: { preview: RunningPreview; client: LoadClient };
let integrations: Integration[];
let report: LoadReport;
let expected: Map<string, Hints>;

/** A loopback port nothing listens on: cloud host checks are refused at once and never leave the machine. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Integrations that take a token alone: the load run saves generated tokens without an account. */
function tokenIntegrationIds(): string[] {
  return integrations.filter(({ hostType }) => HOSTS[hostType].credential.kind === 'token').map(({ id }) => id);
}

async function start(dataDir?: string): Promise<{ preview: RunningPreview; client: LoadClient }> {
  const preview = await startPreviewProcess(env, dataDir);
  running.push(preview);
  const client = createClient(preview.url);
  clients.push(client);
  return { preview, client };
}

beforeAll(async () => {
  const port = await closedPort();
  env = {
    PREVIEW_ADMIN_IDS: ADMIN,
    PREVIEW_EGRESS_MAP: manifestBackendEgress()
      .map((host) => `https://${host}=http://127.0.0.1:${port}`)
      .join(','),
  };
  first = await start();
  dataDirs.push(first.preview.dataDir);
  const page = await first.client.invoke<PersonalPageWire>(PERSONAL_MODULE, BYSTANDER, 'getPersonalPage', {});
  if (!page.result?.ok) throw new Error(`the preview did not answer getPersonalPage: ${JSON.stringify(page)}`);
  integrations = decodePersonalPage(page.result.value).integrations;
});

afterAll(async () => {
  await Promise.all(running.map((preview) => preview.stop()));
  for (const dir of dataDirs) removeDataDir(dir);
});

test(`${USERS} users × ${OPS_PER_USER} operations at once each get the answers their own earlier calls predict`, async () => {
  report = await runLoad(first.client, { users: USERS, opsPerUser: OPS_PER_USER, seed: SEED, integrationIds: tokenIntegrationIds() });
  expected = new Map([...report.expected, [BYSTANDER, new Map()]]);
  const { operations, saves, removes, refusals, wallMs, p50Ms, p95Ms } = report;
  mkdirSync(resolve(REPORT, '..'), { recursive: true });
  writeFileSync(
    REPORT,
    `load: ${operations} operations by ${USERS} users in ${Math.round(wallMs)} ms; ${saves} saves and ${removes} removes acknowledged, ` +
      `${refusals} refused as expected; latency p50 ${p50Ms.toFixed(1)} ms, p95 ${p95Ms.toFixed(1)} ms\n`,
  );
  expect(report.problems).toEqual([]);
  expect(operations).toBe(USERS * OPS_PER_USER);
  // The seeded mix must really exercise every kind of call, or the checks below prove little.
  expect(saves).toBeGreaterThan(100);
  expect(removes).toBeGreaterThan(50);
  expect(refusals).toBeGreaterThan(20);
});

test('afterwards each user reads exactly their acknowledged PATs, and nothing else changed', async () => {
  expect(await verifyState(first.client, expected, integrations, ADMIN)).toEqual([]);
});

test('acknowledged writes are on disk before the answer, and survive a restart', async () => {
  // Copied while the server still runs and before its shutdown flush: only the flush before each answer can have put them there.
  const snapshot = mkdtempSync(join(tmpdir(), 'load-snapshot-'));
  dataDirs.push(snapshot);
  cpSync(first.preview.dataDir, snapshot, { recursive: true });
  await first.preview.stop();
  const [restarted, fromSnapshot] = await Promise.all([start(first.preview.dataDir), start(snapshot)]);
  expect(await verifyState(restarted.client, expected, integrations, ADMIN)).toEqual([]);
  expect(await verifyState(fromSnapshot.client, expected, integrations, ADMIN)).toEqual([]);
});

test('no response body contains any token sent', () => {
  const bodies = clients.flatMap((client) => client.bodies);
  expect(bodies.length).toBeGreaterThan(USERS * OPS_PER_USER);
  expect(leakedTokens(bodies, report.tokens)).toEqual([]);
});
