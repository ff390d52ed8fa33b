/**
 * What the resolvers write to the log (Forge keeps console output as the app's logs): for each
 * failing call one line with the call's reference, the resolver and the error code, the same
 * reference the user is shown; retries log the storage code only. Never a token, an account id,
 * a storage key or a payload, whatever the input or the failure.
 */
import type { ResolverResult } from '../../src/contract';
import { DEFAULT_RETRY_POLICY, setRetryPolicy } from '../../src/storage/reliableKvs';
import type { Fault } from '../../tools/forge-doubles/kvsEmulator';
import { demoIntegrations } from '../../tools/fixtures/integrations';
import { captureConsole, type LogLine } from '../support/captureConsole';
import { callPersonal, callAdmin, seedCatalog, useForge } from '../support/forge';

const forge = useForge();
const USER = '557058:logging-user';
const ADMIN = 'admin-1';
const SAVED_TOKEN = 'ghp_SavedTokenNeverLogged_0123456789';
const TOKEN = 'ghp_PastedTokenNeverLogged_9876543210';
const BOUND = DEFAULT_RETRY_POLICY.attempts;

let logged: LogLine[];

beforeAll(() => setRetryPolicy({ ...DEFAULT_RETRY_POLICY, requestTimeoutMs: 20, baseDelayMs: 1, maxDelayMs: 4 }));
afterAll(() => setRetryPolicy(DEFAULT_RETRY_POLICY));

beforeEach(async () => {
  await seedCatalog(forge.kvs, demoIntegrations());
  await callPersonal('savePat', { integrationId: 'demo-github', token: SAVED_TOKEN }, USER);
  logged = captureConsole();
});

afterEach(() => {
  jest.restoreAllMocks();
});

function refOf(result: ResolverResult<unknown>): string {
  const ref = !result.ok && /\(ref ([0-9a-f]{8})\)$/.exec(result.error.message)?.[1];
  if (!ref) throw new Error(`No reference in ${JSON.stringify(result)}`);
  return ref;
}

/** Nothing that identifies a token, a person or a stored value reaches the log. */
function expectCleanLog(): void {
  const text = logged.map(({ line }) => line).join('\n');
  for (const secret of [TOKEN, SAVED_TOKEN, TOKEN.slice(4, -4), SAVED_TOKEN.slice(4, -4), USER, 'token#', 'chunk-', 'demo-github#']) {
    expect(text).not.toContain(secret);
  }
}

type Case = [name: string, page: 'personal' | 'admin', functionKey: string, payload: unknown, faults: Fault[], logged: RegExp];

const STORAGE_CASES: Case[] = [
  [
    'page load, rate limited',
    'personal',
    'getPersonalPage',
    {},
    [{ kind: 'rate-limit', operation: 'batch/get', times: 2 * BOUND }],
    /storage RATE_LIMIT_EXCEEDED \(HTTP 429\)$/,
  ],
  [
    'save, secret write failing',
    'personal',
    'savePat',
    { integrationId: 'demo-gitlab', token: TOKEN },
    [{ kind: 'server-error', operation: 'secret/set', times: BOUND }],
    /storage INTERNAL_SERVER_ERROR \(HTTP 500\)$/,
  ],
  [
    'replace, record write hanging',
    'personal',
    'savePat',
    { integrationId: 'demo-github', token: TOKEN },
    [{ kind: 'hang', operation: 'transaction', times: 10 * BOUND }],
    /storage TIMEOUT$/,
  ],
  [
    'removal, record write failing',
    'personal',
    'removePat',
    { integrationId: 'demo-github' },
    [{ kind: 'server-error', operation: 'transaction', times: BOUND }],
    /storage INTERNAL_SERVER_ERROR \(HTTP 500\)$/,
  ],
  [
    're-check, token read failing',
    'personal',
    'recheckPat',
    { integrationId: 'demo-github' },
    [{ kind: 'server-error', operation: 'secret/get', times: BOUND }],
    /storage INTERNAL_SERVER_ERROR \(HTTP 500\)$/,
  ],
  [
    'integration save, catalog write failing',
    'admin',
    'saveIntegration',
    { integration: { name: 'Acme', hostType: 'github', requirePat: false }, expectedRevision: 1 },
    [{ kind: 'server-error', operation: 'transaction', times: BOUND }],
    /storage INTERNAL_SERVER_ERROR \(HTTP 500\)$/,
  ],
  [
    'integration removal, catalog read rate limited',
    'admin',
    'removeIntegration',
    { integrationId: 'demo-github', expectedRevision: 1 },
    [{ kind: 'rate-limit', operation: 'batch/get', times: BOUND }],
    /storage RATE_LIMIT_EXCEEDED \(HTTP 429\)$/,
  ],
];

