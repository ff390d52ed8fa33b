/**
 * `npm run lint:forge [dir]`: Forge's own client-side linters (the ones `forge lint` runs),
 * offline. The CLI itself needs an Atlassian login, and its permission linter downloads Jira's
 * API spec, so that one linter is left out. Prints nothing when all is well; on any error or
 * warning prints the findings and a count, and exits non-zero.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readManifest } from '../tools/manifest';

type LintModule = typeof import('@forge/lint/out/lint/lint');

function loadLint(): LintModule {
  try {
    // Required, not imported: it is an optional dependency, and its absence gets the message below.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
    return require('@forge/lint/out/lint/lint') as LintModule;
  } catch {
    console.error(
      '@forge/lint is not installed. It is an optional dependency that compiles keytar, which needs ' +
        "Debian's libsecret-1-dev: run `bash scripts/install-system-deps.sh && npm ci`.",
    );
    process.exit(2);
  }
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(t|j)sx?$/.test(entry.name) ? [path] : [];
  });
}

const noFlags = new Proxy({}, { get: () => () => Promise.resolve(undefined) });

async function main(): Promise<void> {
  process.chdir(process.argv[2] ?? process.cwd());
  const { lint, getClientSideLintersOnly, problemCount, reportLintResults } = loadLint();
  // Forge's linters check the manifest against Forge's own schema: they take it as parsed.
  const manifest = readManifest(process.cwd()) as Parameters<LintModule['lint']>[1];
  const say = (message: string) => console.log(message);
  const logger = {
    info: say,
    warn: say,
    error: say,
    debug: () => undefined,
    trace: () => undefined,
    traceEnabled: false,
    debugEnabled: false,
  };
  const environment = 'development';
  // The linters ask the feature-flag service only for flags; every answer is "off".
  const flags = noFlags as Parameters<LintModule['lint']>[4];
  const linters = (await getClientSideLintersOnly(manifest, environment, logger, flags)).filter(
    (linter) => linter.constructor.name !== 'PermissionLinter',
  );
  const files = sourceFiles('src').map((file) => relative(process.cwd(), file));
  const results = await lint(files, manifest, environment, logger, flags, { linter: { mode: 'client-side' }, linters });
  const { errors, warnings } = problemCount(results);
  if (errors + warnings === 0) process.exit(0);
  reportLintResults(logger, results);
  console.log(`forge lint (offline): ${errors} errors, ${warnings} warnings, ${linters.length} linters, ${files.length} files`);
  process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
