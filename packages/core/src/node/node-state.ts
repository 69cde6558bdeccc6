import type { Role } from '../engine/ready.js';
import type { EngineStatus } from '../engine/status.js';

/**
 * What a {@link RaftNode} is doing: the engine's role while it runs, `stopped` before `start()`
 * resolves, after `stop()`, and after a fatal error.
 */
export type NodeState = Role | 'stopped';

/**
 * A read-only snapshot of a node, for status pages and tests: the engine's status plus the
 * driver's own view.
 */
export interface NodeStatus extends EngineStatus {
  readonly state: NodeState;
  /**
   * The highest index the state machine has applied. This is the driver's count, which can run
   * ahead of the engine's (the engine learns it only at `advance()`, after a whole batch is applied).
   */
  readonly appliedIndex: number;
  /** The index the newest snapshot this node took, installed or restarted from covers; 0 if none. */
  readonly snapshotIndex: number;
}

/** The status reported before the engine exists (the node was never started, or failed to start). */
export function notStartedStatus(nodeId: string): NodeStatus {
  return {
    id: nodeId,
    role: 'follower',
    state: 'stopped',
    term: 0,
    votedFor: undefined,
    leaderId: undefined,
    commitIndex: 0,
    appliedIndex: 0,
    lastIndex: 0,
    lastTerm: 0,
    membership: { members: [] },
    progress: undefined,
    transferTarget: undefined,
    droppedMessages: 0,
    snapshotIndex: 0,
  };
}
