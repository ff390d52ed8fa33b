import { lazy, Suspense, useCallback, useRef, useState, type ReactNode } from 'react';
import { visuallyHidden } from './styles';

export type Tone = 'success' | 'warning' | 'danger';

export interface Announcement {
  id: number;
  title: string;
  description?: string;
  tone: Tone;
}

// Flags only appear after an action, so their code loads then rather than with the page.
const FlagStack = lazy(() => import('./FlagStack'));

/** Tells the outcome of an action twice: an Atlaskit flag for the eyes and a live region for screen readers. */
export function useAnnouncements(): {
  announce: (title: string, detail?: { description?: string; tone?: Tone }) => void;
  announcements: ReactNode;
} {
  const [flags, setFlags] = useState<Announcement[]>([]);
  const [spoken, setSpoken] = useState('');
  const lastId = useRef(0);

  const announce = useCallback((title: string, { description, tone = 'success' }: { description?: string; tone?: Tone } = {}) => {
    // Taken now, not inside the updater: React may run the updaters of two announcements in a row after both,
    // and both flags would get the last id (one key for two flags, and dismissing one would dismiss both).
    const id = (lastId.current += 1);
    setFlags((current) => [{ id, title, description, tone }, ...current]);
    setSpoken(description ? `${title}. ${description}` : title);
  }, []);

  const announcements = (
    <>
      <div aria-live="polite" style={visuallyHidden}>
        {spoken}
      </div>
      {flags.length > 0 && (
        <Suspense fallback={null}>
          <FlagStack flags={flags} onDismissed={(id) => setFlags((current) => current.filter((flag) => flag.id !== id))} />
        </Suspense>
      )}
    </>
  );
  return { announce, announcements };
}
