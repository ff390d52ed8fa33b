/**
 * Load driver for the local preview (`POST /__preview/invoke`): many users at once, each doing one
 * thing at a time, as people do. A user's PATs change only through that user's own calls, so every
 * answer can be predicted from what the user was told before: a lost write, another user's PAT
 * showing up or an invalid call that got through each becomes a reported problem.
 */
import type { ErrorCode, Integration, PatView, PersonalPageWire, ResolverResult } from '../../src/contract';
import { decodePersonalPage } from '../../src/domain/catalogWire';
import { seededRandom } from '../seededRandom';

export const PERSONAL_MODULE = 'git-pat-personal-settings';
const ADMIN_MODULE = 'git-pat-admin';
/** Every token the driver sends starts with this, so one is easy to recognise wherever it turns up. */
const TOKEN_PREFIX = 'ghp_load_';

/** integrationId → hint (last four characters) of the last token the server acknowledged. */
export type Hints = Map<string, string>;

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export interface Answer<T> {
  status: number;
  result?: ResolverResult<T>;
  ms: number;
}

export interface LoadClient {
  invoke<T>(moduleKey: string, accountId: string, functionKey: string, payload: unknown): Promise<Answer<T>>;
  /** Every response body, raw, for the token-leak check. */
  readonly bodies: string[];
}

export function createClient(url: string, requestTimeoutMs = 10_000): LoadClient {
  const bodies: string[] = [];
  return {
    bodies,
    async invoke<T>(moduleKey: string, accountId: string, functionKey: string, payload: unknown): Promise<Answer<T>> {
      const started = performance.now();
      const response = await fetch(new URL('__preview/invoke', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ moduleKey, accountId, functionKey, payload }),
        // A hung request fails the run instead of stalling it.
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      const body = await response.text();
      const ms = performance.now() - started;
      bodies.push(body);
      let result: ResolverResult<T> | undefined;
      try {
        result = (JSON.parse(body) as { result?: ResolverResult<T> }).result;
      } catch {
        result = undefined;
      }
      return { status: response.status, result, ms };
    },
  };
}

type Operation =
  | { kind: 'read' }
  | { kind: 'save'; integrationId: string; token: string }
  | { kind: 'remove'; integrationId: string }
  | { kind: 'invalid'; label: string; functionKey: string; payload: Record<string, unknown>; code: ErrorCode };

function describeOperation(operation: Operation): string {
  switch (operation.kind) {
    case 'read':
      return 'getPersonalPage';
    case 'save':
      return `savePat ${operation.integrationId}`;
    case 'remove':
      return `removePat ${operation.integrationId}`;
    case 'invalid':
      return `invalid call (${operation.label})`;
  }
}

/** Calls that must be refused with the given code; each would change something if it got through. */
function invalidOperation(
  random: () => number,
  token: string,
  otherUser: string,
  held: Hints,
  integrationIds: readonly string[],
): Operation {
  const integrationId = pick(random, integrationIds);
  const mine = held.size > 0 ? pick(random, [...held.keys()]) : integrationId;
  const invalid: Operation[] = [
    {
      kind: 'invalid',
      label: 'token with a space',
      functionKey: 'savePat',
      payload: { integrationId, token: `${token} x` },
      code: 'INVALID_TOKEN',
    },
    {
      kind: 'invalid',
      label: 'unknown integration',
      functionKey: 'savePat',
      payload: { integrationId: 'load-no-such-integration', token },
      code: 'UNKNOWN_INTEGRATION',
    },
    {
      kind: 'invalid',
      label: 'save naming another account',
      functionKey: 'savePat',
      payload: { integrationId, token, accountId: otherUser },
      code: 'INVALID_PAYLOAD',
    },
    {
      kind: 'invalid',
      label: 'remove naming another account',
      functionKey: 'removePat',
      payload: { integrationId: mine, accountId: otherUser },
      code: 'INVALID_PAYLOAD',
    },
    { kind: 'invalid', label: 'unknown resolver', functionKey: 'removeAllPats', payload: {}, code: 'UNKNOWN_RESOLVER' },
  ];
  return pick(random, invalid);
}

function randomSuffix(random: () => number): string {
  return Array.from({ length: 8 }, () => Math.floor(random() * 36).toString(36)).join('');
}

