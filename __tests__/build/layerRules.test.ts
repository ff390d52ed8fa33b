/**
 * The architecture is written as lint rules (eslint.config.mjs): this proves each rule bites. Each case
 * writes a file with one wrong import where the next engineer might put it, runs ESLint as `npm run lint`
 * does, and expects exactly that file to fail with the rule's message; a right import beside it passes.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const ESLINT = join(ROOT, 'node_modules/.bin/eslint');
/** Unique per run, so a crashed run's leftovers never collide and are easy to spot. */
const PROBE = `lint-probe-${process.pid}`;

interface Probe {
  /** Where the file goes, relative to the repository root; `PROBE` names the folder made for it. */
  path: string;
  source: string;
}

interface LintMessage {
  ruleId: string | null;
  message: string;
}

const CASES: { name: string; probe: Probe; rule: string; says: RegExp }[] = [
  {
    name: 'the domain importing a Forge SDK',
    probe: { path: `src/domain/${PROBE}/sdk.ts`, source: "import { kvs } from '@forge/kvs';\nexport const store = kvs;\n" },
    rule: 'no-restricted-imports',
    says: /The domain is pure: .*no SDK/,
  },
  {
    name: 'the domain importing a Node built-in',
    probe: { path: `src/domain/${PROBE}/node.ts`, source: "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n" },
    rule: 'no-restricted-imports',
    says: /The domain is pure/,
  },
  {
    name: 'the domain importing storage',
    probe: {
      path: `src/domain/${PROBE}/storage.ts`,
      source: "import { ACCOUNT_ID_PATTERN } from '../../storage/keys';\nexport const pattern = ACCOUNT_ID_PATTERN;\n",
    },
    rule: 'import-x/no-restricted-paths',
    says: /The domain is pure/,
  },
  {
    name: 'a resolver importing a Forge SDK outside the edge adapters',
    probe: { path: `src/resolvers/${PROBE}/sdk.ts`, source: "import { kvs } from '@forge/kvs';\nexport const store = kvs;\n" },
    rule: 'no-restricted-imports',
    says: /Only the edge adapters import a Forge SDK/,
  },
  {
    name: 'a token module loading a Forge SDK at run time',
    probe: {
      path: `src/tokens/${PROBE}/lazySdk.ts`,
      source: "export const store = async (): Promise<unknown> => (await import('@forge/kvs')).kvs;\n",
    },
    rule: 'no-restricted-syntax',
    says: /Only the edge adapters import a Forge SDK/,
  },
  {
    name: 'the backend importing a page',
    probe: {
      path: `src/tokens/${PROBE}/page.ts`,
      source: "import { pageStyle } from '../../../static/shared/styles';\nexport const style = pageStyle;\n",
    },
    rule: 'import-x/no-restricted-paths',
    says: /The backend never imports a page/,
  },
  {
    name: 'a page importing backend storage',
    probe: {
      path: `static/shared/${PROBE}/storage.ts`,
      source: "import { ACCOUNT_ID_PATTERN } from '../../../src/storage/keys';\nexport const pattern = ACCOUNT_ID_PATTERN;\n",
    },
    rule: 'import-x/no-restricted-paths',
    says: /Pages import from src\/ only the contract and the pure domain/,
  },
  {
    name: 'a page importing @forge/bridge outside the bridge adapter',
    probe: {
      path: `static/pat-ui/src/${PROBE}/bridge.ts`,
      source: "import { invoke } from '@forge/bridge';\nexport const call = invoke;\n",
    },
    rule: 'no-restricted-imports',
    says: /Only the edge adapters import a Forge SDK/,
  },
  {
    name: 'shipped code importing a test double',
    probe: {
      path: `src/storage/${PROBE}/fixture.ts`,
      source: "import { demoIntegrations } from '../../../tools/fixtures/integrations';\nexport const seeded = demoIntegrations;\n",
    },
    rule: 'import-x/no-restricted-paths',
    says: /Shipped code never imports tests, doubles/,
  },
  {
    name: 'a page importing the preview',
    probe: {
      path: `static/shared/${PROBE}/preview.ts`,
      source: "import { parseEgressMap } from '../../../tools/preview/egressMap';\nexport const parse = parseEgressMap;\n",
    },
    rule: 'import-x/no-restricted-paths',
    says: /Shipped code never imports tests, doubles/,
  },
  {
    name: 'an import cycle',
    probe: {
      path: `src/domain/${PROBE}/cycleA.ts`,
      source: "import { b } from './cycleB';\nexport const a = (): number => b() + 1;\n",
    },
    rule: 'import-x/no-cycle',
    says: /Dependency cycle/,
  },
];

