// @raft/testkit/conformance: the suites every storage and transport adapter runs (first-party or
// third-party). They call vitest's describe/it, so they live behind their own entry point and the
// main entry stays free of test-runner imports.
export * from './storage/index.js';
export * from './transport/index.js';
