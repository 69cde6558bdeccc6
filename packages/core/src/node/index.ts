/**
 * The driver: `RaftNode` and its factory, for `src/index.ts` to re-export. Internal pieces (the
 * trackers, the loop) stay private to this folder.
 */
export { createRaftNode } from './create-raft-node.js';
export type { NodeState, NodeStatus } from './node-state.js';
export type { JoinOptions, RaftNode, RequestOptions } from './raft-node.js';
export type {
  FatalErrorEvent,
  LeaderChangedEvent,
  MembershipChangedEvent,
  RaftNodeEventName,
  RaftNodeEvents,
  RoleChangedEvent,
  SnapshotInstalledEvent,
  SnapshotTakenEvent,
} from './raft-node-events.js';
export type { RaftNodeOptions } from './raft-node-options.js';
