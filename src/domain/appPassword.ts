import { HOSTS, type HostType } from './hosts';

/**
 * Bitbucket Cloud app passwords, retired in favour of API tokens: none can be created since
 * 9 September 2025, scheduled brownouts (HTTP 401) run from 9 June to 27 July 2026 and they are removed
 * on 28 July 2026 ("Deprecation notice: Bitbucket Cloud app password brownout schedule and next steps",
 * https://community.atlassian.com/forums/Bitbucket-articles/Deprecation-notice-Bitbucket-Cloud-app-password-brownout/ba-p/3237429).
 */
const CREATION_STOPPED = '9 September 2025';
const BROWNOUTS_FROM = Date.UTC(2026, 5, 9);
const REMOVED_ON = Date.UTC(2026, 6, 28);

// App passwords carry the `ATBB` prefix and 32 more characters (secret scanners' rules, e.g.
// Nosey Parker's np.bitbucket.1); those created before the prefix are 20 letters and digits (as Atlassian
// Community users describe them, e.g. in the 2022 account-password announcement's comments).
const PREFIXED = /^ATBB[A-Za-z0-9_=.-]{32,}$/;
const LEGACY = /^[A-Za-z0-9]{20}$/;

const INSTEAD = 'Create an API token with New token and paste it here instead.';

function retirement(now: Date): string {
  const time = now.getTime();
  if (time >= REMOVED_ON) return 'Bitbucket stopped accepting app passwords on 28 July 2026, so it will not work.';
  if (time >= BROWNOUTS_FROM) {
    return 'Bitbucket is switching app passwords off: they fail at times since 9 June 2026 and stop working on 28 July 2026.';
  }
  return `Bitbucket is retiring app passwords: none can be created since ${CREATION_STOPPED}, and they stop working on 28 July 2026.`;
}

/**
 * A warning, never a refusal, when a cleaned token looks like a Bitbucket app password.
 *
 * Takes the integration's host type, the token (as {@link cleanPastedToken} returns it) and the
 * current time (the wording follows the retirement's dates). Returns one paragraph for the dialog,
 * or undefined when the token does not look like an app password. Never throws.
 */
export function appPasswordWarning(hostType: HostType, token: string, now: Date): string | undefined {
  const prefixed = PREFIXED.test(token);
  if (hostType === 'bitbucket-cloud') {
    if (prefixed) return `This looks like a Bitbucket app password, not an API token. ${retirement(now)} ${INSTEAD}`;
    if (LEGACY.test(token))
      return `This may be a Bitbucket app password (older ones are 20 letters and digits), not an API token. ${retirement(now)} ${INSTEAD}`;
    return undefined;
  }
  return prefixed ? `This looks like a Bitbucket Cloud app password, but this integration is for ${HOSTS[hostType].name}.` : undefined;
}
