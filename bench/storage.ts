/**
 * Bench sections 1 and 2: what the personal page load costs in storage requests, against the naive
 * baseline, and how long the load, save and remove resolvers take when every KVS request takes
 * `latencyMs`. Everything runs the real handler (src/index.ts) as Forge calls it, over the real
 * @forge/kvs talking to the KVS emulator.
 */
import type { PatView, Verification } from '../src/contract';
import { integrationSchema, type Integration } from '../src/domain/integration';
import { chunkByBytes, jsonBytes } from '../src/storage/chunking';
import { handler } from '../src/index';
import { writeCatalog } from '../src/storage/catalogStore';
import { CATALOG_CHUNK_BYTES, ENTITY } from '../src/storage/keys';
import { kvs as forgeKvs } from '@forge/kvs';
import { savePat } from '../src/storage/patStore';
import { invokeAsForge, type ForgeResolverHandler } from '../tools/forge-doubles/invokeAsForge';
import { installForgeFetch } from '../tools/forge-doubles/forgeFetch';
import { KvsEmulator } from '../tools/forge-doubles/kvsEmulator';
import { manifestEntities } from '../tools/manifest';
import { credentialPayload } from '../tools/fixtures/credentials';
import { generatedIntegrations } from '../tools/fixtures/integrations';
import { naiveHandler, naiveKey } from './naive';
import { decodePersonalPage } from '../src/domain/catalogWire';
import type { PersonalPageWire } from '../src/contract';
import { summarize, type Summary } from './stats';

export const BENCH_ACCOUNT = '557058:bench-user';

export interface LoadCost {
  /** Resolver calls (bridge invokes) the page load makes. */
  invokes: number;
  /** KVS requests by operation: get, secret/get, query, set, … */
  requests: Record<string, number>;
  total: number;
  /** JSON the resolver answers, i.e. what the bridge carries back to the page. */
  responseBytes: number;
  /** Read units (10 KB each) the platform bills for the load, as the emulator counts them. */
  readUnits: number;
  /** The same page as plain JSON (`{ integrations, pats }` objects, as sent before the compact form). */
  plainBytes: number;
}

export interface StorageRow {
  n: number;
  held: number;
  app: LoadCost;
  naive: LoadCost;
  catalogChunks: number;
  /** Batch reads the catalog's chunks need (25 items per batch). */
  catalogBatchReads: number;
  largestValueBytes: number;
  largestValueKey: string;
  timings: { load: Summary; save: Summary; remove: Summary; naiveLoad: Summary };
}

export interface StorageOptions {
  sizes: readonly number[];
  latencyMs: number;
  reps: number;
  naiveReps: number;
}

/** Tokens as a git host issues them: long enough to show a hint. */
export function benchToken(integrationId: string): string {
  return `ghp_bench${integrationId.replace(/-/g, '')}${'x'.repeat(24)}`;
}

const SEEDED: Verification = { status: 'not-verified', checkedAt: '2025-01-01T00:00:00.000Z', reason: 'Seeded by the bench.' };

/** The catalog and PATs for 10% of it (every tenth integration, at most 100), written with the storage module, not timed. */
export async function seedSite(n: number, accountId: string): Promise<{ integrations: Integration[]; held: Integration[] }> {
  const integrations = generatedIntegrations(n);
  await writeCatalog(integrations);
  const held = integrations.filter((_, i) => i % 10 === 0).slice(0, 100);
  const now = new Date('2025-01-01T00:00:00.000Z');
  for (const integration of held) {
    const token = benchToken(integration.id);
    await savePat(accountId, integration.id, () => Promise.resolve({ credential: { kind: 'token', token }, verification: SEEDED }), now);
    await forgeKvs.setSecret(naiveKey(accountId, integration.id), token);
  }
  return { integrations, held };
}

interface Ok<T> {
  ok: true;
  value: T;
}

async function callOk<T>(target: ForgeResolverHandler, functionKey: string, payload: unknown): Promise<T> {
  const result = (await invokeAsForge(target, functionKey, payload, BENCH_ACCOUNT)) as Ok<T> | { ok: false; error: { message: string } };
  if (!result.ok) throw new Error(`${functionKey} failed: ${result.error.message}`);
  return result.value;
}

