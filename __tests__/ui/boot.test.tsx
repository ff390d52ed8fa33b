import { bridge } from '../support/fakeBridge';
import { act, screen } from '@testing-library/react';
import { demoIntegrations } from '../../tools/fixtures/integrations';

describe('starting the personal page', () => {
  it('renders nothing until Jira has applied its theme, as Forge asks', async () => {
    bridge.reset(demoIntegrations());
    let apply: () => void = () => undefined;
    bridge.themeApplied = new Promise((resolve) => (apply = resolve));
    document.body.innerHTML = '<div id="root"></div>';

    await act(async () => {
      await import('../../static/pat-ui/src/main');
    });
    expect(document.getElementById('root')).toBeEmptyDOMElement();
    expect(bridge.themingEnabled).toBe(false);

    await act(async () => apply());
    expect(bridge.themingEnabled).toBe(true);
    expect(await screen.findByRole('heading', { name: 'Personal access tokens' })).toBeInTheDocument();
    expect(await screen.findByRole('table', { name: 'Git integrations' })).toBeInTheDocument();
  });
});
