import { preloadable } from './preloadable';

/**
 * The host's brand mark (static/shared/BrandIcon.tsx), loaded after first paint: no page draws one before its data
 * has arrived. Pages call `preloadHostIcons()` when they start loading that data and render HostIcon inside
 * `<Suspense>`.
 */
const icon = preloadable(() => import('./BrandIcon'));

export const HostIcon = icon.Component;
export const preloadHostIcons = icon.preload;
