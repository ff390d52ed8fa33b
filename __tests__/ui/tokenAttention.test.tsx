import { bridge } from '../support/fakeBridge';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PatView } from '../../src/contract';
import { App } from '../../static/pat-ui/src/App';
import { demoIntegrations } from '../../tools/fixtures/integrations';

// The lazily loaded dialog parts take a while to load the first time under jsdom.
jest.setTimeout(30_000);

const DAY_MS = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();
const CHECKED = new Date().toISOString();

function pat(integrationId: string, verification: Omit<NonNullable<PatView['verification']>, 'checkedAt'>, hint = 'ABCD'): PatView {
  return { integrationId, hint, createdAt: CHECKED, updatedAt: CHECKED, verification: { ...verification, checkedAt: CHECKED } };
}

async function renderLoaded(pats: PatView[]) {
  bridge.reset(demoIntegrations(), pats);
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
  bridge.reset(
    demoIntegrations().map((integration) => ({ ...integration, requirePat: false })),
    [pat('demo-github', { status: 'valid', login: 'octocat', expiresAt: inDays(60) })],
  );
  render(<App />);
  await screen.findByRole('table', { name: 'Git integrations' });
  expect(screen.queryByRole('region', { name: 'Tokens that need your attention' })).not.toBeInTheDocument();
});

describe('Rotate now', () => {
  const expiring = pat('demo-gitlab', { status: 'valid', login: 'ada', expiresAt: inDays(20), scopes: ['api'] });

  it('rotates from the dialog, shows the new expiry and needs nothing copied', async () => {
    const user = await renderLoaded([expiring]);
    await user.click(
      within(screen.getByRole('row', { name: /GitLab\.com/ })).getByRole('button', { name: /Edit your PAT|Setup your PAT/ }),
    );
    const dialog = await screen.findByRole('dialog');
    const rotated = pat('demo-gitlab', { status: 'valid', login: 'ada', expiresAt: '2027-02-23T00:00:00.000Z', scopes: ['api'] }, 'WXYZ');
    bridge.next.set('rotatePat', () => ({ ok: true, value: rotated }));
    await user.click(await within(dialog).findByRole('button', { name: 'Rotate now the token for GitLab.com' }, { timeout: 5000 }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect((await screen.findAllByText('Personal access token rotated for GitLab.com')).length).toBeGreaterThan(0);
    expect(screen.getAllByText(/The new token expires on Feb 23, 2027/).length).toBeGreaterThan(0);
    expect(within(screen.getByRole('row', { name: /GitLab\.com/ })).getByText(/WXYZ/)).toBeInTheDocument();
    expect(bridge.invocations.map((call) => call.functionKey)).toEqual(['getPersonalPage', 'rotatePat']);
  });

  it('says why when GitLab refuses, and keeps New token at hand', async () => {
    const user = await renderLoaded([expiring]);
    await user.click(
      within(screen.getByRole('row', { name: /GitLab\.com/ })).getByRole('button', { name: /Edit your PAT|Setup your PAT/ }),
    );
    const dialog = await screen.findByRole('dialog');
    const message =
      'The token may not rotate itself: it needs the `api` scope (or `self_rotate` on GitLab 17.9 and later). Create a new token instead.';
    bridge.next.set('rotatePat', () => ({ ok: false, error: { code: 'ROTATION_REFUSED', message } }));
    await user.click(await within(dialog).findByRole('button', { name: 'Rotate now the token for GitLab.com' }, { timeout: 5000 }));
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
