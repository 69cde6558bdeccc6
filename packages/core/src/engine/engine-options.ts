import type { Entry } from '../types/entry.js';
import type { HardState } from '../types/hard-state.js';
import type { Membership } from '../types/membership.js';

/** How the engine is tuned. Time is counted in ticks: the driver calls `tick()` at a fixed interval. */
export interface EngineOptions {
  /** This node's id. */
  readonly id: string;
  /** Ticks between heartbeats a leader sends. */
  readonly heartbeatTicks: number;
  /**
   * The base election timeout in ticks; each timeout is drawn from
   * `[electionTicks, 2 * electionTicks)` so that candidates rarely collide (paper §5.2).
   */
  readonly electionTicks: number;
  /** Campaign only after a pre-vote round shows a majority would vote (thesis §9.6). */
  readonly preVote: boolean;
  /** A leader that has not heard from a majority within an election timeout steps down (thesis §6.2). */
  readonly checkQuorum: boolean;
  /**
   * Serve ReadIndex on the leader from its lease (no heartbeat round) while it has heard from a
   * majority within the last election timeout. Relies on bounded clock drift; requires `checkQuorum`.
   */
  readonly leaseReads: boolean;
  /** The most entries one append message carries. */
  readonly maxEntriesPerAppend: number;
  /** The most entry bytes one append message carries (at least one entry is always sent). */
  readonly maxBytesPerAppend: number;
  /** The most append messages in flight to one follower before the leader waits for acknowledgements. */
  readonly maxInflightAppends: number;
  /** The most entry bytes in flight to one follower (a single oversized message may exceed it). */
  readonly maxInflightBytes: number;
  /** A source of uniform random numbers in [0, 1); seeded for reproducible runs. */
  readonly random: () => number;
}

/** What the engine starts from: the node's persisted state. */
export interface EngineInitialState {
  readonly hardState: HardState;
  /** The stored log, in order (may be empty). */
  readonly entries: readonly Entry[];
  /** The membership before the first entry of `entries` (from a snapshot or bootstrap); empty if none. */
  readonly baseMembership: Membership;
  /** The index and term of the log's last compacted entry (0/0 if nothing was compacted). */
  readonly baseIndex: number;
  readonly baseTerm: number;
  /** The last entry already applied to the state machine (at least `baseIndex`). */
  readonly appliedIndex: number;
}
