import type { NodeState, NodeStatus } from './node-state.js';
import type { RaftNodeEvents } from './raft-node-events.js';

/** Options of {@link RaftNode.propose} and {@link RaftNode.read}. */
export interface RequestOptions {
  /**
   * Stops waiting: the promise rejects with `signal.reason`. It never cancels the request itself:
   * a proposal already handed to the node may still commit. An already-aborted signal rejects
   * before anything is proposed.
   */
  readonly signal?: AbortSignal | undefined;
}

/** Options of {@link RaftNode.join}. */
export interface JoinOptions {
  /** Make the node a voter once it has caught up (default), or leave it a learner. */
  readonly voter?: boolean | undefined;
}

/**
 * One member of a Raft cluster, as the application sees it: the driver around the pure engine. It
 * turns clock time into ticks, persists what the engine asks before sending what depends on it,
 * applies committed entries to the state machine in order and settles each caller's promise.
 *
 * Errors: requests that need the leader reject with `NotLeaderError` (nothing happened, retry on
 * `leaderHint`); a proposal whose fate is unknown rejects with `OutcomeUnknownError`; one known not
 * to have committed with `ProposalDroppedError`; calls on a node that is not running with
 * `NodeStoppedError`. A storage failure is fatal: the node stops and emits `fatal-error`.
 */
export interface RaftNode {
  /**
   * Validates the config, loads the persisted state (bootstrapping a brand-new initial member),
   * starts the transport and the clock. Rejects with `ConfigError` or `StorageError`. Idempotent
   * while running; a stopped node cannot be started again (create a new one on the same stores).
   */
  start(): Promise<void>;
  /**
   * Stops ticking, rejects every pending request and closes the transport. Resolves once the
   * driver makes no more calls to the stores, the transport or the state machine: the caller may
   * then close the stores. Idempotent.
   */
  stop(): Promise<void>;
  /**
   * Adds a node: first as a learner, then (unless `voter: false`) as a voter once it has caught
   * up. Resolves when the change is committed and applied here. Callable on any member: a
   * follower forwards it to the leader. Idempotent, so retrying after `OutcomeUnknownError` is
   * safe. Rejects with `NotLeaderError` (no leader known, nothing done), `MembershipChangeError`
   * (refused: invalid, or another change in progress) or `OutcomeUnknownError` (leadership
   * changed mid-way).
   */
  join(nodeId: string, address: string, options?: JoinOptions): Promise<void>;
  /**
   * Removes a node; resolves when the change is committed and applied here (a node removing
   * itself through the leader resolves once the leader reports the commit). Callable on any
   * member, idempotent; rejects as `join` does.
   */
  leave(nodeId: string): Promise<void>;
  /**
   * Replicates `data` and resolves with the state machine's result once it is committed and
   * applied on this node. On a follower the proposal is forwarded to the leader. `data` is not
   * copied: do not modify it afterwards.
   */
  propose(data: Uint8Array, options?: RequestOptions): Promise<unknown>;
  /**
   * A linearizable read barrier (ReadIndex, thesis §6.4): resolves once this node's state machine
   * reflects every write acknowledged before the call. Read the state machine after it resolves.
   */
  read(options?: RequestOptions): Promise<void>;
  /**
   * Hands leadership to `to` (default: the most up-to-date voter); resolves once it leads. Rejects
   * with `LeadershipTransferError` if it is refused or not done within one election timeout.
   */
  transferLeadership(to?: string): Promise<void>;
  /** Whether this node is the leader (as of the last batch the driver processed). */
  isLeader(): boolean;
  /** The leader this node knows of, if any; `undefined` when stopped. */
  leader(): string | undefined;
  /** What this node is doing. */
  state(): NodeState;
  /**
   * Term, commit and applied index, the latest snapshot's index, membership and (on the leader)
   * per-peer progress.
   */
  status(): NodeStatus;
  /**
   * Subscribes to an event; returns a function that unsubscribes. Listeners run synchronously in
   * the driver loop: keep them short, and never block on the node from one.
   */
  on<E extends keyof RaftNodeEvents>(event: E, listener: (payload: RaftNodeEvents[E]) => void): () => void;
}
