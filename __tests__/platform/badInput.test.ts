import { ERROR_CODES } from '../../src/contract';
import { demoIntegrations } from '../../tools/fixtures/integrations';
import { captureConsole, type LogLine } from '../support/captureConsole';
import { callPersonal, callAdmin, seedCatalog, useForge } from '../support/forge';

const forge = useForge();
const USER = '557058:bad-input-user';
const ADMIN = 'admin-1';
const SAVED_TOKEN = 'ghp_alreadySavedToken_0123456789SAVE';
const TOKEN = 'ghp_validLookingToken_0123456789ABCD';
const GOOD_INTEGRATION = { name: 'Acme GitLab', hostType: 'gitlab-self-managed', baseUrl: 'https://git.acme.example', requirePat: false };

type Case = [name: string, page: 'personal' | 'admin', functionKey: string, payload: unknown, code: (typeof ERROR_CODES)[number]];

const integration = (patch: Record<string, unknown>) => ({ integration: { ...GOOD_INTEGRATION, ...patch }, expectedRevision: 1 });

const CASES: Case[] = [
  ['empty token', 'personal', 'savePat', { integrationId: 'demo-github', token: '' }, 'INVALID_TOKEN'],
  ['whitespace-only token', 'personal', 'savePat', { integrationId: 'demo-github', token: ' \t\r\n ' }, 'INVALID_TOKEN'],
  ['10 KB token', 'personal', 'savePat', { integrationId: 'demo-github', token: 'x'.repeat(10 * 1024) }, 'INVALID_TOKEN'],
  ['token with a NUL', 'personal', 'savePat', { integrationId: 'demo-github', token: `${TOKEN}\u0000` + 'x' }, 'INVALID_TOKEN'],
  [
    'token with an escape character',
    'personal',
    'savePat',
    { integrationId: 'demo-github', token: `ghp_\u001b[31m${TOKEN}` },
    'INVALID_TOKEN',
  ],
  ['token with a newline inside', 'personal', 'savePat', { integrationId: 'demo-github', token: `ghp_abc\ndef` }, 'INVALID_TOKEN'],
  ['token with a tab inside', 'personal', 'savePat', { integrationId: 'demo-github', token: `ghp_abc\tdef` }, 'INVALID_TOKEN'],
  ['token with a zero-width space', 'personal', 'savePat', { integrationId: 'demo-github', token: `ghp_abc\u200bdef` }, 'INVALID_TOKEN'],
  ['token with smart quotes inside', 'personal', 'savePat', { integrationId: 'demo-github', token: 'ghp_“abc”def' }, 'INVALID_TOKEN'],
  ['numeric token', 'personal', 'savePat', { integrationId: 'demo-github', token: 1234567890 }, 'INVALID_TOKEN'],
  ['boolean token', 'personal', 'savePat', { integrationId: 'demo-github', token: true }, 'INVALID_TOKEN'],
  ['null token', 'personal', 'savePat', { integrationId: 'demo-github', token: null }, 'INVALID_TOKEN'],
  ['array token', 'personal', 'savePat', { integrationId: 'demo-github', token: [TOKEN] }, 'INVALID_TOKEN'],
  ['object token', 'personal', 'savePat', { integrationId: 'demo-github', token: { value: TOKEN } }, 'INVALID_TOKEN'],
  ['missing token', 'personal', 'savePat', { integrationId: 'demo-github' }, 'INVALID_TOKEN'],
  ['numeric account', 'personal', 'savePat', { integrationId: 'demo-bitbucket-cloud', token: TOKEN, account: 42 }, 'INVALID_TOKEN'],
  [
    'account with a line break',
    'personal',
    'savePat',
    { integrationId: 'demo-gerrit', token: TOKEN, account: 'ana\nadmin' },
    'INVALID_TOKEN',
  ],
  [
    '300-character account',
    'personal',
    'savePat',
    { integrationId: 'demo-bitbucket-cloud', token: TOKEN, account: `${'a'.repeat(290)}@example.com` },
    'INVALID_TOKEN',
  ],
  [
    'region that is not one',
    'personal',
    'savePat',
    { integrationId: 'demo-aws-codecommit', token: TOKEN, account: 'AKIAIOSFODNN7EXAMPLE', region: 'mars-1' },
    'INVALID_TOKEN',
  ],
  ['unknown integration id', 'personal', 'savePat', { integrationId: 'never-heard-of-it', token: TOKEN }, 'UNKNOWN_INTEGRATION'],
  ['path-like integration id', 'personal', 'savePat', { integrationId: '../demo-github', token: TOKEN }, 'INVALID_PAYLOAD'],
  ['key-injecting integration id', 'personal', 'savePat', { integrationId: 'demo-github#x', token: TOKEN }, 'INVALID_PAYLOAD'],
  ['upper-case integration id', 'personal', 'savePat', { integrationId: 'DEMO-GITHUB', token: TOKEN }, 'INVALID_PAYLOAD'],
  ['64-character integration id', 'personal', 'savePat', { integrationId: 'a'.repeat(64), token: TOKEN }, 'INVALID_PAYLOAD'],
  ['numeric integration id', 'personal', 'savePat', { integrationId: 42, token: TOKEN }, 'INVALID_PAYLOAD'],
  ['operator object as integration id', 'personal', 'savePat', { integrationId: { $gt: '' }, token: TOKEN }, 'INVALID_PAYLOAD'],
  ['accountId in a save', 'personal', 'savePat', { integrationId: 'demo-github', token: TOKEN, accountId: 'victim' }, 'INVALID_PAYLOAD'],
  ['unknown extra field', 'personal', 'savePat', { integrationId: 'demo-github', token: TOKEN, overwrite: true }, 'INVALID_PAYLOAD'],
  [
    '__proto__ key',
    'personal',
    'savePat',
    JSON.parse(`{"integrationId":"demo-github","token":"${TOKEN}","__proto__":{"admin":true}}`),
    'INVALID_PAYLOAD',
  ],
  [
    'constructor key',
    'personal',
    'savePat',
    { integrationId: 'demo-github', token: TOKEN, constructor: { prototype: { x: 1 } } },
    'INVALID_PAYLOAD',
  ],
  ['array payload', 'personal', 'savePat', [{ integrationId: 'demo-github', token: TOKEN }], 'INVALID_PAYLOAD'],
  ['string payload', 'personal', 'savePat', 'demo-github', 'INVALID_PAYLOAD'],
  ['nested payload', 'personal', 'savePat', { payload: { integrationId: 'demo-github', token: TOKEN } }, 'INVALID_PAYLOAD'],
  ['remove with accountId', 'personal', 'removePat', { integrationId: 'demo-github', accountId: 'victim' }, 'INVALID_PAYLOAD'],
  ['remove of an unknown integration', 'personal', 'removePat', { integrationId: 'never-heard-of-it' }, 'PAT_NOT_FOUND'],
  ['remove with a malformed id', 'personal', 'removePat', { integrationId: 'a/b' }, 'INVALID_PAYLOAD'],
  ['re-check without a saved PAT', 'personal', 'recheckPat', { integrationId: 'demo-gitlab' }, 'PAT_NOT_FOUND'],
  ['re-check with extra fields', 'personal', 'recheckPat', { integrationId: 'demo-github', token: TOKEN }, 'INVALID_PAYLOAD'],
  ['page load with accountId', 'personal', 'getPersonalPage', { accountId: 'victim' }, 'INVALID_PAYLOAD'],
  ['unknown resolver name', 'personal', 'getToken', { integrationId: 'demo-github' }, 'UNKNOWN_RESOLVER'],
  ['prototype resolver name', 'personal', '__proto__', {}, 'UNKNOWN_RESOLVER'],
  [
    'admin resolver on the personal function',
    'personal',
    'removeIntegration',
    { integrationId: 'demo-github', expectedRevision: 1 },
    'UNKNOWN_RESOLVER',
  ],
  ['oversized integration name', 'admin', 'saveIntegration', integration({ name: 'n'.repeat(101) }), 'INVALID_INTEGRATION'],
  ['name with control characters', 'admin', 'saveIntegration', integration({ name: 'Git\u0007Lab' }), 'INVALID_INTEGRATION'],
  [
    'javascript: base URL',
    'admin',
    'saveIntegration',
    integration({ baseUrl: 'javascript:alert(document.cookie)' }),
    'INVALID_INTEGRATION',
  ],
  ['data: base URL', 'admin', 'saveIntegration', integration({ baseUrl: 'data:text/html;base64,PHNjcmlwdD4=' }), 'INVALID_INTEGRATION'],
  ['http: base URL', 'admin', 'saveIntegration', integration({ baseUrl: 'http://git.acme.example' }), 'INVALID_INTEGRATION'],
  [
    'credential-bearing base URL',
    'admin',
    'saveIntegration',
    integration({ baseUrl: `https://oauth2:${TOKEN}@git.acme.example` }),
    'INVALID_INTEGRATION',
  ],
  ['ftp: base URL', 'admin', 'saveIntegration', integration({ baseUrl: 'ftp://git.acme.example' }), 'INVALID_INTEGRATION'],
  ['unknown host type', 'admin', 'saveIntegration', integration({ hostType: 'svn' }), 'INVALID_INTEGRATION'],
  ['host type that is an array', 'admin', 'saveIntegration', integration({ hostType: ['github'] }), 'INVALID_INTEGRATION'],
  ['accountId inside an integration', 'admin', 'saveIntegration', integration({ accountId: 'victim' }), 'INVALID_PAYLOAD'],
  ['negative revision', 'admin', 'saveIntegration', { integration: GOOD_INTEGRATION, expectedRevision: -1 }, 'INVALID_PAYLOAD'],
  ['fractional revision', 'admin', 'saveIntegration', { integration: GOOD_INTEGRATION, expectedRevision: 1.5 }, 'INVALID_PAYLOAD'],
  ['missing revision', 'admin', 'saveIntegration', { integration: GOOD_INTEGRATION }, 'INVALID_PAYLOAD'],
  ['stale revision', 'admin', 'saveIntegration', { integration: GOOD_INTEGRATION, expectedRevision: 0 }, 'CONFLICT'],
  [
    'removal of an unknown integration',
    'admin',
    'removeIntegration',
    { integrationId: 'never-heard-of-it', expectedRevision: 1 },
    'UNKNOWN_INTEGRATION',
  ],
  ['removal impact with extra fields', 'admin', 'getRemovalImpact', { integrationId: 'demo-github', force: true }, 'INVALID_PAYLOAD'],
  ['unknown admin resolver', 'admin', 'dropAll', {}, 'UNKNOWN_RESOLVER'],
];

let logged: LogLine[];

beforeEach(async () => {
  await seedCatalog(forge.kvs, demoIntegrations());
  await callPersonal('savePat', { integrationId: 'demo-github', token: SAVED_TOKEN }, USER);
  logged = captureConsole();
});

afterEach(() => {
  jest.restoreAllMocks();
});

test(`the table holds at least 40 distinct bad inputs (${CASES.length})`, () => {
  expect(new Set(CASES.map(([name]) => name)).size).toBe(CASES.length);
  expect(CASES.length).toBeGreaterThanOrEqual(40);
});

test.each(CASES)(
  '%s is refused with a typed error and storage stays byte for byte the same',
  async (_name, page, functionKey, payload, code) => {
    const before = forge.kvs.snapshot();
    const result = page === 'personal' ? await callPersonal(functionKey, payload, USER) : await callAdmin(functionKey, payload, ADMIN);
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code, message: expect.any(String) }) });
    expect(result.ok === false && result.error.message.length).toBeGreaterThan(10);
    expect(forge.kvs.snapshot()).toBe(before);
    const said = JSON.stringify(result) + logged.map(({ line }) => line).join('\n');
    expect(said).not.toContain(TOKEN);
    expect(said).not.toContain(SAVED_TOKEN);
  },
);
