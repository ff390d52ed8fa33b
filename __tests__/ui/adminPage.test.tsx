import { ADMIN, backend, jira } from '../support/uiBackend';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AdminPage, ResolverResult } from '../../src/contract';
import { AdminApp } from '../../static/admin-ui/src/AdminApp';
import { demoIntegrations } from '../../tools/fixtures/integrations';

/** The demo integrations, with `holders[id]` people holding a PAT for each, on the admin page. */
async function renderLoaded(holders: Record<string, number> = {}) {
  await backend.reset('admin', demoIntegrations());
  for (const [integrationId, count] of Object.entries(holders)) {
    for (let i = 0; i < count; i += 1) await backend.seedPat({ integrationId }, `holder-${i}`);
  }
  const user = userEvent.setup();
  render(<AdminApp />);
  await screen.findByRole('table', { name: 'Git integrations' });
  return user;
}

/** The catalog's revision as the admin page sees it now. */
async function revision(): Promise<number> {
  const page = (await backend.callAdmin('getAdminPage', {}, ADMIN)) as ResolverResult<AdminPage>;
  if (!page.ok) throw new Error(page.error.message);
  return page.value.revision;
}

function rowOf(name: string): HTMLElement {
  return screen.getByText(name, { selector: 'span' }).closest('tr')!;
}

