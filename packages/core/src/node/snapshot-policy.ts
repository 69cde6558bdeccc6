/** The config settings that decide when a node takes a snapshot. */
export interface SnapshotPolicy {
  /** Take one once this many entries were applied since the last one. */
  readonly snapshotThreshold: number;
  /** Take one at least this often, in ms, if anything was applied since the last one; 0 = never by time. */
  readonly snapshotIntervalMs: number;
}

/** Where the node stands, as the policy sees it. */
export interface SnapshotPolicyState {
  /** The last index applied to the state machine. */
  readonly appliedIndex: number;
  /** The index the newest snapshot (taken or installed) covers; 0 if none. */
  readonly lastSnapshotIndex: number;
  /** When that snapshot was taken or installed (or the node started), in the driver clock's ms. */
  readonly lastSnapshotAtMs: number;
  /** The driver clock's current time, in ms. */
  readonly nowMs: number;
}

/**
 * Whether it is time for a snapshot (hashicorp/raft's two triggers): enough entries applied since
 * the last one, or (when time-based snapshots are on) the interval passed and something was
 * applied meanwhile. Nothing applied since the last snapshot never triggers one: it would capture
 * the same state again.
 */
export function snapshotDue(policy: SnapshotPolicy, state: SnapshotPolicyState): boolean {
  const appliedSince = state.appliedIndex - state.lastSnapshotIndex;
  if (appliedSince <= 0) return false;
  if (appliedSince >= policy.snapshotThreshold) return true;
  return policy.snapshotIntervalMs > 0 && state.nowMs - state.lastSnapshotAtMs >= policy.snapshotIntervalMs;
}
