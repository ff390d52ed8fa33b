import { normalizeAzureOrganization } from '../../src/domain/azureOrganization';

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
    ['https://acme.visualstudio.com/DefaultCollection/Project/_git/app', 'acme', ['Took the organization name from acme.visualstudio.com.']],
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
    ['', 'Enter the organization name, as in dev.azure.com/acme.'],
    ['acme_corp', NAME_RULE],
    ['-acme', NAME_RULE],
    ['acme-', NAME_RULE],
    ['acme corp', NAME_RULE],
    ['äcme', NAME_RULE],
    ['a'.repeat(51), NAME_RULE],
    ['acme.corp', `acme.corp is not an Azure DevOps Services address. ${NAME_RULE} For your own server, choose Azure DevOps Server as the host type.`],
    ['https://tfs.example.com/tfs/DefaultCollection', `tfs.example.com is not an Azure DevOps Services address. ${NAME_RULE} For your own server, choose Azure DevOps Server as the host type.`],
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
