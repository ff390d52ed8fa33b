/**
 * Runs in the preview page before the app bundle and plays the part of Jira's Custom UI host:
 * `globalThis.__bridge.callBridge` answers invoke (through the preview server, which calls the
 * app's real resolver handler), getContext, navigate (router.open), enableTheming and the
 * customer-managed egress calls of `permissions.egress` (a set first shows a consent step, as
 * Atlassian's dialog does: the person allows or refuses, and a refusal rejects the promise).
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

async function egressCall(op: string, payload: unknown): Promise<unknown> {
  const response = await fetch('/__preview/egress', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accountId, op, payload }),
  });
  const body = (await response.json()) as { result?: unknown; message?: string };
  if (!response.ok) throw new Error(body.message ?? `Egress call failed (HTTP ${response.status})`);
  return body.result ?? undefined;
}

function styled<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  style: Partial<CSSStyleDeclaration>,
  text?: string,
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  Object.assign(element.style, style);
  if (text !== undefined) element.textContent = text;
  return element;
}

/** The preview's consent step for `permissions.egress.set`: resolves true when the person allows, false when they refuse. */
function askConsent(domains: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const previousFocus = document.activeElement as HTMLElement | null;
    const overlay = styled('div', {
      position: 'fixed',
      inset: '0',
      background: 'rgba(9, 30, 66, 0.54)',
      display: 'flex',
      alignItems: 'center',
      justifyContent: 'center',
      zIndex: '10000',
    });
    const dialog = styled('div', {
      background: '#fff',
      color: '#172b4d',
      borderRadius: '8px',
      padding: '24px',
      maxWidth: '480px',
      font: '14px/20px system-ui, sans-serif',
    });
    dialog.setAttribute('role', 'dialog');
    dialog.setAttribute('aria-modal', 'true');
    dialog.setAttribute('aria-labelledby', 'preview-egress-title');
    const title = styled('h2', { margin: '0 0 8px', fontSize: '20px' }, 'Allow this app to connect to external domains?');
    title.id = 'preview-egress-title';
    const intro = styled('p', { margin: '0 0 8px' }, 'The app asks to send requests from its backend to:');
    const list = styled('ul', { margin: '0 0 16px' });
    for (const domain of domains) list.appendChild(styled('li', {}, domain));
    const buttons = styled('div', { display: 'flex', justifyContent: 'flex-end', gap: '8px' });
    const refuse = styled('button', { padding: '6px 12px' }, 'Don’t allow');
    const allow = styled(
      'button',
      { padding: '6px 12px', background: '#0c66e4', color: '#fff', border: 'none', borderRadius: '3px' },
      'Allow',
    );
    refuse.type = 'button';
    allow.type = 'button';
    const close = (allowed: boolean) => {
      overlay.remove();
      previousFocus?.focus();
      resolve(allowed);
    };
    refuse.addEventListener('click', () => close(false));
    allow.addEventListener('click', () => close(true));
    dialog.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') close(false);
    });
    buttons.append(refuse, allow);
    dialog.append(title, intro, list, buttons);
    overlay.appendChild(dialog);
    document.body.appendChild(overlay);
    allow.focus();
  });
}

async function egressSet(payload: { egresses: { configured: { domain: string }[] }[] }): Promise<unknown> {
  const domains = payload.egresses.flatMap((group) => group.configured.map((entry) => entry.domain));
  if (!(await askConsent(domains))) throw new Error('The admin did not allow the egress.');
  return egressCall('set', payload);
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
    case '__permission__egressGet':
      return egressCall('get', args);
    case '__permission__egressSet':
      return egressSet(args as { egresses: { configured: { domain: string }[] }[] });
    case '__permission__egressDeleteDomain':
      return egressCall('deleteDomain', args);
    case '__permission__egressDeleteGroup':
      return egressCall('deleteGroup', args);
    default:
      throw new Error(`The local preview does not support the bridge call "${name}"`);
  }
}

(globalThis as unknown as { __bridge: { callBridge: typeof callBridge } }).__bridge = { callBridge };
