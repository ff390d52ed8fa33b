/**
 * The three Custom UI bridge calls the pages make, imported from @forge/bridge's own modules rather than its
 * index: the package is CommonJS, so its index brings every bridge API (realtime, object store, i18n with lodash,
 * egress filtering: about 20 KB gzip) into the first load. @forge/bridge is pinned in package.json and
 * __tests__/build/bundleShape.test.ts fails when these modules move or change their exports.
 * API: https://developer.atlassian.com/platform/forge/apis-reference/ui-api-bridge/bridge/
 */
import type { FullContext } from '@forge/bridge/out/types';
import { invoke } from '@forge/bridge/out/invoke/invoke';
import { router } from '@forge/bridge/out/router/router';
import { theme } from '@forge/bridge/out/view/theme';

export { invoke };

/** `view.theme.enable()`: Jira applies its light or dark theme (design tokens) to the page; resolves once applied. */
export function enableTheme(): Promise<void> {
  return theme.enable();
}

/** `router.open(url)`: opens a URL in a new tab (Jira may ask the person first and reject when they decline). */
export function openInNewTab(url: string): Promise<void> {
  return router.open(url);
}

/**
 * `view.getContext()`: the page's Forge context, including the Jira profile's `locale` and `timezone`.
 * Loaded on demand: the module brings Forge's i18n helpers, which first paint does not need.
 */
export async function getContext(): Promise<FullContext> {
  const { getContext: read } = await import('@forge/bridge/out/view/getContext');
  return read();
}
