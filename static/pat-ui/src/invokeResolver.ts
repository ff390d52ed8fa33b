import type { PersonalResolvers } from '../../../src/contract';
import { resolverInvoker } from '../../shared/resolverInvoker';

/** Invokes a resolver of the personal page through the bridge and answers its typed result; never throws. */
export const invokeResolver = resolverInvoker<PersonalResolvers>();
