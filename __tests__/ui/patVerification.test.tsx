import { backend, gitHosts, jira, USER, type SeededPat } from '../support/uiBackend';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Verification } from '../../src/contract';
import { DEFAULT_RETRY_POLICY } from '../../src/storage/reliableKvs';
import { REJECTED_REASON as REJECTED } from '../../src/hostChecks/outcomes';
import { App } from '../../static/pat-ui/src/App';
import { demoIntegrations } from '../../tools/fixtures/integrations';
import { captureConsole } from '../support/captureConsole';
import { expectStorageLog, FAULT_CODES } from '../support/storageLog';

const CHECKED = '2026-11-25T09:30:00Z';
const NOT_VERIFIED_REASON = 'Your Jira admin has not allowed token checks to git.example.com yet, so the token was saved without a check.';
const UNREACHABLE_REASON = 'GitHub did not answer in time. The token was saved; check it again later.';

function pat(integrationId: string, verification?: Omit<Verification, 'checkedAt'>): SeededPat {
  return {
    integrationId,
    hint: 'WXYZ',
    savedAt: '2026-11-01T00:00:00Z',
    ...(verification ? { verification: { ...verification, checkedAt: CHECKED } } : {}),
  };
}

function rowOf(name: string): HTMLElement {
  return screen.getByText(name, { selector: 'span' }).closest('tr')!;
}

async function renderLoaded(pats: SeededPat[] = []) {
  await backend.reset('personal', demoIntegrations());
  for (const seeded of pats) await backend.seedPat(seeded);
  const user = userEvent.setup();
  render(<App />);
  await screen.findByRole('table', { name: 'Git integrations' });
  return user;
}

async function openDialog(user: ReturnType<typeof userEvent.setup>, name: string): Promise<HTMLElement> {
  await user.click(screen.getByRole('button', { name: new RegExp(`^(Edit|Setup) your PAT for ${name.replace(/[()]/g, '\\$&')}$`) }));
  return screen.findByRole('dialog');
}

describe('the state of a saved PAT on its row', () => {
  it.each<[string, string, Omit<Verification, 'checkedAt'>, string, string | undefined]>([
    [
      'valid, with account and expiry',
      'GitHub',
      { status: 'valid', login: 'octocat', expiresAt: '2026-12-31T00:00:00.000Z' },
      'Valid',
      'as @octocat · expires on Dec 31, 2026',
    ],
    ['valid, never expiring', 'Codeberg (Forgejo)', { status: 'valid', login: 'yui' }, 'Valid', 'as @yui'],
    ['valid, named by email', 'Azure DevOps (acme)', { status: 'valid', login: 'ada@example.com' }, 'Valid', 'as ada@example.com'],
    [
      'expiring soon',
      'GitLab.com',
      { status: 'expires-soon', login: 'ada', expiresAt: '2026-11-28T00:00:00.000Z' },
      'Expires soon',
      'as @ada · expires on Nov 28, 2026',
    ],
    [
      'missing scopes',
      'GitHub',
      { status: 'missing-scopes', login: 'octocat', missingScopes: ['repo'], reason: 'The token needs `repo`.' },
      'Missing scopes',
      'needs repo',
    ],
  ])('%s', async (_case, name, verification, label, detail) => {
    const integration = demoIntegrations().find((each) => each.name === name)!;
    await renderLoaded([pat(integration.id, verification)]);
    const row = rowOf(name);
    expect(within(row).getByText(label)).toBeInTheDocument();
    if (detail) expect(within(row).getByText(detail)).toBeInTheDocument();
  });

  it.each<[string, string, Omit<Verification, 'checkedAt'>, string]>([
    ['expired or revoked', 'GitHub', { status: 'expired', reason: REJECTED }, 'Expired or revoked'],
    ['host unreachable', 'GitHub', { status: 'unreachable', reason: UNREACHABLE_REASON }, 'Host unreachable'],
    ['not verified', 'GitLab self-managed', { status: 'not-verified', reason: NOT_VERIFIED_REASON }, 'Not verified'],
  ])('%s, with the reason in a tooltip reachable by keyboard', async (_case, name, verification, label) => {
    const integration = demoIntegrations().find((each) => each.name === name)!;
    const user = await renderLoaded([pat(integration.id, verification)]);
    const status = within(rowOf(name)).getByLabelText(`${label}: ${verification.reason}`);
    expect(status).toHaveTextContent(label);
    while (document.activeElement !== status) await user.tab();
    expect(await screen.findByRole('tooltip')).toHaveTextContent(verification.reason!);
  });

  it('shows no state for a PAT saved before tokens were checked, and offers Re-check', async () => {
    await renderLoaded([pat('demo-github')]);
    const row = rowOf('GitHub');
    expect(within(row).queryByText(/^(Valid|Not verified|Host unreachable)$/)).not.toBeInTheDocument();
    expect(within(row).getByRole('button', { name: 'Re-check PAT for GitHub' })).toBeInTheDocument();
  });

  it('offers Re-check only where a PAT is saved', async () => {
    await renderLoaded([pat('demo-github', { status: 'unreachable', reason: UNREACHABLE_REASON })]);
    expect(within(rowOf('GitHub')).getByRole('button', { name: 'Re-check PAT for GitHub' })).toBeInTheDocument();
    expect(within(rowOf('GitLab.com')).queryByRole('button', { name: /^Re-check/ })).not.toBeInTheDocument();
  });
});

