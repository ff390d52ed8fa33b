const { TestEnvironment } = require('jest-environment-jsdom');

/**
 * The ui tier's environment: jsdom, plus the fetch family and text codecs that browsers have and jsdom
 * lacks (Node's own). The real resolvers run in the same realm as the page (support/uiBackend.ts), and the
 * Forge SDKs and the KVS emulator build Requests and Responses.
 */
class JsdomWithFetch extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of ['fetch', 'Request', 'Response', 'Headers', 'TextEncoder', 'TextDecoder', 'ReadableStream', 'structuredClone']) {
      this.global[name] = globalThis[name];
    }
  }
}

module.exports = JsdomWithFetch;
