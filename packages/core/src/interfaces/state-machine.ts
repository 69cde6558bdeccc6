/** A committed entry as the state machine sees it. */
export interface AppliedEntry {
  readonly index: number;
  readonly term: number;
  readonly data: Uint8Array;
}

/**
 * The application's replicated state.
 *
 * Correctness requirements:
 * - Deterministic: the same entries in the same order produce the same state and results on every
 *   node. No clocks, randomness or I/O that differs between nodes.
 * - `apply` is called once per committed entry, in index order, never concurrently.
 * - `snapshot` captures the state after the last applied entry; `restore` replaces the whole state.
 */
export interface StateMachine {
  /** Applies a committed entry; the result resolves the `propose` call that created it. */
  apply(entry: AppliedEntry): unknown;
  /** Serializes the current state as a stream of chunks (never one giant buffer). */
  snapshot(): Promise<AsyncIterable<Uint8Array>>;
  /** Replaces the state with a snapshot produced by `snapshot`. */
  restore(chunks: AsyncIterable<Uint8Array>): Promise<void>;
}
