import { backend, jira } from '../support/uiBackend';
import { act, screen } from '@testing-library/react';
import { demoIntegrations } from '../../tools/fixtures/integrations';

describe('starting the personal page', () => {
  it('renders nothing until Jira has applied its theme, as Forge asks', async () => {
    await backend.reset('personal', demoIntegrations());
    let apply: () => void = () => undefined;
    jira.themeApplied = new Promise((resolve) => (apply = resolve));
    document.body.innerHTML = '<div id="root"></div>';

    await act(async () => {
      await import('../../static/pat-ui/src/main');
    });
    expect(document.getElementById('root')).toBeEmptyDOMElement();
    expect(jira.themingEnabled).toBe(false);

    await act(async () => apply());
    expect(jira.themingEnabled).toBe(true);
    expect(await screen.findByRole('heading', { name: 'Personal access tokens' })).toBeInTheDocument();
    expect(await screen.findByRole('table', { name: 'Git integrations' })).toBeInTheDocument();
  });
});