function nextOperation(
  random: () => number,
  user: string,
  n: number,
  otherUser: string,
  held: Hints,
  integrationIds: readonly string[],
): Operation {
  const token = `${TOKEN_PREFIX}${user}_${n}_${randomSuffix(random)}`;
  const roll = random();
  if (roll < 0.3) return { kind: 'read' };
  if (roll < 0.7) return { kind: 'save', integrationId: pick(random, integrationIds), token };
  // Mostly remove something held, so removes are acknowledged, not only refused as PAT_NOT_FOUND.
  if (roll < 0.92)
    return {
      kind: 'remove',
      integrationId: held.size > 0 && random() < 0.8 ? pick(random, [...held.keys()]) : pick(random, integrationIds),
    };
  return invalidOperation(random, token, otherUser, held, integrationIds);
}

/** `id=hint` pairs in id order: equal strings mean equal PAT sets, and a mismatch reads well. */
function formatHints(hints: ReadonlyMap<string, string>): string {
  return [...hints]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, hint]) => `${id}=${hint}`)
    .join(',');
}

function hintsOf(pats: readonly PatView[]): Hints {
  return new Map(pats.map((pat) => [pat.integrationId, pat.hint]));
}

function failure(answer: Answer<unknown>): string {
  if (!answer.result) return `HTTP ${answer.status} without a result`;
  return answer.result.ok ? 'succeeded' : `${answer.result.error.code}: ${answer.result.error.message}`;
}

interface Tally {
  saves: number;
  removes: number;
  /** Refused as predicted: the invalid calls and removes of a PAT the user does not hold. */
  refusals: number;
  latenciesMs: number[];
  tokens: string[];
  problems: string[];
}

/**
 * Sends one operation and checks the answer against `held` (what this user was told so far),
 * updating `held` only on an acknowledged save or remove. Answers with a problem, or undefined.
 */
async function perform(client: LoadClient, user: string, operation: Operation, held: Hints, tally: Tally): Promise<string | undefined> {
  switch (operation.kind) {
    case 'read': {
      const answer = await client.invoke<PersonalPageWire>(PERSONAL_MODULE, user, 'getPersonalPage', {});
      tally.latenciesMs.push(answer.ms);
      if (!answer.result?.ok) return failure(answer);
      const { pats } = decodePersonalPage(answer.result.value);
      const seen = formatHints(hintsOf(pats));
      return seen === formatHints(held) && pats.length === held.size ? undefined : `saw [${seen}], expected [${formatHints(held)}]`;
    }
    case 'save': {
      const { integrationId, token } = operation;
      tally.tokens.push(token);
      const answer = await client.invoke<PatView>(PERSONAL_MODULE, user, 'savePat', { integrationId, token });
      tally.latenciesMs.push(answer.ms);
      if (!answer.result?.ok) return failure(answer);
      const hint = token.slice(-4);
      held.set(integrationId, hint);
      tally.saves++;
      const { value } = answer.result;
      return value.integrationId === integrationId && value.hint === hint
        ? undefined
        : `acknowledged as ${value.integrationId} with hint ${value.hint}, expected ${hint}`;
    }
    case 'remove': {
      const { integrationId } = operation;
      const answer = await client.invoke<{ integrationId: string }>(PERSONAL_MODULE, user, 'removePat', { integrationId });
      tally.latenciesMs.push(answer.ms);
      if (held.has(integrationId)) {
        if (!answer.result?.ok) return failure(answer);
        held.delete(integrationId);
        tally.removes++;
        return undefined;
      }
      if (answer.result?.ok === false && answer.result.error.code === 'PAT_NOT_FOUND') {
        tally.refusals++;
        return undefined;
      }
      return `expected PAT_NOT_FOUND, got ${failure(answer)}`;
    }
    case 'invalid': {
      const { token } = operation.payload;
      if (typeof token === 'string') tally.tokens.push(token);
      const answer = await client.invoke(PERSONAL_MODULE, user, operation.functionKey, operation.payload);
      tally.latenciesMs.push(answer.ms);
      if (answer.result?.ok === false && answer.result.error.code === operation.code) {
        tally.refusals++;
        return undefined;
      }
      return `expected ${operation.code}, got ${failure(answer)}`;
    }
  }
}

