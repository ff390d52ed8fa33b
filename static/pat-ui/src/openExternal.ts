import { openInNewTab } from '../../shared/bridge';

/**
 * Opens a git host page in a new tab. Custom UI runs in a sandboxed iframe without popups,
 * so only the bridge can open it; Jira may ask the person first and they may decline.
 */
export async function openExternal(url: string): Promise<void> {
  try {
    await openInNewTab(url);
  } catch {
    // Declined at Jira's confirmation prompt: nothing to do.
  }
}
