import { preloadable } from './preloadable';

/**
 * Atlaskit's Lozenge, loaded after first paint: its visual-refresh variant brings Emotion and the styled primitives
 * (about 20 KB gzip), and no page draws a lozenge before its data has arrived. Pages call `preloadLozenge()` when
 * they start loading that data, and render `LazyLozenge` inside `<Suspense>`.
 */
const lozenge = preloadable(() => import('@atlaskit/lozenge/lozenge'));

export const LazyLozenge = lozenge.Component;
export const preloadLozenge = lozenge.preload;