export interface LoadOptions {
  users: number;
  opsPerUser: number;
  seed: number;
  /** The integrations users save PATs for. */
  integrationIds: readonly string[];
}

export interface LoadReport {
  operations: number;
  saves: number;
  removes: number;
  refusals: number;
  wallMs: number;
  p50Ms: number;
  p95Ms: number;
  /** Per account: what the server acknowledged last, so what it must show now. */
  expected: Map<string, Hints>;
  /** Every token sent, valid or not, for the leak check. */
  tokens: string[];
  /** Answers that differed from the prediction; empty when all is well. */
  problems: string[];
}

function userId(index: number): string {
  return `load-user-${String(index).padStart(2, '0')}`;
}

/** Nearest-rank percentile of an ascending list. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

/** Runs every user concurrently, each user's operations one after another. */
export async function runLoad(client: LoadClient, options: LoadOptions): Promise<LoadReport> {
  const tally: Tally = { saves: 0, removes: 0, refusals: 0, latenciesMs: [], tokens: [], problems: [] };
  const expected = new Map<string, Hints>();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.users }, async (_, index) => {
      const user = userId(index);
      // One generator per user: the operations do not depend on how the users interleave.
      const random = seededRandom(options.seed ^ Math.imul(index + 1, 0x9e3779b9));
      const held: Hints = new Map();
      expected.set(user, held);
      for (let n = 0; n < options.opsPerUser; n++) {
        const operation = nextOperation(random, user, n, userId((index + 1) % options.users), held, options.integrationIds);
        const problem = await perform(client, user, operation, held, tally).catch((error: unknown) =>
          error instanceof Error ? error.message : String(error),
        );
        if (problem) tally.problems.push(`${user} #${n} ${describeOperation(operation)}: ${problem}`);
      }
    }),
  );
  const wallMs = performance.now() - started;
  const sorted = [...tally.latenciesMs].sort((a, b) => a - b);
  return {
    operations: sorted.length,
    saves: tally.saves,
    removes: tally.removes,
    refusals: tally.refusals,
    wallMs,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    expected,
    tokens: tally.tokens,
    problems: tally.problems,
  };
}

/**
 * Reads the server's state back: each account's page must show exactly its expected PATs, the
 * integrations must be `integrations`, and the admin's count of holders per integration must match.
 */
export async function verifyState(
  client: LoadClient,
  expected: ReadonlyMap<string, Hints>,
  integrations: readonly Integration[],
  adminId: string,
): Promise<string[]> {
  const catalog = JSON.stringify(integrations);
  const pages = [...expected].map(async ([user, held]): Promise<string | undefined> => {
    const answer = await client.invoke<PersonalPageWire>(PERSONAL_MODULE, user, 'getPersonalPage', {});
    if (!answer.result?.ok) return `${user}: ${failure(answer)}`;
    const { pats, integrations: seen } = decodePersonalPage(answer.result.value);
    if (formatHints(hintsOf(pats)) !== formatHints(held) || pats.length !== held.size) {
      return `${user}: saw [${formatHints(hintsOf(pats))}], expected [${formatHints(held)}]`;
    }
    return JSON.stringify(seen) === catalog ? undefined : `${user}: the integrations changed`;
  });
  // Holder records are what removing an integration purges by; a stale or missing one is a lost write too.
  const holders = integrations.map(async ({ id }): Promise<string | undefined> => {
    const count = [...expected.values()].filter((held) => held.has(id)).length;
    const answer = await client.invoke<{ users: number }>(ADMIN_MODULE, adminId, 'getRemovalImpact', { integrationId: id });
    if (!answer.result?.ok) return `holders of ${id}: ${failure(answer)}`;
    return answer.result.value.users === count ? undefined : `holders of ${id}: ${answer.result.value.users}, expected ${count}`;
  });
  return (await Promise.all([...pages, ...holders])).filter((problem): problem is string => problem !== undefined);
}

/** The tokens that appear in any body. Every body is searched for every token: slow-ish, but exact. */
export function leakedTokens(bodies: readonly string[], tokens: readonly string[]): string[] {
  const all = bodies.join('\n');
  return tokens.filter((token) => all.includes(token));
}
