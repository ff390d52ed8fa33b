import { backend } from '../support/uiBackend';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AdminApp } from '../../static/admin-ui/src/AdminApp';
import { demoIntegrations } from '../../tools/fixtures/integrations';

type User = ReturnType<typeof userEvent.setup>;

/** Admins paste addresses; typing them character by character would also be slow here. */
async function pasteInto(user: User, field: HTMLElement, text: string): Promise<void> {
  await user.click(field);
  await user.paste(text);
}

/** The text a screen reader reads after the field's label, without the spacing jsdom adds around inline elements. */
function description(field: HTMLElement): string {
  return (field.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
}

async function openAddForm() {
  await backend.reset('admin', demoIntegrations());
  const user = userEvent.setup();
  render(<AdminApp />);
  await screen.findByRole('table', { name: 'Git integrations' });
  await user.click(screen.getByRole('button', { name: 'Add integration' }));
  const dialog = await screen.findByRole('dialog');
  return { user, dialog };
}

describe('the admin form shows what it will save (issue 15)', () => {
  it('case 1: shows the API root removed, sends and lists the web root, and users’ New token link uses it', async () => {
    const { user, dialog } = await openAddForm();
    await pasteInto(user, within(dialog).getByLabelText('Display name'), 'Acme GHE');
    await user.selectOptions(within(dialog).getByLabelText('Host type'), 'GitHub Enterprise');
    await pasteInto(user, within(dialog).getByLabelText('Base URL'), 'https://ghe.example.com/api/v3');
    expect(description(within(dialog).getByLabelText('Base URL'))).toContain(
      'Will be saved as https://ghe.example.com.Removed the API path /api/v3',
    );
    expect(within(dialog).getByRole('list', { name: 'Changes to what you entered' })).toHaveTextContent(
      'Removed the API path /api/v3: enter the address people open in a browser; the app adds API paths itself.',
    );
    expect(within(dialog).getByText('https://ghe.example.com/settings/personal-access-tokens/new')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(await screen.findByText('GitHub Enterprise · ghe.example.com')).toBeInTheDocument();
    // The page reloads after the egress consent for the new server; the save itself sent the web root.
    expect(backend.invocations.find((call) => call.functionKey === 'saveIntegration')).toMatchObject({
      payload: { integration: { baseUrl: 'https://ghe.example.com' } },
    });
  });

  it('refuses a repository address with what to enter instead, sending nothing', async () => {
    const { user, dialog } = await openAddForm();
    await pasteInto(user, within(dialog).getByLabelText('Display name'), 'Acme GitLab');
    await user.selectOptions(within(dialog).getByLabelText('Host type'), 'GitLab self-managed');
    await pasteInto(user, within(dialog).getByLabelText('Base URL'), 'https://git.example.com/acme/app.git');
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(within(dialog).getByLabelText('Base URL')).toHaveAccessibleDescription(
      "This is a repository's address. Enter the address of the GitLab self-managed server itself, such as https://git.example.com.",
    );
    expect(backend.invocations.map((call) => call.functionKey)).toEqual(['getAdminPage']);
  });

  it('shows the base URL message even while another field is wrong', async () => {
    const { user, dialog } = await openAddForm();
    await user.selectOptions(within(dialog).getByLabelText('Host type'), 'Gitea / Forgejo');
    await pasteInto(user, within(dialog).getByLabelText('Base URL'), 'https://api.github.com');
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(within(dialog).getByText('Name is required.')).toBeInTheDocument();
    expect(
      within(dialog).getByText('api.github.com is GitHub in the cloud: choose GitHub as the host type (it needs no base URL).'),
    ).toBeInTheDocument();
  });

  it('case 2: takes the organization from a pasted legacy address and says so', async () => {
    const { user, dialog } = await openAddForm();
    await pasteInto(user, within(dialog).getByLabelText('Display name'), 'Acme ADO');
    await user.selectOptions(within(dialog).getByLabelText('Host type'), 'Azure DevOps');
    await pasteInto(user, within(dialog).getByLabelText('Organization'), 'https://acme.visualstudio.com/');
    expect(description(within(dialog).getByLabelText('Organization'))).toContain(
      'Will be saved as acme.Took the organization name from acme.visualstudio.com.',
    );
    expect(within(dialog).getByText('https://dev.azure.com/acme/_usersSettings/tokens')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(backend.invocations.at(-1)).toMatchObject({ payload: { integration: { organization: 'acme' } } });
  });

  it('case 3: shows a Unicode host as people read it, while the stored and linked form stays ASCII', async () => {
    const { user, dialog } = await openAddForm();
    await pasteInto(user, within(dialog).getByLabelText('Display name'), 'Unicode Gitea');
    await user.selectOptions(within(dialog).getByLabelText('Host type'), 'Gitea / Forgejo');
    await pasteInto(user, within(dialog).getByLabelText('Base URL'), 'https://gït.example.com');
    expect(description(within(dialog).getByLabelText('Base URL'))).toContain(
      'Will be saved as https://xn--gt-tja.example.com, shown to people as https://gït.example.com.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(await screen.findByText('Gitea / Forgejo · gït.example.com')).toBeInTheDocument();
    // Adding a self-hosted server asks for egress consent first; the row's actions follow.
    await user.click(await screen.findByRole('button', { name: /^Edit Unicode Gitea/ }));
    expect(within(await screen.findByRole('dialog')).getByLabelText('Base URL')).toHaveValue('https://gït.example.com');
  });
});
