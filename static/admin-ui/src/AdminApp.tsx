import Button from '@atlaskit/button/new';
import { AutoDismissFlag, FlagGroup } from '@atlaskit/flag';
import Heading from '@atlaskit/heading';
import CheckCircleIcon from '@atlaskit/icon/core/check-circle';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import Skeleton from '@atlaskit/skeleton';
import { token } from '@atlaskit/tokens';
import { lazy, Suspense, useCallback, useEffect, useRef, useState, type CSSProperties } from 'react';
import type { AdminPage, Integration } from '../../../src/contract';
import { hostLabel } from '../../../src/domain/hostAddress';
import { HostIcon } from '../../pat-ui/src/HostIcon';
import { callAdmin } from './api';

const IntegrationForm = lazy(() => import('./IntegrationForm'));
const RemoveIntegrationDialog = lazy(() => import('./RemoveIntegrationDialog'));

type State = { status: 'loading' } | { status: 'error'; message: string; forbidden: boolean } | { status: 'ready'; page: AdminPage };
type Dialog = { kind: 'form'; integration: Integration | undefined } | { kind: 'remove'; integration: Integration } | undefined;

const cell: CSSProperties = {
  padding: `${token('space.100')} ${token('space.150')}`,
  borderBlockEnd: `${token('border.width')} solid ${token('color.border')}`,
  verticalAlign: 'middle',
  textAlign: 'start',
};
const headerCell: CSSProperties = {
  ...cell,
  font: token('font.heading.xxsmall'),
  color: token('color.text.subtle'),
  borderBlockEnd: `${token('border.width.selected')} solid ${token('color.border')}`,
};
const visuallyHidden = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' } as const;

export function AdminApp() {
  const [state, setState] = useState<State>({ status: 'loading' });
  const [dialog, setDialog] = useState<Dialog>();
  const [flags, setFlags] = useState<{ id: number; title: string }[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const flagId = useRef(0);

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
    setState({ status: 'ready', page });
    setDialog(undefined);
    flagId.current += 1;
    setFlags((current) => [{ id: flagId.current, title }, ...current]);
    setAnnouncement(title);
  };

  return (
    <main style={{ padding: token('space.300'), color: token('color.text'), font: token('font.body') }}>
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

      {state.status === 'loading' && (
        <div aria-busy="true" style={{ display: 'grid', gap: token('space.150') }}>
          <span style={visuallyHidden}>Loading integrations…</span>
          {Array.from({ length: 4 }, (_, i) => (
            <Skeleton key={i} width="100%" height={40} borderRadius={token('radius.small')} />
          ))}
        </div>
      )}

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
        <table style={{ width: '100%', borderCollapse: 'collapse' }} aria-label="Git integrations">
          <thead>
            <tr>
              <th scope="col" style={headerCell}>
                Integration
              </th>
              <th scope="col" style={headerCell}>
                User PAT
              </th>
              <th scope="col" style={headerCell}>
                Actions
              </th>
            </tr>
          </thead>
          <tbody>
            {state.page.integrations.map((integration) => (
              <tr key={integration.id}>
                <td style={cell}>
                  <div style={{ display: 'flex', alignItems: 'center', gap: token('space.150') }}>
                    <HostIcon hostType={integration.hostType} />
                    <div style={{ minWidth: 0 }}>
                      <div style={{ fontWeight: token('font.weight.medium'), overflowWrap: 'anywhere' }}>{integration.name}</div>
                      <div style={{ color: token('color.text.subtlest'), font: token('font.body.small') }}>{hostLabel(integration)}</div>
                    </div>
                  </div>
                </td>
                <td style={cell}>
                  <Lozenge appearance={integration.requirePat ? 'moved' : 'default'}>{integration.requirePat ? 'Required' : 'Optional'}</Lozenge>
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
          </tbody>
        </table>
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
            onRemoved={(page, purged) =>
              done(page, `${dialog.integration.name} removed${purged > 0 ? `; ${purged} saved ${purged === 1 ? 'token' : 'tokens'} deleted` : ''}`)
            }
          />
        )}
      </Suspense>

      <div aria-live="polite" style={visuallyHidden}>
        {announcement}
      </div>
      <FlagGroup onDismissed={(id) => setFlags((current) => current.filter((flag) => flag.id !== id))}>
        {flags.map((flag) => (
          <AutoDismissFlag key={flag.id} id={flag.id} title={flag.title} icon={<CheckCircleIcon label="Success" color={token('color.icon.success')} />} />
        ))}
      </FlagGroup>
    </main>
  );
}
