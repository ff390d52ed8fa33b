import type { AdminResolvers } from '../../../src/contract';
import { resolverCaller } from '../../shared/callResolver';

/** Calls a resolver of the admin page. */
export const callAdmin = resolverCaller<AdminResolvers>();
