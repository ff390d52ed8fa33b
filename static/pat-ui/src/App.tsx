import Button from '@atlaskit/button/default/button';
import Heading from '@atlaskit/heading';
import SearchIcon from '@atlaskit/icon/core/search';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import { lazy, Suspense, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import type { Integration, PatView } from '../../../src/contract';
import { invokeResolver } from './invokeResolver';
import type { AttentionBannerProps } from './AttentionBanner';
import { formatDay } from './dates';
import type { RowActions } from './IntegrationTable';
import { filterSearchable, toSearchable } from './search';
import { usePersonalPage } from './usePersonalPage';
import { describeVerification, summarize } from './verificationText';
import { LoadingRows } from '../../shared/LoadingRows';
import { preloadHostIcons } from '../../shared/HostIcon';
import { preloadable } from '../../shared/preloadable';
import { detailText, pageIntro, pageStyle, row, spaceAround } from '../../shared/styles';
import { useAnnouncements, type Tone } from '../../shared/useAnnouncements';

// Dialogs are not needed for the first paint: they load when first opened.
const PatDialog = lazy(() => import('./PatDialog'));
const RemoveDialog = lazy(() => import('./RemoveDialog'));
const Notice = lazy(() => import('../../shared/Notice'));
// The table (rows, lozenges, host icons) first draws when the data has arrived: its code loads meanwhile.
const table = preloadable(() => import('./IntegrationTable'));
// Drawn only when some token needs attention, with the data: loaded beside the table, not in the first load.
const banner = preloadable<AttentionBannerProps>(() => import('./AttentionBanner').then((module) => ({ default: module.AttentionBanner })));
const AttentionBanner = banner.Component;
const IntegrationTable = table.Component;

export const PAGE_SIZE = 50;

const searchField: CSSProperties = { ...spaceAround['space.200'], maxWidth: 360 };
const searchIcon: CSSProperties = { display: 'flex', paddingInlineStart: token('space.075') };
const noMatches: CSSProperties = { padding: token('space.300'), textAlign: 'center' };
const pager: CSSProperties = { ...row, marginBlockStart: token('space.200') };

type Dialog = { kind: 'setup' | 'remove'; integration: Integration; trigger: HTMLElement } | undefined;

/** What a flag says about a token the host just checked; a PAT without a check is simply done. */
function verdict(pat: PatView): { description?: string; tone: Tone } {
  if (!pat.verification) return { tone: 'success' };
  const text = describeVerification(pat.verification);
  return { description: summarize(text), tone: text.tone };
}

export function App() {
  const { state, reload, setPat } = usePersonalPage();
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const [pageIndex, setPageIndex] = useState(0);
  // A new query starts again at its first page; adjusted while rendering, as React's docs advise over an effect.
  const [pagedQuery, setPagedQuery] = useState(deferredQuery);
  if (pagedQuery !== deferredQuery) {
    setPagedQuery(deferredQuery);
    setPageIndex(0);
  }
  const [dialog, setDialog] = useState<Dialog>();
  const [checking, setChecking] = useState<ReadonlySet<string>>(new Set());
  const { announce, announcements } = useAnnouncements();
  const searchRef = useRef<HTMLInputElement>(null);

  const integrations = state.status === 'ready' ? state.integrations : undefined;
  const searchable = useMemo(() => toSearchable(integrations ?? []), [integrations]);
  const matches = useMemo(() => filterSearchable(searchable, deferredQuery), [searchable, deferredQuery]);
  const pageCount = Math.max(1, Math.ceil(matches.length / PAGE_SIZE));
  const page = Math.min(pageIndex, pageCount - 1);
  const visible = useMemo(() => matches.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE), [matches, page]);

  useEffect(() => {
    void table.preload().catch(() => undefined);
    void banner.preload().catch(() => undefined);
    void preloadHostIcons().catch(() => undefined);
  }, []);

  /** Asks the host about the saved token again; the row shows progress, the flag and live region the outcome. */
  const recheck = useCallback(
    async (integration: Integration) => {
      const { id, name } = integration;
      setChecking((current) => new Set(current).add(id));
      const result = await invokeResolver('recheckPat', { integrationId: id });
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

  const rotated = useCallback(
    (closing: NonNullable<Dialog>, pat: PatView) => {
      setPat(closing.integration.id, pat);
      closeDialog(closing);
      const expiresAt = pat.verification?.expiresAt;
      announce(`Personal access token rotated for ${closing.integration.name}`, {
        description: expiresAt ? `The new token expires on ${formatDay(expiresAt)}.` : 'The new token is stored.',
        tone: 'success',
      });
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
    <main style={pageStyle}>
      <Heading size="large" as="h1">
        Personal access tokens
      </Heading>
      <p style={pageIntro}>
        Actions such as creating branches and pull requests from Jira are done with your own git account. Save a personal access token for
        each integration you use; it is stored encrypted and only its last four characters are shown.
      </p>

      {state.status === 'loading' && <LoadingRows rows={5} />}

      {state.status === 'error' && (
        <Suspense fallback={null}>
          <Notice
            appearance="error"
            title="Your personal access tokens could not be loaded"
            action={{ label: 'Retry', onClick: () => void reload() }}
          >
            <p>{state.message}</p>
          </Notice>
        </Suspense>
      )}

      {state.status === 'ready' && state.integrations.length === 0 && (
        <Suspense fallback={null}>
          <Notice appearance="information" title="No git integrations yet">
            <p>No git integrations are connected yet — a Jira admin adds them.</p>
          </Notice>
        </Suspense>
      )}

      {state.status === 'ready' && (
        <Suspense fallback={null}>
          <AttentionBanner
            integrations={state.integrations}
            pats={state.pats}
            onOpen={(integration, trigger) => setDialog({ kind: 'setup', integration, trigger })}
          />
        </Suspense>
      )}

      {state.status === 'ready' && state.integrations.length > 0 && (
        <>
          <div style={searchField}>
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
                <span style={searchIcon}>
                  <SearchIcon label="" color={token('color.icon.subtle')} />
                </span>
              }
            />
          </div>
          <p role="status" style={detailText}>
            {matches.length === state.integrations.length
              ? `${state.integrations.length} ${state.integrations.length === 1 ? 'integration' : 'integrations'}`
              : `${matches.length} of ${state.integrations.length} integrations match`}
          </p>
          {matches.length === 0 ? (
            <div style={noMatches}>
              <p>No integrations match “{deferredQuery.trim()}”.</p>
              <Button onClick={clearSearch}>Clear search</Button>
            </div>
          ) : (
            <Suspense fallback={<LoadingRows rows={5} />}>
              <IntegrationTable items={visible} pats={state.pats} checking={checking} actions={actions} />
            </Suspense>
          )}
          {pageCount > 1 && (
            <nav aria-label="Pages" style={pager}>
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
            onRotated={(pat) => rotated(dialog, pat)}
          />
        )}
        {dialog?.kind === 'remove' && (
          <RemoveDialog integration={dialog.integration} onClose={() => closeDialog(dialog)} onRemoved={() => removed(dialog)} />
        )}
      </Suspense>

      {announcements}
    </main>
  );
}
