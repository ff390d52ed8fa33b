import { backend } from '../support/uiBackend';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../static/pat-ui/src/App';
import { demoIntegrations } from '../../tools/fixtures/integrations';

const GITLAB_TOKEN = 'glpat-PastedSecret0123456789-0000';
const APP_PASSWORD = 'ATBB3g7gLXseCxPjJs1CQNMyEjwf1D12516D';
const UNICODE_GITEA = {
  id: 'unicode-gitea',
  name: 'Unicode Gitea',
  hostType: 'gitea' as const,
  baseUrl: 'https://xn--gt-tja.example.com',
  requirePat: false,
};
const SLASHED_NAME = { id: 'team-ab', name: 'Team A/B GitHub', hostType: 'github' as const, requirePat: false };

async function renderLoaded() {
  await backend.reset('personal', [...demoIntegrations(), UNICODE_GITEA, SLASHED_NAME]);
  const user = userEvent.setup();
  render(<App />);
  await screen.findByRole('table', { name: 'Git integrations' });
  return user;
}

async function pasteToken(user: ReturnType<typeof userEvent.setup>, integration: string, pasted: string, label = 'Personal access token') {
  await user.click(screen.getByRole('button', { name: `Setup your PAT for ${integration}` }));
  const dialog = await screen.findByRole('dialog');
  await user.click(within(dialog).getByLabelText(label));
  await user.paste(pasted);
  return dialog;
}

describe('the PAT dialog says what it changed in a pasted token, or why it refuses it (issue 15)', () => {
  it('case 4: lists the quotes it removes and saves the token without them', async () => {
    const user = await renderLoaded();
    // A password field drops line breaks itself, as browsers do; spaces stay for the app to remove.
    const dialog = await pasteToken(user, 'GitLab self-managed', `  "${GITLAB_TOKEN}" `);
    expect(within(dialog).getByRole('list', { name: 'Changes to the pasted token' })).toHaveTextContent(
      'Removed spaces or line breaks at the ends.Removed the quotes ("…") around the token.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Update' }));
    expect(backend.invocations.at(-1)).toEqual({
      functionKey: 'savePat',
      payload: { integrationId: 'demo-gitlab-self-managed', token: GITLAB_TOKEN },
    });
    expect(await screen.findByLabelText('Token ending in 0000')).toBeInTheDocument();
  });

  it('case 5: lists the Bearer word it removes', async () => {
    const user = await renderLoaded();
    const dialog = await pasteToken(user, 'GitLab.com', `Bearer ${GITLAB_TOKEN}`);
    expect(within(dialog).getByRole('list', { name: 'Changes to the pasted token' })).toHaveTextContent(
      'Removed “Bearer” in front of the token.',
    );
    expect(within(dialog).getByRole('button', { name: 'Update' })).toBeEnabled();
  });

  it('case 6: lists invisible characters removed at the ends, and refuses one inside by name, sending nothing', async () => {
    const user = await renderLoaded();
    const dialog = await pasteToken(user, 'GitLab.com', `\u200b${GITLAB_TOKEN}\ufeff`);
    expect(within(dialog).getByRole('list', { name: 'Changes to the pasted token' })).toHaveTextContent(
      'Removed 2 invisible characters (zero-width space, U+200B; zero-width no-break space (byte order mark), U+FEFF) at the ends.',
    );
    await user.clear(within(dialog).getByLabelText('Personal access token'));
    await user.paste(`glpat-Pasted\u200bSecret`);
    expect(within(dialog).getByRole('alert')).toHaveTextContent(
      'The token contains an invisible character (zero-width space, U+200B) inside it. Copy the token again, or delete that character.',
    );
    expect(within(dialog).getByLabelText('Personal access token')).toHaveAccessibleDescription(
      expect.stringContaining('invisible character'),
    );
    expect(within(dialog).getByRole('button', { name: 'Update' })).toBeDisabled();
    expect(backend.invocations.map((call) => call.functionKey)).toEqual(['getPersonalPage']);
  });

  it('case 7: warns, without blocking, that a Bitbucket app password is retired and points to New token', async () => {
    const user = await renderLoaded();
    const dialog = await pasteToken(user, 'Bitbucket Cloud', APP_PASSWORD, 'API token');
    await user.type(within(dialog).getByLabelText('Atlassian account email'), 'alice@example.com');
    expect(
      within(dialog).getByText(/^This looks like a Bitbucket app password, not an API token\..*Create an API token with New token/),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: /^New token/ })).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Update' }));
    expect(backend.invocations.at(-1)).toMatchObject({
      functionKey: 'savePat',
      payload: { token: APP_PASSWORD, account: 'alice@example.com' },
    });
  });
});

describe('search as people paste addresses (issue 15)', () => {
  it.each([
    // Case 8.
    ['https://github.com/', ['GitHub', 'Team A/B GitHub']],
    ['https://git.example.com/gitlab/', ['GitLab self-managed']],
    // Beyond: www., a clone address, a repository page, an Azure DevOps legacy address, a Unicode host in either form.
    ['https://www.github.com', ['GitHub', 'Team A/B GitHub']],
    ['git@github.com:acme/app.git', ['GitHub', 'Team A/B GitHub']],
    // A slash in a name is still found as part of the name.
    ['a/b', ['Team A/B GitHub']],
    ['https://git.example.com/gitlab/acme/app/-/merge_requests', ['GitLab self-managed']],
    ['https://acme.visualstudio.com/', ['Azure DevOps (acme)']],
    ['https://xn--gt-tja.example.com/', ['Unicode Gitea']],
    ['https://gït.example.com/', ['Unicode Gitea']],
  ])('%j finds %j', async (query, names) => {
    const user = await renderLoaded();
    await user.click(screen.getByRole('textbox', { name: 'Search integrations' }));
    await user.paste(query);
    expect(await screen.findByText(`${names.length} of ${demoIntegrations().length + 2} integrations match`)).toBeInTheDocument();
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(names.length);
    // Rows are matched by their cells: a row beyond the first few may briefly keep its old text, hidden, until the next frame.
    expect(rows.map((row) => within(row).getAllByRole('cell')[0]!.textContent)).toEqual(
      names.map((name): unknown => expect.stringContaining(name)),
    );
  });

  it('case 3: shows a Unicode host as people read it in the list', async () => {
    await renderLoaded();
    expect(screen.getByText('Gitea / Forgejo · gït.example.com')).toBeInTheDocument();
  });
});
