import { backend, jira } from '../support/uiBackend';
import { render, screen, within } from '@testing-library/react';
import { App } from '../../static/pat-ui/src/App';
import { formatDate, formatDateTime, formatDay, setJiraZone } from '../../static/pat-ui/src/dates';
import { demoIntegrations } from '../../tools/fixtures/integrations';

// Late in the evening of Nov 30 in UTC: already Dec 1 in Tokyo.
const SAVED = '2026-11-30T20:00:00Z';

describe('dates on the personal page', () => {
  afterEach(() => setJiraZone({}));

  it("are written in the Jira profile's locale and time zone, not the browser's", async () => {
    await backend.reset('personal', demoIntegrations());
    await backend.seedPat({ integrationId: 'demo-github', hint: 'WXYZ', savedAt: SAVED });
    jira.profile = { locale: 'de-DE', timezone: 'Asia/Tokyo' };
    render(<App />);
    const table = await screen.findByRole('table', { name: 'Git integrations' });
    const row = within(table).getByText('GitHub', { selector: 'span' }).closest('tr')!;
    const expected = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeZone: 'Asia/Tokyo' }).format(new Date(SAVED));
    expect(expected).toBe('01.12.2026');
    expect(within(row).getByText(`Saved ${expected}`)).toBeInTheDocument();
  });

  it('fall back to the browser for a locale or time zone Intl does not know, and accept "en_US"', () => {
    setJiraZone({ locale: 'xx_not a locale', timezone: 'Mars/Olympus_Mons' });
    expect(formatDate(SAVED)).toBe(new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(SAVED)));
    setJiraZone({ locale: 'en_US', timezone: 'America/Los_Angeles' });
    expect(formatDateTime(SAVED)).toBe('Nov 30, 2026, 12:00 PM');
  });

  it('show an expiry day as the host gave it, whatever the time zone', () => {
    setJiraZone({ locale: 'en-GB', timezone: 'Pacific/Honolulu' });
    expect(formatDay('2026-12-31T00:00:00.000Z')).toBe('31 Dec 2026');
  });
});
