import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withPerformanceSection } from '../../scripts/readmePerformance';

const ROOT = join(__dirname, '../..');

describe("README's Performance section", () => {
  it('is the one the last `npm run bench` wrote, not edited by hand', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readFileSync(join(ROOT, 'bench/README-section.md'), 'utf8');
    expect(readme).toContain(section.trimEnd());
  });

  it('is replaced whole, leaving the sections around it', () => {
    const readme = '# App\n\n## Before\ntext\n\n## Performance\nold numbers\n\n## After\nmore\n';
    expect(withPerformanceSection(readme, '## Performance\nnew numbers\n')).toBe(
      '# App\n\n## Before\ntext\n\n## Performance\nnew numbers\n\n## After\nmore\n',
    );
    expect(withPerformanceSection('# App\n\n## Performance\nold\n', '## Performance\nnew\n')).toBe('# App\n\n## Performance\nnew\n');
    expect(() => withPerformanceSection('# App\n', '## Performance\n')).toThrow('no "## Performance" section');
  });
});
