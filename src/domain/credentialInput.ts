/**
 * From what a person typed in the dialog to the credential the integration's host takes: the fields each
 * kind needs, with messages that name the field in the host's own words.
 */
import { z } from 'zod';
import type { Credential } from './credential';
import { AppError } from './errors';
import { HOSTS, type HostType } from './hosts';

/** User names, emails and key IDs travel in HTTP headers: visible characters only, trimmed. */
export const accountSchema = z
  .string({ error: 'The user name must be text.' })
  .transform((value) => value.trim())
  .pipe(
    z
      .string()
      .min(1, 'Enter the user name, email or access key ID.')
      .max(254, 'The user name is longer than 254 characters.')
      .refine((value) => !/[\p{Cc}\p{Cf}\s]/u.test(value), 'The user name must not contain spaces or control characters.'),
  );

/** AWS Region codes such as `eu-west-1` or `us-gov-west-1` (https://docs.aws.amazon.com/general/latest/gr/rande.html). */
export const regionSchema = z
  .string({ error: 'The AWS Region must be text.' })
  .transform((value) => value.trim())
  .pipe(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'Enter an AWS Region code such as eu-west-1.'));

/** A long-term IAM access key ID (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids). */
const ACCESS_KEY_ID = /^AKIA[A-Z2-7]{16}$/;
/** 40 characters of base64's alphabet, as IAM issues them. */
const SECRET_ACCESS_KEY = /^[A-Za-z0-9/+]{40}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface CredentialInput {
  token: string;
  account?: string;
  region?: string;
}

function refuse(field: 'account' | 'token' | 'region', message: string): never {
  throw new AppError('INVALID_TOKEN', message, field);
}

/**
 * The credential for an integration of `hostType`, built from the validated payload fields.
 * Throws AppError INVALID_TOKEN (field `account`, `token` or `region`) when a field the host needs is
 * missing or malformed, or one it does not take is present.
 */
export function credentialFor(hostType: HostType, input: CredentialInput): Credential {
  const fields = HOSTS[hostType].credential;
  const name = HOSTS[hostType].name;
  if (fields.kind !== 'aws' && input.region !== undefined) refuse('region', `${name} takes no AWS Region.`);
  switch (fields.kind) {
    case 'token':
      if (input.account !== undefined) refuse('account', `${name} takes a token alone, without a user name.`);
      return { kind: 'token', token: input.token };
    case 'basic': {
      const username =
        input.account ?? refuse('account', `Enter your ${fields.usernameLabel}: ${name} checks the token only together with it.`);
      if (fields.usernameType === 'email' && !EMAIL.test(username))
        refuse('account', `Enter the ${fields.usernameLabel}, like name@example.com.`);
      // HTTP Basic separates user and password with the first colon (RFC 7617).
      if (username.includes(':')) refuse('account', `A ${fields.usernameLabel} cannot contain a colon.`);
      return { kind: 'basic', username, secret: input.token };
    }
    case 'aws': {
      const accessKeyId = input.account ?? refuse('account', 'Enter the access key ID (it starts with AKIA).');
      if (accessKeyId.startsWith('ASIA'))
        refuse(
          'account',
          'This is a temporary access key ID (ASIA…), which stops working within hours; create a long-term access key (AKIA…).',
        );
      if (!ACCESS_KEY_ID.test(accessKeyId)) refuse('account', 'An access key ID is AKIA followed by 16 capital letters and digits.');
      if (!SECRET_ACCESS_KEY.test(input.token)) refuse('token', 'A secret access key is 40 characters of letters, digits, "/" and "+".');
      return { kind: 'aws', accessKeyId, secretAccessKey: input.token, ...(input.region ? { region: input.region } : {}) };
    }
  }
}
