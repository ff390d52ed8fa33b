/** A day in the person's own locale and time zone: "Nov 25, 2026". */
export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(iso));
}

/** A moment in the person's own locale and time zone: "Nov 25, 2026, 2:04 PM". */
export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** Hosts report expiry as a day (GitLab) or a UTC time (GitHub): shown as that UTC day, so no time zone shifts it. */
export function formatDay(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
}
