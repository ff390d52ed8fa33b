import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { enableTheme } from '../../shared/bridge';
import { App } from './App';

// Forge asks for the theme to be enabled before the first render, so the page never paints in the wrong colours
// (https://developer.atlassian.com/platform/forge/design-tokens-and-theming/). Without a theme the page still renders.
void enableTheme()
  .catch(() => undefined)
  .then(() =>
    createRoot(document.getElementById('root')!).render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
