import Button from '@atlaskit/button/default/button';
import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import { lazy, Suspense, useCallback, useEffect, useState, type CSSProperties } from 'react';
import type { AdminPage, EgressState, Integration } from '../../../src/contract';
import { hostLabel } from '../../../src/domain/hostAddress';
import { ADMINS_ONLY } from '../../../src/domain/messages';
import { IntegrationCell, IntegrationTableShell, type Column } from '../../shared/IntegrationTableParts';
import { invokeResolver } from './invokeResolver';
import { releaseEgress, requestEgress } from './egress';
import { preloadHostIcons } from '../../shared/HostIcon';
import { LazyLozenge as Lozenge, preloadLozenge } from '../../shared/LazyLozenge';
import { LoadingRows } from '../../shared/LoadingRows';
import { detailText, helpText, pageIntro, pageStyle, spaceAbove, tableCell as cell } from '../../shared/styles';
import { useAnnouncements } from '../../shared/useAnnouncements';
import { TokenHealthCell } from './TokenHealthCell';

// The dialogs validate with zod, which must be told not to use eval before it builds a schema.
const IntegrationForm = lazy(() => import('../../shared/zodJitless').then(() => import('./IntegrationForm')));
const RemoveIntegrationDialog = lazy(() => import('../../shared/zodJitless').then(() => import('./RemoveIntegrationDialog')));
const Notice = lazy(() => import('../../shared/Notice'));

type State = { status: 'loading' } | { status: 'error'; message: string; forbidden: boolean } | { status: 'ready'; page: AdminPage };
type Dialog = { kind: 'form'; integration: Integration | undefined } | { kind: 'remove'; integration: Integration } | undefined;

const COLUMNS: Column[] = [
  { title: 'Integration', width: '30%' },
  { title: 'User PAT', width: '10%' },
  { title: 'Token checks', width: '20%' },
  { title: 'Token health', width: '26%' },
  { title: 'Actions' },
];

const pageHeader: CSSProperties = { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: token('space.200') };
const actionsCell: CSSProperties = { ...cell, whiteSpace: 'nowrap' };

/** The Token checks cell: whether the backend may reach the integration's server, and the way to allow it. */
function EgressCell({
  integration,
  egress,
  asking,
  onAllow,
}: {
  integration: Integration;
  egress: EgressState | undefined;
  asking: boolean;
  onAllow: (domain: string) => void;
}) {
  switch (egress?.state) {
    case undefined:
    case 'built-in':
      return <Lozenge appearance="success">Allowed</Lozenge>;
    case 'allowed':
      return (
        <>
          <Lozenge appearance="success">Allowed</Lozenge>
          <p style={helpText}>{egress.domain}</p>
        </>
      );
    case 'waiting':
      return (
        <>
          <Lozenge appearance="moved">Waiting for approval</Lozenge>
          <div style={spaceAbove['space.050']}>
            <Button
              spacing="compact"
              isLoading={asking}
              aria-label={`Allow token checks to ${egress.domain} for ${integration.name}`}
              onClick={() => onAllow(egress.domain)}
            >
              Allow token checks
            </Button>
          </div>
        </>
      );
    case 'impossible':
      return (
        <>
          <Lozenge appearance="removed">Impossible</Lozenge>
          <p style={helpText}>{egress.reason}</p>
        </>
      );
  }
}

/** When the weekly check last finished, in the reader's locale. */
function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** The admin page as the resolver answers it, or why it cannot be shown. */
async function fetchAdminPage(): Promise<State> {
  const result = await invokeResolver('getAdminPage', {});
  if (result.ok) return { status: 'ready', page: result.value };
  return { status: 'error', message: result.error.message, forbidden: result.error.code === 'FORBIDDEN' };
}

