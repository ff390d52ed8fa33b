import type { PatStatus, Verification } from '../../src/contract';
import { patView, storedVerification, wireVerification, type StoredPat } from '../../src/storage/storedPat';

/** A PAT record's entry as saves have always written it: these names and values are what stored records hold. */
const STORED: StoredPat = {
  hint: 'wxyz',
  account: 'AKIAIOSFODNN7EXAMPLE',
  region: 'eu-west-1',
  createdAt: '2026-01-02T03:04:05.000Z',
  updatedAt: '2026-02-03T04:05:06.000Z',
  verification: {
    status: 'missing-scopes',
    checkedAt: '2026-02-03T04:05:07.000Z',
    login: 'octocat',
    avatarUrl: 'https://avatars.example/octocat',
    ssoUrl: 'https://github.com/orgs/acme/sso',
    scopes: ['read:user'],
    missingScopes: ['repo'],
    expiresAt: '2026-03-01T00:00:00.000Z',
    reason: 'The token lacks the repo scope.',
  },
  secretId: '0123456789abcdef',
};

const STATUSES: PatStatus[] = ['valid', 'expires-soon', 'expired', 'missing-scopes', 'sso-required', 'unreachable', 'not-verified'];

describe('a saved PAT as stored', () => {
  it('reads as the PAT the page receives: every field but the secret name, under its wire name', () => {
    const { secretId: _secretId, ...shown } = STORED;
    expect(patView('demo-github', STORED)).toEqual({ integrationId: 'demo-github', ...shown });
  });

  it('stores a verdict under the field names and values records already hold, and reads it back unchanged', () => {
    const verdict: Verification = { ...STORED.verification!, status: 'missing-scopes' };
    expect(JSON.parse(JSON.stringify(storedVerification(verdict)))).toEqual(STORED.verification);
    for (const status of STATUSES) {
      const each: Verification = { status, checkedAt: '2026-02-03T04:05:07.000Z' };
      expect(JSON.stringify(storedVerification(each))).toBe(`{"status":"${status}","checkedAt":"2026-02-03T04:05:07.000Z"}`);
      expect(wireVerification(storedVerification(each))).toEqual(each);
    }
  });

  it('leaves fields a verdict does not have out of the record, rather than storing them empty', () => {
    const stored = storedVerification({ status: 'valid', checkedAt: '2026-02-03T04:05:07.000Z', login: undefined });
    expect(Object.keys(stored)).toEqual(['status', 'checkedAt']);
    const { verification: _verification, ...unchecked } = STORED;
    expect(Object.keys(patView('demo-github', { ...unchecked, account: undefined }))).toEqual([
      'integrationId',
      'hint',
      'region',
      'createdAt',
      'updatedAt',
    ]);
  });
});
