/**
 * ESLint for the whole tree, run by `npm test` with `--max-warnings 0`. Besides typescript-eslint's
 * type-checked rules, React hooks and accessibility, it writes the architecture down as rules
 * (README, "Architecture"), so a wrong import fails the tests instead of waiting for a reviewer.
 */
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The only modules that may import a Forge SDK: thin adapters at the edge. Everything else reaches the
 * platform through them, which keeps the domain testable without mocks.
 */
export const FORGE_EDGE = [
  'src/storage/reliableKvs.ts',
  'src/resolvers/defineResolvers.ts',
  'src/resolvers/jiraAdmin.ts',
  'src/tokens/checkToken.ts',
  'src/tokens/gitlabRotation.ts',
  'src/privacy/reportPersonalData.ts',
  'static/shared/bridge.ts',
  'static/admin-ui/src/egress.ts',
];

/** Code that only tests, the preview, the bench and the scripts may use: never shipped in the app. */
const DEVELOPMENT_ONLY = ['./tools', './__tests__', './bench', './scripts'];

const FORGE_SDK_MESSAGE = 'Only the edge adapters import a Forge SDK (eslint.config.mjs, FORGE_EDGE); go through them.';
const forgeSdk = { group: ['@forge/*'], message: FORGE_SDK_MESSAGE };

/** `import('@forge/…')` and `require('@forge/…')`, which no-restricted-imports does not see. */
const forgeSdkAtRunTime = [
  { selector: 'ImportExpression[source.value=/^@forge\\//]', message: FORGE_SDK_MESSAGE },
  { selector: "CallExpression[callee.name='require'][arguments.0.value=/^@forge\\//]", message: FORGE_SDK_MESSAGE },
];

/** The domain's whole outside world: its own modules, the contract and two libraries. */
const domainImports = {
  // Relative imports are left to the path zones below, which say which folders the domain may reach.
  regex: '^(?!\\.\\.?/|zod$|punycode/$)',
  message: 'The domain is pure: it imports only the domain, the contract, zod and punycode (no Node built-in, no SDK).',
};

/** The layer-rule test's probe files (__tests__/build/layerRules.test.ts): a killed run must not fail the next lint. */
const LINT_PROBES = '**/lint-probe-*/';

export default tseslint.config(
  {
    ignores: ['node_modules/', 'static/*/build/', 'bench/tmp/', '.preview-data/', 'screenshots/', 'coverage/', 'reports/', LINT_PROBES],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // As tsc's noUnusedParameters: a leading underscore says "deliberately unused" (an interface's parameter, a dropped field).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['__tests__/**/*.{ts,tsx}'],
    rules: {
      // @types/jest types the asymmetric matchers (expect.any, expect.stringMatching, …) as `any`: they build expected
      // patterns, not data, and are the whole reason this rule fires in tests.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    files: ['__tests__/ui/**/*.{ts,tsx}'],
    rules: {
      // `await act(async () => release())` lets React flush what the released promise starts: the async is the point.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.cjs', 'jest.config.js', '__tests__/support/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['static/**/*.{ts,tsx}', '__tests__/ui/**/*.{ts,tsx}', 'tools/preview/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['static/**/*.{ts,tsx}', '**/*.tsx'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ['**/*.tsx'],
    ...jsxA11y.flatConfigs.recommended,
    rules: {
      ...jsxA11y.flatConfigs.recommended.rules,
      // Atlaskit's ModalDialog takes `autoFocus` as the ref to focus when it opens, not the HTML attribute.
      'jsx-a11y/no-autofocus': ['error', { ignoreNonDOM: true }],
    },
  },
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { 'import-x': importX },
    settings: {
      // Without TypeScript's extensions and parser, import-x reads no .ts file and no-cycle finds nothing.
      'import-x/extensions': importX.flatConfigs.typescript.settings['import-x/extensions'],
      'import-x/parsers': importX.flatConfigs.typescript.settings['import-x/parsers'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-self-import': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: [
            {
              target: './src/domain',
              from: './src',
              except: ['./domain', './contract.ts'],
              message: 'The domain is pure: it imports only the domain and the contract.',
            },
            {
              target: './src/contract.ts',
              from: './src',
              except: ['./contract.ts'],
              message: 'The contract imports nothing from src/: the domain depends on it, not the other way round.',
            },
            {
              target: './static',
              from: './src',
              except: ['./contract.ts', './domain'],
              message: 'Pages import from src/ only the contract and the pure domain.',
            },
            { target: './src', from: './static', message: 'The backend never imports a page.' },
            {
              target: ['./src', './static'],
              from: DEVELOPMENT_ONLY,
              message: 'Shipped code never imports tests, doubles, the preview, the bench or scripts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'static/**/*.{ts,tsx}'],
    ignores: FORGE_EDGE,
    rules: {
      'no-restricted-imports': ['error', { patterns: [forgeSdk] }],
      'no-restricted-syntax': ['error', ...forgeSdkAtRunTime],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [domainImports] }],
      'no-restricted-syntax': ['error', ...forgeSdkAtRunTime, { selector: 'ImportExpression', message: domainImports.message }],
    },
  },
  prettier,
);
