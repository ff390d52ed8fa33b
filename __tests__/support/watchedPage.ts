import type { BrowserContext, Page } from 'playwright-core';

/**
 * A page that records what would make a person distrust it: console errors, crashes, CSP
 * violations and script dialogs (an injected `alert`), plus every response body it received.
 */
export interface WatchedPage {
  page: Page;
  problems: string[];
  bodies: string[];
}

/** `into` collects several pages' findings in the same lists. */
export async function openWatched(
  context: BrowserContext,
  url: string,
  into: Pick<WatchedPage, 'problems' | 'bodies'> = { problems: [], bodies: [] },
): Promise<WatchedPage> {
  const page = await context.newPage();
  const watched: WatchedPage = { page, problems: into.problems, bodies: into.bodies };
  page.on('console', (message) => {
    if (message.type() === 'error') watched.problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => watched.problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    watched.problems.push(`script dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('response', (response) => {
    void response.text().then(
      (text) => watched.bodies.push(text),
      () => undefined,
    );
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  await page.goto(url);
  return watched;
}
