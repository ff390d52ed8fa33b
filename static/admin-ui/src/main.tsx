import { view } from '@forge/bridge';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { config } from 'zod';
import { AdminApp } from './AdminApp';

// Forge's Custom UI policy forbids eval: zod must not even probe for it (the probe alone is a CSP violation).
config({ jitless: true });

// Follow Jira's light or dark theme; the page styles itself only with design tokens.
void view.theme.enable().catch(() => undefined);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AdminApp />
  </StrictMode>,
);
