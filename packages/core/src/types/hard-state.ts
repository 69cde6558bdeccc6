/**
 * The state a node must keep across restarts, besides its log (Raft paper Figure 2, "persistent
 * state on all servers").
 */
export interface HardState {
  /** The latest term this node has seen. */
  readonly term: number;
  /** The candidate this node voted for in `term`, if any. */
  readonly votedFor: string | undefined;
  /** The highest index known to be committed. Persisted so a restart need not wait to re-learn it. */
  readonly commitIndex: number;
}

/** The hard state of a node that has never run. */
export const EMPTY_HARD_STATE: HardState = { term: 0, votedFor: undefined, commitIndex: 0 };
