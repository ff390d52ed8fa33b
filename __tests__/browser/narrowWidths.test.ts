/**
 * Jira's personal settings area on a laptop leaves the page 900 or 700 px wide. There, a row with a saved token
 * keeps its hint, date, state and actions readable: each cell on at most two lines, nothing cut off or pushed
 * past the page's edge.
 */
import type { Browser } from 'playwright-core';
import { launchChromium, removeDataDir, startPreviewProcess, type RunningPreview } from '../support/preview';

jest.setTimeout(120_000);

const MODULE_KEY = 'git-pat-personal-settings';
const ACCOUNT = 'narrow-user';

let browser: Browser;
let preview: RunningPreview;

beforeAll(async () => {
  browser = await launchChromium();
  preview = await startPreviewProcess();
  // A self-managed GitLab token is saved as "Not verified" without asking any host.
  const response = await fetch(new URL('/__preview/invoke', preview.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      moduleKey: MODULE_KEY,
      accountId: ACCOUNT,
      functionKey: 'savePat',
      payload: { integrationId: 'demo-gitlab-self-managed', token: 'glpat-narrowTokenValue0123456789' },
    }),
  });
  expect(response.status).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await preview?.stop();
  if (preview) removeDataDir(preview.dataDir);
});

/** Runs in the page: per cell of the row, how many lines its visible pieces take, and whether any is cut off. */
function layoutOf(rowText: string) {
  const row = [...document.querySelectorAll('table[aria-label="Git integrations"] tbody tr')].find((candidate) =>
    candidate.textContent.includes(rowText),
  )!;
  const page = document.documentElement.clientWidth;
  return [...row.querySelectorAll('td')].map((td) => {
    // Buttons, lozenges and text runs: elements with their own text and no element children, or buttons.
    const pieces = [...td.querySelectorAll<HTMLElement>('button, span, div')].filter(
      (element) =>
        element.tagName === 'BUTTON' ||
        ([...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim()) &&
          !element.closest('button')),
    );
    const boxes = pieces
      .map((element) => element.getBoundingClientRect())
      .filter((box) => box.width > 0 && box.height > 0)
      .sort((a, b) => a.top - b.top);
    let lines = 0;
    let lineBottom = -Infinity;
    for (const box of boxes) {
      if (box.top >= lineBottom - 2) {
        lines += 1;
        lineBottom = box.bottom;
      } else lineBottom = Math.max(lineBottom, box.bottom);
    }
    const cutOff = pieces.some(
      (element) => element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflow !== 'visible',
    );
    const pastEdge = boxes.some((box) => box.right > page);
    return { lines, cutOff, pastEdge, text: td.innerText.replace(/\s+/g, ' ').trim() };
  });
}

test.each([900, 700])('at %i px a saved row keeps hint, date, state and actions on at most two lines per cell', async (width) => {
  const context = await browser.newContext({ viewport: { width, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(`${preview.url}?accountId=${ACCOUNT}`);
    await page.getByLabel('Token ending in 6789').waitFor();
    const [, tokenCell, actionsCell] = await page.evaluate(layoutOf, 'GitLab self-managed');
    expect(tokenCell!.text).toMatch(/^•+6789 Saved \w+ \d+, \d{4} Not verified Edit your PAT$/);
    expect(actionsCell!.text).toBe('New token Re-check Remove');
    for (const cell of [tokenCell!, actionsCell!]) {
      expect(cell).toMatchObject({ cutOff: false, pastEdge: false });
      expect(cell.lines).toBeGreaterThanOrEqual(1);
      expect(cell.lines).toBeLessThanOrEqual(2);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  } finally {
    await context.close();
  }
});
