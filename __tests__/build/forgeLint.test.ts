import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { manifestResources } from '../../tools/manifest';

const ROOT = resolve(__dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const LINT = join(ROOT, 'scripts/lint-forge.ts');

function lint(dir: string): { status: number; output: string } {
  try {
    const output = execFileSync(TSX, [LINT, dir], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
    return { status: 0, output };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { status: failed.status, output: failed.stdout + failed.stderr };
  }
}

function copyProject(editManifest: (manifest: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'forge-lint-'));
  for (const entry of ['manifest.yml', 'tsconfig.json', 'src', ...manifestResources().map((resource) => resource.path)]) {
    cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  }
  writeFileSync(join(dir, 'manifest.yml'), editManifest(readFileSync(join(dir, 'manifest.yml'), 'utf8')));
  return dir;
}

describe('npm run lint:forge', () => {
  it('passes the project manifest with no errors and no warnings, saying nothing', () => {
    const { status, output } = lint(ROOT);
    expect(output).toBe('');
    expect(status).toBe(0);
  }, 60_000);

  it.each([
    ['a plain-string egress entry', (m: string) => m.replace('- address: codeberg.org', '- codeberg.org'), '1 warnings'],
    ['a resource folder that does not exist', (m: string) => m.replace('static/pat-ui/build', 'static/nowhere/build'), '1 errors'],
    ['a handler file that does not exist', (m: string) => m.replace('handler: index.handler', 'handler: nowhere.handler'), '1 errors'],
    ['an unsupported runtime', (m: string) => m.replace('nodejs22.x', 'nodejs18.x'), 'error'],
  ])(
    'fails on a copy with %s',
    (_name, edit, expected) => {
      const dir = copyProject(edit);
      try {
        const { status, output } = lint(dir);
        expect(output).toContain(expected);
        expect(status).toBe(1);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
