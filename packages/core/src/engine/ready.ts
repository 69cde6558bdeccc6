import type { SnapshotMetadata } from '../interfaces/snapshot-store.js';
import type { Entry } from '../types/entry.js';
import type { HardState } from '../types/hard-state.js';
import type { Membership } from '../types/membership.js';
import type { Message } from '../types/message.js';

/** The role a node plays. `learner` is a member that does not vote; `stopped` is used by the driver only. */
export type Role = 'follower' | 'pre-candidate' | 'candidate' | 'leader' | 'learner';

/** Volatile state that callers observe but need not persist. */
export interface SoftState {
  readonly role: Role;
  readonly term: number;
  readonly leaderId: string | undefined;
}

/** The outcome of a ReadIndex request (see `RaftEngine.readIndex`). */
export type ReadResult =
  | {
      readonly requestId: number;
      readonly status: 'ready';
      /** Serve the read once the state machine has applied at least this index. */
      readonly readIndex: number;
    }
  | {
      readonly requestId: number;
      readonly status: 'failed';
      readonly leaderHint: string | undefined;
    };

/** The outcome of proposals this node forwarded to the leader (see `RaftEngine.propose`). */
export type ForwardedProposalResult =
  | {
      readonly requestId: number;
      readonly status: 'appended';
      /** The index of the first forwarded proposal in the leader's log; the rest follow it. */
      readonly firstIndex: number;
      /** The leader's term: the proposals are committed if the entries at their indexes have it. */
      readonly term: number;
    }
  | {
      /** The leader refused: nothing was appended. */
      readonly requestId: number;
      readonly status: 'rejected';
      readonly leaderHint: string | undefined;
    }
  | {
      /** The leader changed before it answered: the proposals may or may not have been appended. */
      readonly requestId: number;
      readonly status: 'lost';
    };

/** A request to stream a snapshot to a follower that needs entries the leader compacted away. */
export interface SnapshotTransfer {
  readonly to: string;
  /** Send the newest snapshot the driver holds; it covers at least this index. */
  readonly lastIncludedIndex: number;
  readonly lastIncludedTerm: number;
}

/**
 * A batch of work the engine hands to its driver. The driver must carry it out in this order:
 *
 * 1. If `snapshot` is set, restore the state machine from it (it is in the snapshot store already)
 *    and clear the log store (`compact(max(lastIndex, snapshot.lastIncludedIndex))`). Then persist `entries` (replacing any stored entry at or after
 *    `entries[0].index`) and `hardState`, and wait until both are durable.
 * 2. Send `messages`. Only now: a vote or an append acknowledgement promises that the state behind
 *    it survives a crash. One exception, which lets the followers' writes overlap the leader's
 *    (thesis §10.2.1): a leader's `append-entries` and `heartbeat` messages may be sent before
 *    step 1, provided `hardState` (if any) changes neither the term nor the vote already durable.
 *    The engine counts the leader's own entries towards a majority only once `advance` reports
 *    them persisted.
 * 3. Apply `committedEntries` to the state machine, in order (they never run ahead of what step 1
 *    made durable), and resolve the matching proposals.
 * 4. Hand `readResults` and `forwardedProposalResults` to the waiting callers, and start the
 *    `snapshotTransfers`.
 * 5. Call `engine.advance(ready)`.
 *
 * The engine keeps running between `ready()` and `advance()`: inputs that arrive while the driver
 * persists a batch go into the next one, which is how group commit happens.
 */
export interface Ready {
  /** Present when role, term or leader changed since the last Ready. */
  readonly softState: SoftState | undefined;
  /**
   * Present when this follower installed a snapshot: the log was replaced by it. Restore the state
   * machine from it and clear the log store before anything else.
   */
  readonly snapshot: SnapshotMetadata | undefined;
  /** Present when the hard state changed: persist it before sending `messages`. */
  readonly hardState: HardState | undefined;
  /** New log entries: persist them before sending `messages`. */
  readonly entries: readonly Entry[];
  /** Messages to send once `entries` and `hardState` are durable (see step 2 for the leader's exception). */
  readonly messages: readonly Message[];
  /** Entries that became committed, to apply in order after persisting. */
  readonly committedEntries: readonly Entry[];
  /** Present when the membership in effect changed (it changes when a config entry is appended). */
  readonly membership: Membership | undefined;
  /** Outcomes of ReadIndex requests. */
  readonly readResults: readonly ReadResult[];
  /** Outcomes of proposals forwarded to the leader. */
  readonly forwardedProposalResults: readonly ForwardedProposalResult[];
  /** Snapshots to stream to followers (see `RaftEngine.reportSnapshotTransfer`). */
  readonly snapshotTransfers: readonly SnapshotTransfer[];
}
