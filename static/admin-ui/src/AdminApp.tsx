import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import type { AdminPage, Integration } from '../../../src/contract';
import { hostLabel } from '../../../src/domain/hostAddress';
import { IntegrationCell, IntegrationTableShell, type Column } from '../../shared/IntegrationTableParts';
import { callAdmin } from './api';
import { LoadingRows } from '../../shared/LoadingRows';
import { pageStyle, tableCell as cell } from '../../shared/styles';
import { useAnnouncements } from '../../shared/useAnnouncements';
import { TokenHealthCell } from './TokenHealthCell';

const IntegrationForm = lazy(() => import('./IntegrationForm'));
const RemoveIntegrationDialog = lazy(() => import('./RemoveIntegrationDialog'));

type State = { status: 'loading' } | { status: 'error'; message: string; forbidden: boolean } | { status: 'ready'; page: AdminPage };
type Dialog = { kind: 'form'; integration: Integration | undefined } | { kind: 'remove'; integration: Integration } | undefined;

const COLUMNS: Column[] = [{ title: 'Integration', width: '40%' }, { title: 'User PAT', width: '12%' }, { title: 'Token health', width: '30%' }, { title: 'Actions' }];

function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function AdminApp() {
  const [state, setState] = useState<State>({ status: 'loading' });
  const [dialog, setDialog] = useState<Dialog>();
  const { announce, announcements } = useAnnouncements();

  const load = useCallback(async () => {
    setState({ status: 'loading' });
    setDialog(undefined);
    const result = await callAdmin('getAdminPage', {});
    if (result.ok) setState({ status: 'ready', page: result.value });
    else setState({ status: 'error', message: result.error.message, forbidden: result.error.code === 'FORBIDDEN' });
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const done = (page: AdminPage, title: string) => {
    // Saves answer the list only; the health of the last weekly check stays as loaded.
    setState((current) => ({ status: 'ready', page: { ...page, health: page.health ?? (current.status === 'ready' ? current.page.health : undefined) } }));
    setDialog(undefined);
    announce(title);
  };

  return (
    <main style={pageStyle}>
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: token('space.200') }}>
        <Heading size="large" as="h1">
          Git integrations
        </Heading>
        {state.status === 'ready' && (
          <Button appearance="primary" onClick={() => setDialog({ kind: 'form', integration: undefined })}>
            Add integration
          </Button>
        )}
      </div>
      <p style={{ color: token('color.text.subtle'), maxWidth: 720 }}>
        The git hosts your teams use. Every Jira user sees them on their personal access tokens page and can save a token for
        each; require one where branches and pull requests must be created as the user.
      </p>

      {state.status === 'loading' && <LoadingRows rows={4} />}

      {state.status === 'error' && (
        <SectionMessage
          appearance={state.forbidden ? 'warning' : 'error'}
          title={state.forbidden ? 'Only Jira administrators can manage git integrations' : 'The integrations could not be loaded'}
          actions={state.forbidden ? undefined : <SectionMessageAction onClick={() => void load()}>Retry</SectionMessageAction>}
        >
          <p>{state.message}</p>
        </SectionMessage>
      )}

      {state.status === 'ready' && state.page.integrations.length === 0 && (
        <SectionMessage appearance="information" title="No integrations yet">
          <p>Add the git hosts your teams use; users then save their personal access tokens for them.</p>
        </SectionMessage>
      )}

      {state.status === 'ready' && state.page.integrations.length > 0 && (
        <p style={{ color: token('color.text.subtlest'), font: token('font.body.small') }}>
          {state.page.health
            ? `Token health as of the last weekly check, ${formatDate(state.page.health.asOf)}. People without a token are not counted.`
            : 'Token health appears here after the first weekly check of saved tokens.'}
        </p>
      )}

      {state.status === 'ready' && state.page.integrations.length > 0 && (
        <IntegrationTableShell columns={COLUMNS}>
          {state.page.integrations.map((integration) => (
            <tr key={integration.id}>
              <IntegrationCell integration={integration} label={hostLabel(integration)} />
              <td style={cell}>
                <Lozenge appearance={integration.requirePat ? 'moved' : 'default'}>{integration.requirePat ? 'Required' : 'Optional'}</Lozenge>
              </td>
              <td style={cell}>
                <TokenHealthCell name={integration.name} requirePat={integration.requirePat} counts={state.page.health?.integrations[integration.id]} />
              </td>
              <td style={{ ...cell, whiteSpace: 'nowrap' }}>
                <Button appearance="subtle" aria-label={`Edit ${integration.name}`} onClick={() => setDialog({ kind: 'form', integration })}>
                  Edit
                </Button>
                <Button appearance="subtle" aria-label={`Remove ${integration.name}`} onClick={() => setDialog({ kind: 'remove', integration })}>
                  Remove
                </Button>
              </td>
            </tr>
          ))}
        </IntegrationTableShell>
      )}

      <Suspense fallback={null}>
        {state.status === 'ready' && dialog?.kind === 'form' && (
          <IntegrationForm
            integration={dialog.integration}
            revision={state.page.revision}
            onClose={() => setDialog(undefined)}
            onReload={() => void load()}
            onSaved={(page, name) => done(page, dialog.integration ? `${name} saved` : `${name} added`)}
          />
        )}
        {state.status === 'ready' && dialog?.kind === 'remove' && (
          <RemoveIntegrationDialog
            integration={dialog.integration}
            revision={state.page.revision}
            onClose={() => setDialog(undefined)}
            onRemoved={(page, purged, finished) =>
              done(
                page,
                finished
                  ? `${dialog.integration.name} removed${purged > 0 ? `; ${purged} saved ${purged === 1 ? 'token' : 'tokens'} deleted` : ''}`
                  : `${dialog.integration.name} removed; its saved tokens can no longer be used and are being deleted`,
              )
            }
          />
        )}
      </Suspense>

      {announcements}
    </main>
  );
}
