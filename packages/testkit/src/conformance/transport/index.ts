// The transport conformance suites; re-exported by @raft/testkit/conformance.
export { append, comparable, everyMessageKind, heartbeat } from './sample-messages.js';
export {
  loopbackPort,
  type TestCertificates,
  type TestCredentials,
  type TestSecurityMode,
  type TestTlsOptions,
  testClusterCerts,
  testCredentials,
  testRogueCerts,
} from './test-credentials.js';
export { transportClusterConformance } from './transport-cluster-conformance.js';
export type {
  TransportClusterConformanceOptions,
  TransportClusterFactory,
  TransportClusterNode,
  TransportClusterStats,
} from './transport-cluster-factory.js';
export { transportConformance } from './transport-conformance.js';
export type {
  CreateNodeOptions,
  TransportConformanceFactory,
  TransportConformanceNode,
  TransportConformanceOptions,
} from './transport-conformance-factory.js';
export { createUnresponsivePeer } from './unresponsive-peer.js';
