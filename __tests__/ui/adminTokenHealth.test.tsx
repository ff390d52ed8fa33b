import { backend } from '../support/uiBackend';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PatStatus } from '../../src/contract';
import { AdminApp } from '../../static/admin-ui/src/AdminApp';
import { demoIntegrations } from '../../tools/fixtures/integrations';

const AS_OF = '2026-11-29T03:00:00.000Z';
const DAY_MS = 86_400_000;
/** The statuses people's tokens had at their last check, a day before the weekly check ran. */
const HELD: Record<string, PatStatus[]> = {
  'demo-github': [...Array<PatStatus>(9).fill('valid'), 'expires-soon', 'expired', 'not-verified'],
  'demo-gitlab': ['valid', 'valid', 'expired', 'expired'],
};

function rowOf(name: string): HTMLElement {
  return screen.getByText(name, { selector: 'span' }).closest('tr')!;
}

/** The admin page, after a weekly check of the tokens people hold (`HELD`) when `checked`. */
async function renderWith(checked: boolean) {
  await backend.reset('admin', demoIntegrations());
  if (checked) {
    const checkedAt = new Date(Date.parse(AS_OF) - DAY_MS).toISOString();
    for (const [integrationId, statuses] of Object.entries(HELD)) {
      for (const [i, status] of statuses.entries()) {
        await backend.seedPat({ integrationId, savedAt: checkedAt, verification: { status } }, `holder-${i}`);
      }
    }
    await backend.runWeeklyRecheck(AS_OF);
  }
  const user = userEvent.setup();
  render(<AdminApp />);
  await screen.findByRole('table', { name: 'Git integrations' });
  return user;
}

it('shows per integration how many hold a token and what the last weekly check found, with its date', async () => {
  await renderWith(true);
  expect(screen.getByRole('columnheader', { name: 'Token health' })).toBeInTheDocument();
  expect(screen.getByText(/^Token health as of the last weekly check, Nov 29, 2026/)).toBeInTheDocument();
  const github = within(rowOf('GitHub')).getByLabelText('Token health of GitHub');
  expect(github).toHaveTextContent('12 people hold a token');
  expect(github).toHaveTextContent('9 valid · 1 expire within 7 days · 1 expired or revoked · 1 unverified');
  // Required already: no "would block" line.
  expect(github).not.toHaveTextContent(/would block/);
  const gitlab = within(rowOf('GitLab.com')).getByLabelText('Token health of GitLab.com');
  expect(gitlab).toHaveTextContent('2 valid · 2 expired or revoked');
  expect(gitlab).toHaveTextContent('Requiring a PAT would block 2 of them until they fix their token');
  expect(within(rowOf('Gerrit review')).getByText('No one holds a token')).toBeInTheDocument();
});

it('says when no weekly check has finished yet', async () => {
  await renderWith(false);
  expect(screen.getByText('Token health appears here after the first weekly check of saved tokens.')).toBeInTheDocument();
});

it('keeps the health shown after an admin saves a change', async () => {
  const user = await renderWith(true);
  await user.click(screen.getByRole('button', { name: 'Edit GitLab.com' }));
  const dialog = await screen.findByRole('dialog');
  await user.click(within(dialog).getByRole('button', { name: /^Save/ }));
  expect((await screen.findAllByText('GitLab.com saved')).length).toBeGreaterThan(0);
  expect(within(rowOf('GitLab.com')).getByLabelText('Token health of GitLab.com')).toHaveTextContent('4 people hold a token');
});
