import { createElement, lazy, type ComponentType } from 'react';

/**
 * `React.lazy` that can be asked to load early. Pages start loading the code for what they draw once data has
 * arrived (the table, its lozenges) while that data is still on its way, so the first load stays small and the
 * list still appears in one frame. Once loaded, the component renders at once, without suspending again.
 * Before that it suspends like `React.lazy`: render it inside `<Suspense>`.
 *
 * Takes a loader `() => import('./Module')` whose default export is the component; returns the component and
 * `preload()`, which starts the load (once) and resolves when it is done. Rejects as the import does.
 */
export function preloadable<P extends object>(load: () => Promise<{ default: ComponentType<P> }>) {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<{ default: ComponentType<P> }> | undefined;
  const preload = () =>
    (loading ??= load().then((module) => {
      loaded = module.default;
      return module;
    }));
  const Lazy = lazy(preload) as unknown as ComponentType<P>;
  function Preloadable(props: P) {
    return createElement(loaded ?? Lazy, props);
  }
  return { Component: Preloadable, preload };
}
