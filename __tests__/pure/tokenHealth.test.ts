import type { Integration, PatView, Verification } from '../../src/contract';
import { attentionItems, canRotate, countStatus, emptyCounts } from '../../src/domain/tokenHealth';

const NOW = new Date('2026-11-29T12:00:00Z');
const day = (days: number) => new Date(NOW.getTime() + days * 86_400_000).toISOString();
const integration = (id: string, hostType: Integration['hostType'], extra: Partial<Integration> = {}): Integration => ({
  id,
  name: id,
  hostType,
  requirePat: false,
  ...extra,
});
const pat = (integrationId: string, verification?: Omit<Verification, 'checkedAt'>): PatView => ({
  integrationId,
  hint: 'ABCD',
  createdAt: day(-30),
  updatedAt: day(-30),
  ...(verification ? { verification: { ...verification, checkedAt: day(-1) } } : {}),
});

const GITLAB = integration('gl', 'gitlab');
const SELF_MANAGED = integration('glsm', 'gitlab-self-managed', { baseUrl: 'https://git.example.com' });

describe('canRotate', () => {
  it.each([
    ['a GitLab.com token expiring in 20 days', GITLAB, { status: 'valid' as const, expiresAt: day(20) }, true],
    ['one flagged as expiring soon', GITLAB, { status: 'expires-soon' as const, expiresAt: day(3) }, true],
    ['one expiring in 60 days', GITLAB, { status: 'valid' as const, expiresAt: day(60) }, false],
    ['an expired or revoked one (GitLab refuses it)', GITLAB, { status: 'expired' as const }, false],
    ['one whose expiry has passed since its last check', GITLAB, { status: 'valid' as const, expiresAt: day(-1) }, false],
    [
      'a self-managed GitLab token whose server the app may not reach (only ever not verified)',
      SELF_MANAGED,
      { status: 'not-verified' as const },
      false,
    ],
    ['a self-managed GitLab token expiring soon', SELF_MANAGED, { status: 'expires-soon' as const, expiresAt: day(3) }, true],
    ['a GitHub token', integration('gh', 'github'), { status: 'expires-soon' as const, expiresAt: day(3) }, false],
  ])('%s: %s', (_name, target, verification, expected) => {
    expect(canRotate(target, pat(target.id, verification), NOW)).toBe(expected);
  });

  it('never without a PAT or a check', () => {
    expect(canRotate(GITLAB, undefined, NOW)).toBe(false);
    expect(canRotate(GITLAB, pat('gl'), NOW)).toBe(false);
  });
});

describe('attentionItems', () => {
  it('names expired, missing scopes, expiring within 7 days (also by date since the check) and required without a token, in catalog order', () => {
    const integrations = [
      integration('a', 'github', { requirePat: true }),
      integration('b', 'github'),
      GITLAB,
      integration('c', 'gitea'),
      integration('d', 'github'),
      integration('e', 'github'),
    ];
    const pats = new Map(
      [
        pat('b', { status: 'expired' }),
        pat('gl', { status: 'valid', expiresAt: day(5) }),
        pat('c', { status: 'missing-scopes', missingScopes: ['write:repository'] }),
        pat('d', { status: 'valid', expiresAt: day(-2) }),
        pat('e', { status: 'valid', expiresAt: day(40) }),
      ].map((each) => [each.integrationId, each]),
    );
    expect(attentionItems(integrations, pats, NOW).map(({ integration: { id }, reason, rotatable }) => [id, reason, rotatable])).toEqual([
      ['a', 'required-missing', false],
      ['b', 'expired', false],
      ['gl', 'expires-soon', true],
      ['c', 'missing-scopes', false],
      ['d', 'expired', false],
    ]);
  });
});

it('counts each credential once, in the bucket of its last check', () => {
  const counts = emptyCounts();
  for (const status of ['valid', 'valid', 'expires-soon', 'expired', 'missing-scopes', 'unreachable', 'not-verified', undefined] as const)
    countStatus(counts, status);
  expect(counts).toEqual({ holders: 8, valid: 2, expiresSoon: 1, expired: 1, missingScopes: 1, unverified: 3 });
});