async function costOf(kvs: KvsEmulator, target: ForgeResolverHandler): Promise<{ cost: LoadCost; pats: string[] }> {
  kvs.resetCounts();
  const answer = await callOk<PersonalPageWire | { integrations: Integration[]; pats: Pick<PatView, 'integrationId'>[] }>(
    target,
    'getPersonalPage',
    {},
  );
  // The app answers the compact form, the naive baseline plain objects.
  const page = 'c' in answer ? decodePersonalPage(answer) : answer;
  const requests = Object.fromEntries([...kvs.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify({ ok: true, value }));
  return {
    cost: { invokes: 1, requests, total: kvs.count(), responseBytes: bytes(answer), plainBytes: bytes(page), readUnits: kvs.units.read },
    pats: page.pats.map((pat) => pat.integrationId).sort(),
  };
}

async function time(reps: number, run: (rep: number) => Promise<unknown>): Promise<Summary> {
  await run(-1); // warm-up, not counted
  const samples: number[] = [];
  for (let rep = 0; rep < reps; rep += 1) {
    const started = performance.now();
    await run(rep);
    samples.push(performance.now() - started);
  }
  return summarize(samples);
}

async function measureSize(n: number, options: StorageOptions): Promise<StorageRow> {
  // Seeding thousands of integrations would meet the per-minute rate budget; the bench counts units instead.
  const kvs = new KvsEmulator({ entities: manifestEntities(), readUnitsPerMinute: Infinity, writeUnitsPerMinute: Infinity });
  const uninstall = installForgeFetch({ kvs });
  try {
    const { integrations, held } = await seedSite(n, BENCH_ACCOUNT);
    const values = [ENTITY.catalog, ENTITY.catalogChunk, ENTITY.patRecord, ENTITY.patHolders].flatMap((entity) =>
      kvs
        .entityEntries(entity)
        .map(([key, value]) => ({ key: `${entity} ${key}`, bytes: Buffer.byteLength(JSON.stringify(value), 'utf8') })),
    );
    const largest = values.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    const catalogChunks = kvs.entityEntries(ENTITY.catalogChunk).length;

    const app = await costOf(kvs, handler);
    const naive = await costOf(kvs, naiveHandler);
    if (app.pats.join() !== naive.pats.join() || app.pats.length !== held.length) {
      throw new Error(`at N=${n} the app and the naive baseline disagree on which PATs exist`);
    }

    kvs.latencyMs = options.latencyMs;
    // Save then remove a PAT for integrations the user holds none for, so each rep starts from the same state.
    const free = integrations.filter((_, i) => i % 10 === 1);
    const pick = (rep: number) => free[(rep + 1) % free.length]!.id;
    const hostTypeOf = new Map(integrations.map((integration) => [integration.id, integration.hostType]));
    const load = await time(options.reps, () => callOk(handler, 'getPersonalPage', {}));
    const saveSamples: number[] = [];
    const removeSamples: number[] = [];
    for (let rep = -1; rep < options.reps; rep += 1) {
      const integrationId = pick(rep);
      let started = performance.now();
      // The fields that integration's host takes (an access key ID with the secret for CodeCommit, say).
      await callOk(handler, 'savePat', { integrationId, ...credentialPayload(hostTypeOf.get(integrationId)!, benchToken(integrationId)) });
      if (rep >= 0) saveSamples.push(performance.now() - started);
      started = performance.now();
      await callOk(handler, 'removePat', { integrationId });
      if (rep >= 0) removeSamples.push(performance.now() - started);
    }
    const naiveLoad = await time(options.naiveReps, () => callOk(naiveHandler, 'getPersonalPage', {}));

    return {
      n,
      held: held.length,
      app: app.cost,
      naive: naive.cost,
      catalogChunks,
      catalogBatchReads: Math.max(1, Math.ceil(catalogChunks / BATCH_ITEMS)),
      largestValueBytes: largest.bytes,
      largestValueKey: largest.key,
      timings: { load, save: summarize(saveSamples), remove: summarize(removeSamples), naiveLoad },
    };
  } finally {
    uninstall();
  }
}

export async function measureStorage(options: StorageOptions): Promise<StorageRow[]> {
  const rows: StorageRow[] = [];
  for (const n of options.sizes) rows.push(await measureSize(n, options));
  return rows;
}

/** Forge's batch operations take at most 25 items. */
const BATCH_ITEMS = 25;

export interface CatalogCapacity {
  /** Integrations whose chunks fit one batch read (25 chunks), so the load stays at 2 KVS requests. */
  fixture: { averageBytes: number; perBatchRead: number };
  /** The same for the largest integration the schema accepts (as stored, after its base URL is normalized). */
  largestValid: { bytes: number; perBatchRead: number };
}

function perBatchRead(items: readonly Integration[]): number {
  return chunkByBytes(items, CATALOG_CHUNK_BYTES)
    .slice(0, BATCH_ITEMS)
    .reduce((sum, chunk) => sum + chunk.length, 0);
}

/** How far the two-request load goes, with the bench's fixture and with the largest valid integration. */
export function catalogCapacity(): CatalogCapacity {
  const fixture = generatedIntegrations(40_000);
  const base = 'https://git.example.com/';
  // 100 three-byte characters of name; the longest base URL the schema keeps (500 characters once
  // normalized), made of a non-ASCII path that normalizing turns into %XX%XX%XX.
  const largest = integrationSchema.parse({
    id: 'x'.repeat(63),
    name: '€'.repeat(100),
    hostType: 'gitlab-self-managed',
    baseUrl: base + '€'.repeat(Math.floor((500 - base.length) / '%E2%82%AC'.length)),
    requirePat: true,
  });
  const many = Array.from({ length: 4000 }, () => largest);
  return {
    fixture: { averageBytes: Math.round(jsonBytes(fixture) / fixture.length), perBatchRead: perBatchRead(fixture) },
    largestValid: { bytes: jsonBytes(largest), perBatchRead: perBatchRead(many) },
  };
}
