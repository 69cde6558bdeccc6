// The transport conformance suite; re-exported by @raft/testkit's index.
export { append, comparable, everyMessageKind, heartbeat } from './sample-messages.js';
export { transportConformance } from './transport-conformance.js';
export type {
  CreateNodeOptions,
  TransportConformanceFactory,
  TransportConformanceNode,
  TransportConformanceOptions,
} from './transport-conformance-factory.js';
