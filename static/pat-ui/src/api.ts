import type { PersonalResolvers } from '../../../src/contract';
import { resolverCaller } from '../../shared/callResolver';

/** Calls a resolver of the personal page. */
export const callResolver = resolverCaller<PersonalResolvers>();
