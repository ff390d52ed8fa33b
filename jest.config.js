/**
 * One jest run for every tier, so its counts cover all suites. Tiers are named for what they run;
 * docs/testing.md says which one a new test belongs to.
 */
const swc = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2022' } },
];
const common = {
  transform: { '^.+\\.(t|j)sx?$': swc },
  moduleNameMapper: {
    '\\.css$': '<rootDir>/__tests__/support/emptyModule.js',
    // The pages import @forge/bridge's own modules (static/shared/bridge.ts); its export map names only the index.
    '^@forge/bridge/out/(.*)$': '<rootDir>/node_modules/@forge/bridge/out/$1',
  },
  // Console output fails the test that printed it unless the test asserted it.
  setupFilesAfterEnv: ['<rootDir>/__tests__/support/consoleGuard.ts'],
};

/** A tier: the tests in __tests__/<name>/. */
const tier = (name, options = {}) => ({
  ...common,
  displayName: name,
  testEnvironment: 'node',
  testMatch: [`<rootDir>/__tests__/${name}/**/*.test.ts?(x)`],
  ...options,
  setupFilesAfterEnv: [...common.setupFilesAfterEnv, ...(options.setupFilesAfterEnv ?? [])],
});

module.exports = {
  projects: [
    // Pure TypeScript: the domain and other code that needs no SDK, no double and no build.
    tier('pure'),
    // The app's backend as Forge runs it: the real Forge SDKs over tools/forge-doubles, git hosts on loopback.
    tier('platform', { setupFiles: ['<rootDir>/__tests__/support/noNetwork.ts'] }),
    // The Custom UI pages rendered by React in jsdom, their invokes answered by the real resolvers.
    tier('ui', {
      testEnvironment: '<rootDir>/__tests__/support/jsdomWithFetch.js',
      moduleNameMapper: {
        ...common.moduleNameMapper,
        // As in the pages' bundles (scripts/viteConfig.ts ALIASES): Atlassian's feature-gate client is never initialised in Custom UI.
        '^@atlaskit/feature-gate-js-client/feature-gates$': '<rootDir>/static/shared/featureGatesOff.ts',
        // jsdom resolves packages for the browser, but the resolvers behind the pages run in Node: yaml's browser build is ESM.
        '^yaml$': '<rootDir>/node_modules/yaml/dist/index.js',
      },
      setupFilesAfterEnv: ['<rootDir>/__tests__/support/uiSetup.ts'],
    }),
    // What `npm run build` produced and what Forge deploys: bundles, manifest, Forge's linters, the README's generated part.
    tier('build'),
    // Headless Chromium against the local preview server.
    tier('browser'),
  ],
};