describe('the admin page', () => {
  it('lists the integrations with their host and whether a user PAT is required', async () => {
    await renderLoaded();
    expect(screen.getAllByRole('row')).toHaveLength(demoIntegrations().length + 1);
    expect(within(rowOf('GitHub')).getByText('Required')).toBeInTheDocument();
    expect(within(rowOf('GitLab.com')).getByText('Optional')).toBeInTheDocument();
    expect(within(rowOf('GitLab self-managed')).getByText('GitLab self-managed · git.example.com/gitlab')).toBeInTheDocument();
  });

  it('tells a user who is not an admin that the page is for administrators', async () => {
    await backend.reset('admin', demoIntegrations(), '557058:not-an-admin');
    render(<AdminApp />);
    expect(await screen.findByRole('heading', { name: 'Only Jira administrators can manage git integrations' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add integration' })).not.toBeInTheDocument();
  });

  it('adds a self-hosted integration, asking for the fields that host type needs', async () => {
    const user = await renderLoaded();
    const loaded = await revision();
    await user.click(screen.getByRole('button', { name: 'Add integration' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).queryByLabelText('Base URL')).not.toBeInTheDocument();
    await user.type(within(dialog).getByLabelText('Display name'), 'Acme GitLab');
    await user.selectOptions(within(dialog).getByLabelText('Host type'), 'GitLab self-managed');
    await user.type(within(dialog).getByLabelText('Base URL'), 'https://git.acme.example/gitlab/');
    await user.click(within(dialog).getByLabelText('Require user PAT'));
    expect(within(dialog).getByText(/git\.acme\.example\/gitlab\/-\/user_settings\/personal_access_tokens/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(backend.invocations.find((call) => call.functionKey === 'saveIntegration')).toEqual({
      functionKey: 'saveIntegration',
      payload: {
        // What the form showed as "will be saved as".
        integration: { name: 'Acme GitLab', hostType: 'gitlab-self-managed', baseUrl: 'https://git.acme.example/gitlab', requirePat: true },
        expectedRevision: loaded,
      },
    });
    expect(within(rowOf('Acme GitLab')).getByText('Required')).toBeInTheDocument();
    // Its flag, while the live region already tells the approval that followed.
    expect((await screen.findAllByText('Acme GitLab added')).length).toBeGreaterThanOrEqual(1);
    // A new self-hosted server is offered for approval at once; the consent was given.
    expect(await within(rowOf('Acme GitLab')).findByText('Allowed')).toBeInTheDocument();
    expect(within(rowOf('Acme GitLab')).getByText('git.acme.example')).toBeInTheDocument();
  });

  it('shows the schema’s messages inline and sends nothing while a field is wrong', async () => {
    const user = await renderLoaded();
    await user.click(screen.getByRole('button', { name: 'Add integration' }));
    const dialog = await screen.findByRole('dialog');
    await user.selectOptions(within(dialog).getByLabelText('Host type'), 'Gitea / Forgejo');
    await user.type(within(dialog).getByLabelText('Base URL'), 'http://git.example.com');
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(within(dialog).getByText('Name is required.')).toBeInTheDocument();
    expect(within(dialog).getByText('Base URL must start with https://.')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Base URL')).toHaveAccessibleDescription('Base URL must start with https://.');
    expect(backend.invocations.map((call) => call.functionKey)).toEqual(['getAdminPage']);
    await user.clear(within(dialog).getByLabelText('Base URL'));
    await user.type(within(dialog).getByLabelText('Base URL'), 'https://git.example.com');
    expect(within(dialog).queryByText('Base URL must start with https://.')).not.toBeInTheDocument();
  });

  it('shows a server refusal next to its field', async () => {
    const user = await renderLoaded();
    await user.click(screen.getByRole('button', { name: 'Add integration' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('Display name'), 'github');
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(await within(dialog).findByText('An integration named “GitHub” already exists.')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Display name')).toHaveValue('github');
  });

  it('says when someone else changed the list, and Reload shows their changes', async () => {
    const user = await renderLoaded();
    await user.click(screen.getByRole('button', { name: 'Edit GitHub' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText('Display name')).toHaveValue('GitHub');
    // Meanwhile another admin adds an integration.
    const added = await backend.callAdmin(
      'saveIntegration',
      { integration: { name: 'Added elsewhere', hostType: 'github', requirePat: false }, expectedRevision: await revision() },
      '557058:admin-2',
    );
    expect(added).toMatchObject({ ok: true });
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText(/changed by someone else/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Reload' }));
    expect(await screen.findByText('Added elsewhere')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('says how many users lose their token before removing an integration', async () => {
    const user = await renderLoaded({ 'demo-gitlab': 3 });
    await user.click(screen.getByRole('button', { name: 'Remove GitLab.com' }));
    const dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByText('3 users have saved a personal access token for it; those tokens will be deleted.'),
    ).toBeInTheDocument();
    expect(backend.invocations.map((call) => call.functionKey)).toEqual(['getAdminPage', 'getRemovalImpact']);
    await user.click(within(dialog).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.queryByText('GitLab.com', { selector: 'span' })).not.toBeInTheDocument();
    expect(screen.getAllByText('GitLab.com removed; 3 saved tokens deleted').length).toBeGreaterThanOrEqual(1);
  });

  it('renders a name full of markup as text', async () => {
    await backend.reset('admin', [{ id: 'x', name: '<img src=x onerror=alert(1)>', hostType: 'github', requirePat: false }]);
    render(<AdminApp />);
    expect(await screen.findByText('<img src=x onerror=alert(1)>')).toBeInTheDocument();
    expect(document.querySelector('img[src="x"]')).toBeNull();
  });

  it('shows per integration whether token checks can reach its server, with the reason when they never can', async () => {
    await backend.reset('admin', [
      ...demoIntegrations(),
      { id: 'odd-port', name: 'Lab GitLab', hostType: 'gitlab-self-managed', baseUrl: 'https://lab.example.com:8081', requirePat: false },
    ]);
    render(<AdminApp />);
    await screen.findByRole('table', { name: 'Git integrations' });
    expect(within(rowOf('GitHub')).getByText('Allowed')).toBeInTheDocument();
    expect(within(rowOf('GitLab self-managed')).getByText('Waiting for approval')).toBeInTheDocument();
    expect(within(rowOf('Lab GitLab')).getByText('Impossible')).toBeInTheDocument();
    expect(
      within(rowOf('Lab GitLab')).getByText(/lab\.example\.com:8081 uses port 8081, so its tokens cannot be checked/),
    ).toBeInTheDocument();
  });

  it('asks Atlassian’s consent for a waiting server with Allow token checks, in a group the app manages, and shows it allowed', async () => {
    const user = await renderLoaded();
    await user.click(
      within(rowOf('GitLab self-managed')).getByRole('button', { name: 'Allow token checks to git.example.com for GitLab self-managed' }),
    );
    expect(await within(rowOf('GitLab self-managed')).findByText('Allowed')).toBeInTheDocument();
    expect(jira.egressCalls.find((call) => call.name === '__permission__egressSet')?.payload).toEqual({
      egresses: [
        {
          key: 'git-hosts-1',
          description: expect.stringMatching(/Self-hosted git servers/),
          configured: [{ domain: 'git.example.com', type: ['FETCH_BACKEND_SIDE'] }],
        },
      ],
    });
    expect(screen.getAllByText('Token checks to git.example.com allowed').length).toBeGreaterThanOrEqual(1);
  });

  it('keeps a server waiting, and says so, when the admin refuses in the consent dialog', async () => {
    const user = await renderLoaded();
    jira.consent = 'refuse';
    await user.click(within(rowOf('Gerrit review')).getByRole('button', { name: /^Allow token checks to review\.example\.com/ }));
    expect((await screen.findAllByText('Token checks to review.example.com were not allowed')).length).toBeGreaterThanOrEqual(1);
    expect(within(rowOf('Gerrit review')).getByText('Waiting for approval')).toBeInTheDocument();
  });

  it('withdraws the approval of a domain when its last integration is removed', async () => {
    const user = await renderLoaded();
    await user.click(within(rowOf('Gerrit review')).getByRole('button', { name: /^Allow token checks/ }));
    expect(await within(rowOf('Gerrit review')).findByText('Allowed')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Remove Gerrit review' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(await within(dialog).findByRole('button', { name: /^Remove/ }));
    await waitFor(() => expect(jira.egressCalls.map((call) => call.name)).toContain('__permission__egressDeleteDomain'));
    expect(jira.egressCalls.find((call) => call.name === '__permission__egressDeleteDomain')?.payload).toEqual({
      key: 'git-hosts-1',
      domain: 'review.example.com',
      type: 'FETCH_BACKEND_SIDE',
    });
  });
});
