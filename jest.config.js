/** One jest run for every layer, so its counts cover all suites (e2e included). */
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
};

module.exports = {
  projects: [
    { ...common, displayName: 'domain', testEnvironment: 'node', testMatch: ['<rootDir>/__tests__/domain/**/*.test.ts'] },
    {
      ...common,
      displayName: 'resolvers',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/__tests__/resolvers/**/*.test.ts'],
      setupFiles: ['<rootDir>/__tests__/support/noNetwork.ts', '<rootDir>/__tests__/support/quietLogs.ts'],
    },
    { ...common, displayName: 'build', testEnvironment: 'node', testMatch: ['<rootDir>/__tests__/build/**/*.test.ts'] },
    {
      ...common,
      displayName: 'ui',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/__tests__/ui/**/*.test.ts?(x)'],
      setupFilesAfterEnv: ['<rootDir>/__tests__/support/uiSetup.ts'],
    },
    { ...common, displayName: 'e2e', testEnvironment: 'node', testMatch: ['<rootDir>/__tests__/e2e/**/*.test.ts'] },
  ],
};
