import { z } from 'zod';
import type { AdminResolvers } from '../contract';
import { integrationIdSchema, integrationInputSchema } from './integration';
import type { PayloadSchemas } from './payloads';

const revisionSchema = z
  .number({ error: 'Revision must be a number.' })
  .int('Revision must be a whole number.')
  .min(0, 'Revision must not be negative.');

export const adminPayloadSchemas = {
  getAdminPage: z.strictObject({}),
  saveIntegration: z.strictObject({ integration: integrationInputSchema, expectedRevision: revisionSchema }),
  getRemovalImpact: z.strictObject({ integrationId: integrationIdSchema }),
  removeIntegration: z.strictObject({ integrationId: integrationIdSchema, expectedRevision: revisionSchema }),
} satisfies PayloadSchemas<AdminResolvers>;
