import { backend } from '../support/uiBackend';
import { render, screen, within } from '@testing-library/react';
import { App } from '../../static/pat-ui/src/App';
import { demoIntegrations } from '../../tools/fixtures/integrations';
import type { Integration } from '../../src/contract';

function markOf(name: string): string | null {
  const row = screen.getByText(name, { selector: 'span' }).closest('tr')!;
  return row.querySelector('[data-host-mark]')!.getAttribute('data-host-mark');
}

describe('host icons on the personal page', () => {
  it("show each host's brand mark, and a two-letter badge where Simple Icons has none", async () => {
    const codeberg: Integration = {
      id: 'codeberg',
      name: 'Codeberg',
      hostType: 'gitea',
      baseUrl: 'https://codeberg.org',
      requirePat: false,
    };
    await backend.reset('personal', [...demoIntegrations(), codeberg]);
    render(<App />);
    await screen.findByRole('table', { name: 'Git integrations' });
    const marks = Object.fromEntries(
      [...demoIntegrations(), codeberg].map((integration) => [
        integration.hostType + (integration.id === 'codeberg' ? ' (codeberg.org)' : ''),
        markOf(integration.name),
      ]),
    );
    expect(marks).toMatchObject({
      github: 'github',
      'github-enterprise': 'github',
      gitlab: 'gitlab',
      'gitlab-self-managed': 'gitlab',
      'bitbucket-cloud': 'bitbucket',
      'bitbucket-dc': 'bitbucket',
      gerrit: 'gerrit',
      'gitea (codeberg.org)': 'forgejo',
      'azure-devops': 'badge',
      'azure-devops-server': 'badge',
      'aws-codecommit': 'badge',
    });
  });

  it('are decorative: the host is named in text next to them', async () => {
    await backend.reset('personal', demoIntegrations());
    render(<App />);
    const table = await screen.findByRole('table', { name: 'Git integrations' });
    for (const mark of table.querySelectorAll('[data-host-mark]')) expect(mark).toHaveAttribute('aria-hidden', 'true');
    const row = within(table).getByText('AWS CodeCommit', { selector: 'span' }).closest('tr')!;
    expect(within(row).getByText('AWS', { selector: '[data-host-mark="badge"]' })).toBeInTheDocument();
  });
});