/** The other half of the cycle, and a file whose imports are all allowed (the rules must not bite it). */
const CYCLE_PARTNER: Probe = {
  path: `src/domain/${PROBE}/cycleB.ts`,
  source: "import { a } from './cycleA';\nexport const b = (): number => (typeof a === 'function' ? 1 : 0);\n",
};
const ALLOWED: Probe = {
  path: `src/domain/${PROBE}/allowed.ts`,
  source:
    "import { z } from 'zod';\nimport type { ErrorCode } from '../../contract';\nimport { HOSTS } from '../hosts';\n" +
    "export const code: ErrorCode = 'INTERNAL';\nexport const hostCount = Object.keys(HOSTS).length;\nexport const name = z.string();\n",
};

const probes = [...CASES.map((entry) => entry.probe), CYCLE_PARTNER, ALLOWED];
let results: Map<string, LintMessage[]>;

beforeAll(() => {
  for (const probe of probes) {
    mkdirSync(dirname(join(ROOT, probe.path)), { recursive: true });
    writeFileSync(join(ROOT, probe.path), probe.source);
  }
  let output: string;
  try {
    // --no-ignore: the config ignores probe folders, so that one a killed run left behind cannot fail `npm run lint`.
    const args = ['--no-ignore', '--format', 'json', ...probes.map((probe) => probe.path)];
    output = execFileSync(ESLINT, args, { cwd: ROOT, encoding: 'utf8' });
  } catch (error) {
    // ESLint exits 1 when it found problems, which is what most cases expect.
    output = (error as { stdout: string }).stdout;
  }
  const report = JSON.parse(output) as { filePath: string; messages: LintMessage[] }[];
  results = new Map(report.map((file) => [relative(ROOT, file.filePath), file.messages]));
}, 120_000);

afterAll(() => {
  for (const folder of new Set(probes.map((probe) => dirname(join(ROOT, probe.path))))) rmSync(folder, { recursive: true, force: true });
});

describe('the layer rules in eslint.config.mjs', () => {
  it.each(CASES)('refuse $name', ({ probe, rule, says }) => {
    const messages = results.get(probe.path) ?? [];
    expect(messages).toContainEqual(expect.objectContaining({ ruleId: rule, message: expect.stringMatching(says) }));
  });

  it('let the domain import the domain, the contract and zod', () => {
    expect(results.get(ALLOWED.path)).toEqual([]);
  });
});

describe('eslint-disable comments', () => {
  it('each say why, after "--" (ESLint itself already fails one that guards nothing)', () => {
    const tracked = execFileSync('git', ['ls-files', '*.ts', '*.tsx', '*.js', '*.mjs'], { cwd: ROOT, encoding: 'utf8' }).split('\n');
    const unexplained = tracked
      .filter((file) => file && !file.startsWith('__tests__/build/layerRules.test.ts'))
      .flatMap((file) =>
        readFileSync(join(ROOT, file), 'utf8')
          .split('\n')
          .map((line, index) => ({ where: `${file}:${index + 1}`, line }))
          .filter(({ line }) => /eslint-disable/.test(line) && !/eslint-disable[^\n]* -- \S/.test(line)),
      )
      .map(({ where }) => where);
    expect(unexplained).toEqual([]);
  });
});
