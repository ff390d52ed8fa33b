import type { AdminResolvers } from '../../../src/contract';
import { resolverInvoker } from '../../shared/resolverInvoker';

/** Invokes a resolver of the admin page through the bridge and answers its typed result; never throws. */
export const invokeResolver = resolverInvoker<AdminResolvers>();
