import { format } from 'node:util';

export type Level = 'log' | 'info' | 'warn' | 'error' | 'debug';

export interface LogLine {
  level: Level;
  line: string;
}

/**
 * Captures every console line (formatted as Node prints it) from now to the end of the test, so the
 * test can check what the app logs; support/consoleGuard.ts puts its guard back after each test.
 */
export function captureConsole(): LogLine[] {
  const lines: LogLine[] = [];
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push({ level, line: format(...args) });
    });
  }
  return lines;
}
