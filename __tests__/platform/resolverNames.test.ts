/**
 * A resolver is named in three places: the contract's type, the schema map of its payloads and its implementation.
 * Leaving it out of any one of them fails the type check — `tsc -p .` compiles this file, and each
 * `@ts-expect-error` below fails it when its error goes away — and the handler answers exactly the schema map's names.
 */
import type { PersonalResolvers } from '../../src/contract';
import { adminPayloadSchemas } from '../../src/domain/adminPayloads';
import { UNKNOWN_RESOLVER_MESSAGE } from '../../src/domain/messages';
import { personalPayloadSchemas, type PayloadSchemas } from '../../src/domain/payloads';
import { adminHandler } from '../../src/resolvers/admin';
import { createPersonalHandler } from '../../src/resolvers/personal';
import { defineResolvers } from '../../src/resolvers/defineResolvers';
import { invokeAsForge } from '../../tools/forge-doubles/invokeAsForge';

type Schemas = typeof personalPayloadSchemas;
type ContractWithoutRecheck = Omit<PersonalResolvers, 'recheckPat'>;

const notCalled = (): Promise<never> => Promise.reject(new Error('not called by this test'));
const implementations = {
  getPersonalPage: notCalled,
  savePat: notCalled,
  removePat: notCalled,
  recheckPat: notCalled,
  rotatePat: notCalled,
};
const { recheckPat: _schema, ...schemasWithoutRecheck } = personalPayloadSchemas;
const { recheckPat: _implementation, ...implementationsWithoutRecheck } = implementations;

describe('resolver names', () => {
  it('type-check only when the contract, the schema map and the implementations name the same resolvers', () => {
    const complete = defineResolvers<PersonalResolvers, Schemas>(personalPayloadSchemas, implementations);
    // @ts-expect-error: recheckPat is gone from the contract, not from the schema map
    const noContract = defineResolvers<ContractWithoutRecheck, Schemas>(personalPayloadSchemas, implementationsWithoutRecheck);
    // @ts-expect-error: recheckPat is gone from the schema map
    const noSchema = defineResolvers<PersonalResolvers, typeof schemasWithoutRecheck>(schemasWithoutRecheck, implementations);
    // @ts-expect-error: recheckPat is gone from the implementations
    const noImplementation = defineResolvers<PersonalResolvers, Schemas>(personalPayloadSchemas, implementationsWithoutRecheck);
    // @ts-expect-error: the schema map misses a resolver of the contract
    const partialMap: PayloadSchemas<PersonalResolvers> = schemasWithoutRecheck;
    const exactMap: PayloadSchemas<ContractWithoutRecheck> = {
      ...schemasWithoutRecheck,
      // @ts-expect-error: the schema map names a resolver the contract does not have
      recheckPat: personalPayloadSchemas.recheckPat,
    };
    for (const built of [complete, noContract, noSchema, noImplementation]) expect(built).toBeInstanceOf(Function);
    expect(Object.keys(partialMap)).not.toContain('recheckPat');
    expect(Object.keys(exactMap)).toContain('recheckPat');
  });

  it.each([
    ['personal', createPersonalHandler(), Object.keys(personalPayloadSchemas)],
    ['admin', adminHandler, Object.keys(adminPayloadSchemas)],
  ])('the %s handler answers every name of its schema map, and only those', async (_page, handler, names) => {
    // Without a signed-in account a defined resolver refuses before it reads anything; an undefined one is unknown.
    for (const name of names) {
      expect(await invokeAsForge(handler, name, {}, undefined)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    }
    for (const name of ['recheckPats', 'toString', '__proto__']) {
      expect(await invokeAsForge(handler, name, {}, undefined)).toEqual({
        ok: false,
        error: { code: 'UNKNOWN_RESOLVER', message: UNKNOWN_RESOLVER_MESSAGE },
      });
    }
  });
});
