import { backend, gitHosts, type SeededPat } from '../support/uiBackend';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Verification } from '../../src/contract';
import { App } from '../../static/pat-ui/src/App';
import { demoIntegrations } from '../../tools/fixtures/integrations';

const DAY_MS = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();

function pat(integrationId: string, verification: Omit<Verification, 'checkedAt'>, token?: string): SeededPat {
  return { integrationId, verification, ...(token ? { token } : {}) };
}

async function renderLoaded(pats: SeededPat[], integrations = demoIntegrations()) {
  await backend.reset('personal', integrations);
  for (const seeded of pats) await backend.seedPat(seeded);
  const user = userEvent.setup();
  render(<App />);
  await screen.findByRole('table', { name: 'Git integrations' });
  return user;
}

function banner(): HTMLElement {
  return screen.getByRole('region', { name: 'Tokens that need your attention' });
}

it('opens with one message naming every token that needs the person, each with its action', async () => {
  await renderLoaded([
    pat('demo-github', { status: 'expired', reason: 'The host rejected the token: it is expired, revoked or wrong.' }),
    pat('demo-gitlab', { status: 'expires-soon', login: 'ada', expiresAt: inDays(3), scopes: ['api'] }),
    pat('demo-gitea', { status: 'missing-scopes', login: 'ada', missingScopes: ['write:repository'] }),
    pat('demo-gitlab-self-managed', { status: 'not-verified' }),
  ]);
  const message = banner();
  expect(within(message).getByRole('heading', { name: '3 personal access tokens need your attention' })).toBeInTheDocument();
  const items = within(message)
    .getAllByRole('listitem')
    .map((item) => item.textContent);
  expect(items).toEqual([
    expect.stringMatching(/^GitHub: expired or revoked/),
    expect.stringMatching(/^GitLab\.com: expires on /),
    expect.stringMatching(/: missing scopes/),
  ]);
  expect(within(message).getByRole('button', { name: 'Edit your PAT for GitHub, expired or revoked' })).toBeInTheDocument();
  expect(
    within(message).getByRole('button', { name: 'New token for GitHub, expired or revoked (opens GitHub in a new tab)' }),
  ).toBeInTheDocument();
  expect(within(message).getByRole('button', { name: 'Rotate the token for GitLab.com' })).toBeInTheDocument();
});

it('names required integrations without a token, and says nothing when all is well', async () => {
  await renderLoaded([pat('demo-github', { status: 'valid', login: 'octocat', expiresAt: inDays(60) })]);
  const message = banner();
  expect(within(message).getByText(/required, no token saved/)).toBeInTheDocument();
  expect(
    within(message).getByRole('button', { name: 'Set up your PAT for GitLab self-managed, required, no token saved' }),
  ).toBeInTheDocument();
});

it('shows no message when every token is fine', async () => {
  await renderLoaded(
    [pat('demo-github', { status: 'valid', login: 'octocat', expiresAt: inDays(60) })],
    demoIntegrations().map((integration) => ({ ...integration, requirePat: false })),
  );
  expect(screen.queryByRole('region', { name: 'Tokens that need your attention' })).not.toBeInTheDocument();
});

describe('Rotate now', () => {
  const OLD = 'glpat-ExpiringToken0123456789';
  /** A GitLab.com token 20 days from its expiry, with these scopes on GitLab and at its last check. */
  async function renderExpiring(scopes: string[]) {
    const user = await renderLoaded([pat('demo-gitlab', { status: 'valid', login: 'ada', expiresAt: inDays(20), scopes }, OLD)]);
    gitHosts.gitlab.add(OLD, { username: 'ada', scopes, expiresInDays: 20 });
    await user.click(
      within(screen.getByRole('row', { name: /GitLab\.com/ })).getByRole('button', { name: /Edit your PAT|Setup your PAT/ }),
    );
    return { user, dialog: await screen.findByRole('dialog') };
  }

  it('rotates from the dialog, shows the new expiry and needs nothing copied', async () => {
    const { user, dialog } = await renderExpiring(['api']);
    await user.click(await within(dialog).findByRole('button', { name: 'Rotate now the token for GitLab.com' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect((await screen.findAllByText('Personal access token rotated for GitLab.com')).length).toBeGreaterThan(0);
    // GitLab revoked the old token and issued a new one; the page shows the new one's expiry and hint.
    const issued = [...gitHosts.gitlab.tokens.values()].filter((token) => !token.revoked);
    expect(issued.map((token) => token.token)).not.toContain(OLD);
    expect(issued).toHaveLength(1);
    const expiry = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(issued[0]!.expiresAt));
    expect(screen.getAllByText(new RegExp(`The new token expires on ${expiry}`)).length).toBeGreaterThan(0);
    expect(within(screen.getByRole('row', { name: /GitLab\.com/ })).getByText(new RegExp(issued[0]!.token.slice(-4)))).toBeInTheDocument();
    expect(backend.invocations.map((call) => call.functionKey)).toEqual(['getPersonalPage', 'rotatePat']);
  });

  it('says why when GitLab refuses, and keeps New token at hand', async () => {
    // A read-only token may not rotate itself: GitLab answers 403 insufficient_scope.
    const { user, dialog } = await renderExpiring(['read_api']);
    const message =
      'The token may not rotate itself: it needs the `api` scope (or `self_rotate` on GitLab 17.9 and later). Create a new token instead.';
    await user.click(await within(dialog).findByRole('button', { name: 'Rotate now the token for GitLab.com' }));
    expect(await within(dialog).findByText(message)).toBeInTheDocument();
    expect(within(dialog).getByText('The token could not be rotated')).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: /^New token \(opens GitLab/ })).toBeInTheDocument();
  });

  it('is not offered for a token far from its expiry, nor for other hosts', async () => {
    const user = await renderLoaded([
      pat('demo-gitlab', { status: 'valid', login: 'ada', expiresAt: inDays(200), scopes: ['api'] }),
      pat('demo-github', { status: 'expires-soon', login: 'octocat', expiresAt: inDays(3) }),
    ]);
    for (const name of [/GitLab\.com/, /^GitHub /]) {
      await user.click(within(screen.getAllByRole('row', { name })[0]!).getByRole('button', { name: /Edit your PAT|Setup your PAT/ }));
      const dialog = await screen.findByRole('dialog');
      expect(within(dialog).queryByRole('button', { name: /^Rotate now/ })).not.toBeInTheDocument();
      await user.keyboard('{Escape}');
      await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    }
  });
});
