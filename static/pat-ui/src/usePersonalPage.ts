import { useCallback, useEffect, useState } from 'react';
import type { Integration, PatView } from '../../../src/contract';
import { decodePersonalPage } from '../../../src/domain/catalogWire';
import { invokeResolver } from './invokeResolver';
import { loadJiraZone } from './dates';

export type PageState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; integrations: Integration[]; pats: ReadonlyMap<string, PatView> };

/** The page in one resolver call, or why it cannot be shown. */
async function fetchPersonalPage(): Promise<PageState> {
  // The list shows dates: it appears once Jira's locale and time zone are known (read while the data loads).
  const [result] = await Promise.all([invokeResolver('getPersonalPage', {}), loadJiraZone()]);
  if (!result.ok) return { status: 'error', message: result.error.message };
  const page = decodePersonalPage(result.value);
  return { status: 'ready', integrations: page.integrations, pats: new Map(page.pats.map((pat) => [pat.integrationId, pat])) };
}

/** Loads the page in one resolver call and keeps the PAT states as saves and removals come back. */
export function usePersonalPage() {
  const [state, setState] = useState<PageState>({ status: 'loading' });

  const load = useCallback(() => {
    setState({ status: 'loading' });
    return fetchPersonalPage().then(setState);
  }, []);

  // The first state is already 'loading', so the first load only fetches.
  useEffect(() => {
    void fetchPersonalPage().then(setState);
  }, []);

  const setPat = useCallback((integrationId: string, pat: PatView | undefined) => {
    setState((current) => {
      if (current.status !== 'ready') return current;
      const pats = new Map(current.pats);
      if (pat) pats.set(integrationId, pat);
      else pats.delete(integrationId);
      return { ...current, pats };
    });
  }, []);

  return { state, reload: load, setPat };
}
