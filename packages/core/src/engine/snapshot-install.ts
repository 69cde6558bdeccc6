import type { SnapshotMetadata } from '../interfaces/snapshot-store.js';
import type { EngineState } from './engine-state.js';
import { acceptLeader } from './follower-replication.js';

/** What became of a snapshot offered to the engine. */
export type SnapshotInstallOutcome =
  /** From an older term: not used. */
  | 'stale'
  /** Not newer than what this node has committed: not needed (paper §7: ignore older snapshots). */
  | 'ignored'
  /** The log already holds the snapshot's last entry: the log is kept and entries apply as usual. */
  | 'fast-forwarded'
  /** The log was replaced by the snapshot; `Ready.snapshot` asks the driver to restore from it. */
  | 'installed';

/**
 * Takes a complete, verified snapshot a leader streamed to this node (paper §7, Figure 13).
 * Answers the leader with an append acknowledgement at the snapshot's index, so its replication
 * resumes from there.
 */
export function installSnapshot(
  state: EngineState,
  leaderId: string,
  term: number,
  snapshot: SnapshotMetadata,
): SnapshotInstallOutcome {
  if (term < state.term) return 'stale';
  if (term > state.term) state.becomeFollower(term, leaderId);
  acceptLeader(state, leaderId);
  const { log } = state;
  let outcome: SnapshotInstallOutcome;
  if (snapshot.lastIncludedIndex <= log.commitIndex) {
    outcome = 'ignored';
  } else if (log.matchTerm(snapshot.lastIncludedIndex, snapshot.lastIncludedTerm)) {
    log.commitIndex = snapshot.lastIncludedIndex;
    outcome = 'fast-forwarded';
  } else {
    state.restoreSnapshot(snapshot);
    outcome = 'installed';
  }
  state.send({
    type: 'append-entries-response',
    from: state.id,
    to: leaderId,
    term: state.term,
    success: true,
    matchIndex: log.commitIndex,
    rejectedIndex: 0,
    hintIndex: 0,
    hintTerm: 0,
  });
  return outcome;
}
