import type { ResolverResult } from '../../src/contract';
import type { FaultKind } from '../../tools/forge-doubles/kvsEmulator';
import { captureConsole, type LogLine } from './captureConsole';

/** The storage code a fault of the emulator ends in, as the log names it. */
export const FAULT_CODES: Record<FaultKind, string> = {
  'rate-limit': 'RATE_LIMIT_EXCEEDED (HTTP 429)',
  'server-error': 'INTERNAL_SERVER_ERROR (HTTP 500)',
  hang: 'TIMEOUT',
};

const REF = String.raw`(\[[0-9a-f]{8}\] )?`;
const CODE = String.raw`[A-Z_]+( \(HTTP \d{3}\))?`;
/** A retry, a tolerated step that failed (src/storage/reliableKvs.ts) and a call that failed (the resolvers' one error line). */
const RETRY = new RegExp(`^${REF}storage [a-z/]+ ${CODE}: retry \\d+ of \\d+$`);
const TOLERATED = new RegExp(`^${REF}storage [a-z ]+ failed: ${CODE}$`);
const CALL_FAILED = new RegExp(`^\\[[0-9a-f]{8}\\] \\w+ failed: storage ${CODE}$`);
/** A refused call (a conflict, say), logged at debug. */
const REFUSED = /^\[[0-9a-f]{8}\] \w+ refused: [A-Z_]+$/;

/**
 * Captures the console in each test of the enclosing block, for tests that inject storage faults: the
 * app logs every retry and every failed call, and those lines are asserted with `expectStorageLog`.
 */
export function captureStorageLog(): { lines: LogLine[] } {
  const captured = { lines: [] as LogLine[] };
  beforeEach(() => {
    captured.lines = captureConsole();
  });
  return captured;
}

/**
 * What the log says after storage faults: only retries and tolerated failures at warn and failed
 * calls at error (refusals at debug), each naming its storage code and nothing else (never a key, token or account);
 * `codes` all appear; each of `results` that told its user a ref has exactly one error line with that
 * ref, and no other call logged an error.
 */
export function expectStorageLog(lines: LogLine[], codes: string[], results: ResolverResult<unknown>[] = []): void {
  for (const { level, line } of lines) {
    const known =
      (level === 'warn' && (RETRY.test(line) || TOLERATED.test(line))) ||
      (level === 'error' && CALL_FAILED.test(line)) ||
      (level === 'debug' && REFUSED.test(line));
    expect({ level, line, known }).toEqual({ level, line, known: true });
  }
  const text = lines.map(({ line }) => line).join('\n');
  for (const code of codes) expect(text).toContain(code);
  const errors = lines.filter(({ level }) => level === 'error').map(({ line }) => line);
  // A call that failed for storage tells its user the reference of its log line: "… (ref 1a2b3c4d)".
  const refs = results.flatMap((result) => (result.ok ? [] : (/\(ref ([0-9a-f]{8})\)$/.exec(result.error.message)?.slice(1) ?? [])));
  expect(errors.map((line) => line.slice(1, 9)).sort()).toEqual(refs.sort());
}
