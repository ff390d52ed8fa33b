import fc from 'fast-check';
import { decodeCatalog, decodePersonalPage, encodeCatalog, encodePersonalPage } from '../../src/domain/catalogWire';
import type { CatalogWire, PersonalPageWire } from '../../src/contract';
import { HOST_TYPES, HOSTS } from '../../src/domain/hosts';
import type { Integration } from '../../src/domain/integration';
import { demoIntegrations, generatedIntegrations } from '../../tools/fixtures/integrations';

const integration: fc.Arbitrary<Integration> = fc
  .record({
    id: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/),
    name: fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }),
    hostType: fc.constantFrom(...HOST_TYPES),
    path: fc.constantFrom('', '/gitlab', '/scm/x://y', ':8443/tfs'),
    organization: fc.string({ minLength: 1, maxLength: 10 }),
    requirePat: fc.boolean(),
  })
  .map(({ path, organization, ...rest }) => {
    const host = HOSTS[rest.hostType];
    return {
      ...rest,
      ...(host.deployment === 'self-hosted' ? { baseUrl: `https://git.example.com${path}` } : {}),
      ...(host.needsOrganization ? { organization } : {}),
    };
  });

describe('the compact catalog the personal page receives', () => {
  it('gives back every integration, field by field and in order', () => {
    fc.assert(
      fc.property(fc.array(integration, { maxLength: 30 }), (integrations) => {
        expect(decodeCatalog(JSON.parse(JSON.stringify(encodeCatalog(integrations))) as CatalogWire)).toEqual(integrations);
      }),
    );
    expect(decodeCatalog(encodeCatalog(demoIntegrations()))).toEqual(demoIntegrations());
  });

  it('is at most 0.7 of the plain JSON of the same page at every catalog size', () => {
    const pat = (integrationId: string) => ({
      integrationId,
      hint: 'WXYZ',
      createdAt: '2026-11-25T15:05:06.000Z',
      updatedAt: '2026-11-25T15:05:06.000Z',
      verification: { status: 'not-verified' as const, checkedAt: '2026-11-25T15:05:06.000Z' },
    });
    for (const n of [10, 100, 2000, 10_000]) {
      const integrations = generatedIntegrations(n);
      const pats = integrations.filter((_, i) => i % 10 === 0).map((each) => pat(each.id));
      const plain = Buffer.byteLength(JSON.stringify({ ok: true, value: { integrations, pats } }));
      const wire = encodePersonalPage(integrations, pats);
      const compact = Buffer.byteLength(JSON.stringify({ ok: true, value: wire }));
      expect(compact / plain).toBeLessThanOrEqual(0.7);
      expect(decodePersonalPage(JSON.parse(JSON.stringify(wire)) as PersonalPageWire)).toEqual({ integrations, pats });
    }
  });

  it('leaves out a PAT whose integration is no longer in the catalog', () => {
    const integrations = demoIntegrations();
    const pat = { integrationId: integrations[1]!.id, hint: 'AAAA', createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-02T00:00:00Z' };
    const gone = { ...pat, integrationId: 'removed-meanwhile' };
    expect(decodePersonalPage(encodePersonalPage(integrations, [gone, pat])).pats).toEqual([pat]);
  });

  it('is an empty catalog for a site without integrations', () => {
    expect(decodeCatalog(encodeCatalog([]))).toEqual([]);
    expect(encodeCatalog([])).toEqual({ t: [], i: [], n: [], h: [], r: [] });
  });
});
