import Button from '@atlaskit/button/new';
import { AutoDismissFlag, FlagGroup } from '@atlaskit/flag';
import Heading from '@atlaskit/heading';
import CheckCircleIcon from '@atlaskit/icon/core/check-circle';
import ErrorIcon from '@atlaskit/icon/core/error';
import SearchIcon from '@atlaskit/icon/core/search';
import WarningIcon from '@atlaskit/icon/core/warning';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import Skeleton from '@atlaskit/skeleton';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import { lazy, Suspense, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Integration, PatView } from '../../../src/contract';
import { callResolver } from './api';
import { IntegrationTable, type RowActions } from './IntegrationTable';
import { filterSearchable, toSearchable } from './search';
import { usePersonalPage } from './usePersonalPage';
import { describeVerification, summarize, type VerificationText } from './verificationText';

// Dialogs are not needed for the first paint: they load when first opened.
const PatDialog = lazy(() => import('./PatDialog'));
const RemoveDialog = lazy(() => import('./RemoveDialog'));

export const PAGE_SIZE = 50;

type Dialog = { kind: 'setup' | 'remove'; integration: Integration; trigger: HTMLElement } | undefined;

type Tone = VerificationText['tone'];

interface Flag {
  id: number;
  title: string;
  description?: string;
  tone: Tone;
}

const FLAG_ICONS: Record<Tone, ReactNode> = {
  success: <CheckCircleIcon label="Success" color={token('color.icon.success')} />,
  warning: <WarningIcon label="Warning" color={token('color.icon.warning')} />,
  danger: <ErrorIcon label="Error" color={token('color.icon.danger')} />,
};

/** What a flag says about a token the host just checked; a PAT without a check is simply done. */
function verdict(pat: PatView): Pick<Flag, 'description' | 'tone'> {
  if (!pat.verification) return { tone: 'success' };
  const text = describeVerification(pat.verification);
  return { description: summarize(text), tone: text.tone };
}

const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

function LoadingRows() {
  return (
    <div aria-busy="true" style={{ display: 'grid', gap: token('space.150'), marginBlockStart: token('space.200') }}>
      <span style={visuallyHidden}>Loading integrations…</span>
      {Array.from({ length: 5 }, (_, i) => (
        <Skeleton key={i} width="100%" height={40} borderRadius={token('radius.small')} />
      ))}
    </div>
  );
}

