/**
 * Runs in the preview page before the app bundle and plays the part of Jira's Custom UI host:
 * `globalThis.__bridge.callBridge` answers invoke (through the preview server, which calls the
 * app's real resolver handler), getContext, navigate (router.open) and enableTheming.
 * The acting user and the theme come from the page URL: ?accountId=…&theme=dark.
 */
interface PreviewConfig {
  moduleKey: string;
  extensionType: string;
  cloudId: string;
  siteUrl: string;
  themeAttribute: string;
}

declare const PREVIEW_CONFIG: PreviewConfig;

const params = new URLSearchParams(location.search);
const accountId = params.get('accountId') || 'demo-user';
const colorMode = params.get('theme') === 'dark' ? 'dark' : 'light';

async function invoke(args: { functionKey: string; payload?: unknown }): Promise<unknown> {
  const response = await fetch('/__preview/invoke', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ moduleKey: PREVIEW_CONFIG.moduleKey, accountId, functionKey: args.functionKey, payload: args.payload ?? {} }),
  });
  const body = (await response.json()) as { result?: unknown; message?: string };
  if (!response.ok) throw new Error(body.message ?? `Resolver call failed (HTTP ${response.status})`);
  return body.result;
}

function enableTheming(): void {
  const html = document.documentElement;
  html.setAttribute('data-color-mode', colorMode);
  html.setAttribute('data-theme', PREVIEW_CONFIG.themeAttribute);
  html.style.colorScheme = colorMode;
  if (!document.querySelector('link[data-preview-theme]')) {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = '/__preview/theme.css';
    link.setAttribute('data-preview-theme', '');
    document.head.appendChild(link);
  }
}

function context(): Record<string, unknown> {
  return {
    accountId,
    cloudId: PREVIEW_CONFIG.cloudId,
    siteUrl: PREVIEW_CONFIG.siteUrl,
    localId: `${PREVIEW_CONFIG.moduleKey}-preview`,
    moduleKey: PREVIEW_CONFIG.moduleKey,
    environmentId: 'preview',
    environmentType: 'DEVELOPMENT',
    // The Jira profile's settings; ?locale=de-DE&timezone=Asia/Tokyo shows a profile unlike the browser.
    locale: params.get('locale') || navigator.language,
    timezone: params.get('timezone') || Intl.DateTimeFormat().resolvedOptions().timeZone,
    theme: { colorMode },
    extension: { type: PREVIEW_CONFIG.extensionType },
  };
}

async function callBridge(name: string, args?: unknown): Promise<unknown> {
  switch (name) {
    case 'invoke':
      return invoke(args as { functionKey: string; payload?: unknown });
    case 'getContext':
      return context();
    case 'navigate': {
      const { url, type } = args as { url: string; type?: string };
      if (type === 'same-tab') location.assign(url);
      else window.open(url, '_blank', 'noopener,noreferrer');
      return undefined;
    }
    case 'enableTheming':
      enableTheming();
      return undefined;
    default:
      throw new Error(`The local preview does not support the bridge call "${name}"`);
  }
}

(globalThis as unknown as { __bridge: { callBridge: typeof callBridge } }).__bridge = { callBridge };
