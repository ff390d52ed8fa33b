import { z } from 'zod';
import { AppError } from '../../src/domain/errors';
import { parsePayload, personalPayloadSchemas } from '../../src/domain/payloads';
import { adminPayloadSchemas } from '../../src/domain/adminPayloads';

function refusal(schema: z.ZodType, payload: unknown): { code: string; message: string; field?: string } {
  try {
    parsePayload(schema, payload);
  } catch (error) {
    if (error instanceof AppError) return error.toBody();
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('payload refusals', () => {
  it('tells a missing field from a field of the wrong type', () => {
    expect(refusal(personalPayloadSchemas.savePat, { integrationId: 'demo-github' })).toEqual({
      code: 'INVALID_TOKEN',
      message: 'Field "token" is required.',
      field: 'token',
    });
    expect(refusal(personalPayloadSchemas.savePat, { integrationId: 'demo-github', token: 42 })).toEqual({
      code: 'INVALID_TOKEN',
      message: 'The token must be text.',
      field: 'token',
    });
  });

  it('names every unexpected field', () => {
    expect(refusal(personalPayloadSchemas.removePat, { integrationId: 'a', accountId: 'x', admin: true })).toEqual({
      code: 'INVALID_PAYLOAD',
      message: 'Unexpected fields: "accountId", "admin".',
    });
  });

  it('refuses anything but an object', () => {
    for (const payload of [null, 'text', 7, ['a']]) {
      expect(refusal(personalPayloadSchemas.getPersonalPage, payload).message).toBe('The request must be an object.');
    }
  });

  it('reports integration field problems with their own code and field', () => {
    expect(
      refusal(adminPayloadSchemas.saveIntegration, {
        integration: { name: 'x', hostType: 'gitea', baseUrl: 'http://git.example.com', requirePat: false },
        expectedRevision: 1,
      }),
    ).toEqual({ code: 'INVALID_INTEGRATION', message: 'Base URL must start with https://.', field: 'integration.baseUrl' });
  });
});
