/**
 * Set up for every tier: console output fails the test that printed it, unless the test captured it
 * to assert it (support/captureConsole.ts). A line no test expected is a regression or noise, and
 * noise buries the next real failure in `npm test`'s output.
 *
 * `console.debug` is the exception: the resolvers log every refused call there by design (Forge's
 * lowest level), hundreds of times across the suites; platform/logging.test.ts asserts those lines.
 */
import { format } from 'node:util';

const unexpected: string[] = [];
const ignored: RegExp[] = [];
const LEVELS = ['log', 'info', 'warn', 'error'] as const;
const guards = Object.fromEntries(
  LEVELS.map((level) => [
    level,
    (...args: unknown[]) => {
      const line = format(...args);
      if (!ignored.some((pattern) => pattern.test(line))) unexpected.push(`console.${level}: ${line}`);
    },
  ]),
) as Record<(typeof LEVELS)[number], (...args: unknown[]) => void>;
const dropped = () => undefined;

/** Puts the guard in place, replacing what a test's captureConsole() installed. */
function guard(): void {
  Object.assign(console, guards, { debug: dropped });
}

guard();

/**
 * Lets lines matching `pattern` pass unprinted, for the whole file. Only for a third-party library's own
 * warning that this app cannot fix: the caller names the package and why.
 */
export function ignoreConsole(pattern: RegExp): void {
  ignored.push(pattern);
}

function failOnUnexpected(when: string): void {
  guard();
  const lines = unexpected.splice(0);
  if (lines.length > 0) {
    throw new Error(`Console output ${when} that no test asserted (capture it with captureConsole() and assert it):\n${lines.join('\n')}`);
  }
}

afterEach(() => failOnUnexpected('during this test'));
afterAll(() => failOnUnexpected('after the last test of this file'));
