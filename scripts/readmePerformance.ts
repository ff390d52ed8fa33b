/**
 * Puts the bench's Performance section into README.md: `npm run bench` calls it with what it just measured, and
 * `npm run readme:performance` copies bench/README-section.md (the last run's section) again. The section runs
 * from its "## Performance" heading to the next "## " heading or the end of the file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const HEADING = '## Performance';

/** README text with its Performance section replaced by `section` (which starts with the heading); throws when README has none. */
export function withPerformanceSection(readme: string, section: string): string {
  const start = readme.indexOf(`\n${HEADING}\n`);
  if (start === -1) throw new Error(`README.md has no "${HEADING}" section`);
  const next = readme.indexOf('\n## ', start + HEADING.length + 1);
  const end = next === -1 ? readme.length : next + 1;
  return `${readme.slice(0, start + 1)}${section.trimEnd()}\n${next === -1 ? '' : `\n${readme.slice(end)}`}`;
}

/** Rewrites README.md's Performance section with `section`. */
export function replaceReadmeSection(section: string, readmePath = join(ROOT, 'README.md')): void {
  writeFileSync(readmePath, withPerformanceSection(readFileSync(readmePath, 'utf8'), section));
}

if (require.main === module) {
  replaceReadmeSection(readFileSync(join(ROOT, 'bench/README-section.md'), 'utf8'));
  console.log('README.md: Performance section replaced with bench/README-section.md');
}
