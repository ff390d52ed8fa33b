import fc from 'fast-check';
import { normalizeAzureOrganization } from '../../src/domain/azureOrganization';
import { integrationInputSchema } from '../../src/domain/integration';

const NAME_RULE =
  'Enter only the organization name, as in dev.azure.com/acme: English letters, digits and hyphens (not first or last), at most 50 characters.';

describe('Azure DevOps organizations as admins paste them', () => {
  it.each([
    ['acme', 'acme', []],
    ['  Acme-Corp ', 'Acme-Corp', []],
    ['a', 'a', []],
    ['a'.repeat(50), 'a'.repeat(50), []],
    // Case 2: the legacy host name, and every form of a dev.azure.com address.
    ['acme.visualstudio.com', 'acme', ['Took the organization name from acme.visualstudio.com.']],
    ['https://acme.visualstudio.com/', 'acme', ['Took the organization name from acme.visualstudio.com.']],
    [
      'https://acme.visualstudio.com/DefaultCollection/Project/_git/app',
      'acme',
      ['Took the organization name from acme.visualstudio.com.'],
    ],
    ['acme.vssps.visualstudio.com', 'acme', ['Took the organization name from acme.vssps.visualstudio.com.']],
    ['dev.azure.com/acme', 'acme', ['Took the organization name from dev.azure.com/acme.']],
    ['dev.azure.com/acme/', 'acme', ['Took the organization name from dev.azure.com/acme.']],
    ['https://dev.azure.com/acme', 'acme', ['Took the organization name from dev.azure.com/acme.']],
    ['https://dev.azure.com/acme/', 'acme', ['Took the organization name from dev.azure.com/acme.']],
    ['HTTPS://DEV.AZURE.COM/acme/Project/_git/app?path=/', 'acme', ['Took the organization name from dev.azure.com/acme.']],
    ['https://acme@dev.azure.com/acme/Project/_git/app', 'acme', ['Took the organization name from dev.azure.com/acme.']],
    ['https://vssps.dev.azure.com/acme/_apis/profile', 'acme', ['Took the organization name from vssps.dev.azure.com/acme.']],
    ['"acme"', 'acme', []],
    ['git@ssh.dev.azure.com:v3/acme/Project/app', 'acme', ['Took the organization name from the SSH clone address.']],
    ['acme@vs-ssh.visualstudio.com:v3/acme/Project/app', 'acme', ['Took the organization name from the SSH clone address.']],
  ])('%j is the organization %j', (input, organization, changes) => {
    expect(normalizeAzureOrganization(input)).toEqual({ ok: true, organization, changes });
  });

  it.each([
    ['', 'Azure DevOps needs an organization.'],
    ['acme_corp', NAME_RULE],
    ['-acme', NAME_RULE],
    ['acme-', NAME_RULE],
    ['acme corp', NAME_RULE],
    ['äcme', NAME_RULE],
    ['a'.repeat(51), NAME_RULE],
    [
      'acme.corp',
      `acme.corp is not an Azure DevOps Services address. ${NAME_RULE} For your own server, choose Azure DevOps Server as the host type.`,
    ],
    [
      'https://tfs.example.com/tfs/DefaultCollection',
      `tfs.example.com is not an Azure DevOps Services address. ${NAME_RULE} For your own server, choose Azure DevOps Server as the host type.`,
    ],
    ['https://dev.azure.com/', 'Add the organization: it is the first part after dev.azure.com/, as in dev.azure.com/acme.'],
    ['https://dev.azure.com/acme_corp', NAME_RULE],
    ['https://app.vssps.visualstudio.com', NAME_RULE],
    ['https://dev.azure.com/%E0%A4%A', NAME_RULE],
  ])('refuses %j', (input, reason) => {
    expect(normalizeAzureOrganization(input)).toEqual({ ok: false, reason });
  });

  it('never names a character Azure DevOps does not allow in its refusal', () => {
    expect(NAME_RULE).not.toMatch(/"[._]"|underscore|period|dot/);
  });
});

describe('the admin form and the server cannot disagree', () => {
  const pieces = fc.constantFrom(
    'https://',
    'acme',
    'Acme-2',
    '.visualstudio.com',
    'dev.azure.com/',
    '/',
    '_',
    '-',
    ' ',
    '"',
    'git@ssh.dev.azure.com:v3/',
    'user@',
    '.',
    'ä',
  );
  it('stores exactly what the form shows, or refuses with the same message; saving again changes nothing', () => {
    fc.assert(
      fc.property(
        fc.array(pieces, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')),
        (organization) => {
          const shown = normalizeAzureOrganization(organization);
          const parsed = integrationInputSchema.safeParse({ name: 'x', hostType: 'azure-devops', organization, requirePat: false });
          if (shown.ok) {
            expect(parsed.success && parsed.data.organization).toBe(shown.organization);
            expect(normalizeAzureOrganization(shown.organization)).toEqual({ ok: true, organization: shown.organization, changes: [] });
          } else {
            expect(parsed.error?.issues[0]?.message).toBe(shown.reason);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
