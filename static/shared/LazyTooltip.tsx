import type { TriggerProps } from '@atlaskit/tooltip';
import { lazy, Suspense, type ReactNode } from 'react';

// Tooltips draw nothing on first paint, and Atlaskit's brings its positioning and layering code (about 30 KB gzip):
// it loads right after, while the trigger is already on screen.
const Tooltip = lazy(() => import('@atlaskit/tooltip'));

/**
 * Atlaskit's Tooltip around a render-prop trigger. Until the tooltip code has loaded the trigger renders with no
 * tooltip props, looking the same; the tooltip then attaches its hover and focus handlers.
 */
export function LazyTooltip({ content, children }: { content: string; children: (tooltipProps: Partial<TriggerProps>) => ReactNode }) {
  return (
    <Suspense fallback={children({})}>
      <Tooltip content={content}>{children}</Tooltip>
    </Suspense>
  );
}
