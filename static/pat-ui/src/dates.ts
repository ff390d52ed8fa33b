import { getContext } from '../../shared/bridge';

/**
 * Dates on the page are written in the locale and time zone of the person's Jira profile, which Forge gives in
 * `view.getContext()` as `locale` ("en-US", "de-DE") and `timezone` (an IANA zone such as "Europe/Berlin")
 * (https://developer.atlassian.com/platform/forge/apis-reference/ui-api-bridge/view/#getcontext), not the
 * browser's. Until they are known, and for values the browser's Intl does not support, the browser's own apply.
 */
interface Zone {
  locale: string | undefined;
  timeZone: string | undefined;
}

let zone: Zone = { locale: undefined, timeZone: undefined };
// Building an Intl.DateTimeFormat costs far more than using one: one per style, rebuilt when the zone changes.
const formats = new Map<string, Intl.DateTimeFormat>();

function supportedLocale(locale: unknown): string | undefined {
  if (typeof locale !== 'string' || locale === '') return undefined;
  try {
    // Jira has written locales as "en_US" too.
    return Intl.DateTimeFormat.supportedLocalesOf(locale.replace('_', '-'))[0];
  } catch {
    return undefined;
  }
}

function supportedTimeZone(timeZone: unknown): string | undefined {
  if (typeof timeZone !== 'string' || timeZone === '') return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Uses Jira's `locale` and `timezone` (as view.getContext() gives them) from now on; unsupported values are ignored. */
export function setJiraZone(context: { locale?: unknown; timezone?: unknown }): void {
  zone = { locale: supportedLocale(context.locale), timeZone: supportedTimeZone(context.timezone) };
  formats.clear();
}

let loading: Promise<void> | undefined;

/**
 * Reads Jira's locale and time zone once per page (view.getContext()); resolves when they are set, or when the
 * context could not be read (the browser's then apply). Never rejects.
 */
export function loadJiraZone(): Promise<void> {
  loading ??= getContext().then(setJiraZone, () => undefined);
  return loading;
}

function format(style: 'date' | 'dateTime' | 'utcDay', iso: string): string {
  let formatter = formats.get(style);
  if (!formatter) {
    const options: Intl.DateTimeFormatOptions =
      style === 'date'
        ? { dateStyle: 'medium', timeZone: zone.timeZone }
        : style === 'dateTime'
          ? { dateStyle: 'medium', timeStyle: 'short', timeZone: zone.timeZone }
          : { dateStyle: 'medium', timeZone: 'UTC' };
    formatter = new Intl.DateTimeFormat(zone.locale, options);
    formats.set(style, formatter);
  }
  return formatter.format(new Date(iso));
}

/** A day in Jira's locale and time zone: "Nov 25, 2026". */
export function formatDate(iso: string): string {
  return format('date', iso);
}

/** A moment in Jira's locale and time zone: "Nov 25, 2026, 2:04 PM". */
export function formatDateTime(iso: string): string {
  return format('dateTime', iso);
}

/** Hosts report expiry as a day (GitLab) or a UTC time (GitHub): shown as that UTC day in Jira's locale, so no time zone shifts it. */
export function formatDay(iso: string): string {
  return format('utcDay', iso);
}