describe('a call that fails on storage', () => {
  it.each(STORAGE_CASES)(
    '%s: logs its reference, resolver and code, as the user is told',
    async (_name, page, functionKey, payload, faults, expected) => {
      for (const fault of faults) forge.kvs.injectFault(fault);
      const result = page === 'personal' ? await callPersonal(functionKey, payload, USER) : await callAdmin(functionKey, payload, ADMIN);
      expect(result).toMatchObject({ ok: false, error: { code: 'STORAGE_UNAVAILABLE' } });
      const ref = refOf(result);

      const failures = logged.filter(({ line }) => line.startsWith(`[${ref}] ${functionKey} failed:`));
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ level: 'error', line: expect.stringMatching(expected) });
      // Every line of the call carries its reference; retries are warnings with the storage code only.
      const retries = logged.filter(({ line }) => / retry \d of \d$/.test(line));
      expect(retries.length).toBeGreaterThan(0);
      for (const retry of retries) {
        expect(retry).toMatchObject({
          level: 'warn',
          line: expect.stringMatching(new RegExp(`^\\[${ref}\\] storage [a-z/]+ [A-Z_]+( \\(HTTP \\d{3}\\))?: retry \\d of ${BOUND - 1}$`)),
        });
      }
      expect(logged.every(({ line }) => line.startsWith(`[${ref}] `))).toBe(true);
      expectCleanLog();
    },
  );

  it('gives every call its own reference', async () => {
    forge.kvs.injectFault({ kind: 'server-error', operation: 'batch/get', times: 10 * BOUND });
    const first = refOf(await callPersonal('getPersonalPage', {}, USER));
    const second = refOf(await callPersonal('getPersonalPage', {}, USER));
    expect(first).not.toBe(second);
    expect(logged.filter(({ line }) => line.includes('failed:')).map(({ line }) => line.slice(1, 9))).toEqual([first, second]);
  });
});

describe('a removal whose purge fails', () => {
  it('answers that the integration is removed, and logs a warning with its reference and the storage code only', async () => {
    forge.kvs.injectFault({ kind: 'rate-limit', operation: 'secret/delete', times: BOUND });
    const result = await callAdmin('removeIntegration', { integrationId: 'demo-github', expectedRevision: 1 }, ADMIN);
    expect(result).toMatchObject({ ok: true, value: { purgeFinished: true } });
    forge.kvs.injectFault({ kind: 'server-error', operation: 'batch/get', times: 10 * BOUND });
    const secondRemoval = await callAdmin('removeIntegration', { integrationId: 'demo-gitlab', expectedRevision: 2 }, ADMIN);
    expect(secondRemoval).toMatchObject({ ok: false, error: { code: 'STORAGE_UNAVAILABLE' } });
    forge.kvs.clearFaults();

    // The first removal's best-effort secret deletion failed and was logged as a warning, code only.
    const warnings = logged.filter(({ level, line }) => level === 'warn' && / failed: /.test(line));
    expect(warnings).toContainEqual({
      level: 'warn',
      line: expect.stringMatching(/^\[[0-9a-f]{8}\] storage removed secret failed: RATE_LIMIT_EXCEEDED \(HTTP 429\)$/),
    });
    expectCleanLog();
  });
});

describe('a call that fails otherwise', () => {
  it('logs the error’s kind, never its message, and shows the reference', async () => {
    // A transport that breaks with a message quoting what it was sent.
    const handle = forge.kvs.handle.bind(forge.kvs);
    forge.kvs.handle = async (path, init) => {
      if (path.endsWith('/secret/set')) throw new TypeError(`socket closed while sending ${init?.body as string}`);
      return handle(path, init);
    };
    const result = await callPersonal('savePat', { integrationId: 'demo-gitlab', token: TOKEN }, USER);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    const ref = refOf(result);
    expect(logged).toContainEqual({ level: 'error', line: `[${ref}] savePat failed: TypeError` });
    expectCleanLog();
  });
});

const BAD_INPUTS: [name: string, page: 'personal' | 'admin', functionKey: string, payload: unknown, code: string][] = [
  ['token with a space', 'personal', 'savePat', { integrationId: 'demo-github', token: `${TOKEN} x` }, 'INVALID_TOKEN'],
  ['token with a control character', 'personal', 'savePat', { integrationId: 'demo-github', token: `${TOKEN}\u0007` }, 'INVALID_TOKEN'],
  [
    'token for an unknown integration',
    'personal',
    'savePat',
    { integrationId: 'no-such-integration', token: TOKEN },
    'UNKNOWN_INTEGRATION',
  ],
  ['token with an extra field', 'personal', 'savePat', { integrationId: 'demo-github', token: TOKEN, accountId: USER }, 'INVALID_PAYLOAD'],
  ['token as the whole payload', 'personal', 'savePat', TOKEN, 'INVALID_PAYLOAD'],
  ['token as a resolver name', 'personal', TOKEN, {}, 'UNKNOWN_RESOLVER'],
  [
    'token in a base URL',
    'admin',
    'saveIntegration',
    {
      integration: {
        name: 'Acme',
        hostType: 'gitlab-self-managed',
        baseUrl: `https://oauth2:${TOKEN}@git.acme.example`,
        requirePat: false,
      },
      expectedRevision: 1,
    },
    'INVALID_INTEGRATION',
  ],
  [
    'token as an integration name',
    'admin',
    'saveIntegration',
    { integration: { name: TOKEN, hostType: 'github', requirePat: false }, expectedRevision: 0 },
    'CONFLICT',
  ],
];

describe('a refused input', () => {
  it.each(BAD_INPUTS)('%s: logs the resolver and the code only', async (_name, page, functionKey, payload, code) => {
    const result = page === 'personal' ? await callPersonal(functionKey, payload, USER) : await callAdmin(functionKey, payload, ADMIN);
    expect(result).toMatchObject({ ok: false, error: { code } });
    expect(logged).toHaveLength(1);
    const name = code === 'UNKNOWN_RESOLVER' ? 'unknown resolver' : functionKey;
    expect(logged[0]).toMatchObject({
      level: 'debug',
      line: expect.stringMatching(new RegExp(`^\\[[0-9a-f]{8}\\] ${name} refused: ${code}$`)),
    });
    expectCleanLog();
  });
});
