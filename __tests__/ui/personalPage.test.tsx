import { backend, jira, type SeededPat } from '../support/uiBackend';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DEFAULT_RETRY_POLICY } from '../../src/storage/reliableKvs';
import { App, PAGE_SIZE } from '../../static/pat-ui/src/App';
import { demoIntegrations, generatedIntegrations } from '../../tools/fixtures/integrations';
import { captureConsole } from '../support/captureConsole';
import { expectStorageLog, FAULT_CODES } from '../support/storageLog';

const TOKEN = 'ghp_pastedTokenValue0123456789WXYZ';

function rowOf(name: string): HTMLElement {
  const cell = screen.getByText(name, { selector: 'span' });
  return cell.closest('tr')!;
}

async function renderLoaded(integrations = demoIntegrations(), pats: SeededPat[] = []) {
  await backend.reset('personal', integrations);
  for (const pat of pats) await backend.seedPat(pat);
  const user = userEvent.setup();
  render(<App />);
  await screen.findByRole('table', { name: 'Git integrations' });
  return user;
}

describe('the personal settings page', () => {
  it('shows a skeleton while loading, then every integration with its host', async () => {
    await backend.reset('personal', demoIntegrations());
    const release = backend.hold('getPersonalPage');
    render(<App />);
    expect(screen.getByRole('heading', { name: 'Personal access tokens' })).toBeInTheDocument();
    expect(screen.getByText('Loading integrations…')).toBeInTheDocument();
    await act(async () => release());
    expect(await screen.findAllByRole('row')).toHaveLength(demoIntegrations().length + 1);
    expect(within(rowOf('GitHub')).getByText('GitHub · github.com')).toBeInTheDocument();
    expect(within(rowOf('GitLab self-managed')).getByText('GitLab self-managed · git.example.com/gitlab')).toBeInTheDocument();
    expect(backend.invocations.map((call) => call.functionKey)).toEqual(['getPersonalPage']);
  });

  it('says when the site has no integrations yet', async () => {
    await backend.reset('personal', []);
    render(<App />);
    expect(await screen.findByText('No git integrations are connected yet — a Jira admin adds them.')).toBeInTheDocument();
  });

  it('shows a load error with its reference and Retry, and Retry loads the page', async () => {
    await backend.reset('personal', demoIntegrations());
    const logged = captureConsole();
    // Storage refuses the page's one read on every try.
    backend.kvs.injectFault({ kind: 'server-error', operation: 'batch/get', times: DEFAULT_RETRY_POLICY.attempts });
    const user = userEvent.setup();
    render(<App />);
    const shown = await screen.findByText(/^Storage is not available right now\. Reload the page and try again\. \(ref [0-9a-f]{8}\)$/);
    // The reference the person can quote names the app's one log line about the failure.
    expectStorageLog(
      logged,
      [FAULT_CODES['server-error']],
      [{ ok: false, error: { code: 'STORAGE_UNAVAILABLE', message: shown.textContent } }],
    );
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('table', { name: 'Git integrations' })).toBeInTheDocument();
  });

  it('marks integrations that require a PAT until one is saved', async () => {
    await renderLoaded();
    expect(within(rowOf('GitHub')).getByText('Required')).toBeInTheDocument();
    expect(within(rowOf('GitLab.com')).queryByText('Required')).not.toBeInTheDocument();
  });
});