export function App() {
  const { state, reload, setPat } = usePersonalPage();
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const [pageIndex, setPageIndex] = useState(0);
  const [dialog, setDialog] = useState<Dialog>();
  const [flags, setFlags] = useState<Flag[]>([]);
  const [checking, setChecking] = useState<ReadonlySet<string>>(new Set());
  const [announcement, setAnnouncement] = useState('');
  const flagId = useRef(0);
  const searchRef = useRef<HTMLInputElement>(null);

  const integrations = state.status === 'ready' ? state.integrations : undefined;
  const searchable = useMemo(() => toSearchable(integrations ?? []), [integrations]);
  const matches = useMemo(() => filterSearchable(searchable, deferredQuery), [searchable, deferredQuery]);
  const pageCount = Math.max(1, Math.ceil(matches.length / PAGE_SIZE));
  const page = Math.min(pageIndex, pageCount - 1);
  const visible = useMemo(() => matches.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE), [matches, page]);

  useEffect(() => setPageIndex(0), [deferredQuery]);

  const announce = useCallback((title: string, { description, tone }: Pick<Flag, 'description' | 'tone'> = { tone: 'success' }) => {
    flagId.current += 1;
    setFlags((current) => [{ id: flagId.current, title, description, tone }, ...current]);
    setAnnouncement(description ? `${title}. ${description}` : title);
  }, []);

  /** Asks the host about the saved token again; the row shows progress, the flag and live region the outcome. */
  const recheck = useCallback(
    async (integration: Integration) => {
      const { id, name } = integration;
      setChecking((current) => new Set(current).add(id));
      const result = await callResolver('recheckPat', { integrationId: id });
      setChecking((current) => new Set([...current].filter((each) => each !== id)));
      if (result.ok) {
        setPat(id, result.value);
        announce(`Personal access token re-checked for ${name}`, verdict(result.value));
        return;
      }
      // Removed in another tab: the row catches up.
      if (result.error.code === 'PAT_NOT_FOUND') setPat(id, undefined);
      announce(`Could not re-check the personal access token for ${name}`, { description: result.error.message, tone: 'danger' });
    },
    [announce, setPat],
  );

  const actions = useMemo<RowActions>(
    () => ({
      onSetup: (integration, trigger) => setDialog({ kind: 'setup', integration, trigger }),
      onRemove: (integration, trigger) => setDialog({ kind: 'remove', integration, trigger }),
      onRecheck: (integration) => void recheck(integration),
    }),
    [recheck],
  );

  /**
   * Focus goes back to the button that opened the dialog or, when that one is gone (Remove),
   * to the row's PAT button, which exists in every state of the row.
   */
  const closeDialog = useCallback((closing: NonNullable<Dialog>) => {
    setDialog(undefined);
    requestAnimationFrame(() => {
      const target = closing.trigger.isConnected
        ? closing.trigger
        : document.querySelector<HTMLElement>(`[data-pat-button="${closing.integration.id}"]`);
      target?.focus();
    });
  }, []);

  const saved = useCallback(
    (closing: NonNullable<Dialog>, pat: PatView) => {
      setPat(closing.integration.id, pat);
      closeDialog(closing);
      announce(`Personal access token saved for ${closing.integration.name}`, verdict(pat));
    },
    [announce, closeDialog, setPat],
  );

  const removed = useCallback(
    (closing: NonNullable<Dialog>) => {
      setPat(closing.integration.id, undefined);
      closeDialog(closing);
      announce(`Personal access token removed for ${closing.integration.name}`);
    },
    [announce, closeDialog, setPat],
  );

  const clearSearch = () => {
    setQuery('');
    searchRef.current?.focus();
  };

  return (
    <main style={{ padding: token('space.300'), color: token('color.text'), font: token('font.body') }}>
      <Heading size="large" as="h1">
        Personal access tokens
      </Heading>
      <p style={{ color: token('color.text.subtle'), maxWidth: 720 }}>
        Actions such as creating branches and pull requests from Jira are done with your own git account. Save a personal
        access token for each integration you use; it is stored encrypted and only its last four characters are shown.
      </p>

      {state.status === 'loading' && <LoadingRows />}

      {state.status === 'error' && (
        <SectionMessage
          appearance="error"
          title="Your personal access tokens could not be loaded"
          actions={<SectionMessageAction onClick={() => void reload()}>Retry</SectionMessageAction>}
        >
          <p>{state.message}</p>
        </SectionMessage>
      )}

      {state.status === 'ready' && state.integrations.length === 0 && (
        <SectionMessage appearance="information" title="No git integrations yet">
          <p>No git integrations are connected yet — a Jira admin adds them.</p>
        </SectionMessage>
      )}

      {state.status === 'ready' && state.integrations.length > 0 && (
        <>
          <div style={{ maxWidth: 360, marginBlock: token('space.200') }}>
            <Textfield
              ref={searchRef}
              aria-label="Search integrations"
              placeholder="Search integrations"
              value={query}
              onChange={(event) => setQuery(event.currentTarget.value)}
              onKeyDown={(event) => {
                if (event.key === 'Escape' && query) clearSearch();
              }}
              elemBeforeInput={
                <span style={{ display: 'flex', paddingInlineStart: token('space.075') }}>
                  <SearchIcon label="" color={token('color.icon.subtle')} />
                </span>
              }
            />
          </div>
          <p role="status" style={{ color: token('color.text.subtlest'), font: token('font.body.small') }}>
            {matches.length === state.integrations.length
              ? `${state.integrations.length} ${state.integrations.length === 1 ? 'integration' : 'integrations'}`
              : `${matches.length} of ${state.integrations.length} integrations match`}
          </p>
          {matches.length === 0 ? (
            <div style={{ padding: token('space.300'), textAlign: 'center' }}>
              <p>No integrations match “{deferredQuery.trim()}”.</p>
              <Button onClick={clearSearch}>Clear search</Button>
            </div>
          ) : (
            <IntegrationTable items={visible} pats={state.pats} checking={checking} actions={actions} />
          )}
          {pageCount > 1 && (
            <nav aria-label="Pages" style={{ display: 'flex', alignItems: 'center', gap: token('space.100'), marginBlockStart: token('space.200') }}>
              <Button isDisabled={page === 0} onClick={() => setPageIndex(page - 1)} aria-label="Previous page">
                Previous
              </Button>
              <span>
                {page * PAGE_SIZE + 1}–{Math.min((page + 1) * PAGE_SIZE, matches.length)} of {matches.length}
              </span>
              <Button isDisabled={page >= pageCount - 1} onClick={() => setPageIndex(page + 1)} aria-label="Next page">
                Next
              </Button>
            </nav>
          )}
        </>
      )}

      <Suspense fallback={null}>
        {dialog?.kind === 'setup' && state.status === 'ready' && (
          <PatDialog
            integration={dialog.integration}
            pat={state.pats.get(dialog.integration.id)}
            onClose={() => closeDialog(dialog)}
            onSaved={(pat) => saved(dialog, pat)}
          />
        )}
        {dialog?.kind === 'remove' && (
          <RemoveDialog
            integration={dialog.integration}
            onClose={() => closeDialog(dialog)}
            onRemoved={() => removed(dialog)}
          />
        )}
      </Suspense>

      <div aria-live="polite" style={visuallyHidden}>
        {announcement}
      </div>
      <FlagGroup onDismissed={(id) => setFlags((current) => current.filter((flag) => flag.id !== id))}>
        {flags.map((flag) => (
          <AutoDismissFlag
            key={flag.id}
            id={flag.id}
            title={flag.title}
            description={flag.description}
            icon={FLAG_ICONS[flag.tone]}
          />
        ))}
      </FlagGroup>
    </main>
  );
}
