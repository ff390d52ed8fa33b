/**
 * Stands in for `@atlaskit/feature-gate-js-client/feature-gates` in the pages' bundles (see ALIASES in
 * scripts/viteConfig.ts). Atlaskit components ask `fg(name)` of @atlaskit/platform-feature-flags, which asks
 * `FeatureGates.checkGate(name)`. Nothing initialises the client inside a Custom UI iframe, and an
 * uninitialised client answers false for every gate and the caller's default for every experiment
 * (Client.checkGate / getExperimentValue of @atlaskit/feature-gate-js-client 7.0.0); so does this module, without
 * shipping the Statsig client. __tests__/build/bundleShape.test.ts compares both answers.
 */
const FeatureGates = {
  /** Whether a gate is on: always false, as the uninitialised client says. */
  checkGate(_gateName: string, _options?: unknown): boolean {
    return false;
  },
  /** An experiment's parameter: always the caller's default, as the uninitialised client says. */
  getExperimentValue<T>(_experimentName: string, _parameterName: string, defaultValue: T, _options?: unknown): T {
    return defaultValue;
  },
  /** Whether initialisation finished: never, in a Custom UI page. */
  initializeCompleted(): boolean {
    return false;
  },
};

export default FeatureGates;