describe('search', () => {
  it('narrows as you type on name, host type and address, ignoring case and accents', async () => {
    const user = await renderLoaded();
    const search = screen.getByRole('textbox', { name: 'Search integrations' });
    await user.type(search, 'GITLAB');
    expect(screen.getAllByRole('row')).toHaveLength(3);
    await user.clear(search);
    await user.type(search, 'codeberg.org');
    expect(screen.getAllByRole('row').map((row) => row.textContent)).toEqual([
      expect.stringContaining('Integration'),
      expect.stringContaining('Codeberg (Forgejo)'),
    ]);
    await user.clear(search);
    await user.type(search, 'angstrom sohne');
    expect(await screen.findByText('No integrations match “angstrom sohne”.')).toBeInTheDocument();
  });

  it('finds accented names without typing the accents', async () => {
    const user = await renderLoaded(generatedIntegrations(12));
    await user.type(screen.getByRole('textbox', { name: 'Search integrations' }), 'ANGSTROM team 12');
    expect(screen.getByText('1 of 12 integrations match')).toBeInTheDocument();
  });

  it('offers to clear a search that matches nothing', async () => {
    const user = await renderLoaded();
    const search = screen.getByRole('textbox', { name: 'Search integrations' });
    await user.type(search, 'nothing like this');
    await user.click(screen.getByRole('button', { name: 'Clear search' }));
    expect(search).toHaveValue('');
    expect(search).toHaveFocus();
    expect(screen.getAllByRole('row')).toHaveLength(demoIntegrations().length + 1);
  });

  it('pages long lists and searches all of them', async () => {
    // As many integrations as an admin may add.
    const integrations = generatedIntegrations(2000);
    const user = await renderLoaded(integrations);
    expect(screen.getAllByRole('row')).toHaveLength(PAGE_SIZE + 1);
    expect(screen.getByText(`1–${PAGE_SIZE} of 2000`)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(screen.getByText(`${PAGE_SIZE + 1}–${2 * PAGE_SIZE} of 2000`)).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Search integrations' }), 'team 2000 ');
    expect(screen.getAllByRole('row')).toHaveLength(2);
    expect(screen.getByText(integrations[1999]!.name)).toBeInTheDocument();
  });
});

describe('setting up a PAT', () => {
  it('saves a pasted token and shows its masked hint, announcing success', async () => {
    const user = await renderLoaded();
    await user.click(within(rowOf('GitHub')).getByRole('button', { name: 'Setup your PAT for GitHub' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('heading', { name: 'Set up your personal access token' })).toBeInTheDocument();
    const update = within(dialog).getByRole('button', { name: 'Update' });
    expect(update).toBeDisabled();
    const field = within(dialog).getByLabelText('Personal access token');
    expect(field).toHaveAttribute('type', 'password');
    expect(field).toHaveFocus();
    await user.type(field, TOKEN);
    await user.click(update);
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(backend.invocations.at(-1)).toEqual({ functionKey: 'savePat', payload: { integrationId: 'demo-github', token: TOKEN } });
    const row = rowOf('GitHub');
    expect(within(row).getByLabelText('Token ending in WXYZ')).toHaveTextContent('••••••••WXYZ');
    expect(within(row).getByRole('button', { name: 'Edit your PAT for GitHub' })).toBeInTheDocument();
    expect(within(row).queryByText('Required')).not.toBeInTheDocument();
    // GitHub accepted the token: the row and the announcement say so.
    expect(within(row).getByText('Valid')).toBeInTheDocument();
    expect(screen.getByText('Personal access token saved for GitHub. Valid, as @octocat')).toBeInTheDocument();
  });

  it('asks Bitbucket Cloud users for their Atlassian email with the API token, and shows the email once saved', async () => {
    const user = await renderLoaded();
    await user.click(screen.getByRole('button', { name: 'Setup your PAT for Bitbucket Cloud' }));
    const dialog = await screen.findByRole('dialog');
    const email = within(dialog).getByLabelText('Atlassian account email');
    expect(email).toHaveFocus();
    expect(email).toHaveAttribute('type', 'email');
    await user.type(within(dialog).getByLabelText('API token'), 'ATATT3xFfGF0apiToken1234');
    expect(within(dialog).getByRole('button', { name: 'Update' })).toBeDisabled();
    await user.type(email, 'ana@example.com');
    await user.click(within(dialog).getByRole('button', { name: 'Update' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(backend.invocations.at(-1)).toEqual({
      functionKey: 'savePat',
      payload: { integrationId: 'demo-bitbucket-cloud', token: 'ATATT3xFfGF0apiToken1234', account: 'ana@example.com' },
    });
    expect(within(rowOf('Bitbucket Cloud')).getByText('ana@example.com')).toBeInTheDocument();
  });

  it('asks AWS CodeCommit users for the access key pair and an optional Region, and puts a refused field’s message by that field', async () => {
    const user = await renderLoaded();
    await user.click(screen.getByRole('button', { name: 'Setup your PAT for AWS CodeCommit' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('Access key ID'), 'AKIA123');
    await user.click(within(dialog).getByLabelText('Secret access key'));
    await user.paste('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    await user.type(within(dialog).getByLabelText('AWS Region (optional)'), 'eu-west-1');
    await user.click(within(dialog).getByRole('button', { name: 'Update' }));
    const keyId = within(dialog).getByLabelText('Access key ID');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'An access key ID is AKIA followed by 16 capital letters and digits.',
    );
    expect(keyId).toHaveAttribute('aria-describedby', within(dialog).getByRole('alert').id);
    expect(keyId).toHaveFocus();
    expect(backend.invocations.at(-1)?.payload).toEqual({
      integrationId: 'demo-aws-codecommit',
      token: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      account: 'AKIA123',
      region: 'eu-west-1',
    });
  });

  it('offers GitHub fine-grained tokens first and classic ones second, each with what it needs and a prefilled page', async () => {
    const user = await renderLoaded();
    await user.click(screen.getByRole('button', { name: 'Setup your PAT for GitHub' }));
    const dialog = await screen.findByRole('dialog');
    const buttons = within(dialog).getAllByRole('button', { name: /^New (fine-grained|classic) token/ });
    expect(buttons.map((button) => button.textContent)).toEqual(['New fine-grained token', 'New classic token']);
    expect(within(dialog).getByRole('list', { name: 'fine-grained token: permissions needed' })).toHaveTextContent(
      'Contents: Read and write',
    );
    expect(within(dialog).getByRole('list', { name: 'classic token: permissions needed' })).toHaveTextContent('repo');
    await user.click(buttons[1]!);
    expect(jira.opened).toEqual(['https://github.com/settings/tokens/new?scopes=repo&description=Jira+git+integration']);
  });

  it('shows the scopes, how to create a token and a New token link for the host', async () => {
    const user = await renderLoaded();
    await user.click(screen.getByRole('button', { name: 'Setup your PAT for GitLab self-managed' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(within(dialog).getByRole('list', { name: 'Scopes needed' })).getByText('api')).toBeInTheDocument();
    expect(within(dialog).getByText(/name and the api scope are filled in/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: /^New token/ }));
    expect(jira.opened).toEqual([
      'https://git.example.com/gitlab/-/user_settings/personal_access_tokens?name=Jira+git+integration&scopes=api',
    ]);
  });

  it('lets the person show and hide what they pasted', async () => {
    const user = await renderLoaded();
    await user.click(screen.getByRole('button', { name: 'Setup your PAT for GitHub' }));
    const dialog = await screen.findByRole('dialog');
    const field = within(dialog).getByLabelText('Personal access token');
    await user.click(within(dialog).getByRole('button', { name: 'Show token' }));
    expect(field).toHaveAttribute('type', 'text');
    await user.click(within(dialog).getByRole('button', { name: 'Hide token' }));
    expect(field).toHaveAttribute('type', 'password');
  });

  it('keeps the dialog and the input when the server refuses the token', async () => {
    const user = await renderLoaded();
    await user.click(screen.getByRole('button', { name: 'Setup your PAT for GitHub' }));
    const dialog = await screen.findByRole('dialog');
    const field = within(dialog).getByLabelText('Personal access token');
    await user.type(field, 'ghp_a b');
    await user.click(within(dialog).getByRole('button', { name: 'Update' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('The token contains spaces or line breaks: paste it as one piece.');
    expect(field).toHaveValue('ghp_a b');
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(within(rowOf('GitHub')).getByRole('button', { name: 'Setup your PAT for GitHub' })).toBeInTheDocument();
  });

  it('edits a saved token, saying which one is saved', async () => {
    const saved: SeededPat = { integrationId: 'demo-gitlab', hint: 'AAAA' };
    const user = await renderLoaded(demoIntegrations(), [saved]);
    await user.click(screen.getByRole('button', { name: 'Edit your PAT for GitLab.com' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('heading', { name: 'Edit your personal access token' })).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Personal access token')).toHaveAttribute(
      'placeholder',
      'Saved token ends in AAAA; paste a new one to replace it',
    );
  });
});

describe('removing a PAT', () => {
  const saved: SeededPat = { integrationId: 'demo-github', hint: 'WXYZ' };

  it('asks first, then clears the row', async () => {
    const user = await renderLoaded(demoIntegrations(), [saved]);
    await user.click(screen.getByRole('button', { name: 'Remove PAT for GitHub' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Remove your personal access token?')).toBeInTheDocument();
    expect(backend.invocations.map((call) => call.functionKey)).toEqual(['getPersonalPage']);
    await user.click(within(dialog).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(within(rowOf('GitHub')).getByRole('button', { name: 'Setup your PAT for GitHub' })).toBeInTheDocument();
    expect(within(rowOf('GitHub')).queryByRole('button', { name: 'Remove PAT for GitHub' })).not.toBeInTheDocument();
    await waitFor(() => expect(within(rowOf('GitHub')).getByRole('button', { name: 'Setup your PAT for GitHub' })).toHaveFocus());
  });

  it('changes nothing when the person cancels', async () => {
    const user = await renderLoaded(demoIntegrations(), [saved]);
    await user.click(screen.getByRole('button', { name: 'Remove PAT for GitHub' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(within(rowOf('GitHub')).getByLabelText('Token ending in WXYZ')).toBeInTheDocument();
    expect(backend.invocations.map((call) => call.functionKey)).toEqual(['getPersonalPage']);
  });
});

describe('New token', () => {
  it('opens the host token page through the bridge router', async () => {
    const user = await renderLoaded();
    await user.click(screen.getByRole('button', { name: /^New token for GitHub \(/ }));
    expect(jira.opened).toEqual([
      'https://github.com/settings/personal-access-tokens/new?name=Jira+git+integration&description=Branches+and+pull+requests+created+from+Jira&expires_in=90&contents=write&pull_requests=write',
    ]);
  });

  it('is disabled for AWS CodeCommit, with a tooltip saying why', async () => {
    const user = await renderLoaded();
    const row = rowOf('AWS CodeCommit');
    expect(within(row).getByRole('button', { name: 'New token' })).toBeDisabled();
    await user.hover(within(row).getByLabelText(/^New token for AWS CodeCommit is unavailable/));
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'AWS CodeCommit has no token page: create an access key in the AWS IAM console.',
    );
  });
});

describe('keyboard only', () => {
  it('opens with Enter, focuses the field, submits with Enter and returns focus; Escape cancels', async () => {
    const user = await renderLoaded(demoIntegrations().slice(0, 2));
    const setup = screen.getByRole('button', { name: 'Setup your PAT for GitHub' });
    // GitHub is required and has no token: the attention message at the top of the page comes first.
    await user.tab();
    expect(screen.getByRole('button', { name: 'Set up your PAT for GitHub, required, no token saved' })).toHaveFocus();
    const search = screen.getByRole('textbox', { name: 'Search integrations' });
    while (document.activeElement !== search) await user.tab();
    while (document.activeElement !== setup) await user.tab();
    await user.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog');
    const field = within(dialog).getByLabelText('Personal access token');
    await waitFor(() => expect(field).toHaveFocus());
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(setup).toHaveFocus());
    expect(backend.invocations.map((call) => call.functionKey)).toEqual(['getPersonalPage']);

    await user.keyboard('{Enter}');
    const again = await screen.findByRole('dialog');
    await waitFor(() => expect(within(again).getByLabelText('Personal access token')).toHaveFocus());
    await user.keyboard(`${TOKEN}{Enter}`);
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(screen.getByRole('button', { name: 'Edit your PAT for GitHub' })).toHaveFocus());
  });
});