describe('Re-check', () => {
  it('shows progress, updates the row and announces the result', async () => {
    const user = await renderLoaded([pat('demo-github', { status: 'unreachable', reason: UNREACHABLE_REASON })]);
    const release = backend.hold('recheckPat');
    await user.click(screen.getByRole('button', { name: 'Re-check PAT for GitHub' }));
    const row = rowOf('GitHub');
    expect(within(row).getByText('Checking…')).toBeInTheDocument();
    expect(within(row).getByRole('button', { name: /^Re-check PAT for GitHub/ })).toHaveAttribute('aria-disabled', 'true');
    await act(async () => release());
    expect(await within(row).findByText('Valid')).toBeInTheDocument();
    expect(within(row).getByText('as @octocat')).toBeInTheDocument();
    expect(within(row).queryByText('Checking…')).not.toBeInTheDocument();
    expect(backend.invocations.at(-1)).toEqual({ functionKey: 'recheckPat', payload: { integrationId: 'demo-github' } });
    expect(screen.getByText('Personal access token re-checked for GitHub')).toBeInTheDocument();
    expect(screen.getByText('Personal access token re-checked for GitHub. Valid, as @octocat')).toBeInTheDocument();
  });

  it('shows a token that became revoked as expired or revoked', async () => {
    const user = await renderLoaded([pat('demo-github', { status: 'valid', login: 'octocat' })]);
    gitHosts.github = 'revoked';
    await user.click(screen.getByRole('button', { name: 'Re-check PAT for GitHub' }));
    expect(await within(rowOf('GitHub')).findByText('Expired or revoked')).toBeInTheDocument();
    expect(within(rowOf('GitHub')).getByLabelText('Token ending in WXYZ')).toBeInTheDocument();
    expect(screen.getByText(`Personal access token re-checked for GitHub. Expired or revoked: ${REJECTED}`)).toBeInTheDocument();
  });

  it('announces a failure and keeps the row as it was', async () => {
    const user = await renderLoaded([pat('demo-github', { status: 'valid', login: 'octocat' })]);
    const logged = captureConsole();
    // Storage refuses the token's read on every try.
    backend.kvs.injectFault({ kind: 'server-error', operation: 'secret/get', times: DEFAULT_RETRY_POLICY.attempts });
    await user.click(screen.getByRole('button', { name: 'Re-check PAT for GitHub' }));
    expect(await screen.findByText('Could not re-check the personal access token for GitHub')).toBeInTheDocument();
    const said = screen.getByText(/^Could not re-check the personal access token for GitHub\. Storage is not available right now/);
    expectStorageLog(
      logged,
      [FAULT_CODES['server-error']],
      [{ ok: false, error: { code: 'STORAGE_UNAVAILABLE', message: said.textContent.replace(/^[^.]*\. /, '') } }],
    );
    expect(within(rowOf('GitHub')).getByText('Valid')).toBeInTheDocument();
    await waitFor(() =>
      expect(within(rowOf('GitHub')).getByRole('button', { name: 'Re-check PAT for GitHub' })).not.toHaveAttribute('aria-disabled'),
    );
  });

  it('clears the row when the PAT was removed elsewhere', async () => {
    const user = await renderLoaded([pat('demo-github', { status: 'valid', login: 'octocat' })]);
    // The same person removed it in another tab.
    expect(await backend.callPersonal('removePat', { integrationId: 'demo-github' }, USER)).toMatchObject({ ok: true });
    await user.click(screen.getByRole('button', { name: 'Re-check PAT for GitHub' }));
    expect(await within(rowOf('GitHub')).findByRole('button', { name: 'Setup your PAT for GitHub' })).toBeInTheDocument();
    expect(screen.getByText('Could not re-check the personal access token for GitHub')).toBeInTheDocument();
  });
});