export function AdminApp() {
  const [state, setState] = useState<State>({ status: 'loading' });
  const [dialog, setDialog] = useState<Dialog>();
  const [asking, setAsking] = useState<string>();
  const { announce, announcements } = useAnnouncements();

  /** Retry and Reload: back to the loading state, then the page again. */
  const load = useCallback(() => {
    setState({ status: 'loading' });
    setDialog(undefined);
    void fetchAdminPage().then(setState);
  }, []);

  // The first state is already 'loading', so the first load only fetches.
  useEffect(() => {
    void fetchAdminPage().then(setState);
  }, []);
  useEffect(() => {
    void preloadLozenge().catch(() => undefined);
    void preloadHostIcons().catch(() => undefined);
  }, []);

  const done = (page: AdminPage, title: string) => {
    // Saves answer the list only; the health of the last weekly check stays as loaded.
    setState((current) => ({
      status: 'ready',
      page: { ...page, health: page.health ?? (current.status === 'ready' ? current.page.health : undefined) },
    }));
    setDialog(undefined);
    announce(title);
  };

  /** Asks the site admin (Atlassian's consent dialog) to let token checks reach `domain`, then shows the new state. */
  const allow = async (domain: string) => {
    setAsking(domain);
    const outcome = await requestEgress(domain).catch(() => 'refused' as const);
    setAsking(undefined);
    if (outcome === 'approved') {
      const result = await invokeResolver('getAdminPage', {});
      if (result.ok) setState({ status: 'ready', page: result.value });
      announce(`Token checks to ${domain} allowed`);
    } else if (outcome === 'refused') {
      announce(`Token checks to ${domain} were not allowed`, {
        description: 'Users’ tokens for it are saved as not verified until you allow them.',
        tone: 'warning',
      });
    } else {
      announce(`Token checks to ${domain} cannot be allowed`, {
        description: 'Forge allows at most 100 approved domains per site, and they are all in use.',
        tone: 'danger',
      });
    }
  };

  /** Withdraws the approval of the domain an integration used, once no integration of `page` uses it. */
  const releaseUnused = (page: AdminPage, integration: Integration) => {
    const before = state.status === 'ready' ? state.page.egress[integration.id] : undefined;
    if (!before || before.state === 'built-in') return;
    const stillUsed = Object.values(page.egress).some((other) => other.state !== 'built-in' && other.domain === before.domain);
    if (!stillUsed) {
      releaseEgress(before.domain).catch(() =>
        announce(`Token checks to ${before.domain} could not be withdrawn`, {
          description: 'Remove it under the app’s egress settings of your site.',
          tone: 'warning',
        }),
      );
    }
  };

  /**
   * A saved self-hosted integration whose server is not approved yet is offered for approval at once; an
   * edit that moved it to another server withdraws the old server's approval when nothing else uses it.
   */
  const saved = (page: AdminPage, name: string, title: string, previous: Integration | undefined) => {
    if (previous) releaseUnused(page, previous);
    done(page, title);
    const integration = page.integrations.find((candidate) => candidate.name === name);
    const egress = integration ? page.egress[integration.id] : undefined;
    if (egress?.state === 'waiting') void allow(egress.domain);
  };

  /** Removing the last integration of a domain withdraws its approval. */
  const removed = (page: AdminPage, integration: Integration, title: string) => {
    releaseUnused(page, integration);
    done(page, title);
  };

  return (
    <main style={pageStyle}>
      <div style={pageHeader}>
        <Heading size="large" as="h1">
          Git integrations
        </Heading>
        {state.status === 'ready' && (
          <Button appearance="primary" onClick={() => setDialog({ kind: 'form', integration: undefined })}>
            Add integration
          </Button>
        )}
      </div>
      <p style={pageIntro}>
        The git hosts your teams use. Every Jira user sees them on their personal access tokens page and can save a token for each; require
        one where branches and pull requests must be created as the user.
      </p>

      {state.status === 'loading' && <LoadingRows rows={4} />}

      {state.status === 'error' && (
        <Suspense fallback={null}>
          <Notice
            appearance={state.forbidden ? 'warning' : 'error'}
            title={state.forbidden ? ADMINS_ONLY : 'The integrations could not be loaded'}
            action={state.forbidden ? undefined : { label: 'Retry', onClick: load }}
          >
            <p>{state.message}</p>
          </Notice>
        </Suspense>
      )}

      {state.status === 'ready' && state.page.integrations.length === 0 && (
        <Suspense fallback={null}>
          <Notice appearance="information" title="No integrations yet">
            <p>Add the git hosts your teams use; users then save their personal access tokens for them.</p>
          </Notice>
        </Suspense>
      )}

      {state.status === 'ready' && state.page.integrations.length > 0 && (
        <p style={detailText}>
          {state.page.health
            ? `Token health as of the last weekly check, ${formatDate(state.page.health.asOf)}. People without a token are not counted.`
            : 'Token health appears here after the first weekly check of saved tokens.'}
        </p>
      )}

      {state.status === 'ready' && state.page.integrations.length > 0 && (
        <Suspense fallback={<LoadingRows rows={4} />}>
          <IntegrationTableShell columns={COLUMNS}>
            {state.page.integrations.map((integration) => (
              <tr key={integration.id}>
                <IntegrationCell integration={integration} label={hostLabel(integration)} />
                <td style={cell}>
                  <Lozenge appearance={integration.requirePat ? 'moved' : 'default'}>
                    {integration.requirePat ? 'Required' : 'Optional'}
                  </Lozenge>
                </td>
                <td style={cell}>
                  <EgressCell
                    integration={integration}
                    egress={state.page.egress[integration.id]}
                    asking={
                      asking !== undefined && asking === (state.page.egress[integration.id] as { domain?: string } | undefined)?.domain
                    }
                    onAllow={(domain) => void allow(domain)}
                  />
                </td>
                <td style={cell}>
                  <TokenHealthCell
                    name={integration.name}
                    requirePat={integration.requirePat}
                    counts={state.page.health?.integrations[integration.id]}
                  />
                </td>
                <td style={actionsCell}>
                  <Button
                    appearance="subtle"
                    aria-label={`Edit ${integration.name}`}
                    onClick={() => setDialog({ kind: 'form', integration })}
                  >
                    Edit
                  </Button>
                  <Button
                    appearance="subtle"
                    aria-label={`Remove ${integration.name}`}
                    onClick={() => setDialog({ kind: 'remove', integration })}
                  >
                    Remove
                  </Button>
                </td>
              </tr>
            ))}
          </IntegrationTableShell>
        </Suspense>
      )}

      <Suspense fallback={null}>
        {state.status === 'ready' && dialog?.kind === 'form' && (
          <IntegrationForm
            integration={dialog.integration}
            revision={state.page.revision}
            onClose={() => setDialog(undefined)}
            onReload={load}
            onSaved={(page, name) => saved(page, name, dialog.integration ? `${name} saved` : `${name} added`, dialog.integration)}
          />
        )}
        {state.status === 'ready' && dialog?.kind === 'remove' && (
          <RemoveIntegrationDialog
            integration={dialog.integration}
            revision={state.page.revision}
            onClose={() => setDialog(undefined)}
            onRemoved={(page, purged, finished) =>
              removed(
                page,
                dialog.integration,
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
