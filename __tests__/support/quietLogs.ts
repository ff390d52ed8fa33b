/**
 * Refusals (debug) and storage retries (warn) are logged by design, hundreds of times across these
 * suites; they would bury real failures in the output. Suites that check log lines spy on console.
 */
console.debug = () => undefined;
console.warn = () => undefined;