describe('the PAT dialog', () => {
  it('shows the last check with the reason written out', async () => {
    const user = await renderLoaded([pat('demo-gitlab-self-managed', { status: 'not-verified', reason: NOT_VERIFIED_REASON })]);
    const dialog = await openDialog(user, 'GitLab self-managed');
    const check = within(dialog).getByRole('region', { name: 'Last check with GitLab self-managed' });
    expect(within(check).getByText('Not verified')).toBeInTheDocument();
    expect(within(check).getByText(NOT_VERIFIED_REASON)).toBeInTheDocument();
    expect(within(check).getByText(/^Checked Nov 25, 2026/)).toBeInTheDocument();
  });

  it('tells a GitHub token to be authorized for single sign-on, opening GitHub’s link', async () => {
    const ssoUrl = 'https://github.com/orgs/acme/sso?authorization_request=A5AAB3';
    const reason =
      'GitHub needs this token authorized for your organization’s single sign-on (SAML). Authorize it with the link, then check again.';
    const user = await renderLoaded([pat('demo-github', { status: 'sso-required', ssoUrl, reason })]);
    expect(within(rowOf('GitHub')).getByText('Needs SSO authorization')).toBeInTheDocument();
    const check = within(await openDialog(user, 'GitHub')).getByRole('region', { name: 'Last check with GitHub' });
    expect(within(check).getByText(reason)).toBeInTheDocument();
    await user.click(within(check).getByRole('button', { name: 'Authorize the token for single sign-on (opens GitHub in a new tab)' }));
    expect(jira.opened).toEqual([ssoUrl]);
  });

  it('shows the account and expiry of a valid token', async () => {
    const user = await renderLoaded([pat('demo-github', { status: 'valid', login: 'octocat', expiresAt: '2026-12-31T00:00:00.000Z' })]);
    const check = within(await openDialog(user, 'GitHub')).getByRole('region', { name: 'Last check with GitHub' });
    expect(within(check).getByText('Valid')).toBeInTheDocument();
    expect(within(check).getByText('as @octocat · expires on Dec 31, 2026')).toBeInTheDocument();
  });

  it('warns as you type when the token looks like another host’s, without blocking Update', async () => {
    const user = await renderLoaded();
    const dialog = await openDialog(user, 'GitHub');
    const field = within(dialog).getByLabelText('Personal access token');
    await user.type(field, 'glpat-abcdefghijklmnop1234');
    const warning = within(dialog).getByText(
      'This looks like a GitLab token, but this integration is for GitHub. Check that you picked the right integration.',
    );
    expect(warning).toBeInTheDocument();
    expect(field.getAttribute('aria-describedby')).toContain(warning.closest('[aria-live]')!.id);
    expect(within(dialog).getByRole('button', { name: 'Update' })).toBeEnabled();
    await user.clear(field);
    await user.type(field, 'ghp_abcdefghijklmnop1234');
    expect(within(dialog).queryByText(/This looks like/)).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Update' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('keeps the input and shows the host’s refusal inline', async () => {
    const user = await renderLoaded();
    gitHosts.github = 'revoked';
    const dialog = await openDialog(user, 'GitHub');
    const field = within(dialog).getByLabelText('Personal access token');
    await user.type(field, 'ghp_revokedToken0123456789');
    await user.click(within(dialog).getByRole('button', { name: 'Update' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(REJECTED);
    expect(field).toHaveValue('ghp_revokedToken0123456789');
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(within(rowOf('GitHub')).getByRole('button', { name: 'Setup your PAT for GitHub' })).toBeInTheDocument();
  });

  it('says it is checking while the save runs, then announces the verdict', async () => {
    const user = await renderLoaded();
    gitHosts.github = 'missing-scopes';
    const release = backend.hold('savePat');
    const dialog = await openDialog(user, 'GitHub');
    await user.type(within(dialog).getByLabelText('Personal access token'), 'ghp_scopelessToken0123456789');
    await user.click(within(dialog).getByRole('button', { name: /^Update/ }));
    expect(within(dialog).getByRole('status')).toHaveTextContent('Saving and checking your token…');
    await act(async () => release());
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(within(rowOf('GitHub')).getByText('Missing scopes')).toBeInTheDocument();
    expect(screen.getByText('Personal access token saved for GitHub. Missing scopes, needs repo')).toBeInTheDocument();
  });
});
